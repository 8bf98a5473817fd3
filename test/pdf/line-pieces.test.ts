/**
 * How a line is cut for pdf.js (line-pieces.ts): units given left to right as on the page, with
 * their reading order from bidi-order.ts.
 */
import { describe, expect, it } from 'vitest';
import { linePieces, pdfjsRightToLeft, type PieceUnit } from '../../src/render/pdf/line-pieces.js';
import { classify, logicalOrder } from '../../src/render/pdf/bidi-order.js';

/** Units from words left to right on the page ('_' a space), all in one font unless `font` says. */
function units(words: string[], font: (i: number) => string = () => 'F'): PieceUnit[] {
  return words.map((w, i) => (w === '_' ? { text: ' ', cls: 'N', font: font(i), blank: true } : { text: w, cls: classify(w, false), font: font(i), blank: false }));
}
const pieces = (u: PieceUnit[]): string[][] => linePieces(u, logicalOrder(u.map((x) => x.cls))).map((p) => p.map((i) => u[i]!.text));

describe('pdfjsRightToLeft', () => {
  it('takes a run for right to left as pdf.js does: 30% of its characters, or four characters or fewer', () => {
    expect(pdfjsRightToLeft('كلمة Mozilla')).toBe(true);
    expect(pdfjsRightToLeft('و foundation.mozilla.org')).toBe(false);
    expect(pdfjsRightToLeft('، و')).toBe(true);
    expect(pdfjsRightToLeft('2018')).toBe(false);
    // A right-to-left mark never reaches pdf.js's text.
    expect(pdfjsRightToLeft('\u200f\u200f\u200fAB')).toBe(false);
  });
});

describe('linePieces', () => {
  it('keeps a line of Arabic with a number or a Latin name in it whole', () => {
    // On the page: "بلدًا 29 يضم" and "تديرها Mozilla، والتي" drawn left to right.
    expect(pieces(units(['بلدًا', '_', '29', '_', 'يضم']))).toEqual([['بلدًا', ' ', '29', ' ', 'يضم']]);
    expect(pieces(units(['والتي', '_', '،', 'Mozilla', '_', 'تديرها']))).toHaveLength(1);
  });

  it('cuts a line of web addresses where an Arabic letter meets a name, not at a space', () => {
    // "على foundation.mozilla.org، وbugzilla.mozilla.org، وreps.mozilla.org" on the page.
    const u = units(['reps.mozilla.org', 'و', '_', '،', 'bugzilla.mozilla.org', 'و', '_', '،', 'foundation.mozilla.org', '_', 'على']);
    const got = pieces(u);
    expect(got.length).toBeGreaterThan(1);
    // Every space stays inside a piece (a cut at a space would lose it).
    for (const piece of got.slice(0, -1)) expect(piece.at(-1)).not.toBe(' ');
    expect(got.flat().sort()).toEqual(u.map((x) => x.text).sort());
  });

  it('ends a piece where the font changes', () => {
    const u = units(['ب', '_', 'ت', '_', 'ث'], (i) => (i < 3 ? 'regular' : 'bold'));
    for (const piece of linePieces(u, logicalOrder(u.map((x) => x.cls)))) expect(new Set(piece.map((i) => u[i]!.font)).size).toBe(1);
  });
});
