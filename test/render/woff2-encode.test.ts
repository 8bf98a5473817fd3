/**
 * matn's WOFF2 encoder (src/render/woff2/): every subset matn makes for the seed and the corpus,
 * encoded here and decoded by Google's decoder (wawoff2), gives back every glyph's outline
 * (points, on-curve flags, contours, instructions, bounding box, composite records) and every
 * other table byte for byte; hmtx comes back whole from its transform; the sizes stay at or
 * below Google's encoder's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import decompress from 'wawoff2/decompress.js';
import compress from 'wawoff2/compress.js';
import { encodeWoff2, woff2Tables } from '../../src/render/woff2/encode.js';
import { primaryFonts, unpackedFont } from '../../src/render/fonts.js';
import { documentFonts } from '../../src/render/font-choice.js';
import { pageSubsetFonts } from '../../src/render/html/render-html.js';
import { processSource } from '../../src/pipeline.js';
import { readSource } from '../../src/read/source.js';
import { CORPUS, SEED } from '../helpers.js';

const sources = [SEED, ...readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => join(CORPUS, f))];

/** The sfnt's tables by tag. */
function tablesOf(font: Uint8Array): Map<string, Uint8Array> {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < v.getUint16(4); i++) {
    const e = 12 + 16 * i;
    const tag = String.fromCharCode(...font.subarray(e, e + 4));
    tables.set(tag, font.subarray(v.getUint32(e + 8), v.getUint32(e + 8) + v.getUint32(e + 12)));
  }
  return tables;
}

/** Each glyph as what it draws: contours of points (x, y, on-curve), instructions and bounding box, or its composite records. */
function glyphsOf(font: Uint8Array): unknown[] {
  const t = tablesOf(font);
  const head = new DataView(t.get('head')!.buffer, t.get('head')!.byteOffset);
  const numGlyphs = new DataView(t.get('maxp')!.buffer, t.get('maxp')!.byteOffset).getUint16(4);
  const long = head.getInt16(50) === 1;
  const loca = new DataView(t.get('loca')!.buffer, t.get('loca')!.byteOffset, t.get('loca')!.byteLength);
  const glyf = t.get('glyf')!;
  const g = new DataView(glyf.buffer, glyf.byteOffset, glyf.byteLength);
  const at = (i: number) => (long ? loca.getUint32(4 * i) : 2 * loca.getUint16(2 * i));
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const glyphs: unknown[] = [];
  for (let gid = 0; gid < numGlyphs; gid++) {
    const start = at(gid);
    if (at(gid + 1) === start) {
      glyphs.push(null);
      continue;
    }
    const nContours = g.getInt16(start);
    const bbox = [1, 2, 3, 4].map((i) => g.getInt16(start + 2 * i));
    let p = start + 10;
    if (nContours < 0) {
      let flags = 0x20;
      let instructions = false;
      while (flags & 0x20) {
        flags = g.getUint16(p);
        instructions ||= (flags & 0x100) !== 0;
        p += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
      }
      const records = hex(glyf.subarray(start + 10, p));
      glyphs.push({ bbox, records, instructions: instructions ? hex(glyf.subarray(p + 2, p + 2 + g.getUint16(p))) : '' });
      continue;
    }
    const ends = Array.from({ length: nContours }, (_, i) => g.getUint16(p + 2 * i));
    p += 2 * nContours;
    const instructions = hex(glyf.subarray(p + 2, p + 2 + g.getUint16(p)));
    p += 2 + g.getUint16(p);
    const n = nContours ? ends[nContours - 1]! + 1 : 0;
    const flags: number[] = [];
    while (flags.length < n) {
      const f = glyf[p++]!;
      flags.push(f);
      if (f & 8) for (let r = glyf[p++]!; r > 0; r--) flags.push(f);
    }
    const coords = (short: number, same: number) => {
      let v = 0;
      return flags.map((f) => {
        if (f & short) v += f & same ? glyf[p++]! : -glyf[p++]!;
        else if (!(f & same)) {
          v += g.getInt16(p);
          p += 2;
        }
        return v;
      });
    };
    const xs = coords(2, 0x10);
    const ys = coords(4, 0x20);
    const points = flags.map((f, i) => [xs[i], ys[i], f & 1]);
    glyphs.push({ bbox, ends, instructions, points, overlap: n > 0 && (flags[0]! & 0x40) !== 0 });
  }
  return glyphs;
}

/** The font decoded again equals the font: glyphs as drawn, every other table byte for byte (head without its checksum adjustment, with the transform flag). */
async function expectRoundTrip(ttf: Uint8Array, label: string): Promise<Buffer> {
  const woff2 = await encodeWoff2(ttf);
  const back = await decompress(woff2);
  expect(new DataView(woff2.buffer, woff2.byteOffset).getUint32(16), `${label}: totalSfntSize`).toBe(back.byteLength);
  const [a, b] = [tablesOf(ttf), tablesOf(back)];
  expect([...b.keys()].sort(), label).toEqual([...a.keys()].sort());
  for (const [tag, bytes] of a) {
    if (tag === 'glyf' || tag === 'loca') continue;
    const original = Buffer.from(bytes);
    const decoded = Buffer.from(b.get(tag)!);
    if (tag === 'head') {
      original.writeUInt32BE(0, 8);
      decoded.writeUInt32BE(0, 8);
      original[16]! |= 0x08; // bit 11 of flags: "lossless modifying transform"
    }
    expect(decoded.equals(original), `${label}: ${tag}`).toBe(true);
  }
  expect(glyphsOf(back), `${label}: glyphs`).toEqual(glyphsOf(ttf));
  return woff2;
}

