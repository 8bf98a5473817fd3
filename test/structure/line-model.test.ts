import { describe, expect, it } from 'vitest';
import { mainContent, mayBeTitle } from '../../src/structure/classify-lines.js';
import { predict, LINE_CLASSES } from '../../src/structure/line-model.js';
import { fitBoosted } from '../../eval/boost.js';
import { labelLines } from '../../eval/capture.js';
import { readGold, score } from '../../eval/score.js';
import type { LineRole } from '../../src/tree/line-roles.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

describe('the main content of a page', () => {
  it('lies between the chrome that opens the page and the chrome that closes it', () => {
    const pDrop = [0.9, 0.95, 0.8, 0.1, 0.2, 0.05, 0.1, 0.3, 0.9, 0.85, 0.95];
    const flat = pDrop.map(() => 0);
    expect(mainContent(pDrop, flat)).toEqual({ start: 3, end: 8 });
  });

  it('starts at the likelier title when the split alone cannot tell', () => {
    const pDrop = [0.9, 0.5, 0.5, 0.1, 0.1];
    const titles = [-Infinity, 0, 5, 0, 0];
    expect(mainContent(pDrop, titles).start).toBe(2);
  });

  it('never takes a date, a number or a long sentence for a title', () => {
    expect(mayBeTitle('2026-05-16')).toBe(false);
    expect(mayBeTitle('/')).toBe(false);
    expect(mayBeTitle('الإصدار الثالث من مجتمع أسس')).toBe(true);
    expect(mayBeTitle(Array.from({ length: 25 }, () => 'كلمة').join(' '))).toBe(false);
  });
});

describe('gradient-boosted trees', () => {
  it('learn a rule no single feature gives: class 1 where both features are high', () => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = (i * 37) % 100 / 100;
      const b = (i * 61) % 100 / 100;
      x.push([a, b]);
      y.push(a > 0.5 && b > 0.5 ? 1 : 0);
    }
    const trees = fitBoosted(x, y, x.map(() => 1), 2, { rounds: 30, depth: 2, rate: 0.3, bins: 16, lambda: 1, minChild: 2 });
    const model = { classes: ['drop', 'title'] as unknown as typeof LINE_CLASSES, trees };
    const right = x.filter((xs, i) => (predict(model, xs).title > 0.5 ? 1 : 0) === y[i]).length;
    expect(right / x.length).toBeGreaterThan(0.95);
  });
});

describe('labelling a capture from its DOM', () => {
  const describeBlock = (over: Partial<Parameters<typeof labelLines>[2][number]>) => ({
    chrome: false, tag: 'p', heading: null, title: false, li: null, listKind: '', depth: 0, row: false, chromeTag: 'outside main', ...over,
  });

  it('gives each line the role of the block it starts in, and later lines of an item "cont"', () => {
    const plain = 'Menu\nالعنوان\nبند\nفقرة ثانية للبند\nآخر تحديث في 3 مارس 2021';
    const marked = '\uE0000\uE001Menu\n\uE0001\uE001العنوان\n\uE0002\uE001بند\n\uE0003\uE001فقرة ثانية للبند\n\uE0004\uE001آخر تحديث في 3 مارس 2021';
    const blocks = [
      describeBlock({ chrome: true, chromeTag: 'nav' }),
      describeBlock({ heading: 'h1', title: true }),
      describeBlock({ li: 0, listKind: 'ul', depth: 1, tag: 'li' }),
      describeBlock({ li: 0, listKind: 'ul', depth: 1, tag: 'p' }),
      describeBlock({}),
    ];
    const { labels } = labelLines(plain, marked, blocks);
    expect(labels.map((l) => l?.role)).toEqual(['drop', 'title', 'ul1', 'cont', 'meta']);
  });

  it('refuses a marked capture whose lines do not match the plain one', () => {
    expect(() => labelLines('a\nb', 'a', [])).toThrow(/lines/u);
  });
});

describe('the eval scorer', () => {
  it('counts headings, items, drops and lost lines against the gold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-score-'));
    const gold = join(dir, 'g.tsv');
    writeFileSync(gold, '1\tdrop\n2\ttitle\n3\th2\n4\tp\n5\tul1\n6\tp\n');
    const got = new Map<number, LineRole>([
      [2, { role: 'title', block: 1 }],
      [3, { role: 'h2', block: 2 }],
      [4, { role: 'h2', block: 3 }],
      [5, { role: 'ul1', block: 4 }],
    ]);
    const s = score(readGold(gold), got);
    expect(s).toMatchObject({ headingTp: 1, headingFp: 1, headingFn: 0, itemTp: 1, dropOk: 1, dropN: 1, contentDropped: 1, titleOk: true });
  });
});
