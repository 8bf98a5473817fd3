import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWatch, type WatchHandle } from '../../src/publish/watch.js';
import type { Manifest } from '../../src/publish/manifest.js';
import { ROOT, until } from '../helpers.js';

let cwd: string;
let handle: WatchHandle | undefined;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'matn-watch-'));
  mkdirSync(join(cwd, 'source'));
  writeFileSync(join(cwd, 'source', 'a.txt'), 'العنوان الأول\n\nنص أول.\n');
  writeFileSync(join(cwd, 'source', 'b.txt'), 'عنوان ب\n\nنص ب.\n');
});
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  rmSync(cwd, { recursive: true, force: true });
});

describe('matn build --watch', () => {
  it('rebuilds a document when it is saved, and keeps the others in the manifest', async () => {
    handle = await startWatch({ cwd, overrides: { formats: ['html'] } });
    const out = join(cwd, 'dist', 'a.html');
    expect(readFileSync(out, 'utf8')).toContain('العنوان الأول');
    writeFileSync(join(cwd, 'source', 'a.txt'), 'العنوان الجديد\n\nنص أول.\n');
    await until(() => readFileSync(out, 'utf8').includes('العنوان الجديد'));
    await handle.idle();
    const manifest = JSON.parse(readFileSync(join(cwd, 'dist', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.documents.map((d) => d.source).sort()).toEqual(['source/a.txt', 'source/b.txt']);
  });

  it('builds a new document dropped into the folder', async () => {
    handle = await startWatch({ cwd, overrides: { formats: ['html'] } });
    writeFileSync(join(cwd, 'source', 'c.txt'), 'عنوان ج\n\nنص ج.\n');
    await until(() => existsSync(join(cwd, 'dist', 'c.html')));
  });

  it('rebuilds the document that shows an image when the image is saved', async () => {
    const chart = readFileSync(join(ROOT, 'test', 'fixtures', 'images', 'markdown', 'images', 'chart.png'));
    writeFileSync(join(cwd, 'source', 'r.md'), '# تقرير\n\n![مخطط](chart.png)\n');
    handle = await startWatch({ cwd, overrides: { formats: ['html'] } });
    const out = join(cwd, 'dist', 'r.html');
    expect(readFileSync(out, 'utf8')).toContain('<span class="image-omitted">مخطط</span>');
    writeFileSync(join(cwd, 'source', 'chart.png'), chart);
    await until(() => readFileSync(out, 'utf8').includes(`src="data:image/png;base64,${chart.toString('base64')}"`));
    await handle.idle();
    const manifest = JSON.parse(readFileSync(join(cwd, 'dist', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.documents.map((d) => [d.source, d.status]).sort()).toEqual([['source/a.txt', 'unchanged'], ['source/b.txt', 'unchanged'], ['source/r.md', 'built']]);
  });

  it('rebuilds a Markdown document when its sidecar changes', async () => {
    writeFileSync(join(cwd, 'source', 'm.md'), '# عنوان م\n\nنص م.\n');
    handle = await startWatch({ cwd, overrides: { formats: ['html'] } });
    const out = join(cwd, 'dist', 'm.html');
    expect(readFileSync(out, 'utf8')).not.toContain('مؤلف الجانبي');
    writeFileSync(join(cwd, 'source', 'm.matn.yaml'), 'author: مؤلف الجانبي\n');
    await until(() => readFileSync(out, 'utf8').includes('مؤلف الجانبي'));
    expect(existsSync(join(cwd, 'dist', 'manifest.json'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(cwd, 'dist', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.documents.some((d) => d.source === 'source/m.txt')).toBe(false);
  });
});
