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
 */
import { tokenize, type Token } from './reversed-chars.js';

/** Glyph codes of a font's show strings → text (from the font's /ToUnicode). */
export type Decoder = (font: string, code: Uint8Array) => string;

const RTL_LETTER = /(?=\p{L})[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;
/** European digits (bidi class EN) and Arabic-Indic digits (AN). */
const EUROPEAN_DIGIT = /[0-9\u06f0-\u06f9]/u;
const ARABIC_DIGIT = /[\u0660-\u0669\u066b\u066c]/u;

/** A run's bidi class: R (right to left), L (left to right), EN / AN (numbers), N (neutral). */
export type RunClass = 'R' | 'L' | 'EN' | 'AN' | 'N';

export function classify(text: string, reversed: boolean): RunClass {
  if (reversed || RTL_LETTER.test(text)) return 'R';
  if (LETTER.test(text)) return 'L';
  if (ARABIC_DIGIT.test(text)) return 'AN';
  if (EUROPEAN_DIGIT.test(text)) return 'EN';
  return 'N';
}

/**
 * The logical order of a line's runs, given in visual order (left to right) with their classes,
 * in a right-to-left paragraph: the indices of the runs in reading order.
 */
export function logicalOrder(classes: RunClass[]): number[] {
  const n = classes.length;
  // W7: a number after left-to-right text (only neutrals and numbers between) is left to right.
  // A left-to-right run reads left to right, so "after" is to the right on the page.
  const types = classes.slice();
  let lastStrong: RunClass = 'R';
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (t === 'R' || t === 'L') lastStrong = t;
    else if (t === 'AN') lastStrong = 'R';
    else if (t === 'EN' && lastStrong === 'L') types[i] = 'L';
  }
  // Resolved on the reading order (right to left on the page) from here.
  const reading = types.slice().reverse();
  // Levels: R 1; L, EN, AN 2; a neutral between two left-to-right runs 2, else 1 (N1, N2:
  // numbers count as right to left for the neutrals around them).
  const strongDir = (t: RunClass): 'L' | 'R' | undefined => (t === 'L' ? 'L' : t === 'N' ? undefined : 'R');
  const levels = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = reading[i]!;
    if (t === 'R') levels[i] = 1;
    else if (t !== 'N') levels[i] = 2;
    else {
      let a = i - 1;
      while (a >= 0 && reading[a] === 'N') a--;
      let b = i + 1;
      while (b < n && reading[b] === 'N') b++;
      const before = a >= 0 ? strongDir(reading[a]!) : 'R';
      const after = b < n ? strongDir(reading[b]!) : 'R';
      levels[i] = before === 'L' && after === 'L' ? 2 : 1;
    }
  }
  // Back to visual order, then L2: reverse runs of level 2, then the whole line.
  const visualLevels = levels.slice().reverse();
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; ) {
    if (visualLevels[i]! < 2) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && visualLevels[j]! >= 2) j++;
    const run = order.slice(i, j).reverse();
    order.splice(i, j - i, ...run);
    i = j;
  }
  return order.reverse();
}

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

/** A token's text (the bytes as Latin-1), without a Buffer for short tokens (operators). */
export function latin1(bytes: Uint8Array, t: Token): string {
  const length = t.end - t.start;
  if (length <= 4) {
    let s = '';
    for (let i = t.start; i < t.end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset + t.start, length).toString('latin1');
}

/** The bytes of a show string operand (literal or hex). */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function stringBytes(bytes: Uint8Array, t: Token): Uint8Array {
  if (t.kind === 'hex') {
    const out: number[] = [];
    let high = -1;
    for (let i = t.start + 1; i < t.end - 1; i++) {
      const v = hexValue(bytes[i]!);
      if (v < 0) continue;
      if (high < 0) high = v;
      else {
        out.push((high << 4) | v);
        high = -1;
      }
    }
    if (high >= 0) out.push(high << 4);
    return new Uint8Array(out);
  }
  const raw = latin1(bytes, t);
  const out: number[] = [];
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const next = raw[++i] ?? '';
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (next in simple) out.push(simple[next]!);
    else if (/[0-7]/.test(next)) {
      let oct = next;
      while (oct.length < 3 && /[0-7]/.test(raw[i + 1] ?? '')) oct += raw[++i];
      out.push(parseInt(oct, 8) & 0xff);
    } else if (next === '\r' || next === '\n') {
      if (next === '\r' && raw[i + 1] === '\n') i++;
    } else out.push(next.charCodeAt(0));
  }
  return new Uint8Array(out);
}

