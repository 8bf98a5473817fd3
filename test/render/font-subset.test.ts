/**
 * Fonts cut down to a document: which files are kept, which characters each maps, and that
 * HarfBuzz shapes the document's text with a subset exactly as with the whole face.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { primaryFonts, inUnicodeRange, unpackedFont, type FontFile } from '../../src/render/fonts.js';
import { subsetFonts, unicodeRangeOf, type ShownText } from '../../src/render/font-subset.js';
import { boldTags, pageText } from '../../src/render/page-text.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { processSource } from '../../src/pipeline.js';
import { readSource } from '../../src/read/source.js';
import { SEED } from '../helpers.js';

const hb = await import('harfbuzzjs');
type HbFont = InstanceType<typeof hb.Font>;
const hbFont = (bytes: Uint8Array) => new hb.Font(new hb.Face(new hb.Blob(bytes)));
const unicodesOf = (bytes: Uint8Array) => [...new hb.Face(new hb.Blob(bytes)).collectUnicodes()];
const faces = (weight: number) => primaryFonts().filter((f) => f.weight === weight);
const named = (files: FontFile[], part: string) => files.find((f) => f.name.includes(`-${part}-`))!;
const text = (regular: string, bold = ''): ShownText => ({ regular, bold, language: 'ar' });

/**
 * Glyph outlines and positions of a run, as drawn: what a reader would see change. Invisible
 * glyphs (a hidden joiner, which HarfBuzz sets as the face's space when it has one) are left out.
 */
function drawn(font: HbFont, run: string): string {
  const buffer = new hb.Buffer();
  buffer.addText(run);
  buffer.setLanguage('ar');
  buffer.guessSegmentProperties();
  hb.shape(font, buffer);
  const positions = buffer.getGlyphPositions();
  const glyphs = buffer.getGlyphInfos().map((g, i) => [font.glyphToPath(g.codepoint), positions[i]!.xAdvance, positions[i]!.xOffset, positions[i]!.yOffset] as const);
  return JSON.stringify(glyphs.filter(([path, advance]) => path !== '' || advance !== 0));
}

describe('subsetFonts', () => {
  it('keeps only the files whose characters the text uses', async () => {
    const arabic = await subsetFonts(primaryFonts(), text('بسم الله'));
    expect(arabic.map((s) => s.file.name).sort()).toEqual(['amiri-arabic-400-normal.woff2', 'amiri-latin-400-normal.woff2']); // the space is Latin
    const latinExt = await subsetFonts(primaryFonts(), text('Łódź', 'Łódź'));
    expect(latinExt.map((s) => s.file.name).sort()).toEqual([
      'amiri-latin-400-normal.woff2',
      'amiri-latin-700-normal.woff2',
      'amiri-latin-ext-400-normal.woff2',
      'amiri-latin-ext-700-normal.woff2',
    ]);
  });

  it('maps every character of the text a face sets, and claims only those in its unicode-range', async () => {
    const source = 'يُمثّل الإرهاب الدولي (2019) أحد أخطر التهديدات، Café.';
    const subsets = await subsetFonts(primaryFonts(), text(source));
    expect(subsets).toHaveLength(2);
    for (const subset of subsets) {
      const whole = primaryFonts().find((f) => f.path === subset.file.path)!;
      const expected = [...new Set([...source].map((c) => c.codePointAt(0)!))].filter((cp) => inUnicodeRange(whole.unicodeRange, cp)).sort((a, b) => a - b);
      expect(expected.length, subset.file.name).toBeGreaterThan(5);
      // The cmap may also map other characters to the same glyphs (presentation forms).
      expect(unicodesOf(subset.ttf), subset.file.name).toEqual(expect.arrayContaining(expected));
      expect(subset.file.unicodeRange).toBe(unicodeRangeOf(expected));
    }
  });

  it('gives smaller TrueType fonts that keep their layout tables', async () => {
    const [subset] = await subsetFonts([named(faces(400), 'arabic')], text('يُمثّل الإرهاب الدولي'));
    const whole = await unpackedFont(subset!.file);
    expect(Buffer.from(subset!.ttf).readUInt32BE(0)).toBe(0x00010000);
    expect(subset!.ttf.byteLength).toBeLessThan(whole.byteLength / 10);
    const face = new hb.Face(new hb.Blob(subset!.ttf));
    expect(face.getTableFeatureTags('GSUB')).toEqual(expect.arrayContaining(['init', 'medi', 'fina', 'rlig']));
    expect(face.getTableFeatureTags('GPOS')).toEqual(expect.arrayContaining(['mark', 'kern']));
  });

  it('shapes the seed exactly as the whole face does: same outlines, same positions', async () => {
    const doc = processSource(await readSource(SEED));
    const html = renderHtml(doc).replace(/<style>[\s\S]*?<\/style>/u, '');
    const shown = pageText(html, '');
    for (const weight of [400, 700]) {
      const file = named(faces(weight), 'arabic');
      const [subset] = await subsetFonts([file], shown);
      const [cut, whole] = [hbFont(subset!.ttf), hbFont(await unpackedFont(file))];
      const words = (weight === 700 ? shown.bold : shown.regular).match(/[\p{Script=Arabic}\p{M}]+/gu) ?? [];
      expect(words.length).toBeGreaterThan(weight === 700 ? 20 : 1000);
      for (const word of new Set(words)) expect(drawn(cut, word), word).toBe(drawn(whole, word));
    }
  });

  it('keeps the glyphs substitutions pass through, so later rules still apply (the Allah ligature)', async () => {
    const file = named(faces(400), 'arabic');
    const [subset] = await subsetFonts([file], text('بسم الله الرحمن الرحيم، ولله الأمر'));
    const [cut, whole] = [hbFont(subset!.ttf), hbFont(await unpackedFont(file))];
    for (const word of ['الله', 'ولله', 'الرحمن']) expect(drawn(cut, word), word).toBe(drawn(whole, word));
  });

  it('joins a bold part of a word to the letters around it', async () => {
    const shown = pageText('<p>ال<b>كتاب</b>ية</p>', 'b { font-weight: 700 }');
    expect(shown.bold).toContain('\u200Dكتاب\u200D');
    const file = named(faces(700), 'arabic');
    const [subset] = await subsetFonts([file], shown);
    const [cut, whole] = [hbFont(subset!.ttf), hbFont(await unpackedFont(file))];
    expect(drawn(cut, '\u200Dكتاب\u200D')).toBe(drawn(whole, '\u200Dكتاب\u200D'));
  });

  it('gives the same bytes for the same text (cached) and different bytes for other text', async () => {
    const file = named(faces(400), 'arabic');
    const [a] = await subsetFonts([file], text('سلام'));
    const [b] = await subsetFonts([file], text('سلام'));
    const [c] = await subsetFonts([file], text('كلام'));
    expect(b!.ttf).toBe(a!.ttf);
    expect(Buffer.compare(c!.ttf, a!.ttf)).not.toBe(0);
  });
});

