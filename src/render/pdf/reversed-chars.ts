/**
 * Replacement text inside right-to-left words, in the order the words are written in.
 *
 * Chromium (Skia) writes each right-to-left word as a `/ReversedChars` marked-content sequence:
 * its glyphs come left to right on the page, the reverse of reading order, and readers that
 * extract text turn the sequence around. Where one glyph cluster stands for several characters
 * (a letter and its diacritics, "يّ"; a ligature), Skia adds a `/Span <</ActualText …>>` with those
 * characters in reading order, and the readers then turn that around too: pdftotext (poppler,
 * measured) and PDFium (Chrome's viewer, by its code: the replacement characters join the line's
 * text in page order, then the right-to-left run is reversed) give "ّي", the diacritic before its
 * letter, in some 6% of the words of a voweled text. Inside `/ReversedChars` the replacement text
 * is therefore written in the same reversed order as the glyphs it stands for, so the sequence
 * reads right once turned around. (A reader that inserted replacement text after reordering the
 * line would now see the diacritic first; none of the readers checked does.)
 *
 * This module rewrites a content stream to do that, with a small tokenizer that knows PDF strings,
 * so glyph codes in show strings are never mistaken for operators.
 */

import { latin1 } from './pdf-strings.js';

/** Byte classes as lookup tables: 1 white space, 2 delimiter (faster than sets on hot paths). */
const CLASS = new Uint8Array(256);
for (const b of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[b] = 1;
for (const b of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[b] = 2;

export type TokenKind = 'name' | 'hex' | 'string' | 'dict-open' | 'dict-close' | 'array-open' | 'array-close' | 'other';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

/** Token kinds by number, for `tokenize`. */
export const KIND: Record<TokenKind, number> = { name: 1, hex: 2, string: 3, 'dict-open': 4, 'dict-close': 5, 'array-open': 6, 'array-close': 7, other: 8 };

/** Every token of a content stream in flat arrays (no object per token, for the hot paths). */
export interface TokenList {
  count: number;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * Token lists of the content streams being finished: each step reads the same bytes until one
 * rewrites them, so a stream is tokenized once per version (the lists are never changed).
 */
const tokenized = new WeakMap<Uint8Array, TokenList>();

export function tokenize(bytes: Uint8Array): TokenList {
  let list = tokenized.get(bytes);
  if (!list) tokenized.set(bytes, (list = tokenizeBytes(bytes)));
  return list;
}

function tokenizeBytes(bytes: Uint8Array): TokenList {
  const n = bytes.length;
  const list: TokenList = { count: 0, kinds: new Uint8Array(n + 1), starts: new Int32Array(n + 1), ends: new Int32Array(n + 1) };
  const push = (kind: number, start: number, end: number): void => {
    const k = list.count++;
    list.kinds[k] = kind;
    list.starts[k] = start;
    list.ends[k] = end;
  };
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (CLASS[c] === 1) {
      i++;
    } else if (c === 0x25) {
      while (i < n && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
    } else if (c === 0x28) {
      const start = i++;
      let depth = 1;
      while (i < n && depth > 0) {
        const b = bytes[i]!;
        if (b === 0x5c) i += 2;
        else {
          if (b === 0x28) depth++;
          else if (b === 0x29) depth--;
          i++;
        }
      }
      push(3, start, Math.min(i, n));
    } else if (c === 0x3c && bytes[i + 1] === 0x3c) {
      push(4, i, i + 2);
      i += 2;
    } else if (c === 0x3e && bytes[i + 1] === 0x3e) {
      push(5, i, i + 2);
      i += 2;
    } else if (c === 0x3c) {
      const start = i;
      while (i < n && bytes[i] !== 0x3e) i++;
      i++;
      push(2, start, Math.min(i, n));
    } else if (c === 0x5b || c === 0x5d) {
      push(c === 0x5b ? 6 : 7, i, i + 1);
      i++;
    } else if (c === 0x2f) {
      const start = i++;
      while (i < n && CLASS[bytes[i]!] === 0) i++;
      push(1, start, i);
    } else {
      const start = i;
      i++;
      while (i < n && CLASS[bytes[i]!] === 0) i++;
      push(8, start, i);
    }
  }
  return list;
}

const KIND_NAMES = Object.keys(KIND) as TokenKind[];

/** The tokens of a content stream one at a time, as objects (`tokenize` for hot paths). */
export function* tokens(bytes: Uint8Array): Generator<Token> {
  const list = tokenize(bytes);
  for (let k = 0; k < list.count; k++) yield { kind: KIND_NAMES[list.kinds[k]! - 1]!, start: list.starts[k]!, end: list.ends[k]! };
}

/**
 * Every operator of a content stream in order, outside dictionaries and arrays (numbers and
 * booleans are operands): `visit(k, op, first)` with its token index and the index of its first
 * operand (operands are tokens first … k-1).
 */
export function eachOperator(bytes: Uint8Array, list: TokenList, visit: (k: number, op: string, first: number) => void): void {
  const { count, kinds, starts, ends } = list;
  let first = 0;
  let depth = 0;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i]!;
    if (kind === 4 || kind === 6) depth++;
    else if (kind === 5 || kind === 7) depth = Math.max(0, depth - 1);
    if (kind !== 8 || depth > 0) continue;
    const c0 = bytes[starts[i]!]!;
    if ((c0 >= 0x30 && c0 <= 0x39) || c0 === 0x2b || c0 === 0x2d || c0 === 0x2e) continue;
    const op = latin1(bytes, { kind: 'other', start: starts[i]!, end: ends[i]! });
    if (op === 'true' || op === 'false' || op === 'null') continue;
    visit(i, op, first);
    first = i + 1;
  }
}



/** `<FEFF…>` UTF-16BE text, reversed by code point; undefined when it is not such text. */
function reversedHexText(hex: string): string | undefined {
  const digits = hex.slice(1, -1).replace(/\s+/g, '');
  if (!/^(feff|FEFF)([0-9a-fA-F]{4})+$/.test(digits)) return undefined;
  const units: number[] = [];
  for (let i = 4; i < digits.length; i += 4) units.push(parseInt(digits.slice(i, i + 4), 16));
  const text = String.fromCharCode(...units);
  const chars = Array.from(text);
  if (chars.length < 2) return undefined;
  const reversed = chars.reverse().join('');
  let out = 'FEFF';
  for (let i = 0; i < reversed.length; i++) out += reversed.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${out}>`;
}

/**
 * The content stream with every `/ActualText` inside a `/ReversedChars` sequence reversed; the
 * same bytes when there is none.
 */
export function reverseActualTextInReversedChars(bytes: Uint8Array): Uint8Array {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  // Operands since the last operator, and the open marked-content tags.
  let operands: Token[] = [];
  const marks: string[] = [];
  let dictDepth = 0;
  let arrayDepth = 0;
  for (const token of tokens(bytes)) {
    if (token.kind === 'dict-open') dictDepth++;
    else if (token.kind === 'dict-close') dictDepth = Math.max(0, dictDepth - 1);
    else if (token.kind === 'array-open') arrayDepth++;
    else if (token.kind === 'array-close') arrayDepth = Math.max(0, arrayDepth - 1);
    if (token.kind !== 'other' || dictDepth > 0 || arrayDepth > 0) {
      operands.push(token);
      continue;
    }
    // Numbers and true/false/null are operands; anything else here is an operator. Decided on the
    // bytes (content streams hold tens of thousands of tokens), without making strings.
    const c0 = bytes[token.start]!;
    const length = token.end - token.start;
    if ((c0 >= 0x30 && c0 <= 0x39) || c0 === 0x2b || c0 === 0x2d || c0 === 0x2e) {
      operands.push(token);
      continue;
    }
    if (length <= 3 && !(length === 3 && (c0 === 0x42 || c0 === 0x45))) {
      operands = []; // an ordinary operator (Tj, TJ, Tf, cm, q, Q…), not BMC, BDC or EMC
      continue;
    }
    const word = latin1(bytes, token);
    if (word === 'true' || word === 'false' || word === 'null') {
      operands.push(token);
      continue;
    }
    // An operator.
    if (word === 'BMC' || word === 'BDC') {
      const tag = operands.find((t) => t.kind === 'name');
      marks.push(tag ? latin1(bytes, tag) : '');
      if (word === 'BDC' && marks.includes('/ReversedChars')) {
        for (let k = 0; k + 1 < operands.length; k++) {
          const key = operands[k]!;
          const value = operands[k + 1]!;
          if (key.kind === 'name' && latin1(bytes, key) === '/ActualText' && value.kind === 'hex') {
            const text = reversedHexText(latin1(bytes, value));
            if (text) edits.push({ start: value.start, end: value.end, text });
          }
        }
      }
    } else if (word === 'EMC') {
      marks.pop();
    }
    operands = [];
  }
  if (edits.length === 0) return bytes;
  const parts: Buffer[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(Buffer.from(bytes.subarray(at, edit.start)), Buffer.from(edit.text, 'latin1'));
    at = edit.end;
  }
  parts.push(Buffer.from(bytes.subarray(at)));
  return new Uint8Array(Buffer.concat(parts));
}
