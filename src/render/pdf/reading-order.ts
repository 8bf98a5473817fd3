/**
 * Text in reading order.
 *
 * Chromium (Skia) draws each line's runs left to right on the page: in a right-to-left line the
 * last word comes first. Each run (a word, a space, a number) is its own text object
 * (`BT … ET`) that sets its font and its absolute text matrix (`Tm`) and moves to its glyphs with
 * `Td`. Readers that take text in the order the page draws it (pdf.js in Firefox, mutool) give
 * the words of every right-to-left line back in reverse order.
 *
 * This module rewrites a content stream so that each line's text objects come in logical order:
 * the order of the Unicode bidirectional algorithm's reordering, undone (rule L2 on the runs'
 * resolved levels). A text object is only moved among text objects that follow each other with
 * nothing but white space between them, on the same line (the same text matrix but for x), and
 * only when it sets its own font and matrix and no other text state: its glyphs land where they
 * did, and the page renders the same. A run is never split, so neither is a word or a cluster.
 *
 * The bidi ordering is in bidi-order.ts, the reading of /ToUnicode in to-unicode.ts.
 */
import { eachOperator, tokenize, type Token } from './reversed-chars.js';
import { classify, logicalOrder } from './bidi-order.js';
import { linePieces, pdfjsRightToLeft, type PieceUnit } from './line-pieces.js';
import type { Decoder } from './to-unicode.js';
import { actualText, latin1, stringBytes, utf16Hex } from './pdf-strings.js';

/** One show string (Chromium shows one glyph a time) and what it stands for. */
interface Glyph {
  text: string;
  /** The replacement-text span (`/Span <</ActualText …>> BDC`) it is in, as written; its index. */
  span: string | undefined;
  spanId: number;
  /**
   * Byte ranges of its show string and of the operands of the move (`Td`) before it (-1 without
   * one: it goes on from the glyph before), read only when the glyph is written apart.
   */
  show: [number, number];
  move: [number, number, number, number] | undefined;
}

interface TextObject {
  start: number;
  end: number;
  /** `/F4 16 Tf`, as written. */
  font: string;
  /** Byte range of `1 0 0 -1 14.5 967 Tm`. */
  tm: [number, number];
  fontName: string;
  matrix: number[];
  /** The text matrix but for its x translation: text objects with the same key share a line. */
  line: string | undefined;
  /** Only Tf, Tm, Td, Tj and marked content, one font and one matrix: can be rewritten. */
  simple: boolean;
  glyphs: Glyph[];
  /** Shows only white space and invisible marks (a space between words). */
  blank: boolean;
  /** Byte ranges of `/ReversedChars BMC` and its EMC, and of the spans' BDC and EMC. */
  reversedMarks: Array<[number, number]>;
  spanMarks: Array<[number, number]>;
}

const SHOW = new Set(['Tj', 'TJ']);
const BLANK = /^[\s\p{Cf}]*$/u;

