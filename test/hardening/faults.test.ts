/**
 * Faults: Chromium dying mid-batch, Ctrl-C during a build, an output folder that cannot be
 * written or is full. Each gives a clear report and leaves no process and no partial file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { build } from '../../src/publish/build.js';
import { PROFILE_PREFIX } from '../../src/render/pdf/printer.js';
import type { Manifest } from '../../src/publish/manifest.js';
import { ROOT, SEED, CORPUS, processes, until } from '../helpers.js';
import { testBrowserPath } from '../browser-helpers.js';

/** Chromium processes of this test only: descendants of this process, or with `marker` (a private TMPDIR) in their command line. */
function chromiums(marker?: string): number[] {
  const all = processes();
  const parent = new Map(all.map((p) => [p.pid, p.ppid]));
  const ours = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return all
    .filter((p) => p.state !== 'Z' && /chrom/i.test(p.cmdline.split(' ')[0] ?? '') && p.cmdline.includes(PROFILE_PREFIX) && (marker ? p.cmdline.includes(marker) : ours(p.pid)))
    .map((p) => p.pid);
}

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'matn-faults-'));
  mkdirSync(join(cwd, 'source'));
  const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.txt'));
  for (let i = 0; i < 6; i++) copyFileSync(i === 0 ? SEED : join(CORPUS, corpus[i % corpus.length]!), join(cwd, 'source', `doc-${i}.txt`));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const pdfs = () => (existsSync(join(cwd, 'dist')) ? readdirSync(join(cwd, 'dist')).filter((f) => f.endsWith('.pdf')) : []);

describe.skipIf(!testBrowserPath())('Chromium faults', () => {
  it('survives Chromium being killed mid-batch: the others are built, the failure reported', async () => {
    const running = build({ cwd, overrides: { formats: ['pdf'], pdfPages: 1 } });
    await until(() => pdfs().length >= 1, 60_000);
    const killed = chromiums();
    expect(killed.length).toBeGreaterThan(0);
    for (const pid of killed) process.kill(pid, 'SIGKILL');
    const result = await running;
    const failed = result.manifest.documents.filter((d) => d.status === 'failed');
    const built = result.manifest.documents.filter((d) => d.status === 'built');
    expect(failed.length).toBeLessThanOrEqual(2);
    for (const f of failed) expect(f.error).toMatch(/doc-\d\.txt: /u);
    expect(built.length + failed.length).toBe(6);
    expect(built.length).toBeGreaterThanOrEqual(4);
    expect(pdfs()).toHaveLength(built.length);
    expect(result.ok).toBe(failed.length === 0);
    expect(chromiums()).toEqual([]);
  });

  it('on Ctrl-C closes Chromium and leaves no partial file', async () => {
    const privateTmp = join(cwd, 'tmp');
    mkdirSync(privateTmp);
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/bin.ts'), 'build', '-f', 'pdf,html'], {
      cwd,
      stdio: 'ignore',
      env: { ...process.env, CI: 'true', TMPDIR: privateTmp },
    });
    await until(() => pdfs().length >= 1, 60_000);
    expect(chromiums(privateTmp).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const exit = await new Promise<{ code: number | null; signal: string | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // Interrupted, as a shell sees it: exit status 130, or ended by the re-raised SIGINT.
    expect(exit.code === 130 || exit.signal === 'SIGINT').toBe(true);
    await until(() => chromiums(privateTmp).length === 0, 10_000);
    const left = readdirSync(join(cwd, 'dist'));
    expect(left.filter((f) => f.includes('.tmp'))).toEqual([]);
    for (const f of left.filter((n) => n.endsWith('.pdf'))) {
      const bytes = readFileSync(join(cwd, 'dist', f));
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.subarray(-8).toString()).toMatch(/%%EOF\s*$/u);
    }
    expect(readdirSync(privateTmp).filter((d) => d.startsWith(PROFILE_PREFIX))).toEqual([]);
  });
});

describe('output folder faults', () => {
  it('says clearly when the output folder cannot be created, before building anything', async () => {
    writeFileSync(join(cwd, 'taken'), 'a file, not a folder');
    await expect(build({ cwd, overrides: { formats: ['html'], out: join(cwd, 'taken', 'dist') } })).rejects.toThrowError(
      /taken\/dist: the output folder cannot be created: a file is in the way/u,
    );
  });

  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!canMount)('says the disk is full, and leaves no partial file', async () => {
    const out = join(cwd, 'small');
    mkdirSync(out);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', out]).status !== 0) return;
    try {
      const result = await build({ cwd, overrides: { formats: ['html'], out } });
      expect(result.ok).toBe(false);
      const errors = result.manifest.documents.filter((d) => d.status === 'failed').map((d) => d.error);
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e).toMatch(/cannot be written: the disk is full/u);
      expect(readdirSync(out).filter((f) => f.includes('.tmp'))).toEqual([]);
      const manifest = existsSync(join(out, 'manifest.json')) ? (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest) : undefined;
      if (manifest) for (const d of manifest.documents) for (const a of d.artifacts) expect(existsSync(join(out, a.path))).toBe(true);
    } finally {
      spawnSync('umount', [out]);
    }
  });
});
