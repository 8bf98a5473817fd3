/** The print page, without a browser: the text-layer marks, dates, CSS strings, running heads, contents. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import {
  buildPrintPage,
  cssString,
  formatDate,
  formatNumber,
  runningSections,
  tuneText,
  tuneTextLayer,
  FONT_BASE,
} from '../../src/render/pdf/print-page.js';
import { TemplateSet } from '../../src/render/templates.js';
import { processText } from '../helpers.js';

const RLM = '\u200f';

function tuned(tree: Root): string {
  tuneTextLayer(tree);
  return toHtml(tree);
}

function paragraph(...children: Root['children']): Root {
  return { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: children as never }] };
}

describe('tuneTextLayer', () => {
  it('puts a right-to-left mark after a number followed by an Arabic word', () => {
    expect(tuneText('منذ عام 2018 جهود')).toBe(`منذ عام 2018${RLM} جهود`);
  });

  it('before punctuation that follows the number', () => {
    expect(tuneText('في عام 2018، قدمت')).toBe(`في عام 2018${RLM}، قدمت`);
    expect(tuneText('مارس 2019. وأدى')).toBe(`مارس 2019${RLM}. وأدى`);
  });

  it('after a Latin word followed by an Arabic word', () => {
    expect(tuneText('تديرها Mozilla، والتي')).toBe(`تديرها Mozilla${RLM}، والتي`);
  });

  it('never between two Latin words or two Arabic words', () => {
    expect(tuneText('Firefox OS جهاز')).toBe(`Firefox OS${RLM} جهاز`);
    expect(tuneText('نص عربي فقط')).toBe('نص عربي فقط');
    expect(tuneText('2030 2031 عام')).toBe(`2030 2031${RLM} عام`);
  });

  it('after Arabic punctuation that precedes a number or a Latin word', () => {
    expect(tuneText('على سبيل المثال، (1) يجب')).toBe(`على سبيل المثال،${RLM} (1${RLM}) يجب`);
    expect(tuneText('23 يونيو، 2016')).toBe(`23${RLM} يونيو،${RLM} 2016`);
  });

  it('after a Latin word or a number that only punctuation follows to the end of the paragraph', () => {
    expect(tuneText('مثل PayPal، وStripe).')).toBe(`مثل PayPal${RLM}، وStripe${RLM}).`);
    expect(tuneText('في عام 2019.')).toBe(`في عام 2019${RLM}.`);
    expect(tuneText('نص عربي.')).toBe('نص عربي.');
    expect(tuneText('Mozilla Firefox.')).toBe('Mozilla Firefox.');
    expect(tuneText('عنوان wiki.mozilla.org')).toBe('عنوان wiki.mozilla.org');
  });

  it('puts the mark after an isolated number, outside its element', () => {
    const tree = paragraph(
      { type: 'text', value: 'عام ' },
      { type: 'element', tagName: 'span', properties: { className: ['num'], dir: 'ltr' }, children: [{ type: 'text', value: '2018' }] },
      { type: 'text', value: '، قدمت' },
    );
    expect(tuned(tree)).toBe(`<p>عام <span class="num" dir="ltr">2018</span>${RLM}، قدمت</p>`);
  });

  it('leaves Latin runs alone inside', () => {
    const tree = paragraph(
      { type: 'text', value: 'مثل ' },
      { type: 'element', tagName: 'span', properties: { lang: 'en', dir: 'ltr' }, children: [{ type: 'text', value: 'Firefox 2 OS' }] },
      { type: 'text', value: ' والتي' },
    );
    expect(tuned(tree)).toBe(`<p>مثل <span lang="en" dir="ltr">Firefox 2 OS</span>${RLM} والتي</p>`);
  });

  it('turns isolate controls into elements with the same effect', () => {
    const tree = paragraph({ type: 'text', value: 'مثل Twitter و\u2066Facebook\u2069، فقد' });
    expect(tuned(tree)).toBe(`<p>مثل Twitter${RLM} و<bdi dir="ltr">Facebook</bdi>${RLM}، فقد</p>`);
  });

  it('drops a left-to-right mark standing between Arabic words only', () => {
    expect(tuneText('الالتزام \u200eبسياسة')).toBe('الالتزام بسياسة');
    expect(tuneText('نظام \u200eFirefox')).toBe('نظام \u200eFirefox');
  });

  it('does not change the words of a whole document', () => {
    const doc = processText('عنوان\n\nفي 25 و26 نيسان/أبريل 2018 بعنوان "لا لتمويل الإرهاب" مع Mozilla و Firefox OS.\n');
    const strip = (s: string) => s.replace(/[\u200e\u200f]/g, '');
    const before = toHtml(doc.hast);
    const tree = structuredClone(doc.hast);
    tuneTextLayer(tree);
    expect(strip(toHtml(tree)).replace(/<\/?bdi[^>]*>/g, '')).toBe(strip(before).replace(/[\u2066-\u2069]/g, ''));
  });
});

describe('print page', () => {
  const doc = processText('الإرهاب، أنشطة فرنسا الدولية\n\nمقدمة قصيرة.\n\nالقسم الأول\n\nنص القسم الأول.\n\nالقسم الثاني\n\nنص القسم الثاني.\n');

  it('is right to left, in Arabic, with the fonts served from the print origin', () => {
    const page = buildPrintPage(doc, { templates: new TemplateSet(), pageSize: 'A4', digits: 'arabic-indic', toc: true });
    expect(page.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page.html).toContain('size: A4;');
    expect(page.html).toContain('counter(page, arabic-indic)');
    expect(page.html).toContain(`url(${FONT_BASE}amiri-arabic-400-normal.woff2)`);
    expect([...page.assets.keys()].every((u) => u.startsWith(FONT_BASE))).toBe(true);
  });

  it('Letter and Western digits as options', () => {
    const page = buildPrintPage(doc, { templates: new TemplateSet(), pageSize: 'Letter', digits: 'western', toc: false });
    expect(page.html).toContain('size: Letter;');
    expect(page.html).toContain('counter(page, decimal)');
    expect(page.html).not.toContain('class="toc"');
  });

  it('a contents list with the page numbers it is given', () => {
    const ids = doc.outline.map((e) => e.id);
    const page = buildPrintPage(doc, { templates: new TemplateSet(), pageSize: 'A4', digits: 'arabic-indic', toc: true, pageNumbers: new Map([[ids[0]!, 2], [ids[1]!, 13]]) });
    expect(page.html).toContain('<span class="toc-page">٢</span>');
    expect(page.html).toContain('<span class="toc-page">١٣</span>');
  });

  it('a remote image becomes its description, a local one a data URI in the page', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-print-page-'));
    try {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');
      writeFileSync(join(dir, 'fig.png'), png);
      const md = processText('# عنوان\n\n![صورة بعيدة](http://127.0.0.1:9/x.png) و ![خارج المجلد](../secret.png) و ![محلية](fig.png)\n', { name: join(dir, 'doc.md') });
      const page = buildPrintPage(md, { templates: new TemplateSet(), pageSize: 'A4', digits: 'arabic-indic', toc: false });
      expect(page.html).not.toContain('127.0.0.1');
      expect(page.html).not.toContain('secret');
      expect(page.html).toContain('<span class="image-omitted">صورة بعيدة</span>');
      expect(page.html).toContain('<span class="image-omitted">خارج المجلد</span>');
      // Nothing for the page to request but the fonts: the image is in the page.
      expect([...page.assets.keys()].every((url) => url.startsWith(FONT_BASE))).toBe(true);
      expect(page.html).toContain(`src="data:image/png;base64,${png.toString('base64')}" alt="محلية"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('helpers', () => {
  it('formats dates and numbers with the chosen digits', () => {
    expect(formatDate('2019-11', 'arabic-indic')).toBe('نوفمبر ٢٠١٩');
    expect(formatDate('2016-06-23', 'western')).toBe('23 يونيو 2016');
    expect(formatDate('2022', 'western')).toBe('2022');
    expect(formatDate('not a date', 'western')).toBeUndefined();
    expect(formatNumber(12, 'arabic-indic')).toBe('١٢');
    expect(formatNumber(12, 'western')).toBe('12');
  });

  it('writes CSS strings that cannot close the style element', () => {
    expect(cssString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
    expect(cssString('</style><script>')).not.toContain('<');
  });

  it('running heads: the first section starting on a page, else the one continued', () => {
    const outline = [
      { id: 'a', level: 2, text: 'أ', children: [] },
      { id: 'b', level: 2, text: 'ب', children: [] },
      { id: 'c', level: 2, text: 'ج', children: [] },
    ];
    const pages = new Map([['a', 0], ['b', 2], ['c', 2]]);
    expect(runningSections(outline, pages, 5)).toEqual([undefined, 'أ', 'ب', 'ج', 'ج']);
  });
});