/** The content stream's text objects, in runs that follow each other with nothing between. */
function textObjects(bytes: Uint8Array, decode: Decoder): TextObject[][] {
  const groups: TextObject[][] = [];
  let group: TextObject[] = [];
  const close = (): void => {
    if (group.length > 0) groups.push(group);
    group = [];
  };
  const list = tokenize(bytes);
  const { kinds, starts, ends } = list;
  const text = (k: number): string => latin1(bytes, { kind: 'other', start: starts[k]!, end: ends[k]! });
  let current: TextObject | undefined;
  // Inside the current text object: the marked content open (undefined for ReversedChars, the
  // span as written) and where each began.
  let marks: Array<string | undefined> = [];
  let opened: Array<[number, number]> = [];
  let spans = 0;
  let font = '';
  let afterEt = false;
  // The move (Td) before the next show operator.
  let move: [number, number, number, number] | undefined;
  // The operands of the operator at hand are the tokens from `first` to it.
  eachOperator(bytes, list, (i, op, first) => {
    const operands = i - first;
    if (op === 'BT') {
      if (!afterEt) close();
      current = { start: starts[i]!, end: ends[i]!, font: '', tm: [0, 0], fontName: '', matrix: [], line: undefined, simple: true, glyphs: [], blank: true, reversedMarks: [], spanMarks: [] };
      marks = [];
      opened = [];
      move = undefined;
    } else if (op === 'ET') {
      if (current) {
        current.end = ends[i]!;
        if (!current.font || current.matrix.length !== 6 || marks.length > 0) current.simple = false;
        current.blank = BLANK.test(current.glyphs.map((g) => g.text).join(''));
        group.push(current);
      }
      current = undefined;
      afterEt = true;
      return;
    } else if (current) {
      if (op === 'Tf') {
        for (let k = first; k < i; k++) if (kinds[k] === 1) font = text(k).slice(1);
        if (current.font) current.simple = false;
        current.font = Buffer.from(bytes.subarray(operands ? starts[first]! : starts[i]!, ends[i]!)).toString('latin1');
        current.fontName = font;
      } else if (op === 'Tm') {
        const numbers: number[] = [];
        for (let k = first; k < i; k++) numbers.push(Number(text(k)));
        if (current.matrix.length || numbers.length !== 6 || !numbers.every(Number.isFinite)) current.simple = false;
        else {
          current.matrix = numbers;
          current.tm = [starts[first]!, ends[i]!];
          const [a, b, c, d, , f] = numbers as [number, number, number, number, number, number];
          // Lines are told apart by their matrix; only upright text (no rotation or skew) moves.
          if (b === 0 && c === 0 && a !== 0 && d !== 0) current.line = [a, d, f.toFixed(3)].join(' ');
        }
      } else if (op === 'Td') {
        if (operands !== 2 || current.matrix.length !== 6) current.simple = false;
        else move = [starts[first]!, ends[first]!, starts[first + 1]!, ends[first + 1]!];
      } else if (op === 'BMC' || op === 'BDC') {
        const tag = operands ? text(first) : '';
        const range: [number, number] = [operands ? starts[first]! : starts[i]!, ends[i]!];
        if (op === 'BMC' && tag === '/ReversedChars') {
          marks.push(undefined);
          opened.push(range);
        } else if (op === 'BDC' && tag === '/Span' && !marks.some((m) => m !== undefined)) {
          marks.push(Buffer.from(bytes.subarray(range[0], range[1])).toString('latin1'));
          opened.push(range);
          spans++;
        } else current.simple = false;
      } else if (op === 'EMC') {
        if (marks.length === 0) current.simple = false;
        else {
          const list = marks.pop() === undefined ? current.reversedMarks : current.spanMarks;
          list.push(opened.pop()!, [starts[i]!, ends[i]!]);
        }
      } else if (SHOW.has(op)) {
        const k = first;
        if (op !== 'Tj' || operands !== 1 || (kinds[k] !== 2 && kinds[k] !== 3) || current.matrix.length !== 6) current.simple = false;
        else {
          const span = marks.find((m) => m !== undefined);
          const token: Token = { kind: kinds[k] === 2 ? 'hex' : 'string', start: starts[k]!, end: ends[k]! };
          current.glyphs.push({ text: decode(font, stringBytes(bytes, token)), span, spanId: span === undefined ? -1 : spans, show: [starts[k]!, ends[k]!], move });
          move = undefined;
        }
      } else current.simple = false;
    } else {
      // Anything drawn or set between text objects (a colour, a path, marked content) ends the run.
      afterEt = false;
      close();
    }
  });
  close();
  return groups;
}

/** A text object as written, without the marked content it is told to leave out. */
function writeObject(bytes: Uint8Array, object: TextObject, withoutSpans: boolean): string {
  const cut = [...object.reversedMarks, ...(withoutSpans ? object.spanMarks : [])].sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = object.start;
  for (const [start, end] of cut) {
    out += Buffer.from(bytes.subarray(at, start)).toString('latin1');
    at = end;
  }
  return out + Buffer.from(bytes.subarray(at, object.end)).toString('latin1');
}

/** An object's text as drawn, replacement text in place of the glyphs it covers. */
function objectText(object: TextObject): string {
  let text = '';
  let k = 0;
  while (k < object.glyphs.length) {
    const g = object.glyphs[k]!;
    const replacement = g.span === undefined ? undefined : actualText(g.span);
    if (replacement === undefined) {
      text += g.text;
      k++;
    } else {
      text += replacement;
      while (k < object.glyphs.length && object.glyphs[k]!.spanId === g.spanId) k++;
    }
  }
  return text;
}

