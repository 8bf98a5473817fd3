/** Glyphs Skia maps to U+0000 get their text from their cluster's replacement text. */
import { describe, expect, it } from 'vitest';
import { mapInToUnicode, unmappedGlyphTexts, type CodeMap } from '../../src/render/pdf/glyph-text.js';

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
// F4: 0056 shadda, 0C23 unmapped (Skia's <0000>), 12F7 seen, 0C24 unmapped too.
const fonts = new Map<string, CodeMap>([['F4', new Map([[0x0056, '\u0651'], [0x0c23, '\u0000'], [0x12f7, 'س'], [0x0c24, '\u0000']])]]);

describe('unmappedGlyphTexts', () => {
  it('gives the unmapped glyph of a cluster what the replacement text has beyond the mapped glyphs', () => {
    // "يّ": the shadda glyph is mapped, the yeh glyph is not.
    const stream = 'BT /F4 16 Tf /Span<</ActualText <FEFF064A0651>>> BDC <0056> Tj 1 0 Td <0C23> Tj EMC <12F7> Tj ET';
    expect(unmappedGlyphTexts(enc(stream), fonts)).toEqual([{ font: 'F4', code: 0x0c23, text: 'ي' }]);
  });

  it('reverses several characters inside a right-to-left word, as its glyphs are', () => {
    const stream = 'BT /F4 16 Tf /ReversedChars BMC /Span<</ActualText <FEFF0644064706510627>>> BDC <0056> Tj <0C23> Tj EMC EMC ET';
    expect(unmappedGlyphTexts(enc(stream), fonts)).toEqual([{ font: 'F4', code: 0x0c23, text: 'اهل' }]);
  });

  it('guesses nothing when two glyphs of a cluster are unmapped or the mapped ones do not fit', () => {
    const two = 'BT /F4 16 Tf /Span<</ActualText <FEFF064A06510644>>> BDC <0056> Tj <0C23> Tj <0C24> Tj EMC ET';
    const misfit = 'BT /F4 16 Tf /Span<</ActualText <FEFF064A>>> BDC <0056> Tj <0C23> Tj EMC ET';
    const none = 'BT /F4 16 Tf /Span<</ActualText <FEFF064A0651>>> BDC <0056> Tj EMC ET';
    expect(unmappedGlyphTexts(enc(two), fonts)).toEqual([]);
    expect(unmappedGlyphTexts(enc(misfit), fonts)).toEqual([]);
    expect(unmappedGlyphTexts(enc(none), fonts)).toEqual([]);
  });
});

describe('mapInToUnicode', () => {
  it("replaces only the given codes' <0000> entries", () => {
    const cmap = '3 beginbfchar\n<0056> <0651>\n<0C23> <0000>\n<0C24> <0000>\nendbfchar';
    expect(mapInToUnicode(cmap, new Map([[0x0c23, 'ي'], [0x0056, 'x']]))).toBe('3 beginbfchar\n<0056> <0651>\n<0C23> <064A>\n<0C24> <0000>\nendbfchar');
  });
});
