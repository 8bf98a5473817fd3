/**
 * Text for glyphs Chromium leaves without any.
 *
 * Where a glyph cluster stands for several characters (a letter and its diacritics, "يّ"), Skia
 * maps one glyph of the cluster in the font's /ToUnicode and the others to U+0000, and writes the
 * cluster's characters as replacement text (`/Span <</ActualText …>> BDC`). Readers that take a
 * glyph's text from /ToUnicode and ignore replacement text (pdf.js in Firefox, mutool) read the
 * NUL: "سيّما" comes back as "س ّما", a word cut in two and a letter lost. The letter is known:
 * it is what the replacement text has that the cluster's mapped glyphs do not.
 *
 * This module finds, in a content stream, the replacement-text spans with exactly one unmapped
 * glyph and the characters that glyph stands for. Inside `/ReversedChars` (a right-to-left word,
 * drawn left to right) the characters are given reversed, as the glyphs are: readers turn the
 * whole run around.
 */
import { eachOperator, tokenize } from './reversed-chars.js';
import { actualText, latin1, stringBytes } from './pdf-strings.js';

/** A font's glyph codes → text, as its /ToUnicode gives them (two-byte codes). */
export type CodeMap = Map<number, string>;

export interface GlyphText {
  /** The font's resource name (`F4`). */
  font: string;
  code: number;
  text: string;
}

/** A glyph has no text when /ToUnicode maps it to nothing or to U+0000. */
export function unmapped(text: string | undefined): boolean {
  return text === undefined || text === '' || text === '\u0000';
}

/** Characters of `whole` left when those of `part` are taken out, once each; undefined if `part` has one `whole` lacks. */
function without(whole: string, part: string): string | undefined {
  const left = [...whole];
  for (const ch of part) {
    const at = left.indexOf(ch);
    if (at < 0) return undefined;
    left.splice(at, 1);
  }
  return left.join('');
}

/** The text of each lone unmapped glyph in a replacement-text span of the content stream. */
export function unmappedGlyphTexts(bytes: Uint8Array, fonts: Map<string, CodeMap>): GlyphText[] {
  const found: GlyphText[] = [];
  const list = tokenize(bytes);
  const { kinds, starts, ends } = list;
  const text = (k: number): string => latin1(bytes, { kind: 'other', start: starts[k]!, end: ends[k]! });
  let font = '';
  // Marked content open: the span being read (its replacement text and glyphs), or reversed
  // characters, or anything else.
  const open: Array<{ kind: 'span'; actual: string; glyphs: Array<{ font: string; code: number }> } | { kind: 'reversed' | 'other' }> = [];
  eachOperator(bytes, list, (i, op, first) => {
    if (op === 'Tf') {
      for (let k = first; k < i; k++) if (kinds[k] === 1) font = text(k).slice(1);
    } else if (op === 'BMC' || op === 'BDC') {
      const tag = i > first ? text(first) : '';
      const actual = op === 'BDC' && tag === '/Span' ? actualText(Buffer.from(bytes.subarray(starts[first]!, ends[i]!)).toString('latin1')) : undefined;
      if (actual !== undefined) open.push({ kind: 'span', actual, glyphs: [] });
      else open.push({ kind: op === 'BMC' && tag === '/ReversedChars' ? 'reversed' : 'other' });
    } else if (op === 'EMC') {
      const span = open.pop();
      if (span?.kind !== 'span') return;
      const map = (g: { font: string; code: number }): string | undefined => fonts.get(g.font)?.get(g.code);
      const blank = span.glyphs.filter((g) => unmapped(map(g)));
      if (blank.length !== 1) return;
      const left = without(span.actual, span.glyphs.map((g) => (unmapped(map(g)) ? '' : map(g)!)).join(''));
      if (!left || /[\u0000\s]/u.test(left)) return;
      const glyph = blank[0]!;
      const reversed = open.some((m) => m.kind === 'reversed');
      found.push({ font: glyph.font, code: glyph.code, text: reversed ? [...left].reverse().join('') : left });
    } else if (op === 'Tj' || op === 'TJ') {
      let span: (typeof open)[number] | undefined;
      for (let m = open.length - 1; m >= 0 && span === undefined; m--) if (open[m]!.kind === 'span') span = open[m];
      if (span?.kind !== 'span') return;
      for (let k = first; k < i; k++) {
        if (kinds[k] !== 2 && kinds[k] !== 3) continue;
        const codes = stringBytes(bytes, { kind: kinds[k] === 2 ? 'hex' : 'string', start: starts[k]!, end: ends[k]! });
        for (let c = 0; c + 1 < codes.length; c += 2) span.glyphs.push({ font, code: (codes[c]! << 8) | codes[c + 1]! });
      }
    }
  });
  return found;
}

/**
 * A /ToUnicode CMap with the given codes' `<code> <0000>` entries (as Skia writes unmapped glyphs)
 * mapped to their text; codes mapped otherwise are left as they are.
 */
export function mapInToUnicode(cmap: string, texts: Map<number, string>): string {
  return cmap.replace(/<([0-9a-fA-F]{4})>(\s*)<0000>/g, (whole, code: string, space: string) => {
    const text = texts.get(parseInt(code, 16));
    if (text === undefined) return whole;
    let hex = '';
    for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
    return `<${code}>${space}<${hex}>`;
  });
}
