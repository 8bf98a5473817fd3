/**
 * Fonts cut down to one document (HarfBuzz's subsetter, hb-subset, compiled to WebAssembly and
 * shipped with harfbuzzjs as harfbuzz-subset.wasm). Works on any list of `FontFile`s, each with
 * its CSS unicode-range: a file is kept only when the text has a character in its range, and
 * keeps those characters (cmap) and the glyphs they shape into.
 *
 * Which glyphs: Amiri puts hundreds of ligatures in `rlig`, so hb-subset's own layout closure
 * (every glyph GSUB can reach from the characters) keeps ~940 of 5,400 glyphs for a page of
 * text, 36 KB of WOFF2 per weight. Instead the text is shaped here with HarfBuzz, as Chromium
 * shapes it (the same shaper, default features, the page's languages, each line whole with the
 * characters outside a face's unicode-range as .notdef, and each run of the face's characters
 * alone), and the subset keeps every glyph the substitutions pass through, not only those they
 * end with: a rule applies in the subset only when its input glyph is there. The subset's GSUB
 * and GPOS keep every lookup whose glyphs remain (layout tables are never dropped), and
 * `HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE` stops the subsetter adding the rest back. Text shaped in a
 * way not foreseen here can at worst miss an optional ligature or contextual form, never a
 * character: the cmap covers every character of the text.
 *
 * Results are cached in-process by font and (characters, glyphs) hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseUnicodeRange, unpackedFont, type FontFile } from './fonts.js';

const require = createRequire(import.meta.url);

type HarfBuzz = typeof import('harfbuzzjs');
type HbFont = InstanceType<HarfBuzz['Font']>;

/** The exports of harfbuzz-subset.wasm that matn calls (C functions; pointers are numbers). */
interface SubsetExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
/** hb-subset.h: keep the glyphs asked for, do not add every glyph GSUB can reach from them. */
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
/**
 * hb-subset.h: keep the outline of .notdef. Without it a face of spaces only has an empty glyf
 * table, which Chromium's font sanitizer (OTS) refuses ("glyf: zero-length table"): the spaces
 * of bold headings then came from a system face.
 */
const HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40;

/** The text a document shows, by weight: everything, and what is set bold (see page-text.ts). */
export interface ShownText {
  regular: string;
  bold: string;
  /**
   * Its language tags (`lang` attributes). Browsers pass the language to HarfBuzz, and a font can
   * shape differently by language (Amiri's Arabic has lookups of its own), so the text is shaped
   * in each.
   */
  languages: string[];
}

/** A font file cut down to a document: plain OpenType (TrueType outlines) bytes. */
export interface SubsetFont {
  /** The file, its unicode-range narrowed to the text's characters in it (the subset maps all it has glyphs for). */
  file: FontFile;
  ttf: Uint8Array;
}

/** Code points as a CSS unicode-range, runs joined ("U+20,U+28-29,U+600-6FF"). */
export function unicodeRangeOf(codePoints: number[]): string {
  const spans: string[] = [];
  for (let i = 0; i < codePoints.length; ) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j]! + 1) j++;
    const hex = (cp: number) => cp.toString(16).toUpperCase();
    spans.push(j === i ? `U+${hex(codePoints[i]!)}` : `U+${hex(codePoints[i]!)}-${hex(codePoints[j]!)}`);
    i = j + 1;
  }
  return spans.join(',');
}

/** One font file loaded for shaping, with its parsed range. */
interface LoadedFont {
  file: FontFile;
  ttf: Buffer;
  ranges: Array<[number, number]>;
  hb: HbFont;
  /**
   * The font as Chromium shapes with a face of a family split by unicode-range: characters
   * outside the range have no glyph (.notdef), though the font may have one.
   */
  ranged: HbFont;
  /** Glyphs of runs shaped before (documents share most of their words). */
  shaped: Map<string, Uint32Array>;
}

const SHAPED_KEPT = 50_000;

