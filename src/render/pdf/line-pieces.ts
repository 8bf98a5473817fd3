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

/** Whether a character reaches pdf.js's text (format characters such as a right-to-left mark do not). */
const FORMAT = /\p{Cf}/u;

/**
 * The pieces of a line: lists of the units' indices (in visual order, left to right), the
 * pieces in reading order. `reading` is the units' reading order (bidi-order.ts). Each piece is
 * the longest run in reading order from where the last one ended that pdf.js reads right, ended
 * where two words meet without a space when it can be.
 */
export function linePieces(units: PieceUnit[], reading: number[]): number[][] {
  const counts = units.map((u) => {
    let rtl = 0;
    let length = 0;
    for (const ch of u.text) {
      if (FORMAT.test(ch)) continue;
      length += ch.length;
      if (PDFJS_RTL.test(ch)) rtl++;
    }
    return { rtl, length };
  });
  // Where two units meet without a space: a cut there loses nothing.
  const glue = (a: number, b: number): boolean => !units[a]!.blank && !units[b]!.blank && Math.abs(a - b) === 1;
  const pieces: number[][] = [];
  let s = 0;
  while (s < reading.length) {
    let min = Infinity;
    let max = -Infinity;
    let rtl = 0;
    let length = 0;
    let hasR = false;
    let inOrder = true;
    let font: string | undefined;
    let lastValid = s;
    let lastGlue = -1;
    for (let e = s; e < reading.length; e++) {
      const v = reading[e]!;
      const unit = units[v]!;
      // pdf.js ends its run where the font changes (a space in another font too): no piece goes on past one.
      font ??= unit.font;
      if (unit.font !== font) break;
      if (e > s && v < reading[e - 1]!) inOrder = false;
      min = Math.min(min, v);
      max = Math.max(max, v);
      rtl += counts[v]!.rtl;
      length += counts[v]!.length;
      if (unit.cls === 'R') hasR = true;
      const contiguous = max - min === e - s;
      const rightToLeft = rtl > 0 && (length <= 4 || rtl / length >= 0.3);
      if (!contiguous || !(rightToLeft || (!hasR && rtl === 0 && inOrder))) continue;
      lastValid = e;
      if (e + 1 < reading.length && glue(v, reading[e + 1]!)) lastGlue = e;
    }
    const end = lastValid === reading.length - 1 || lastGlue < 0 ? lastValid : lastGlue;
    pieces.push(reading.slice(s, end + 1).sort((a, b) => a - b));
    s = end + 1;
  }
  return pieces;
}