/** Part of a line's text objects drawn as one: an object's glyphs `from` … `to` (all of them, mostly). */
interface Part {
  object: TextObject;
  from: number;
  to: number;
}

const MARKS = /^\p{Mn}+$/u;

const number = (n: number): string => String(Math.round(n * 1e6) / 1e6);

/**
 * An object's glyphs `from` … `to` as a text object of their own, at the same places: the moves
 * before `from` added up into one (a glyph at `from` comes after a move, see cutAtTrailingMarks).
 */
function writeGlyphs(bytes: Uint8Array, part: Part): string {
  const { object, from, to } = part;
  const read = (start: number, end: number): string => Buffer.from(bytes.subarray(start, end)).toString('latin1');
  const moveOf = (g: Glyph): [number, number] => (g.move ? [Number(read(g.move[0], g.move[1])), Number(read(g.move[2], g.move[3]))] : [0, 0]);
  let dx = 0;
  let dy = 0;
  for (let k = 0; k < from; k++) {
    const [x, y] = moveOf(object.glyphs[k]!);
    dx += x;
    dy += y;
  }
  const shows = object.glyphs.slice(from, to).map((g, k) => {
    const show = read(g.show[0], g.show[1]);
    if (!g.move) return `${show} Tj`;
    const [x, y] = moveOf(g);
    return `${number(x + (k === 0 ? dx : 0))} ${number(y + (k === 0 ? dy : 0))} Td ${show} Tj`;
  });
  if (!object.glyphs[from]!.move && (dx !== 0 || dy !== 0)) shows.unshift(`${number(dx)} ${number(dy)} Td`);
  return ['BT', object.font.trim(), read(object.tm[0], object.tm[1]), ...shows, 'ET'].join('\n');
}

/**
 * A part's text for replacement text (what poppler reads): a word's marks drawn apart from it
 * (cutAtTrailingMarks) are read with the rest of the word, where they belong.
 */
function partText(part: Part): string {
  const { object, from, to } = part;
  if (from === 0 && to === object.glyphs.length) return objectText(object);
  if (from === 0) return '';
  return object.glyphs.slice(0, to).map((g) => g.text).join('');
}

/**
 * A right-to-left piece cut where a word's last letter carries a mark (`جاهدةً`, `بكلّ`): drawn
 * left to right, the mark comes first in the word, and pdf.js, which never weighs a mark's place,
 * puts the space before the word's next glyph, after the mark: "جاهدة ًعلى". The mark goes to the
 * end of the piece on its left instead, after the space there, and the word starts a piece of its
 * own: the pieces come back "جاهدة" + "ً على". Returns the piece's parts cut so, in reading order.
 */
function cutAtTrailingMarks(parts: Part[]): Part[][] {
  const out: Part[][] = [];
  let right: Part[] = [];
  for (let p = parts.length - 1; p >= 0; p--) {
    const part = parts[p]!;
    const before = parts[p - 1];
    const marks = leadingMarks(part);
    const leftHasLetters = parts.slice(0, p - 1).some((q) => !q.object.blank);
    if (marks > 0 && part.from === 0 && before?.object.blank && leftHasLetters) {
      out.push([{ ...part, from: marks }, ...right]);
      right = [{ ...part, to: marks }];
    } else right.unshift(part);
  }
  out.push(right);
  return out;
}

/** How many marks a part's object starts with, when a glyph placed by its own move follows them. */
function leadingMarks(part: Part): number {
  const glyphs = part.object.glyphs;
  let marks = 0;
  while (marks < glyphs.length && MARKS.test(glyphs[marks]!.text)) marks++;
  return marks > 0 && marks < glyphs.length && glyphs[marks]!.move ? marks : 0;
}

/**
 * A piece whose leftmost word starts with its last letter's marks (`نمواً` at the end of a line):
 * drawn first, a mark would join whatever run pdf.js has open (pdf.js places no mark), the line
 * before or the piece before. The marks are drawn after the piece instead, on their own (their
 * marked content ends the piece's run), so they come right after the word's letters.
 */
