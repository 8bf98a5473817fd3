/** Two TrueType fonts of one face joined into one (sfnt-merge.ts), on Amiri's Arabic and Latin files. */
import { describe, expect, it } from 'vitest';
import { mergeTrueType } from '../../src/render/pdf/sfnt-merge.js';
import { primaryFonts, unpackedFont } from '../../src/render/fonts.js';

function tables(font: Uint8Array): Map<string, Buffer> {
  const b = Buffer.from(font);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < b.readUInt16BE(4); i++) {
    const at = 12 + 16 * i;
    out.set(b.toString('latin1', at, at + 4), b.subarray(b.readUInt32BE(at + 8), b.readUInt32BE(at + 8) + b.readUInt32BE(at + 12)));
  }
  return out;
}
const glyphCount = (font: Uint8Array): number => tables(font).get('maxp')!.readUInt16BE(4);
/** A glyph's outline bytes. */
function glyph(font: Uint8Array, id: number): Buffer {
  const t = tables(font);
  const long = t.get('head')!.readInt16BE(50) === 1;
  const loca = t.get('loca')!;
  const at = (i: number): number => (long ? loca.readUInt32BE(4 * i) : 2 * loca.readUInt16BE(2 * i));
  return t.get('glyf')!.subarray(at(id), at(id + 1));
}
const advance = (font: Uint8Array, id: number): number => {
  const t = tables(font);
  const long = t.get('hhea')!.readUInt16BE(34);
  return t.get('hmtx')!.readUInt16BE(4 * Math.min(id, long - 1));
};

describe('mergeTrueType', () => {
  it('puts the second font\'s glyphs after the first\'s, outlines and advances kept', async () => {
    const regular = primaryFonts().filter((f) => f.weight === 400);
    const [arabic, latin] = await Promise.all(['arabic', 'latin'].map((s) => unpackedFont(regular.find((f) => f.name.includes(`-${s}-`))!)));
    const merged = mergeTrueType([arabic!, latin!])!;
    expect(merged.offsets).toEqual([0, glyphCount(arabic!)]);
    expect(glyphCount(merged.font)).toBe(glyphCount(arabic!) + glyphCount(latin!));
    for (let id = 0; id < glyphCount(latin!); id += 7) {
      const mine = glyph(latin!, id);
      // Simple glyphs as they were (composite ones point at their components' new ids).
      if (mine.length >= 2 && mine.readInt16BE(0) >= 0) expect(glyph(merged.font, merged.offsets[1]! + id).equals(mine)).toBe(true);
      expect(advance(merged.font, merged.offsets[1]! + id)).toBe(advance(latin!, id));
    }
    expect(glyph(merged.font, 100).equals(glyph(arabic!, 100))).toBe(true);
  });

  it('refuses what it cannot read', () => {
    expect(mergeTrueType([new Uint8Array(8), new Uint8Array(8)])).toBeUndefined();
  });
});
