/**
 * matn's direct HarfBuzz shaper (src/render/hb-shape.ts) gives, glyph for glyph and position for
 * position, what harfbuzzjs's own wrapper gives: the font subsets rest on it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { primaryFonts, unpackedFont } from '../../src/render/fonts.js';
import { fontOf, shape } from '../../src/render/font-shaping.js';
import { shaper } from '../../src/render/hb-shape.js';
import { CORPUS, SEED } from '../helpers.js';

const hb = await import('harfbuzzjs');

describe('hb-shape', () => {
  it('shapes every line of the seed and the corpus as harfbuzzjs does, with each face', async () => {
    const lines = [SEED, ...readdirSync(CORPUS).filter((n) => n.endsWith('.txt')).map((n) => join(CORPUS, n))]
      .flatMap((path) => readFileSync(path, 'utf8').split('\n'))
      .filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(900);
    for (const file of primaryFonts().filter((f) => f.name.includes('-arabic-') || f.name.includes('-latin-'))) {
      const ttf = await unpackedFont(file);
      const theirs = fontOf(hb, ttf);
      const ours = shaper().font(ttf);
      try {
        let glyphs = 0;
        for (const line of lines) {
          const a = shaper().shape(ours, line, 'ar');
          const b = shape(hb, theirs, line, 'ar');
          glyphs += a.length / 4;
          if (a.length !== b.length || a.some((v, i) => v !== b[i])) expect.fail(`${file.name}: "${line.slice(0, 60)}" shaped otherwise`);
        }
        expect(glyphs).toBeGreaterThan(50_000);
        // Latin in another language tag, and the nominal glyphs.
        expect([...shaper().shape(ours, 'Charte des Nations unies', 'fr')]).toEqual([...shape(hb, theirs, 'Charte des Nations unies', 'fr')]);
        for (const cp of [0x627, 0x644, 0x41, 0x2603]) expect(shaper().nominalGlyph(ours, cp)).toBe(theirs.nominalGlyph(cp));
      } finally {
        ours.close();
      }
    }
  });

  it('a closed font frees its memory: shaping many trial fonts does not grow without bound', async () => {
    const ttf = await unpackedFont(primaryFonts()[0]!);
    const fonts = Array.from({ length: 50 }, () => shaper().font(ttf));
    for (const f of fonts) f.close();
    // The same memory serves again: another fifty fit without the heap growing.
    const memory = (shaper() as unknown as { hb: { memory: WebAssembly.Memory } }).hb.memory;
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 50; i++) shaper().font(ttf).close();
    expect(memory.buffer.byteLength).toBe(before);
  });
});
