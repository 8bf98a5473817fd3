/**
 * Table captions: a paragraph beside a table that says it is its caption becomes the table's
 * `<caption>` in every output, keeps its words, and goes back where it stood in the Markdown.
 */
import { describe, expect, it } from 'vitest';
import { bodyHtml, processText } from '../helpers.js';
import { renderMarkdown } from '../../src/render/md/render-md.js';

const TABLE = '| البند | المبلغ |\n| --- | ---: |\n| التدريب | 12,500 |';

describe('table captions', () => {
  it("takes a document's label before the table as its caption, label and all", () => {
    const html = bodyHtml(`# تقرير\n\nالجدول ٢: توزيع الميزانية\n\n${TABLE}\n`, { name: 'r.md' });
    expect(html).toMatch(/<table><caption>الجدول <span class="num" dir="ltr">٢<\/span>: توزيع الميزانية<\/caption>/u);
    expect(html).not.toMatch(/<p>الجدول/u);
  });

  it("takes pandoc's `Table:` or `:` after the table, without the marker", () => {
    for (const marker of ['Table:', ':']) {
      const html = bodyHtml(`# تقرير\n\n${TABLE}\n\n${marker} المصروفات حسب البند\n`, { name: 'r.md' });
      expect(html, marker).toContain('<caption>المصروفات حسب البند</caption>');
      expect(html, marker).not.toContain(marker === ':' ? '<p>:' : 'Table:');
    }
  });

  it('leaves ordinary paragraphs beside a table alone, and a paragraph apart from any table', () => {
    const html = bodyHtml(`# تقرير\n\nيبين الجدول التالي المصروفات:\n\n${TABLE}\n\nنص بعد الجدول.\n\nالجدول 3: بلا جدول بجانبه\n\nنص.\n`, { name: 'r.md' });
    expect(html).not.toContain('<caption>');
    expect(html).toContain('<p>يبين الجدول التالي المصروفات:</p>');
    expect(html).toMatch(/<p>الجدول <span[^>]*>3<\/span>: بلا جدول بجانبه<\/p>/u);
  });

  it('finds a captured table caption above tab-separated rows', () => {
    const text = 'تقرير الربع الأول عن المشروع\n\nجدول 1: الإنفاق\nالبند\tالمبلغ\nالتدريب\t12500\nالنشر\t3000\n\nانتهى التقرير بعد عرض الأرقام كلها على اللجنة المختصة بالمتابعة.\n';
    const html = bodyHtml(text);
    expect(html).toMatch(/<table><caption>جدول <span[^>]*>1<\/span>: الإنفاق<\/caption>/u);
  });

  it('writes the caption back where it stood, so the Markdown reads back the same', () => {
    for (const source of [`# تقرير\n\nالجدول 2: توزيع\n\n${TABLE}\n`, `# تقرير\n\n${TABLE}\n\nTable: المصروفات\n`]) {
      const doc = processText(source, { name: 'r.md' });
      const md = renderMarkdown(doc);
      expect(md).toContain(source.includes('Table:') ? `|\n\nTable: المصروفات` : 'الجدول 2: توزيع\n\n|');
      expect(bodyHtml(md, { name: 'again.md' })).toBe(bodyHtml(source, { name: 'r.md' }));
    }
  });
});