describe('pageText', () => {
  const css = 'h1, h2 { font-weight: 700; } summary { font-weight: bold; } p::after { content: "◆"; } @counter-style p { system: extends arabic-indic; suffix: ") "; } ol.ar { list-style-type: arabic-indic; }';

  it('takes the text between the tags, entities decoded, and leaves the style and title out', () => {
    const shown = pageText('<html lang="ar"><head><title>عنوان</title><style>x{}</style></head><body><p>نص &amp; &#x41;&#66;</p></body></html>', css);
    expect(shown.regular).toContain('نص & AB');
    expect(shown.regular).not.toContain('عنوان');
    expect(shown.regular).not.toContain('x{}');
    expect(shown.language).toBe('ar');
  });

  it('sets apart what is bold: headings, strong, and what the style sheet makes bold by tag', () => {
    const shown = pageText('<h2>عنوان <em>مائل</em></h2><p>نص <strong>قوي</strong></p><details><summary>ملخص</summary>تفاصيل</details>', css);
    expect(shown.bold).toMatch(/عنوان مائل[^]*قوي[^]*ملخص/u);
    expect(shown.bold).not.toMatch(/نص|تفاصيل/u);
    expect(shown.regular).toMatch(/عنوان[^]*نص[^]*تفاصيل/u);
  });

  it('makes everything bold-capable when a class alone is set bold', () => {
    expect(boldTags('.loud { font-weight: 700 }')).toBeUndefined();
    expect(pageText('<p class="loud">نص</p>', '.loud { font-weight: 700 }').bold).toContain('نص');
  });

  it('adds what the style sheet generates: quoted content, and list numbers in the style a list uses', () => {
    expect(pageText('<p>نص</p>', css).regular).toContain('◆');
    const decimal = pageText('<ol><li>أ</li></ol>', css).regular;
    expect(decimal).toContain('0123456789');
    expect(decimal).not.toContain('٣');
    const arabic = pageText('<ol class="ar"><li>أ</li></ol>', css).regular;
    expect(arabic).toContain('٠١٢٣٤٥٦٧٨٩');
    expect(arabic).toContain(')');
  });
});

describe('the seed page', () => {
  it('keeps the words of the template and the digits of the dates', async () => {
    const html = renderHtml(processSource(await readSource(SEED)));
    const shown = pageText(html.replace(/<style>[\s\S]*?<\/style>/u, ''), await readFile('templates/common/typography.css', 'utf8'));
    expect(shown.bold).toContain('المحتويات');
    expect(shown.regular).toContain('2019');
  });
});
