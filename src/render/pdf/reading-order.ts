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
import type { Decoder } from './to-unicode.js';
import { actualText, latin1, stringBytes, utf16Hex } from './pdf-strings.js';

/** One show string (Chromium shows one glyph a time) and what it stands for. */
interface Glyph {
  text: string;
  /** The replacement-text span (`/Span <</ActualText …>> BDC`) it is in, as written; its index. */
  span: string | undefined;
  spanId: number;
}

interface TextObject {
  start: number;
  end: number;
  /** `/F4 16 Tf`, as written. */
  font: string;
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
    if (group.length > 1) groups.push(group);
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
  // The operands of the operator at hand are the tokens from `first` to it.
  eachOperator(bytes, list, (i, op, first) => {
    const operands = i - first;
    if (op === 'BT') {
      if (!afterEt) close();
      current = { start: starts[i]!, end: ends[i]!, font: '', fontName: '', matrix: [], line: undefined, simple: true, glyphs: [], blank: true, reversedMarks: [], spanMarks: [] };
      marks = [];
      opened = [];
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
          const [a, b, c, d, , f] = numbers as [number, number, number, number, number, number];
          // Lines are told apart by their matrix; only upright text (no rotation or skew) moves.
          if (b === 0 && c === 0 && a !== 0 && d !== 0) current.line = [a, d, f.toFixed(3)].join(' ');
        }
      } else if (op === 'Td') {
        if (operands !== 2 || current.matrix.length !== 6) current.simple = false;
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
          current.glyphs.push({ text: decode(font, stringBytes(bytes, token)), span, spanId: span === undefined ? -1 : spans });
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

interface Piece {
  objects: TextObject[];
  /** What the glyphs stand for, as drawn (replacement text in place of the glyphs it covers). */
  text: string;
  /** Some of its glyphs had replacement text. */
  replaced: boolean;
}

/**
 * A line's text objects rewritten, or undefined when it is right as it is.
 *
 * The line is cut into pieces, left to right: runs of text objects in one font (a reader such
 * as pdf.js starts a new run of text at every change of font and at marked content, and reads
 * each run on its own). The pieces are drawn in reading order, each piece's objects as they were,
 * left to right, so a reader that reorders a run of right-to-left text gets each piece right and
 * the pieces in order. Every object is written as it was (its own font, matrix and moves), so
 * every glyph lands where it did, but for `/ReversedChars`, which the order now says, and
 * replacement text inside a piece (a letter and its diacritics, set as one cluster): that becomes
 * one replacement text around the whole piece. Cut at each cluster, a word would be drawn out of
 * order, and readers that place replacement text by the glyphs it covers (poppler) split it.
 * White space is drawn after the pieces, so a space in another font does not cut a run.
 */
function rewriteLine(bytes: Uint8Array, line: TextObject[]): string | undefined {
  const pieces: Piece[] = [];
  // Spaces between two objects of one piece: their text joins the piece's (and their own
  // replacement text, a right-to-left mark, goes when the piece gets one).
  let pending: Array<{ object: TextObject; text: string }> = [];
  const inside = new Map<TextObject, Piece>();
  for (const object of line) {
    if (object.blank) {
      if (pieces.length) pending.push({ object, text: objectText(object) });
      continue;
    }
    let last = pieces[pieces.length - 1];
    if (!last || last.objects[0]!.font !== object.font) {
      last = { objects: [], text: '', replaced: false };
      pieces.push(last);
    } else {
      for (const p of pending) {
        last.text += p.text;
        inside.set(p.object, last);
      }
    }
    pending = [];
    last.objects.push(object);
    last.text += objectText(object);
    if (object.spanMarks.length) last.replaced = true;
  }
  const classes = pieces.map((p) => classify(p.text, false));
  if (!classes.includes('R')) return undefined;
  const out = logicalOrder(classes).map((k) => {
    const piece = pieces[k]!;
    const drawn = piece.objects.map((o) => writeObject(bytes, o, piece.replaced)).join('\n');
    return piece.replaced ? `/Span <</ActualText ${utf16Hex(piece.text)}>> BDC\n${drawn}\nEMC` : drawn;
  });
  const blanks = line.filter((t) => t.blank);
  for (const blank of blanks) out.push(writeObject(bytes, blank, inside.get(blank)?.replaced ?? false));
  // The font is text state that outlives ET: leave the one the line left before.
  const lastFont = line[line.length - 1]!.font;
  const drawnLast = blanks.length ? blanks[blanks.length - 1]! : pieces[logicalOrder(classes).at(-1)!]!.objects.at(-1)!;
  if (drawnLast.font !== lastFont) out.push(`BT\n${lastFont}\nET`);
  return out.join('\n');
}

/**
 * The content stream with each line's text in reading order; the same bytes when nothing
 * changes.
 */
export function readingOrder(bytes: Uint8Array, decode: Decoder): Uint8Array {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const group of textObjects(bytes, decode)) {
    let i = 0;
    while (i < group.length) {
      const first = group[i]!;
      let j = i + 1;
      if (first.simple && first.line !== undefined) {
        while (j < group.length && group[j]!.simple && group[j]!.line === first.line) j++;
        const text = rewriteLine(bytes, group.slice(i, j));
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
