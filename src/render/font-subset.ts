/**
 * Fonts cut down to one document (HarfBuzz's subsetter, hb-subset, compiled to WebAssembly and
 * shipped with harfbuzzjs as harfbuzz-subset.wasm). Works on any list of `FontFile`s, each with
 * its CSS unicode-range: a file is kept only when the text has a character in its range, and
 * keeps those characters (cmap) and the glyphs they shape into.
 *
 * Which glyphs: Amiri puts hundreds of ligatures in `rlig`, so hb-subset's own layout closure
 * (every glyph GSUB can reach from the characters) keeps ~940 of 5,400 glyphs for a page of
 * text, 36 KB of WOFF2 per weight. Instead the text is shaped here with HarfBuzz as Chromium
 * shapes it (font-shaping.ts: the same shaper, default features, the page's language, each
 * line whole with the characters outside a face's unicode-range as .notdef, and each run of the
 * face's characters alone), and the subset keeps the glyphs that gives. A rule applies in a
 * subset only when the glyph it starts from is there, and some glyphs are only passed through
 * (Amiri's "الله"): so a trial subset keeping glyph ids shapes the same runs, and every run it
 * shapes otherwise is traced through HarfBuzz's lookups, whose glyphs are added, until the
 * subset shapes every run as the whole face does. The subset's GSUB and GPOS keep every lookup
 * whose glyphs remain (layout tables are never dropped), and `HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE`
 * stops the subsetter adding the rest back. The cmap covers every character of the text.
 *
 * Results are cached in-process by font and (characters, glyphs) hash, and on disk (font-cache.ts)
 * by font file and text, so that text cut for before needs neither HarfBuzz nor the font.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheKey, fileDigest, readEntry, SUBSET_RULES, writeEntry } from './font-cache.js';
import { parseUnicodeRange, unpackedFont, type FontFile } from './fonts.js';
import { fontOf, masked, rangeTest, sameShaping, traceGlyphs, type InRange, type Shaped } from './font-shaping.js';
import { shaper, type ShapingFont } from './hb-shape.js';
import { HB_SUBSET_FLAGS_RETAIN_GIDS, loadSubsetter, subsetFont } from './hb-subset.js';

type HarfBuzz = typeof import('harfbuzzjs');
type HbFont = InstanceType<HarfBuzz['Font']>;

/** The text a document shows, by weight: everything, and what is set bold (see page-text.ts). */
export interface ShownText {
  regular: string;
  bold: string;
  /**
   * Its language (the root's `lang`). Browsers pass the language to HarfBuzz, and a font can
   * shape differently by language (Amiri's Arabic has lookups of its own). Phrases marked in
   * another language are Latin here, and Amiri's Latin shapes the same in every language.
   */
  language: string;
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

/** One font file loaded for shaping. */
interface LoadedFont {
  file: FontFile;
  ttf: Buffer;
  /** The whole face, for shaping (hb-shape.ts). */
  whole: ShapingFont;
  /** The whole face in harfbuzzjs, for tracing lookups (made when a run needs it). */
  traced?: HbFont;
  /** Runs shaped before, by language and text (documents share most of their words). */
  shaped: Map<string, Shaped>;
}

const SHAPED_KEPT = 50_000;
const loaded = new Map<string, Promise<LoadedFont>>();
const results = new Map<string, SubsetFont>();
const RESULTS_KEPT = 256;
/** Trial subsets before giving up on shaping a run as the whole face does (a GPOS difference, say). */
const ROUNDS = 8;
/** Runs traced per trial: one missing glyph often changes many runs, and a trace costs ~3 ms. */
const TRACED_PER_ROUND = 12;

function loadFont(file: FontFile): Promise<LoadedFont> {
  let font = loaded.get(file.path);
  if (!font) {
    font = (async () => {
      const ttf = await unpackedFont(file);
      return { file, ttf, whole: shaper().font(ttf), shaped: new Map() };
    })();
    loaded.set(file.path, font);
  }
  return font;
}

interface Run {
  /** The text, characters of other faces masked (see font-shaping.ts). */
  text: string;
  language: string;
}

/**
 * What of the text a face sets: the characters in its range (`claimed`: a browser shapes them
 * with this face; those it has no glyph for, such as the bidi isolates, HarfBuzz hides or leaves
 * to the next font) and the runs to shape: each line whole and each run of its characters alone.
 * Needs no font, only its unicode-range: the disk cache's key is made from it.
 */
function textRuns(inRange: InRange, text: string, language: string): { claimed: number[]; runs: Run[] } {
  const claimed = new Set<number>();
  const pieces = new Set<string>();
  // By index, not character by character: a page's text is read once per font file.
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let runStart = -1;
    let mixed = false;
    for (let i = lineStart; i < lineEnd; ) {
      const cp = text.codePointAt(i)!;
      if (inRange(cp)) {
        claimed.add(cp);
        if (runStart < 0) runStart = i;
      } else {
        mixed = true;
        if (runStart >= 0) pieces.add(text.slice(runStart, i));
        runStart = -1;
      }
      i += cp > 0xffff ? 2 : 1;
    }
    if (runStart >= 0) pieces.add(text.slice(runStart, lineEnd));
    if (mixed) {
      const line = text.slice(lineStart, lineEnd);
      if (/\S/u.test(line)) pieces.add(masked(line, inRange));
    }
    lineStart = lineEnd + 1;
  }
  const tag = language.trim().toLowerCase();
  return { claimed: [...claimed].sort((a, b) => a - b), runs: [...pieces].map((piece) => ({ text: piece, language: tag })) };
}