let subsetter: Promise<SubsetExports> | undefined;
const loaded = new Map<string, Promise<LoadedFont>>();
const results = new Map<string, SubsetFont>();
const RESULTS_KEPT = 256;

function loadSubsetter(): Promise<SubsetExports> {
  subsetter ??= WebAssembly.instantiate(readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'))).then(({ instance }) => {
    const exports = instance.exports as unknown as SubsetExports & { _initialize?: () => void };
    exports._initialize?.();
    return exports;
  });
  return subsetter;
}

function loadFont(file: FontFile): Promise<LoadedFont> {
  let font = loaded.get(file.path);
  if (!font) {
    font = (async () => {
      const harfbuzz = await import('harfbuzzjs');
      const ttf = await unpackedFont(file);
      const ranges = parseUnicodeRange(file.unicodeRange);
      const hb = new harfbuzz.Font(new harfbuzz.Face(new harfbuzz.Blob(ttf)));
      const ranged = hb.subFont();
      const funcs = new harfbuzz.FontFuncs();
      funcs.setNominalGlyphFunc((_font, cp) => (inRanges(ranges, cp) ? hb.nominalGlyph(cp) : undefined));
      funcs.setVariationGlyphFunc((_font, cp, selector) => (inRanges(ranges, cp) ? hb.variationGlyph(cp, selector) : undefined));
      ranged.setFuncs(funcs);
      return { file, ttf, ranges, hb, ranged, shaped: new Map() };
    })();
    loaded.set(file.path, font);
  }
  return font;
}

/** Loads the subsetter and the fonts (once per process). */
export async function loadSubsetFonts(files: FontFile[]): Promise<void> {
  await Promise.all([loadSubsetter(), ...files.map(loadFont)]);
}

function inRanges(ranges: Array<[number, number]>, cp: number): boolean {
  return ranges.some(([low, high]) => cp >= low && cp <= high);
}

/** Whether a browser gives the character to this face (its glyph or, when it has none, its .notdef). */
function claims(font: LoadedFont, cp: number): boolean {
  return inRanges(font.ranges, cp);
}

/**
 * The characters of the text in this face's range (`claimed`: a browser shapes them with this
 * face; those it has no glyph for, such as the bidi isolates, HarfBuzz hides or leaves to the
 * next font), those of them it maps (`unicodes`), and the glyphs shaping them gives.
 */
function glyphsFor(harfbuzz: HarfBuzz, font: LoadedFont, text: string, languages: string[]): { claimed: number[]; unicodes: number[]; glyphs: number[] } {
  const claimed = new Set<number>();
  const unicodes = new Set<number>();
  const glyphs = new Set<number>();
  const shapeIn = (run: string, language: string) => {
    const key = `${language}\u0000${run}`;
    let ids = font.shaped.get(key);
    if (!ids) {
      const buffer = new harfbuzz.Buffer();
      buffer.addText(run);
      if (language) buffer.setLanguage(language);
      buffer.guessSegmentProperties();
      // The glyphs substitutions pass through too: a later lookup's rule needs its input glyph
      // in the subset to apply.
      const seen = new Set<number>();
      let substituting = false;
      let skipped = false;
      buffer.setMessageFunc((state, _font, message) => {
        if (message.startsWith('start table GSUB')) substituting = true;
        else if (message.startsWith('start table GPOS')) substituting = false;
        else if (substituting && (message.startsWith('end recursing') || (message.startsWith('end lookup') && !skipped))) {
          for (const info of state.getGlyphInfos()) seen.add(info.codepoint);
        }
        skipped = message.startsWith('skipped');
        return true;
      });
      harfbuzz.shape(font.ranged, buffer);
      for (const info of buffer.getGlyphInfos()) seen.add(info.codepoint);
      ids = Uint32Array.from(seen);
      if (font.shaped.size >= SHAPED_KEPT) font.shaped.delete(font.shaped.keys().next().value!);
      font.shaped.set(key, ids);
    }
    for (const id of ids) glyphs.add(id);
  };
  // Also with no language: what a browser does for text outside any `lang`.
  const tags = ['', ...new Set(languages.map((l) => l.trim().toLowerCase()).filter(Boolean))];
  const shape = (run: string) => {
    for (const language of tags) shapeIn(run, language);
  };
  // Each line as Chromium shapes it with a face of a family split by unicode-range: whole, the
  // characters outside the range as .notdef, which the face's contextual rules see as neighbours.
  for (const line of text.split('\n')) {
    for (const ch of line) {
      if (claims(font, ch.codePointAt(0)!)) {
        shape(line);
        break;
      }
    }
  }
  // Runs of characters this font sets, each shaped alone (text split apart otherwise still gets
  // its glyphs).
  let run = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (claims(font, cp)) {
      claimed.add(cp);
      if (font.hb.nominalGlyph(cp) !== undefined) unicodes.add(cp);
      run += ch;
    } else if (run) {
      shape(run);
      run = '';
    }
  }
  if (run) shape(run);
  for (const cp of unicodes) glyphs.add(font.hb.nominalGlyph(cp)!);
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return { claimed: sorted(claimed), unicodes: sorted(unicodes), glyphs: sorted(glyphs) };
}

