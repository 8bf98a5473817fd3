/**
 * How to cut a line of text objects into pieces that pdf.js (Firefox's viewer) reads back in
 * order. What pdf.js does (`getTextContent` in pdfjs-dist): it gathers glyphs drawn one after the
 * other into one run of text while each lands to the right of the last (a gap of 0.1 to 0.6 em
 * becomes a space; a space glyph too), and ends the run at a change of font or size, at any
 * marked-content operator, and where the next glyph lands to the left. Each run is then put
 * through its own bidi reordering, taken as right to left when at least 30% of its characters
 * are right to left (or it has four characters or fewer), and the runs are given in the order
 * they were drawn, with nothing between them.
 *
 * So a line drawn left to right as one run comes back in order when pdf.js's reordering of it is
 * the line's; that fails where the run is less than 30% Arabic (a line of web addresses), and no
 * run can cross a change of font (bold). The line is cut into pieces, drawn in reading order,
 * each left to right: a piece is a stretch of the line (its objects side by side on the page and
 * one after the other in reading order) in one font, and either has no right-to-left text (its
 * objects read left to right) or is right-to-left enough for pdf.js. A cut loses the space there
 * (the next piece starts to the left: no space is ever put there), so cuts go where words meet
 * without a space (`وMozilla`, `org،`) whenever they can.
 */
import type { RunClass } from './bidi-order.js';

export interface PieceUnit {
  /** What the object stands for, as drawn. */
  text: string;
  cls: RunClass;
  /** Font and size: pdf.js ends a run where they change. */
  font: string;
  /** Shows only white space. */
  blank: boolean;
}

/** Characters pdf.js counts as right to left (its bidi classes R, AL and AN). */
const PDFJS_RTL = /[\u0590-\u05f4\u0600-\u060b\u060d-\u064a\u0660-\u066f\u0671-\u06d5\u06e5\u06e6\u06ee\u06ef\u06fa-\u06ff\u0700-\u08ac\ufb50-\ufdff\ufe70-\ufeff]/u;

/** Whether pdf.js takes a run drawn as `text` (left to right on the page) for right to left. */
export function pdfjsRightToLeft(drawn: string): boolean {
  // Format characters (a right-to-left mark) never reach pdf.js's text.
  const text = drawn.replace(/\p{Cf}/gu, '');
  let rtl = 0;
  for (const ch of text) if (PDFJS_RTL.test(ch)) rtl++;
  if (rtl === 0) return false;
  return text.length <= 4 || rtl / text.length >= 0.3;
}

/**
 * The pieces of a line: lists of the units' indices (in visual order, left to right), the
 * pieces in reading order. `reading` is the units' reading order (bidi-order.ts).
 */
export function linePieces(units: PieceUnit[], reading: number[]): number[][] {
  const position = new Map<number, number>();
  reading.forEach((v, r) => position.set(v, r));
  const valid = (piece: number[]): boolean => {
    if (piece.length === 0) return true;
    const visual = piece.slice().sort((a, b) => a - b);
    if (visual[visual.length - 1]! - visual[0]! !== visual.length - 1) return false;
    const font = units[piece.find((i) => !units[i]!.blank) ?? piece[0]!]!.font;
    if (piece.some((i) => units[i]!.font !== font)) return false;
    const text = visual.map((i) => units[i]!.text).join('');
    if (pdfjsRightToLeft(text)) return true;
    if (visual.some((i) => units[i]!.cls === 'R')) return false;
    // Read left to right: the reading order must be the visual one.
    return visual.every((v, k) => k === 0 || position.get(v)! > position.get(visual[k - 1]!)!);
  };
  // Where two units meet without a space: a cut there loses nothing.
  const glue = (a: number, b: number): boolean => !units[a]!.blank && !units[b]!.blank && Math.abs(a - b) === 1;
  const pieces: number[][] = [];
  let current: number[] = [];
  // Neutral units (spaces, punctuation) read since the last strong one: they go with whichever
  // side they can once the next strong unit says how the piece goes on.
  let pending: number[] = [];
  const neutral = (v: number): boolean => units[v]!.cls === 'N';
  for (const v of reading) {
    if (neutral(v)) {
      pending.push(v);
      continue;
    }
    const next = [...current, ...pending, v];
    if (valid(next)) {
      current = next;
      pending = [];
      continue;
    }
    // Cut at the last place words meet without a space, if both sides stand; else before v.
    let cut = -1;
    const all = [...current, ...pending];
    for (let k = all.length - 1; k > 0 && cut < 0; k--) {
      if (glue(all[k - 1]!, all[k]!) && valid(all.slice(0, k)) && valid([...all.slice(k), v])) cut = k;
    }
    if (cut > 0) {
      pieces.push(all.slice(0, cut));
      current = [...all.slice(cut), v];
    } else if (valid(all)) {
      if (all.length) pieces.push(all);
      current = [v];
    } else {
      if (current.length) pieces.push(current);
      current = valid([...pending, v]) ? [...pending, v] : (pieces.push(...(pending.length ? [pending] : [])), [v]);
    }
    pending = [];
  }
  if (valid([...current, ...pending])) current.push(...pending);
  else if (pending.length) {
    if (current.length) pieces.push(current);
    current = pending;
  }
  if (current.length) pieces.push(current);
  return pieces.map((p) => p.slice().sort((a, b) => a - b));
}