/** The content stream's text objects, in runs that follow each other with nothing between. */
function textObjects(bytes: Uint8Array, decode: Decoder): TextObject[][] {
  const groups: TextObject[][] = [];
  let group: TextObject[] = [];
  const close = (): void => {
    if (group.length > 1) groups.push(group);
    group = [];
  };
  const { count, kinds, starts, ends } = tokenize(bytes);
  const text = (k: number): string => latin1(bytes, { kind: 'other', start: starts[k]!, end: ends[k]! });
  // The operands of the operator at hand are the tokens from `first` to it.
  let first = 0;
  let depth = 0; // dictionaries and arrays
  let current: TextObject | undefined;
  // Inside the current text object: the marked content open (undefined for ReversedChars, the
  // span as written) and where each began.
  let marks: Array<string | undefined> = [];
  let opened: Array<[number, number]> = [];
  let spans = 0;
  let font = '';
  let afterEt = false;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i]!;
    if (kind === 4 || kind === 6) depth++;
    else if (kind === 5 || kind === 7) depth = Math.max(0, depth - 1);
    if (kind !== 8 || depth > 0) continue;
    const c0 = bytes[starts[i]!]!;
    if ((c0 >= 0x30 && c0 <= 0x39) || c0 === 0x2b || c0 === 0x2d || c0 === 0x2e) continue;
    const op = text(i);
    if (op === 'true' || op === 'false' || op === 'null') continue;
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
      first = i + 1;
      continue;
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
    first = i + 1;
  }
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

/** Text as `<FEFF…>` UTF-16BE hex. */
function utf16Hex(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** The replacement text of a `/Span <</ActualText <FEFF…>>> BDC`, or undefined. */
function actualText(span: string): string | undefined {
  const m = /\/ActualText\s*<([0-9a-fA-F\s]*)>/.exec(span);
  const hex = m?.[1]?.replace(/\s+/g, '');
  if (!hex || !/^feff/i.test(hex)) return undefined;
  let out = '';
  for (let i = 4; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
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

/** A /ToUnicode CMap's mappings: code (as bytes, hex) → text. Two-byte codes unless told. */
export function parseToUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string): string => {
    const units: number[] = [];
    for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(m[1]!.toUpperCase(), utf16(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const width = m[1]!.length;
      if (hi - lo > 0xffff) continue;
      if (m[3]!.startsWith('[')) {
        const targets = [...m[3]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((t) => t[1]!);
        targets.forEach((t, k) => map.set((lo + k).toString(16).toUpperCase().padStart(width, '0'), utf16(t)));
      } else {
        const base = m[3]!.slice(1, -1);
        const last = parseInt(base.slice(-4) || '0', 16);
        for (let code = lo; code <= hi; code++) {
          const target = base.slice(0, -4) + (last + code - lo).toString(16).padStart(4, '0');
          map.set(code.toString(16).toUpperCase().padStart(width, '0'), utf16(target));
        }
      }
    }
  }
  return map;
}

/** Decodes show strings with per-font code maps (two-byte codes, as Chromium's Type0 fonts). */
export function cmapDecoder(maps: Map<string, Map<string, string>>): Decoder {
  const numeric = new Map<string, Map<number, string>>();
  for (const [font, map] of maps) numeric.set(font, numericCodes(map));
  return codeDecoder(numeric);
}

/** The same map keyed by the codes' numbers. */
export function numericCodes(map: Map<string, string>): Map<number, string> {
  return new Map([...map].map(([code, text]) => [parseInt(code, 16), text]));
}

/** Decodes two-byte codes with per-font maps keyed by number. */
export function codeDecoder(numeric: Map<string, Map<number, string>>): Decoder {
  return (font, code) => {
    const map = numeric.get(font);
    if (!map) return '';
    let out = '';
    for (let i = 0; i + 1 < code.length; i += 2) out += map.get((code[i]! << 8) | code[i + 1]!) ?? '';
    return out;
  };
}
