import { describe, expect, it } from 'vitest';
import type { Heading, List, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { processText, bodyHtml } from '../helpers.js';
import { lineRoles } from '../../src/tree/line-roles.js';
import { describeDocument } from '../../src/cli/inspect.js';
import { looksLikeBrowserText } from '../../src/structure/classify-lines.js';
import { lineFeatures } from '../../src/structure/line-features.js';
import { predict, SHIPPED_LINE_MODEL } from '../../src/structure/line-model.js';
import { parsePlainText } from '../../src/parse/plain-text.js';
import type { LineParagraph } from '../../src/structure/lines.js';

const para = (n: number) => `هذه فقرة رقم ${n} من نص المقال، وهي طويلة بما يكفي لتكون نصا عاديا في الصفحة وتنتهي بنقطة.`;

/** A browser's text of a page (select all, copy): menus, breadcrumb, title, sections, footer. */
const capture = [
  'الرئيسية',
  'من نحن',
  'الأخبار',
  'المنشورات',
  'اتصل بنا',
  'English',
  'Français',
  'الرئيسية > المنشورات',
  'دليل الخصوصية الرقمية للصحفيين',
  '',
  para(1),
  '',
  para(2),
  '',
  'لماذا نحتاج إلى الخصوصية',
  '',
  para(3),
  '',
  'تشفير الرسائل',
  'استخدام كلمات مرور قوية',
  'تحديث البرامج باستمرار',
  '',
  para(4),
  '',
  'خطوات عملية',
  '',
  para(5),
  '',
  'من نحن',
  'سياسة الخصوصية',
  'شروط الاستخدام',
  'جميع الحقوق محفوظة © 2024',
].join('\n');

describe('structure recovery of browser captures', () => {
  it('tells a browser capture from a typed document', () => {
    const lines = (text: string) => parsePlainText(text).children as LineParagraph[];
    expect(looksLikeBrowserText(lines(capture))).toBe(true);
    expect(looksLikeBrowserText(lines(`العنوان\n\n${para(1)}\n\nقسم\n\n${para(2)}\n\n• بند\n• بند آخر`))).toBe(false);
  });

  it('ships a line model whose probabilities add up to one for every line', () => {
    expect(SHIPPED_LINE_MODEL).toBeDefined();
    const lines = (parsePlainText(capture).children as LineParagraph[]).map((l) => ({ text: l.data.matnLine.raw, blankBefore: l.data.matnLine.blankBefore, blankAfter: l.data.matnLine.blankAfter, indent: 0 }));
    for (const f of lineFeatures(lines)) {
      const p = predict(SHIPPED_LINE_MODEL!, f);
      expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it('never takes a menu label for the title, and drops no line of running text', () => {
    const doc = processText(capture, { name: 'privacy.txt' });
    expect(doc.meta.title).not.toBe('الرئيسية');
    const dropped = doc.meta.dropped.map((d) => d.text);
    for (let n = 1; n <= 5; n++) expect(dropped).not.toContain(para(n));
    // every drop is explained and reported
    for (const d of doc.meta.dropped) expect(d.reason).toMatch(/\S/u);
    if (doc.meta.dropped.some((d) => d.reason.startsWith('site chrome'))) {
      expect(doc.meta.warnings.join('\n')).toMatch(/dropped as site chrome/u);
    }
  });

  it('says in matn inspect why each line got its role', () => {
    const out = describeDocument(processText(capture, { name: 'privacy.txt' }));
    expect(out).toMatch(/\(\w+ \d+%, \d+ words?/u);
  });

  it('brings a dropped line back with a sidecar "keep"', () => {
    const first = processText(capture, { name: 'privacy.txt' });
    const dropped = first.meta.dropped.find((d) => d.reason.startsWith('site chrome'));
    if (!dropped) return expect(first.meta.dropped).toEqual([]);
    const kept = processText(capture, { name: 'privacy.txt', sidecar: { path: 'privacy.matn.yaml', metadata: {}, lines: [{ line: dropped.line!, role: 'keep' }] } });
    expect(kept.meta.dropped.map((d) => d.line)).not.toContain(dropped.line);
    expect(lineRoles(kept.mdast, kept.meta).get(dropped.line!)?.role).not.toBe('drop');
  });
});

describe('tables captured as tab-separated rows', () => {
  const text = `جدول اللغات\n\n${para(1)}\n\nاللغة\tالنسبة\nالعربية\t4.1\nالكورية\t2.6\n\n${para(2)}`;

  it('become one table with a header row, every cell kept', () => {
    const doc = processText(text);
    const table = doc.mdast.children.find((n): n is Table => n.type === 'table');
    expect(table).toBeDefined();
    expect(table!.children.map((r) => r.children.map((c) => toString(c)))).toEqual([
      ['اللغة', 'النسبة'],
      ['العربية', '4.1'],
      ['الكورية', '2.6'],
    ]);
    const html = bodyHtml(text);
    expect(html).toMatch(/<table>[\s\S]*<th scope="col">اللغة<\/th>[\s\S]*<td>الكورية<\/td>/u);
    expect(doc.outline.map((o) => o.text)).not.toContain('الكورية');
  });

  it('leaves a single line with a tab as a paragraph', () => {
    const doc = processText(`العنوان\n\n${para(1)}\n\nاللغة\tالنسبة\n\n${para(2)}`);
    expect(doc.mdast.children.some((n) => n.type === 'table')).toBe(false);
  });
});

describe('numbered points', () => {
  it('nest an indented point under the point above it', () => {
    const doc = processText(`العنوان\n\n${para(1)}\n\n1. البند الأول من القائمة المرقمة\n2. البند الثاني من القائمة المرقمة:\n    1. بند فرعي أول تحت البند الثاني\n    2. بند فرعي ثان تحت البند الثاني\n3. البند الثالث من القائمة المرقمة\n\n${para(2)}`);
    const list = doc.mdast.children.find((n): n is List => n.type === 'list')!;
    expect(list.children).toHaveLength(3);
    const nested = list.children[1]!.children.find((n): n is List => n.type === 'list');
    expect(nested?.children).toHaveLength(2);
  });

  it('keep a second paragraph of an entry inside it, so the list is not split', () => {
    const doc = processText(`المراجع\n\n${para(1)}\n\n1. محمد أحمد، كتاب أول في تاريخ المنطقة، دار النشر، القاهرة، الطبعة الثانية، 1998\n\nEnglish version: A first book on the history of the region\n\n2. علي حسن، كتاب ثان في تاريخ المنطقة، دار النشر، بيروت، الطبعة الأولى، 2005\n\n${para(2)}`);
    const lists = doc.mdast.children.filter((n): n is List => n.type === 'list');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.children).toHaveLength(2);
    expect(toString(lists[0]!.children[0]!)).toContain('English version');
  });
});

describe('update lines and heading anchors', () => {
  it('read the update line in its other wordings as the modified date', () => {
    expect(processText(`العنوان\n\nآخر تحديث في 26 سبتمبر 2017\n\n${para(1)}`).meta.modified).toBe('2017-09-26');
    expect(processText(`العنوان\n\n${para(1)}\n\nتغيرت النسخة المترجمة لأخر مرة في 3 مارس 2021\n\n${para(2)}`).meta.modified).toBe('2021-03-03');
  });

  it('drop the anchor link a page shows after a heading', () => {
    const doc = processText(`العنوان\n\n${para(1)}\n\nقسم أول #\n\n${para(2)}\n\nقسم ثان ¶\n\n${para(3)}`);
    const heads = doc.mdast.children.filter((n): n is Heading => n.type === 'heading' && n.depth > 1).map((h) => toString(h));
    expect(heads).toEqual(['قسم أول', 'قسم ثان']);
  });
});

describe('lines of invisible marks only', () => {
  it('are blank: no empty paragraph, and the lines around them are not packed together', () => {
    const text = 'الفصل 76\nيتولى رئيس الجمهورية تمثيل الدولة.\n\u202a\nكما يتولى:\n\u200f\u2066\u2069 \n';
    const lines = parsePlainText(text).children as LineParagraph[];
    expect(lines.map((l) => l.data.matnLine.raw)).toEqual(['الفصل 76', 'يتولى رئيس الجمهورية تمثيل الدولة.', 'كما يتولى:']);
    expect(lines[1]!.data.matnLine.blankAfter).toBe(true);
    expect(lines[2]!.data.matnLine.blankBefore).toBe(true);
  });
});