describe('encodeWoff2', () => {
  const subsets: { label: string; ttf: Uint8Array }[] = [];
  beforeAll(async () => {
    for (const path of sources) {
      const doc = processSource(await readSource(path));
      const fonts = await pageSubsetFonts(doc, { fontFiles: (await documentFonts(doc)).files });
      for (const f of fonts) subsets.push({ label: `${path.split('/').pop()}: ${f.file.name}`, ttf: f.ttf });
    }
  }, 120_000);

  it('gives back every glyph and table of every subset matn makes for the seed and the corpus', async () => {
    expect(subsets.length).toBeGreaterThanOrEqual(sources.length * 3);
    for (const { label, ttf } of subsets) await expectRoundTrip(ttf, label);
  });

  it('transforms glyf, loca and hmtx in every subset', () => {
    for (const { label, ttf } of subsets) {
      const byTag = new Map(woff2Tables(ttf).entries.map((e) => [e.tag, e]));
      expect([byTag.get('glyf')!.transformed, byTag.get('loca')!.data.length, byTag.get('hmtx')!.version], label).toEqual([true, 0, 1]);
    }
  });

  it("is no larger than Google's encoder (wawoff2, Brotli quality 11) in all, nor 2% larger for any subset", async () => {
    let ours = 0;
    let theirs = 0;
    for (const { label, ttf } of subsets) {
      const [a, b] = [(await encodeWoff2(ttf)).length, (await compress(ttf)).length];
      expect(a, label).toBeLessThanOrEqual(b * 1.02);
      ours += a;
      theirs += b;
    }
    expect(ours).toBeLessThanOrEqual(theirs);
  });

  it('gives back a whole bundled face (thousands of glyphs, composites, long loca)', async () => {
    const face = primaryFonts().find((f) => f.weight === 400 && !/latin/.test(f.name))!;
    await expectRoundTrip(await unpackedFont(face), face.name);
  }, 60_000);

  it('keeps the overlap flag of a simple glyph (the overlapSimpleBitmap)', async () => {
    const ttf = Buffer.from(subsets[0]!.ttf);
    const t = tablesOf(ttf);
    const glyf = t.get('glyf')!;
    const loca = t.get('loca')!;
    const long = new DataView(t.get('head')!.buffer, t.get('head')!.byteOffset).getInt16(50) === 1;
    const g = new DataView(glyf.buffer, glyf.byteOffset, glyf.byteLength);
    const l = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
    const at = (i: number) => (long ? l.getUint32(4 * i) : 2 * l.getUint16(2 * i));
    let gid = 0;
    while (at(gid + 1) === at(gid) || g.getInt16(at(gid)) <= 0) gid++;
    const start = at(gid);
    const nContours = g.getInt16(start);
    const flags = start + 12 + 2 * nContours + g.getUint16(start + 10 + 2 * nContours);
    glyf[flags]! |= 0x40;
    expect((glyphsOf(ttf)[gid] as { overlap: boolean }).overlap).toBe(true);
    // The transformed glyf: optionFlags bit 0, and the glyph's bit in the bitmap after the streams.
    const transformed = woff2Tables(ttf).entries.find((e) => e.tag === 'glyf')!.data;
    const v = new DataView(transformed.buffer, transformed.byteOffset, transformed.byteLength);
    const numGlyphs = v.getUint16(4);
    const streams = Array.from({ length: 7 }, (_, i) => v.getUint32(8 + 4 * i)).reduce((a, b) => a + b, 36);
    expect(v.getUint16(2)).toBe(1);
    expect(transformed.length).toBe(streams + ((numGlyphs + 7) >> 3));
    expect(transformed[streams + (gid >> 3)]! & (0x80 >> (gid & 7))).not.toBe(0);
    // wawoff2's decoder predates the bitmap (woff2, 2022) and leaves it out; everything else comes back.
    const back = glyphsOf(await decompress(await encodeWoff2(ttf))) as { overlap?: boolean }[];
    back[gid]!.overlap = true;
    expect(back).toEqual(glyphsOf(ttf));
  });

  it('packs a font whose glyf it cannot read with the null transform, and it decodes', async () => {
    const ttf = Buffer.from(subsets[0]!.ttf);
    const v = new DataView(ttf.buffer, ttf.byteOffset);
    // loca pointing past glyf
    for (let i = 0; i < v.getUint16(4); i++) {
      const e = 12 + 16 * i;
      if (ttf.toString('latin1', e, e + 4) === 'loca') v.setUint16(v.getUint32(e + 8) + 2, 0xffff);
    }
    const byTag = new Map(woff2Tables(ttf).entries.map((e) => [e.tag, e]));
    expect([byTag.get('glyf')!.version, byTag.get('glyf')!.transformed, byTag.get('hmtx')!.version]).toEqual([3, false, 0]);
    const back = await decompress(await encodeWoff2(ttf));
    expect(Buffer.from(tablesOf(back).get('glyf')!).equals(Buffer.from(tablesOf(ttf).get('glyf')!))).toBe(true);
  });
});
