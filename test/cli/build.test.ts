/**
 * `matn build` for CI: many documents, a manifest, exit status, cache, shards, config errors,
 * safe output names, and `matn inspect`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { build } from '../../src/publish/build.js';
import { MatnError } from '../../src/errors.js';
import { loadConfig } from '../../src/publish/config.js';
import { outBaseFor, shardOf, planSources } from '../../src/publish/sources.js';
import { mergeManifests, type Manifest } from '../../src/publish/manifest.js';
import { ROOT, SEED, CORPUS } from '../helpers.js';
import { readZip } from '../epub/helpers.js';
import { testBrowserPath } from '../browser-helpers.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'matn-build-'));
  mkdirSync(join(cwd, 'source'));
  copyFileSync(SEED, join(cwd, 'source', 'seed.txt'));
  copyFileSync(join(CORPUS, '05-mozilla-websites-privacy-notice.txt'), join(cwd, 'source', 'privacy.txt'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const fast = { formats: ['html' as const, 'epub' as const] };
const readManifest = (dir = 'dist') => JSON.parse(readFileSync(join(cwd, dir, 'manifest.json'), 'utf8')) as Manifest;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/bin.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

describe('matn build', () => {
  it('with no arguments publishes every document in source/ to dist/', async () => {
    const result = await build({ cwd, overrides: fast });
    expect(result.ok).toBe(true);
    expect(readdirSync(join(cwd, 'dist')).sort()).toEqual(['manifest.json', 'privacy.epub', 'privacy.html', 'seed.epub', 'seed.html']);
  });

  it('writes a manifest with every artifact, its size and SHA-256', async () => {
    await build({ cwd, overrides: fast });
    const manifest = readManifest();
    expect(manifest.documents.map((d) => d.source)).toEqual(['source/privacy.txt', 'source/seed.txt']);
    for (const doc of manifest.documents) {
      expect(doc.status).toBe('built');
      for (const a of doc.artifacts) {
        const path = join(cwd, 'dist', a.path);
        expect(readFileSync(path).length).toBe(a.bytes);
        expect(sha(path)).toBe(a.sha256);
      }
    }
  });

  it('reports a bad document, builds all the others, and fails the build', async () => {
    writeFileSync(join(cwd, 'source', 'empty.txt'), '');
    writeFileSync(join(cwd, 'source', 'binary.txt'), Buffer.from([0, 1, 2, 3, 0xff]));
    const run = cli('build', '-f', 'html');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/✗ .*empty\.txt: is empty/u);
    expect(run.stderr).toMatch(/✗ .*binary\.txt: looks like a binary file/u);
    expect(existsSync(join(cwd, 'dist', 'seed.html'))).toBe(true);
    expect(existsSync(join(cwd, 'dist', 'privacy.html'))).toBe(true);
    const failed = readManifest().documents.filter((d) => d.status === 'failed');
    expect(failed.map((d) => d.source)).toEqual(['source/binary.txt', 'source/empty.txt']);
    expect(failed[1]!.error).toMatch(/empty\.txt: is empty/u);
  });

  it('publishes chosen files in chosen formats to a chosen folder', () => {
    const run = cli('build', 'source/seed.txt', '-o', 'out', '-f', 'html,epub');
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['manifest.json', 'seed.epub', 'seed.html']);
  });

  it('says clearly when a named file does not exist', () => {
    const run = cli('build', 'source/nope.txt', '-f', 'html');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nope\.txt: no such file/u);
  });

  it('refuses an unknown format', () => {
    const run = cli('build', '-f', 'docx');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/unknown format "docx"/u);
  });

  it('leaves no temporary file in the output folder', async () => {
    await build({ cwd, overrides: fast });
    expect(readdirSync(join(cwd, 'dist')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('incremental builds', () => {
  it('does not rebuild unchanged documents, and rebuilds a changed one', async () => {
    await build({ cwd, overrides: fast });
    const second = await build({ cwd, overrides: fast });
    expect(second.summary).toMatchObject({ built: 0, unchanged: 2 });
    writeFileSync(join(cwd, 'source', 'seed.txt'), `${readFileSync(SEED, 'utf8')}\nسطر جديد في آخر الصفحة.\n`);
    const third = await build({ cwd, overrides: fast });
    expect(third.summary).toMatchObject({ built: 1, unchanged: 1 });
  });

  it('rebuilds a document when one of its images changes, appears or goes', async () => {
    const chart = readFileSync(join(ROOT, 'test', 'fixtures', 'images', 'markdown', 'images', 'chart.png'));
    mkdirSync(join(cwd, 'source', 'img'));
    writeFileSync(join(cwd, 'source', 'img', 'chart.png'), chart);
    writeFileSync(join(cwd, 'source', 'report.md'), '# تقرير\n\n![مخطط](img/chart.png) و ![لاحقة](img/later.png)\n');
    await build({ cwd, overrides: fast });
    expect(readManifest().documents.find((d) => d.source === 'source/report.md')!.images).toEqual([
      { path: 'source/img/chart.png', sha256: sha(join(cwd, 'source', 'img', 'chart.png')) },
      { path: 'source/img/later.png', sha256: null },
    ]);
    expect((await build({ cwd, overrides: fast })).summary).toMatchObject({ built: 0, unchanged: 3 });
    writeFileSync(join(cwd, 'source', 'img', 'later.png'), chart);
    expect((await build({ cwd, overrides: fast })).summary).toMatchObject({ built: 1, unchanged: 2 });
    expect(readFileSync(join(cwd, 'dist', 'report.html'), 'utf8')).not.toContain('<span class="image-omitted">');
    writeFileSync(join(cwd, 'source', 'img', 'chart.png'), Buffer.concat([chart, Buffer.from([0])]));
    expect((await build({ cwd, overrides: fast })).summary).toMatchObject({ built: 1, unchanged: 2 });
    rmSync(join(cwd, 'source', 'img', 'later.png'));
    expect((await build({ cwd, overrides: fast })).summary).toMatchObject({ built: 1, unchanged: 2 });
    expect(readFileSync(join(cwd, 'dist', 'report.html'), 'utf8')).toContain('<span class="image-omitted">لاحقة</span>');
  });

  it('rebuilds everything when a template changes, or with --force', async () => {
    mkdirSync(join(cwd, 'tpl', 'html'), { recursive: true });
    writeFileSync(join(cwd, 'matn.config.json'), JSON.stringify({ templates: 'tpl', formats: ['html', 'epub'] }));
    await build({ cwd });
    expect((await build({ cwd })).summary.unchanged).toBe(2);
    writeFileSync(join(cwd, 'tpl', 'html', 'screen.css'), 'main { color: navy; }');
    expect((await build({ cwd })).summary.built).toBe(2);
    // the user's rule reaches the page (minified, as the page's whole style sheet is)
    expect(readFileSync(join(cwd, 'dist', 'seed.html'), 'utf8')).toMatch(/main\s*\{\s*color:\s*navy;?\s*\}/u);
    expect((await build({ cwd, force: true })).summary.built).toBe(2);
  });

  it('rebuilds when the config changes', async () => {
    await build({ cwd, overrides: fast });
    writeFileSync(join(cwd, 'matn.config.json'), JSON.stringify({ foreignLang: 'fr' }));
    expect((await build({ cwd, overrides: fast })).summary.built).toBe(2);
  });

  it.skipIf(!testBrowserPath())('launches no browser when nothing changed', async () => {
    const first = await build({ cwd, inputs: ['source/seed.txt'], overrides: { formats: ['pdf'] } });
    expect(first.summary.browserLaunched).toBe(true);
    const second = await build({ cwd, inputs: ['source/seed.txt'], overrides: { formats: ['pdf'] } });
    expect(second.summary).toMatchObject({ unchanged: 1, browserLaunched: false });
  });
});

describe('configuration', () => {
  it.each([
    [{ formts: ['html'] }, /unknown key "formts"/u],
    [{ formats: ['docx'] }, /formats\.0: /u],
    [{ pageSize: 'A5' }, /pageSize: /u],
    [{ metadata: { authr: 'x' } }, /unknown key "authr"/u],
    [{ accessibility: { certifiedby: 'x' } }, /unknown key "certifiedby"/u],
  ])('refuses %j with a clear message naming the file', (value, message) => {
    writeFileSync(join(cwd, 'matn.config.json'), JSON.stringify(value));
    expect(() => loadConfig(cwd)).toThrowError(MatnError);
    expect(() => loadConfig(cwd)).toThrowError(message);
    expect(() => loadConfig(cwd)).toThrowError(/matn\.config\.json: /u);
  });

  it('reads YAML too, and command-line options override it', async () => {
    writeFileSync(join(cwd, 'matn.config.yaml'), 'out: public\nformats: [html]\nmetadata:\n  author: وزارة أوروبا والشؤون الخارجية\n');
    await build({ cwd });
    expect(existsSync(join(cwd, 'public', 'seed.html'))).toBe(true);
    expect(readFileSync(join(cwd, 'public', 'seed.html'), 'utf8')).toContain('<meta name="author" content="وزارة أوروبا والشؤون الخارجية">');
    await build({ cwd, overrides: { out: join(cwd, 'elsewhere') } });
    expect(existsSync(join(cwd, 'elsewhere', 'seed.html'))).toBe(true);
  });

  it("writes the EPUB's conformance claim and evaluator only from the config", async () => {
    const opf = () => {
      const epub = readFileSync(join(cwd, 'dist', 'seed.epub'));
      return readZip(epub).find((e) => e.name === 'EPUB/package.opf')!.data.toString('utf8');
    };
    await build({ cwd, inputs: ['source/seed.txt'], overrides: { formats: ['epub'] } });
    expect(opf()).not.toMatch(/conformsTo|certifiedBy/u);
    writeFileSync(join(cwd, 'matn.config.yaml'), 'accessibility:\n  conformsTo: EPUB Accessibility 1.1 - WCAG 2.1 Level AA\n  certifiedBy: قسم النشر\n');
    await build({ cwd, inputs: ['source/seed.txt'], overrides: { formats: ['epub'] } });
    expect(opf()).toContain('<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>');
    expect(opf()).toMatch(/<meta property="a11y:certifiedBy"[^>]*>قسم النشر<\/meta>/u);
  });
});

describe('sharding', () => {
  const names = Array.from({ length: 300 }, (_, i) => `docs/وثيقة-${i}`);

  it.each([1, 2, 3, 4, 7])('puts every document in exactly one of %i shards, in roughly equal parts', (n) => {
    const counts = new Array<number>(n).fill(0);
    for (const name of names) {
      const shard = shardOf(name, n);
      expect(shard).toBeGreaterThanOrEqual(1);
      expect(shard).toBeLessThanOrEqual(n);
      counts[shard - 1]!++;
    }
    expect(counts.reduce((a, b) => a + b)).toBe(names.length);
    for (const c of counts) expect(c).toBeGreaterThan(names.length / n / 2);
  });

  it('keeps a document in its shard when others are added', () => {
    const before = names.map((n) => shardOf(n, 4));
    expect([...names, 'new-1', 'new-2'].slice(0, names.length).map((n) => shardOf(n, 4))).toEqual(before);
  });

  it('builds shards whose merged manifests cover every document once', async () => {
    for (let i = 0; i < 5; i++) writeFileSync(join(cwd, 'source', `extra-${i}.txt`), `عنوان ${i}\n\nنص ${i}.\n`);
    const paths: string[] = [];
    for (const index of [1, 2, 3]) {
      await build({ cwd, overrides: { ...fast, out: join(cwd, `shard-${index}`) }, shard: { index, count: 3 } });
      paths.push(join(cwd, `shard-${index}`, 'manifest.json'));
    }
    const merged = await mergeManifests(paths);
    expect(merged.documents.map((d) => d.source).sort()).toEqual(readdirSync(join(cwd, 'source')).map((f) => `source/${f}`).sort());
  });

  it('refuses to merge manifests that list a document twice', async () => {
    await build({ cwd, overrides: fast });
    const path = join(cwd, 'dist', 'manifest.json');
    await expect(mergeManifests([path, path])).rejects.toThrowError(/lists source\/privacy\.txt, which .* lists too/u);
  });
});

describe('output names', () => {
  it('keeps Arabic names and mirrors sub-folders', async () => {
    mkdirSync(join(cwd, 'source', 'بيانات'));
    writeFileSync(join(cwd, 'source', 'بيانات', 'بيان صحفي.txt'), 'عنوان\n\nنص.\n');
    await build({ cwd, overrides: { formats: ['html'] } });
    expect(existsSync(join(cwd, 'dist', 'بيانات', 'بيان صحفي.html'))).toBe(true);
  });

  it('never writes outside the output folder, whatever the source is called', async () => {
    mkdirSync(join(cwd, 'a', 'b'), { recursive: true });
    writeFileSync(join(cwd, 'x.txt'), 'عنوان\n\nنص.\n');
    const result = await build({ cwd: join(cwd, 'a', 'b'), inputs: ['../../x.txt'], overrides: { formats: ['html'], out: join(cwd, 'a', 'b', 'dist') } });
    expect(result.ok).toBe(true);
    expect(existsSync(join(cwd, 'a', 'b', 'dist', 'x.html'))).toBe(true);
    expect(outBaseFor('../../etc/passwd')).toBe('etc/passwd');
    expect(outBaseFor('..\\..\\x.txt')).toBe('x');
    expect(outBaseFor('\u202eevil\u0000name.txt')).toBe('evilname');
  });

  it('plans globs relative to their base folder', async () => {
    const plan = await planSources(['source/**/*.txt'], cwd);
    expect(plan.sources.map((s) => s.outBase)).toEqual(['privacy', 'seed']);
  });
});

