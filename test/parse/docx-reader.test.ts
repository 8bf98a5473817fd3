/**
 * Word documents: headings from styles, lists, tables, footnotes and the document's properties;
 * no word lost; a file that is not a .docx refused with its name.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { readSource, readSourceSync } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { entryMap, fidelity, fidelityMissing } from '../epub/helpers.js';

const DOCX = join(ROOT, 'test', 'fixtures', 'docx', 'brief-ar.docx');
const TEXT = join(ROOT, 'test', 'fixtures', 'docx', 'brief-ar.txt');

describe('the Word reader', async () => {
  const source = await readSource(DOCX, { displayPath: 'brief-ar.docx' });
  const doc = processSource(source);
  const html = renderHtml(doc).split('<body>')[1]!;

  it('reads the document properties and the Title paragraph', () => {
    expect(source.format).toBe('docx');
    expect(doc.meta).toMatchObject({ title: 'موجز السياسات المائية', author: 'وحدة الدراسات', lang: 'ar' });
    expect(html).toContain('<h1 id="موجز-السياسات-المائية">موجز السياسات المائية</h1>');
  });

  it('headings from styles (one level below the title), lists, tables', () => {
    expect(doc.outline.map((e) => [e.level, e.text])).toEqual([[2, 'مقدمة']]);
    expect(html).toContain('<h3 id="التوصيات">التوصيات</h3>');
    expect(html).toContain('<h4 id="ملاحظة-ختامية">ملاحظة ختامية</h4>');
    expect(html).toMatch(/<ol>\n<li>ترشيد استهلاك المياه في الزراعة\.<\/li>/u);
    expect(html).toContain('<li>الجفاف المتكرر</li>');
    expect(html).toContain('<th scope="col">البلد</th>');
    expect(html).toContain('<td><span class="num" dir="ltr">57.5</span></td>');
    expect(html).toContain('<strong>منظمة الأغذية والزراعة</strong>');
  });

  it('footnotes become notes linked both ways, and EPUB pop-up notes', async () => {
    expect(html).toContain('<a href="#fn-1" id="fnref-1" data-footnote-ref');
    expect(html).toMatch(/<li id="fn-1">\n<p>انظر تقرير البنك الدولي/u);
    const files = entryMap(await renderEpub(doc));
    expect([...files.values()].some((t) => t.includes('<aside id="fn-1" class="footnote" epub:type="footnote"'))).toBe(true);
  });

  it.skipIf(fidelityMissing() !== undefined)('no word lost in HTML and EPUB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-docx-'));
    writeFileSync(join(dir, 'out.html'), renderHtml(doc));
    writeFileSync(join(dir, 'out.epub'), await renderEpub(doc));
    for (const out of ['out.html', 'out.epub']) {
      const result = await fidelity(TEXT, join(dir, out));
      expect(result.output).toMatch(/missing 0,/u);
    }
  }, 60_000);

  it('a file that is not a Word document is refused, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-docx-'));
    writeFileSync(join(dir, 'bad.docx'), 'not a zip archive');
    await expect(readSource(join(dir, 'bad.docx'), { displayPath: 'bad.docx' })).rejects.toThrow(/bad\.docx: is not a Word document that can be read/u);
    writeFileSync(join(dir, 'empty.docx'), '');
    await expect(readSource(join(dir, 'empty.docx'))).rejects.toThrow(/empty\.docx: is empty/u);
    expect(() => readSourceSync(DOCX)).toThrow(/use readSource/u);
  });
});
