import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fontFiles, primaryFonts, unpackedFont } from '../../src/render/fonts.js';
import { FONT_CHAIN } from '../../src/render/font-chain.js';

const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('unpackedFont', () => {
  it('unpacks the text face and a file of every fallback family to an OpenType font with its tables', async () => {
    const firsts = FONT_CHAIN.map((c) => fontFiles().find((f) => f.family === c.family)!);
    for (const font of [...primaryFonts(), ...firsts.slice(1)]) {
      const bytes = await unpackedFont(font);
      expect(bytes.readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
      const tables = bytes.readUInt16BE(4);
      const tags = Array.from({ length: tables }, (_, i) => bytes.toString('latin1', 12 + 16 * i, 16 + 16 * i));
      expect(tags, font.name).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head']));
    }
  });

  it('gives each font its own bytes when many are asked for at once', async () => {
    const fonts = primaryFonts();
    const together = await Promise.all(fonts.map((f) => unpackedFont(f)));
    const alone: string[] = [];
    for (const f of fonts) alone.push(digest(await unpackedFont(f)));
    expect(together.map(digest)).toEqual(alone);
    expect(new Set(alone).size).toBe(fonts.length);
  });
});
