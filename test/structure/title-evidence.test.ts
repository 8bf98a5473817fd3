import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { titleEvidence } from '../../src/structure/title-evidence.js';
import { isDateLine, type FeatureLine } from '../../src/structure/line-features.js';
import { LINE_CLASSES, type BoostedTree, type LineModel } from '../../src/structure/line-model.js';
import { sourcesFile } from '../../eval/sources.js';
import { bodyHtml, ROOT } from '../helpers.js';

const lines = (texts: string[]): FeatureLine[] => texts.map((text) => ({ text, blankBefore: false, blankAfter: false, indent: 0 }));
// the evidence, by name (the order titleEvidence returns it in)
const named = (e: number[]) => ({ wordsMet: e[0], breadcrumb: e[3], dated: e[4], echoedAfter: e[5], echoesBefore: e[6] });

describe('evidence for the title', () => {
  const page = lines([
    'الرئيسية',
    'المدونة',
    'أسس تستضيف خدمات تهتم بالخصوصية…',
    'أسس تستضيف خدمات تهتم بالخصوصية الرقمية',
    '2022-02-21',
    'مجتمع أسس يهتم بخصوصيتكم الرقمية، ولهذا نعلن اليوم عن استضافة خدمات تحترم الخصوصية وتغني عن المنصات الكبيرة.',
  ]);
  const evidence = titleEvidence(page).map(named);

  it('sees a breadcrumb that ends with the title cut short, and the date under it', () => {
    expect(evidence[3]).toMatchObject({ breadcrumb: 1, dated: 1 });
    expect(evidence[0]).toMatchObject({ breadcrumb: 0, dated: 0 });
  });

  it('counts the title words that come back in the running text, and not a menu label', () => {
    expect(evidence[3]!.wordsMet).toBeGreaterThan(0.5);
    expect(evidence[0]!.wordsMet).toBe(0);
  });

  it('tells the title from the lede that opens with its words', () => {
    const news = titleEvidence(lines(['قصف مسجد في حلب', 'Tue Apr 18 2017', 'قصف مسجد في حلب: ما نعرفه حتى الآن عن الضربة'])).map(named);
    expect(news[0]).toMatchObject({ echoedAfter: 1, dated: 1 });
    expect(news[2]).toMatchObject({ echoesBefore: 1, dated: 0 });
    const lede = titleEvidence(lines(['قصف مسجد في حلب', 'قصف مسجد في حلب: ما نعرفه حتى الآن عن الضربة'])).map(named);
    expect(lede[0]).toMatchObject({ echoedAfter: 1 });
    expect(lede[1]).toMatchObject({ echoesBefore: 1, breadcrumb: 0 });
  });
});

describe('a date alone on its line', () => {
  it('is recognised in ISO, English and Arabic wordings, and a line with words besides is not', () => {
    for (const date of ['2022-05-28', 'Fri Aug 21 2015', 'Aug 21, 2015', '21 August 2015', '12/03/2019', '3 مايو 2020']) expect(isDateLine(date), date).toBe(true);
    for (const text of ['آخر تحديث 3 مايو 2020', 'عن تور', 'Version 2.0', 'الجزء 2 - مصادر عربية']) expect(isDateLine(text), text).toBe(false);
  });

  it('never becomes a heading of a capture, even when the classifier takes every line for one', () => {
    // a model of one leaf per class that says "heading" for every line
    const leaf = (value: number): BoostedTree => ({ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [value] });
    const everythingAHeading: LineModel = { classes: LINE_CLASSES, trees: [LINE_CLASSES.map((c) => leaf(c === 'heading' ? 4 : 0))] };
    const menu = ['الرئيسية', 'المدونة', 'خدمات', 'جائزة الكتابة', 'ادعمنا', 'اتصل بنا'];
    const body = Array.from({ length: 6 }, (_, n) => `هذه الفقرة رقم ${n + 1} من نص المقال، وفيها ما يكفي من الكلمات لتكون نصا جاريا يقرؤه القارئ.`);
    const capture = [...menu, '', 'مجتمع أسس ينضم لمنصة Open Collective', 'Sat May 28 2022', '', body.join('\n\n'), '', ...menu].join('\n');
    const headings = bodyHtml(capture, { name: 'post.txt', lineModel: everythingAHeading }).match(/<h[2-6][^>]*>.*?<\/h[2-6]>/gu) ?? [];
    expect(headings.length).toBeGreaterThan(3);
    expect(headings.join(' ')).not.toContain('2022');
  });
});

describe('the list of sources of the labelled captures', () => {
  it('is the one eval/sources.ts writes from every site.json', () => {
    const file = join(ROOT, 'test', 'fixtures', 'captures', 'SOURCES.md');
    const current = readFileSync(file, 'utf8');
    expect(current).toBe(sourcesFile(current));
  });
});
