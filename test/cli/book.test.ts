import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { publishBook, readBook } from '../../src/publish/book.js';
import { CORPUS, ROOT, SEED, SEED_BOILERPLATE, missingWords, sourceWords, visibleText, words } from '../helpers.js';
import { entryMap, readZip } from '../epub/helpers.js';
import { testBrowserPath } from '../browser-helpers.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'matn-book-'));
  mkdirSync(join(cwd, 'source'));
  copyFileSync(SEED, join(cwd, 'source', 'seed.txt'));
  copyFileSync(join(CORPUS, '05-mozilla-websites-privacy-notice.txt'), join(cwd, 'source', 'privacy.txt'));
  writeFileSync(join(cwd, 'annual.book.yaml'), 'title: ملف المطالعة\nauthor: فريق matn\nchapters:\n  - source/seed.txt\n  - source/privacy.txt\n');
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('matn book', () => {
  it('makes one EPUB in which each source is a chapter, with one table of contents', async () => {
    const result = await publishBook(join(cwd, 'annual.book.yaml'), { cwd, overrides: { formats: ['epub'] } });
    expect(result.failures).toEqual([]);
    const files = entryMap(readFileSync(join(cwd, 'dist', 'annual.epub')));
    const opf = files.get('EPUB/package.opf')!;
    expect(opf).toContain('ملف المطالعة');
    expect(opf).toContain('فريق matn');
    const nav = files.get('EPUB/nav.xhtml')!;
    const toc = nav.slice(nav.indexOf('epub:type="toc"'), nav.indexOf('</nav>'));
    expect(toc).toContain('الإرهاب، أنشطة فرنسا الدولية');
    expect(toc).toContain('إشعار خصوصية مواقع الويب');
    // Chapter titles are the top level of the contents; their sections sit below them.
    expect(toc.indexOf('الإرهاب، أنشطة فرنسا الدولية')).toBeLessThan(toc.indexOf('تعزيز التعاون الدولي'));
    const text = [...files].filter(([name]) => name.startsWith('EPUB/text/')).sort().map(([, xml]) => visibleText(xml)).join(' ');
    const want = [...sourceWords(readFileSync(SEED, 'utf8'), SEED_BOILERPLATE), ...sourceWords(readFileSync(join(CORPUS, '05-mozilla-websites-privacy-notice.txt'), 'utf8'))];
    expect(missingWords(want, words(text))).toEqual([]);
  });

  it("packs a chapter's images, found from the chapter's own folder", async () => {
    const chart = readFileSync(join(ROOT, 'test', 'fixtures', 'images', 'markdown', 'images', 'chart.png'));
    mkdirSync(join(cwd, 'source', 'فصل', 'صور'), { recursive: true });
    writeFileSync(join(cwd, 'source', 'فصل', 'صور', 'مخطط.png'), chart);
    writeFileSync(join(cwd, 'source', 'فصل', 'illustrated.md'), '# فصل مصور\n\nنص الفصل ![مخطط القراءة](صور/مخطط.png) و ![المخطط بمرجع][م]\n\n[م]: صور/مخطط.png\n');
    writeFileSync(join(cwd, 'illustrated.book.yaml'), 'title: كتاب مصور\nchapters:\n  - source/seed.txt\n  - source/فصل/illustrated.md\n');
    const result = await publishBook(join(cwd, 'illustrated.book.yaml'), { cwd, overrides: { formats: ['epub'] } });
    expect(result.failures).toEqual([]);
    expect(result.warnings.filter((w) => w.includes('image'))).toEqual([]);
    const zip = new Map(readZip(readFileSync(join(cwd, 'dist', 'illustrated.epub'))).map((e) => [e.name, e.data]));
    expect(zip.get('EPUB/images/image-1.png')?.equals(chart)).toBe(true);
    const xhtml = [...zip].filter(([name]) => name.startsWith('EPUB/text/')).map(([, data]) => data.toString('utf8')).join('');
    expect(xhtml).toMatch(/<img src="..\/images\/image-1.png" alt="مخطط القراءة" ?\/>/u);
    expect(xhtml).toMatch(/<img src="..\/images\/image-1.png" alt="المخطط بمرجع" ?\/>/u);
  });

  it('refuses a book file without chapters, naming it', async () => {
    writeFileSync(join(cwd, 'bad.book.yaml'), 'title: x\n');
    await expect(readBook(join(cwd, 'bad.book.yaml'))).rejects.toThrowError(/bad\.book\.yaml: chapters: /u);
  });

  it.skipIf(!testBrowserPath() || spawnSync('pdftotext', ['-v']).error !== undefined)('makes one PDF with both chapters', async () => {
    const result = await publishBook(join(cwd, 'annual.book.yaml'), { cwd, overrides: { formats: ['pdf'] } });
    expect(result.failures).toEqual([]);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(cwd, 'dist', 'annual.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Mozilla');
    expect(execFileSync('pdfinfo', [join(cwd, 'dist', 'annual.pdf')], { encoding: 'utf8' })).toMatch(/Title:\s+ملف المطالعة/u);
  });
});
