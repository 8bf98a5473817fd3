/**
 * Small helpers the structure plugins share: what a line's text is, whether it was forced by
 * the user, and what Arabic text looks like.
 */
import type { Paragraph, RootContent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ForcedRole } from '../tree/types.js';
import type { VFile } from 'vfile';

/** A paragraph that came from one line of a plain-text source. */
export type LineParagraph = Paragraph & { data: { matnLine: NonNullable<NonNullable<Paragraph['data']>['matnLine']> } };

export function isLine(node: RootContent | undefined): node is LineParagraph {
  return node?.type === 'paragraph' && node.data?.matnLine !== undefined;
}

export function textOf(node: RootContent | Root): string {
  return toString(node);
}

export function forcedRole(node: RootContent | undefined): ForcedRole | undefined {
  return node?.data?.matnForced?.role;
}

/** The line may be given this role: nothing forced, or forced to exactly this. */
export function mayBe(node: RootContent | undefined, role: ForcedRole): boolean {
  const forced = forcedRole(node);
  return forced === undefined || forced === 'keep' || forced === role;
}

/** Sentence-ending or list-introducing punctuation, Arabic and Latin. */
export const TERMINAL_PUNCTUATION = /[.:;!?…,،؛؟۔]["'”’»)\]]?$/u;

export const ARABIC_LETTER = /[\u0620-\u064a\u066e-\u06d3\u06fa-\u06fc]/u;

/**
 * What `\s` matches in a JavaScript regular expression (ECMAScript's WhiteSpace and LineTerminator).
 * Tested on every character of every line: Latin and Arabic letters are told apart in two comparisons.
 */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x9 && c <= 0xd);
  if (c < 0x1680) return c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Words as runs of characters between spaces (the same count as `text.split(/\s+/u).filter(Boolean)`, without the arrays). */
export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** For each UTF-16 code unit: 0 not yet seen, 1 a letter or number, 2 anything else. */
const unitKind = new Uint8Array(0x10000);

/** Is the character at `i` (code unit `unit`, a surrogate pair when `pair`) a letter or a number? */
function isLetterOrNumberAt(s: string, i: number, unit: number, pair: boolean): boolean {
  if (pair) return LETTER_OR_NUMBER.test(s.slice(i, i + 2));
  let kind = unitKind[unit]!;
  if (kind === 0) unitKind[unit] = kind = LETTER_OR_NUMBER.test(String.fromCharCode(unit)) ? 1 : 2;
  return kind === 1;
}

/** Arabic marks, tatweel, zero-width characters and bidi controls: left out of comparisons. */
function ignored(c: number): boolean {
  return (c >= 0x64b && c <= 0x65f) || c === 0x670 || c === 0x640 || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** Alef with hamza above or below, alef with madda: compared as bare alef. */
function isHamzaAlef(c: number): boolean {
  return c === 0x623 || c === 0x625 || c === 0x622;
}

/**
 * Normalise for comparing texts: NFC; no marks, tatweel, bidi controls; hamza-carrying alefs as
 * bare alef; every run of other characters (punctuation, spaces) as one space; no space at
 * either end. One pass over the text: it runs on every line of every document, so the text is
 * copied a run at a time (from `kept`), not one string per character. A run goes on over a
 * single space between words, which the result writes as it is.
 */
export function comparable(text: string): string {
  const s = text.normalize('NFC');
  let out = '';
  // the run of `s` not yet copied to `out` starts here
  let kept = 0;
  // where the characters not kept since the run (a gap, written as one space) start, or -1
  let gapAt = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (ignored(c)) {
      // left out: the run ends before it (a gap already ended the run)
      if (gapAt === -1) {
        out += s.slice(kept, i);
        kept = i + 1;
      }
      continue;
    }
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const width = pair ? 2 : 1;
    if (!isLetterOrNumberAt(s, i, c, pair)) {
      if (gapAt === -1) gapAt = i;
    } else if (gapAt !== -1) {
      const textBefore = out.length > 0 || kept < gapAt;
      // one space after text: the run goes on over it; any other gap is written as one space
      if (!(i === gapAt + 1 && s.charCodeAt(gapAt) === 0x20 && textBefore)) {
        out += s.slice(kept, gapAt) + (textBefore ? ' ' : '');
        kept = i;
      }
      gapAt = -1;
    }
    if (isHamzaAlef(c)) {
      out += s.slice(kept, i) + '\u0627';
      kept = i + 1;
    }
    i += width - 1;
  }
  return out + s.slice(kept, gapAt === -1 ? s.length : gapAt);
}

/**
 * Every match of a global regular expression in a text, as `text.matchAll(pattern)` gives them,
 * without the copy of the expression `matchAll` makes on every call (the date and number
 * patterns run on every text of every document).
 */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`allMatches needs a global pattern: ${String(pattern)}`);
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    found.push(m);
    // an empty match moves on by one character, as matchAll does
    if (m[0] === '') pattern.lastIndex += pattern.unicode && (text.codePointAt(pattern.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  return found;
}

export function meta(file: VFile) {
  return file.data.matn!;
}
