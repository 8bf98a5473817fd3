import { describe, expect, it } from 'vitest';
import type { Heading } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processText, SEED, CORPUS } from '../helpers.js';

function headingsOf(text: string): Array<[number, string]> {
  return processText(text)
    .mdast.children.filter((n): n is Heading => n.type === 'heading')
    .map((h) => [h.depth, toString(h)]);
}

const para = 'هذه فقرة طويلة بما يكفي لتكون نصا عاديا وتنتهي بنقطة.';

describe('headings', () => {
  it('finds stand-alone short lines that introduce content', () => {
    expect(headingsOf(`العنوان\n\n${para}\n\nقسم أول\n\n${para}\n\nقسم ثان\n\n${para}`)).toEqual([
      [1, 'العنوان'],
      [2, 'قسم أول'],
      [2, 'قسم ثان'],
    ]);
  });

  it('does not take a sentence, a lead-in, a Latin line or the last line for a heading', () => {
    const text = `العنوان\n\nجملة قصيرة.\n\n${para}\n\nما يلي:\n\n${para}\n\nOpération Chammal\n\n${para}\n\nسطر أخير`;
    expect(headingsOf(text)).toEqual([[1, 'العنوان']]);
  });

  it('makes a heading followed directly by another its parent, and keeps siblings level', () => {
    const text = `العنوان\n\n${para}\n\nقسم\n\n${para}\n\nالجبهات كافة\n\nالساحل\n\n${para}\n\nسورية والعراق\n\n${para}`;
    expect(headingsOf(text)).toEqual([
      [1, 'العنوان'],
      [2, 'قسم'],
      [3, 'الجبهات كافة'],
      [4, 'الساحل'],
      [4, 'سورية والعراق'],
    ]);
  });

  it('returns to a main section when a heading repeats an item of the announcing list', () => {
    const text = `العنوان\n\nتشمل الأنشطة ما يلي:\n\n• اتخاذ إجراءات حازمة،\n• إرساء الاستقرار في المناطق المحررة وتوفير الحلول السياسية،\n\nإجراءات حازمة\n\n${para}\n\nالجبهات كافة\n\nالساحل\n\n${para}\n\nإرساء الاستقرار في المناطق المحررة وتوفير الحلول السياسية\n\n${para}`;
    expect(headingsOf(text).map(([d]) => d)).toEqual([1, 2, 3, 4, 2]);
  });

  it('gives labelled headings of one kind one level (الباب above الفصل)', () => {
    const text = `الدستور\n\nالباب الأول: المبادئ\n\nالفصل 1\nتونس دولة حرة.\n\nالفصل 2\nتونس دولة مدنية.\n\nالباب الثاني: الحقوق\n\nالفصل 3\nالحقوق مضمونة.`;
    expect(headingsOf(text)).toEqual([
      [1, 'الدستور'],
      [2, 'الباب الأول: المبادئ'],
      [3, 'الفصل 1'],
      [3, 'الفصل 2'],
      [2, 'الباب الثاني: الحقوق'],
      [3, 'الفصل 3'],
    ]);
  });

  it('recovers the seed page outline: sections h2, the fronts group below "military action"', () => {
    const h = headingsOf(readFileSync(SEED, 'utf8'));
    expect(h).toEqual([
      [1, 'الإرهاب، أنشطة فرنسا الدولية'],
      [2, 'تعزيز التعاون الدولي'],
      [2, 'فرنسا، رأس الحربة في مكافحة تمويل الإرهاب'],
      [2, 'إجراءات عسكرية حازمة'],
      [3, 'فرنسا تحارب الإرهاب على الجبهات كافة'],
      [4, 'منطقة الساحل'],
      [4, 'سورية والعراق'],
      [2, 'إرساء الاستقرار في المناطق المحررة وتوفير الحلول السياسية للنزاعات'],
      [2, 'النهوض بجهود الاتحاد الأوروبي'],
    ]);
  });

  it('finds the numbered section headings of the terms of use', () => {
    const h = headingsOf(readFileSync(join(CORPUS, '07-mozilla-websites-terms-of-use.txt'), 'utf8'));
    const numbered = h.filter(([, t]) => /^\d+\./.test(t));
    expect(numbered).toHaveLength(13);
    expect(new Set(numbered.map(([d]) => d)).size).toBe(1);
  });

  it('follows a sidecar that sets a heading level', () => {
    const doc = processText(`العنوان\n\n${para}\n\nقسم\n\n${para}`, {
      sidecar: { path: 'doc.matn.yaml', metadata: {}, lines: [{ line: 5, role: 'heading', level: 4 }] },
    });
    expect(doc.mdast.children.filter((n): n is Heading => n.type === 'heading').map((h) => h.depth)).toEqual([1, 4]);
  });

  it('follows a sidecar that says a line is a paragraph', () => {
    const doc = processText(`العنوان\n\n${para}\n\nليس عنوانا\n\n${para}`, {
      sidecar: { path: 'doc.matn.yaml', metadata: {}, lines: [{ text: 'ليس عنوانا', role: 'paragraph' }] },
    });
    expect(doc.mdast.children.filter((n) => n.type === 'heading')).toHaveLength(1);
  });
});