describe('matn inspect', () => {
  it('prints the recovered outline with line numbers and the dropped lines', () => {
    const run = cli('inspect', 'source/seed.txt');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^title\s+الإرهاب، أنشطة فرنسا الدولية$/mu);
    expect(run.stdout).toMatch(/^modified\s+2019-11 \(نوفمبر 2019\)$/mu);
    expect(run.stdout).toMatch(/^dropped\s+L3 "حصة" \(boilerplate\)$/mu);
    expect(run.stdout).toMatch(/^h2\s+L21\s+تعزيز التعاون الدولي/mu);
    expect(run.stdout).toMatch(/^ol\(paren\)$/mu);
    expect(run.stdout).toMatch(/^see-more\s+L68/mu);
  });

  it('prints the whole tree as JSON', () => {
    const run = cli('inspect', 'source/seed.txt', '--json');
    const value = JSON.parse(run.stdout) as { meta: { title: string }; tree: { type: string } };
    expect(value.meta.title).toBe('الإرهاب، أنشطة فرنسا الدولية');
    expect(value.tree.type).toBe('root');
  });

  it('shows what a sidecar changed', () => {
    writeFileSync(join(cwd, 'source', 'seed.matn.yaml'), 'lines:\n  - text: "منطقة الساحل"\n    role: heading\n    level: 3\n');
    const run = cli('inspect', 'source/seed.txt');
    expect(run.stdout).toMatch(/^h3\s+L65\s+منطقة الساحل/mu);
    expect(run.stdout).toMatch(/^sidecar\s+.*seed\.matn\.yaml$/mu);
  });
});
