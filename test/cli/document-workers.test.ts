/**
 * Documents built on worker threads (`jobs`, src/publish/document-workers.ts): the same artifacts
 * and manifest as one thread, failures named by file, and a clear error when workers cannot start.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { build } from '../../src/publish/build.js';
import { DocumentWorkers, MIN_DOCUMENTS, workerCount } from '../../src/publish/document-workers.js';
import type { Manifest } from '../../src/publish/manifest.js';
import { CORPUS, ROOT, SEED, processText } from '../helpers.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'matn-workers-'));
  mkdirSync(join(cwd, 'source', 'corpus'), { recursive: true });
  copyFileSync(SEED, join(cwd, 'source', 'seed.txt'));
  for (const name of ['05-mozilla-websites-privacy-notice.txt', '07-mozilla-websites-terms-of-use.txt']) copyFileSync(join(CORPUS, name), join(cwd, 'source', 'corpus', name));
  // A copy (two workers may cut the same fonts at once) and Markdown with a footnote and a table.
  copyFileSync(SEED, join(cwd, 'source', 'copy.txt'));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'gfm', 'gfm-ar.md'), join(cwd, 'source', 'gfm.md'));
  // A saved web page: its reader's libraries load in the thread that parses it.
  copyFileSync(join(ROOT, 'test', 'fixtures', 'html', 'faq-organicmaps-privacy.html'), join(cwd, 'source', 'saved.html'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const manifest = (dir: string) => JSON.parse(readFileSync(join(cwd, dir, 'manifest.json'), 'utf8')) as Manifest;
/** What a manifest says of each document, in source order, without times. */
const documents = (m: Manifest) => [...m.documents].sort((a, b) => a.source.localeCompare(b.source)).map(({ source, title, status, warnings, artifacts }) => ({ source, title, status, warnings, artifacts: artifacts.map(({ key: _key, ...rest }) => rest) }));

describe('document workers', () => {
  it('two threads (a worker and the build\'s own) write the same files and manifest as one thread', { timeout: 240_000 }, async () => {
    const one = await build({ cwd, sourceDateEpoch: 1_700_000_000, overrides: { formats: ['html', 'epub', 'md'], jobs: 1, out: 'one' } });
    const two = await build({ cwd, sourceDateEpoch: 1_700_000_000, overrides: { formats: ['html', 'epub', 'md'], jobs: 2, out: 'two' } });
    expect(one.ok && two.ok).toBe(true);
    expect(two.summary.built).toBe(6);
    expect(documents(manifest('two'))).toEqual(documents(manifest('one')));
    // The number of threads is not part of what a document is built from.
    const keys = (m: Manifest) => m.documents.flatMap((d) => d.artifacts.map((a) => a.key)).sort();
    await build({ cwd, overrides: { formats: ['html', 'epub', 'md'], jobs: 1 } });
    const again = await build({ cwd, overrides: { formats: ['html', 'epub', 'md'], jobs: 2 } });
    expect(again.summary.unchanged).toBe(6);
    expect(keys(manifest('dist')).length).toBe(18);
    for (const doc of manifest('one').documents) {
      for (const a of doc.artifacts) expect(readFileSync(join(cwd, 'two', a.path)).equals(readFileSync(join(cwd, 'one', a.path))), a.path).toBe(true);
    }
    // The stage times come back from the workers.
    expect(two.summary.stageMs.parse).toBeGreaterThan(0);
    expect(two.summary.stageMs.html).toBeGreaterThan(0);
  });

  it('a document that fails is named, and the others are built', { timeout: 120_000 }, async () => {
    writeFileSync(join(cwd, 'source', 'broken.txt'), Buffer.from([0x00, 0xff, 0x00, 0xfe, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00]));
    const result = await build({ cwd, overrides: { formats: ['html'], jobs: 2 } });
    expect(result.ok).toBe(false);
    expect(result.summary.built).toBe(6);
    const failed = manifest('dist').documents.filter((d) => d.status === 'failed');
    expect(failed.map((d) => d.source)).toEqual(['source/broken.txt']);
    expect(failed[0]!.error).toContain('source/broken.txt');
  });

  it('a worker reads Markdown and saved web pages: their readers load in its thread', { timeout: 120_000 }, async () => {
    // Three sources, each of a reader loaded on first use: the build's two lanes take the first
    // two, the worker the third.
    rmSync(join(cwd, 'source'), { recursive: true });
    mkdirSync(join(cwd, 'source'));
    copyFileSync(join(ROOT, 'test', 'fixtures', 'gfm', 'gfm-ar.md'), join(cwd, 'source', 'a.md'));
    copyFileSync(join(ROOT, 'test', 'fixtures', 'html', 'faq-organicmaps-privacy.html'), join(cwd, 'source', 'b.html'));
    copyFileSync(join(ROOT, 'test', 'fixtures', 'html', 'gov-coronamelder-privacy-statement.html'), join(cwd, 'source', 'c.html'));
    const result = await build({ cwd, overrides: { formats: ['html'], jobs: 2 } });
    expect(manifest('dist').documents.filter((d) => d.status === 'failed').map((d) => d.error)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary.built).toBe(3);
    expect(readFileSync(join(cwd, 'dist', 'c.html'), 'utf8')).toContain('dir="rtl"');
  });

  it('workers that cannot start fail every document with the reason, and the pool ends', async () => {
    const workers = new DocumentWorkers(2, { options: { cwd, configPath: join(cwd, 'no-such-config.yaml') } });
    try {
      const replies = await Promise.all(['a.txt', 'b.txt', 'c.txt'].map((name) => workers.run({ source: processText('نص', { name }).source, displayPath: name, outBase: name })));
      for (const [i, reply] of replies.entries()) {
        expect(reply.error, String(i)).toBeDefined();
        expect(reply.error).toContain(['a.txt', 'b.txt', 'c.txt'][i]);
        expect(reply.error).toContain('no-such-config.yaml');
      }
    } finally {
      await workers.close();
    }
  });

  it('auto: no workers for a few documents, for a build that prints, or below four cores', () => {
    expect(workerCount('auto', MIN_DOCUMENTS - 1, false)).toBe(0);
    expect(workerCount('auto', 100, true)).toBe(0);
    expect(workerCount('auto', 100, false)).toBe(availableParallelism() >= 4 ? Math.min(availableParallelism(), 8) - 1 : 0);
    expect(workerCount(1, 100, false)).toBe(0);
    expect(workerCount(3, 100, false)).toBe(2);
    expect(workerCount(3, 2, false)).toBe(1);
  });

  it('--jobs takes auto or a whole number, and says what is wrong otherwise', { timeout: 120_000 }, () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/bin.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const bad = cli('build', '-f', 'html', '--jobs', 'many');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--jobs must be auto or a whole number');
    const good = cli('build', '-f', 'html', '--jobs', '2');
    expect(good.status, good.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'dist', 'corpus')).filter((n) => n.endsWith('.html'))).toHaveLength(2);
  });
});
