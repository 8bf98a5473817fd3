/**
 * The slow path of font subsetting (font-subset.ts): one face cut down to the runs of text it
 * sets. The runs are shaped with the whole face; a trial subset keeping glyph ids shapes them
 * again, and every run it shapes otherwise is traced through HarfBuzz's lookups for the glyphs
 * substitutions pass through, until the subset shapes every run as the whole face does; then the
 * subset is cut. Runs here on the font thread (font-cut-thread.ts), or on the build's thread
 * when that thread cannot start.
 */
import { createHash } from 'node:crypto';
import { unpackedFont, type FontFile } from './fonts.js';
import { fontOf, sameShaping, traceGlyphs, type Shaped } from './font-shaping.js';
import { shaper, type ShapingFont } from './hb-shape.js';
import { HB_SUBSET_FLAGS_RETAIN_GIDS, loadSubsetter, subsetFont } from './hb-subset.js';

type HarfBuzz = typeof import('harfbuzzjs');
type HbFont = InstanceType<HarfBuzz['Font']>;

/** A font file cut down to a document: plain OpenType (TrueType outlines) bytes. */
export interface SubsetFont {
  /** The file, its unicode-range narrowed to the text's characters in it (the subset maps all it has glyphs for). */
  file: FontFile;
  ttf: Uint8Array;
}

export interface Run {
  /** The text, characters of other faces masked (see font-shaping.ts). */
  text: string;
  language: string;
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

/** The subset of one face for its runs, shaped and cut (the slow path: 0.1–0.5 s a page). */
export async function cutFont(file: FontFile, claimed: number[], runs: Run[]): Promise<SubsetFont> {
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