function subset(hb: SubsetExports, ttf: Uint8Array, unicodes: number[], glyphs: number[]): Uint8Array {
  const data = hb.malloc(ttf.byteLength);
  new Uint8Array(hb.memory.buffer).set(ttf, data);
  const blob = hb.hb_blob_create(data, ttf.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  try {
    if (input === 0) throw new Error('hb-subset: out of memory');
    const unicodeSet = hb.hb_subset_input_unicode_set(input);
    for (const cp of unicodes) hb.hb_set_add(unicodeSet, cp);
    const glyphSet = hb.hb_subset_input_glyph_set(input);
    for (const gid of glyphs) hb.hb_set_add(glyphSet, gid);
    hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    const result = hb.hb_subset_or_fail(face, input);
    if (result === 0) throw new Error('hb-subset could not subset the font');
    const out = hb.hb_face_reference_blob(result);
    const at = hb.hb_blob_get_data(out, 0);
    // Copied out: the WebAssembly memory is reused (and may grow, detaching views).
    const bytes = new Uint8Array(hb.memory.buffer, at, hb.hb_blob_get_length(out)).slice();
    hb.hb_blob_destroy(out);
    hb.hb_face_destroy(result);
    if (bytes.byteLength === 0) throw new Error('hb-subset gave an empty font');
    return bytes;
  } finally {
    if (input !== 0) hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(data);
  }
}

/** Whether the face is set bold (CSS matches 600 and above to the 700 face of Amiri). */
export function isBold(file: FontFile): boolean {
  return file.weight >= 600;
}

/**
 * The font files the text needs, each cut down to the characters it sets there and their glyphs;
 * files the text never uses are left out.
 */
export async function subsetFonts(files: FontFile[], text: ShownText): Promise<SubsetFont[]> {
  const [hb, harfbuzz, fonts] = await Promise.all([loadSubsetter(), import('harfbuzzjs'), Promise.all(files.map(loadFont))]);
  const out: SubsetFont[] = [];
  for (const font of fonts) {
    const { claimed, unicodes, glyphs } = glyphsFor(harfbuzz, font, isBold(font.file) ? text.bold : text.regular, text.languages);
    if (claimed.length === 0) continue;
    const key = createHash('sha256').update(font.file.path).update(new Uint32Array(claimed)).update('|').update(new Uint32Array(glyphs)).digest('hex');
    let result = results.get(key);
    if (!result) {
      result = { file: { ...font.file, unicodeRange: unicodeRangeOf(claimed) }, ttf: subset(hb, font.ttf, unicodes, glyphs) };
      if (results.size >= RESULTS_KEPT) results.delete(results.keys().next().value!);
      results.set(key, result);
    }
    out.push(result);
  }
  return out;
}