function marksAfterPiece(parts: Part[]): Part[][] {
  const first = parts[0]!;
  const marks = first.from === 0 && classify(objectText(first.object), false) === 'R' ? leadingMarks(first) : 0;
  if (marks === 0) return [parts];
  return [[{ ...first, from: marks }, ...parts.slice(1)], [{ ...first, to: marks }]];
}

/**
 * A line's text objects rewritten, or undefined when it is right as it is.
 *
 * The line is cut into pieces (line-pieces.ts says how: stretches of the line that pdf.js reads as
 * one run of text and reorders right), drawn in reading order, each piece's objects as they were,
 * left to right. Every object is written as it was (its own font, matrix and moves), so every
 * glyph lands where it did, but for `/ReversedChars`, which the order now says, and replacement
 * text inside a piece (a letter and its diacritics, set as one cluster): that becomes one
 * replacement text around the whole piece. Cut at each cluster, a word would be drawn out of
 * order, and readers that place replacement text by the glyphs it covers (poppler) split it.
 */
function rewriteLine(bytes: Uint8Array, line: TextObject[], fontKey: (object: TextObject) => string): string | undefined {
  const units: PieceUnit[] = line.map((object) => {
    const text = objectText(object);
    return { text: object.blank ? text || ' ' : text, cls: object.blank ? 'N' : classify(text, false), font: fontKey(object), blank: object.blank };
  });
  if (!units.some((u) => u.cls === 'R')) return undefined;
  const pieces = linePieces(units, logicalOrder(units.map((u) => u.cls)))
    .flatMap((piece) => {
      const parts = piece.map((k) => ({ object: line[k]!, from: 0, to: line[k]!.glyphs.length }));
      return pdfjsRightToLeft(piece.map((k) => units[k]!.text).join('')) ? cutAtTrailingMarks(parts) : [parts];
    })
    .flatMap(marksAfterPiece);
  if (pieces.length === 1 && pieces[0]!.every((part, k) => part.object === line[k]) && !line.some((o) => o.reversedMarks.length)) return undefined;
  const out = pieces.map((parts) => {
    const whole = (part: Part): boolean => part.from === 0 && part.to === part.object.glyphs.length;
    const replaced = parts.some((part) => part.object.spanMarks.length > 0 || !whole(part));
    const drawn = parts.map((part) => (whole(part) ? writeObject(bytes, part.object, replaced) : writeGlyphs(bytes, part))).join('\n');
    return replaced ? `/Span <</ActualText ${utf16Hex(parts.map(partText).join(''))}>> BDC\n${drawn}\nEMC` : drawn;
  });
  // The font is text state that outlives ET: leave the one the line left before.
  const lastFont = line[line.length - 1]!.font;
  const drawnLast = pieces[pieces.length - 1]!.at(-1)!.object;
  if (drawnLast.font !== lastFont) out.push(`BT\n${lastFont}\nET`);
  return out.join('\n');
}

/**
 * The content stream with each line's text in reading order; the same bytes when nothing
 * changes.
 */
export function readingOrder(bytes: Uint8Array, decode: Decoder, fontRefs: Map<string, string> = new Map()): Uint8Array {
  const fontKey = (o: TextObject): string => `${fontRefs.get(o.fontName) ?? o.fontName} ${o.font.trim().split(/\s+/).at(-2) ?? ''}`;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const group of textObjects(bytes, decode)) {
    let i = 0;
    while (i < group.length) {
      const first = group[i]!;
      let j = i + 1;
      if (first.simple && first.line !== undefined) {
        while (j < group.length && group[j]!.simple && group[j]!.line === first.line) j++;
        const text = rewriteLine(bytes, group.slice(i, j), fontKey);
        if (text !== undefined) edits.push({ start: first.start, end: group[j - 1]!.end, text });
      }
      i = j;
    }
  }
  if (edits.length === 0) return bytes;
  const out: Buffer[] = [];
  let at = 0;
  for (const edit of edits) {
    out.push(Buffer.from(bytes.subarray(at, edit.start)), Buffer.from(edit.text, 'latin1'));
    at = edit.end;
  }
  out.push(Buffer.from(bytes.subarray(at)));
  return new Uint8Array(Buffer.concat(out));
}