/** The run shaped with the whole face (cached). */
function shapedWhole(font: LoadedFont, run: Run): Shaped {
  const key = `${run.language}\u0000${run.text}`;
  let shaped = font.shaped.get(key);
  if (!shaped) {
    shaped = shaper().shape(font.whole, run.text, run.language);
    if (font.shaped.size >= SHAPED_KEPT) font.shaped.delete(font.shaped.keys().next().value!);
    font.shaped.set(key, shaped);
  }
  return shaped;
}

/** The glyphs the subset needs so that it shapes every run as the whole face does. */
function glyphsFor(harfbuzz: HarfBuzz, hb: Awaited<ReturnType<typeof loadSubsetter>>, font: LoadedFont, unicodes: number[], runs: Run[], glyphs: Set<number>): Set<number> {
  let pending = runs;
  for (let round = 0; round < ROUNDS && pending.length > 0; round++) {
    const trial = shaper().font(subsetFont(hb, font.ttf, unicodes, glyphs, HB_SUBSET_FLAGS_RETAIN_GIDS));
    try {
      pending = pending.filter((run) => !sameShaping(shaper().shape(trial, run.text, run.language), shapedWhole(font, run)));
    } finally {
      trial.close();
    }
    if (pending.length === 0) break;
    // The shortest first: words before lines.
    const traced = [...pending].sort((a, b) => a.text.length - b.text.length).slice(0, TRACED_PER_ROUND);
    const before = glyphs.size;
    font.traced ??= fontOf(harfbuzz, font.ttf);
    for (const run of traced) for (const gid of traceGlyphs(harfbuzz, font.traced, run.text, run.language)) glyphs.add(gid);
    if (glyphs.size === before) break;
  }
  return glyphs;
}

/** Whether the face is set bold (CSS matches 600 and above to the 700 face of Amiri). */
export function isBold(file: FontFile): boolean {
  return file.weight >= 600;
}

/** What a subset depends on besides the text: matn's rules, HarfBuzz's version, the font's bytes. */
const identities = new Map<string, string>();
function fontIdentity(file: FontFile): string {
  let identity = identities.get(file.path);
  if (!identity) {
    identity = cacheKey(SUBSET_RULES, harfbuzzVersion(), fileDigest(file.path), file.unicodeRange);
    identities.set(file.path, identity);
  }
  return identity;
}

