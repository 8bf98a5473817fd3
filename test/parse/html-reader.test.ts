/**
 * Saved web pages: the main content found by Readability, its structure kept, the page's own
 * metadata read, no word of the main text lost (the fidelity tool against the page's text less
 * its gold chrome lines), and bad pages refused with the file named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReader } from '../../src/parse/readers.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { documentFromText } from '../../src/read/source.js';
import { processSource, type MatnDocument } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { fidelity, fidelityMissing } from '../epub/helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'html');
const CAPTURES = join(ROOT, 'test', 'fixtures', 'captures');
/** Saved pages whose main text must come through whole: name → its folder. */
const PAGES = ['faq-organicmaps-privacy', 'gov-coronamelder-privacy-statement', 'news-syrianarchive/aleppo-mosque-bombing', 'gov-votegov/about-us'];
/** A page's path without extension: in test/fixtures/html, or a capture of test/fixtures/captures. */
const pathOf = (name: string) => (name.includes('/') ? join(CAPTURES, name) : join(DIR, name));

function build(text: string, name = 'page.html'): MatnDocument {
  return processSource(documentFromText(text, name, 'html'));
}
const page = (name: string) => build(readFileSync(`${pathOf(name)}.html`, 'utf8'), `${name.split('/').pop()}.html`);

/** The lines of a capture's text that its gold roles drop (site chrome). */
function chromeLines(name: string): string[] {
  const lines = readFileSync(`${pathOf(name)}.txt`, 'utf8').split('\n');
  return readFileSync(`${pathOf(name)}.tsv`, 'utf8')
    .split('\n')
    .filter((row) => row && !row.startsWith('#') && row.split('\t')[1] === 'drop')
    .map((row) => lines[Number(row.split('\t')[0]) - 1]!.trim());
}

beforeAll(() => loadReader('html'));

describe('the HTML reader', () => {
  it('keeps the structure of a Jekyll page and reads its metadata', () => {
    const doc = page('gov-coronamelder-privacy-statement');
    expect(doc.meta.title).toBe('بيان خصوصيه تطبيق التحذير من كورونا CoronaMelder');
    expect(doc.meta.lang).toBe('ar');
    const html = renderHtml(doc);
    expect(html.match(/<h[23] id=/gu)?.length).toBeGreaterThan(5);
    expect(html).toMatch(/<h2 id="[^"]+">/u);
    expect(html).toMatch(/<ul>\n<li>/u);
    expect(html).not.toMatch(/<script|<style>[^]*<style>|onclick|class="site-/u);
  });

  it('takes the title from the page heading and the text of a Zola page', () => {
    const doc = page('faq-organicmaps-privacy');
    expect(doc.meta.title).toBe('Organic Maps: سياسة الخصوصية');
    expect(renderHtml(doc)).toContain('<a href="mailto:legal@organicmaps.app">');
    expect(renderHtml(doc)).not.toContain('تبرع');
  });

  it('an article: description, author, dates and keywords from the page', () => {
    const doc = build(
      '<!DOCTYPE html><html lang="ar" dir="rtl"><head><title>خبر | موقع</title><meta name="description" content="ملخص الخبر"><meta name="author" content="سلمى"><meta property="article:published_time" content="2024-02-03T10:00:00Z"><meta property="article:modified_time" content="2024-02-05"><meta name="keywords" content="مياه، زراعة"></head>' +
        '<body><nav><a href="/">الرئيسية</a></nav><main><article><h1>الخبر كاملاً</h1>' +
        '<p>أعلنت الوزارة اليوم عن خطة جديدة لإدارة المياه في المناطق الزراعية تمتد على خمس سنوات وتشمل مشاريع الري بالتنقيط وتحلية المياه.</p>'.repeat(4) +
        '<ol><li>المرحلة الأولى</li><li>المرحلة الثانية</li></ol><table><tr><th>السنة</th><th>الكلفة</th></tr><tr><td>2025</td><td>120</td></tr></table></article></main><footer>حقوق النشر</footer><script>alert(1)</script></body></html>',
    );
    expect(doc.meta).toMatchObject({ title: 'الخبر كاملاً', description: 'ملخص الخبر', author: 'سلمى', date: '2024-02-03', modified: '2024-02-05', keywords: ['مياه', 'زراعة'] });
    const html = renderHtml(doc).split('<body>')[1]!;
    expect(html).toContain('<h1 id="الخبر-كاملا">الخبر كاملاً</h1>');
    expect(html).toContain('<li>المرحلة الثانية</li>');
    expect(html).toMatch(/<th scope="col">السنة<\/th>/u);
    expect(html).not.toMatch(/الرئيسية|حقوق النشر|alert/u);
  });

  it('refuses a page with no text, or a file that is not HTML, naming the file', () => {
    expect(() => build('<html><body><script>render()</script></body></html>', 'app.html')).toThrow(/app\.html: has no text in its main content/u);
    expect(() => build('just words, no markup', 'plain.html')).toThrow(/plain\.html: is not an HTML page/u);
  });

  const missing = fidelityMissing();
  it.skipIf(missing !== undefined).each(PAGES)('no word of the main text of %s is lost (HTML and EPUB)', async (name) => {
    const doc = page(name);
    const dir = mkdtempSync(join(tmpdir(), 'matn-html-'));
    writeFileSync(join(dir, 'out.html'), renderHtml(doc));
    writeFileSync(join(dir, 'out.epub'), await renderEpub(doc));
    for (const out of ['out.html', 'out.epub']) {
      const result = await fidelity(`${pathOf(name)}.txt`, join(dir, out), chromeLines(name));
      expect(result.output).toMatch(/missing 0,/u);
      expect(result.code, result.output).toBe(0);
    }
  }, 60_000);
});