/** harfbuzzjs's version: what the cached subsets and cover layouts were shaped with. */
let hbVersion: string | undefined;
export function harfbuzzVersion(): string {
  if (hbVersion === undefined) {
    const wasm = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz.wasm');
    hbVersion = (JSON.parse(readFileSync(join(wasm, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  }
  return hbVersion;
}

/** Subsets found from the text alone, this process (documents built twice, copies). */
const byText = new Map<string, SubsetFont>();

/** The subset of one face for its runs, shaped and cut (the slow path: 0.1–0.5 s a page). */
async function cutFont(file: FontFile, claimed: number[], runs: Run[]): Promise<SubsetFont> {
  const [hb, harfbuzz, font] = await Promise.all([loadSubsetter(), import('harfbuzzjs'), loadFont(file)]);
  const nominal = (cp: number) => shaper().nominalGlyph(font.whole, cp);
  const unicodes = claimed.filter((cp) => nominal(cp) !== undefined);
  const shaped = new Set(unicodes.map((cp) => nominal(cp)!));
  for (const run of runs) {
    const glyphs = shapedWhole(font, run);
    for (let i = 0; i < glyphs.length; i += 4) shaped.add(glyphs[i]!);
  }
  const sorted = [...shaped].sort((a, b) => a - b);
  const key = createHash('sha256').update(font.file.path).update(new Uint32Array(claimed)).update('|').update(new Uint32Array(sorted)).digest('hex');
  let result = results.get(key);
  if (!result) {
    const glyphs = glyphsFor(harfbuzz, hb, font, unicodes, runs, shaped);
    result = { file: { ...font.file, unicodeRange: unicodeRangeOf(claimed) }, ttf: subsetFont(hb, font.ttf, unicodes, glyphs) };
    if (results.size >= RESULTS_KEPT) results.delete(results.keys().next().value!);
    results.set(key, result);
  }
  return result;
}

/**
 * The font files the text needs, each cut down to the characters it sets there and their glyphs;
 * files the text never uses are left out.
 */
export async function subsetFonts(files: FontFile[], shown: ShownText): Promise<SubsetFont[]> {
  // A page whose text was cut for before in this process (copies, a watched file saved again).
  const pageKey = cacheKey(shown.language, shown.regular, shown.bold, ...files.map((f) => `${f.path}\u0000${f.unicodeRange}`));
  let page = byPage.get(pageKey);
  if (!page) {
    page = subsetFontsOf(files, shown);
    if (byPage.size >= RESULTS_KEPT) byPage.delete(byPage.keys().next().value!);
    byPage.set(pageKey, page);
    page.catch(() => byPage.delete(pageKey));
  }
  return [...(await page)];
}

const byPage = new Map<string, Promise<SubsetFont[]>>();

async function subsetFontsOf(files: FontFile[], shown: ShownText): Promise<SubsetFont[]> {
  const out: SubsetFont[] = [];
  for (const file of files) {
    const { claimed, runs } = textRuns(rangeTest(file.unicodeRange, parseUnicodeRange), isBold(file) ? shown.bold : shown.regular, shown.language);
    if (claimed.length === 0) continue;
    const key = cacheKey(fontIdentity(file), shown.language.trim().toLowerCase(), runs.map((r) => r.text).join('\n'));
    let result = byText.get(key);
    if (!result) {
      const stored = readEntry<{ unicodeRange: string }>('subsets', key);
      if (stored) result = { file: { ...file, unicodeRange: stored.header.unicodeRange }, ttf: new Uint8Array(stored.payload) };
      else {
        result = await cutFont(file, claimed, runs);
        writeEntry('subsets', key, { unicodeRange: result.file.unicodeRange }, result.ttf);
      }
      if (byText.size >= RESULTS_KEPT) byText.delete(byText.keys().next().value!);
      byText.set(key, result);
    }
    out.push(result);
  }
  return out;
}
