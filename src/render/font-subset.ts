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
 * The shaping and cutting (font-cut.ts) run on a thread of their own (font-cut-thread.ts), so a
 * build parses and renders its other documents meanwhile. Results are cached in-process by font
 * and (characters, glyphs) hash, and on disk (font-cache.ts) by font file and text, so that text
 * cut for before needs neither HarfBuzz nor the font.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheKey, readEntry, SUBSET_RULES, writeEntry } from './font-cache.js';
import { parseUnicodeRange, type FontFile } from './fonts.js';
import { masked, rangeTest, type InRange } from './font-shaping.js';
import type { Run, SubsetFont } from './font-cut.js';
import { cutFontOffThread } from './font-cut-thread.js';

export { unicodeRangeOf, type SubsetFont } from './font-cut.js';
/** Pages and subsets kept in memory. */
const KEPT = 256;

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

/** Whether the face is set bold (CSS matches 600 and above to the 700 face of Amiri). */
export function isBold(file: FontFile): boolean {
  return file.weight >= 600;
}

/** What a subset depends on besides the text: matn's rules, HarfBuzz's version, the font's bytes. */
const identities = new Map<string, string>();
function fontIdentity(file: FontFile): string {
  let identity = identities.get(file.path);
  if (!identity) {
    identity = cacheKey(SUBSET_RULES, harfbuzzVersion(), readFileSync(file.path), file.unicodeRange);
    identities.set(file.path, identity);
  }
  return identity;
}

let hbVersion: string | undefined;
function harfbuzzVersion(): string {
  if (hbVersion === undefined) {
    const wasm = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz.wasm');
    hbVersion = (JSON.parse(readFileSync(join(wasm, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  }
  return hbVersion;
}

/** Subsets found from the text alone, this process (documents built twice, copies). */
const byText = new Map<string, Promise<SubsetFont>>();


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
    if (byPage.size >= KEPT) byPage.delete(byPage.keys().next().value!);
    byPage.set(pageKey, page);
    page.catch(() => byPage.delete(pageKey));
  }
  return [...(await page)];
}

const byPage = new Map<string, Promise<SubsetFont[]>>();

/** Every face's subset asked for at once: the font thread cuts them one after another, without a round trip between. */
async function subsetFontsOf(files: FontFile[], shown: ShownText): Promise<SubsetFont[]> {
  const subsets = await Promise.all(files.map((file) => subsetOf(file, shown)));
  return subsets.filter((s): s is SubsetFont => s !== undefined);
}

/** One face's subset for the text (undefined: the text has no character in its range). */
async function subsetOf(file: FontFile, shown: ShownText): Promise<SubsetFont | undefined> {
  const { claimed, runs } = textRuns(rangeTest(file.unicodeRange, parseUnicodeRange), isBold(file) ? shown.bold : shown.regular, shown.language);
  if (claimed.length === 0) return undefined;
  const key = cacheKey(fontIdentity(file), shown.language.trim().toLowerCase(), runs.map((r) => r.text).join('\n'));
  let result = byText.get(key);
  if (!result) {
    const stored = readEntry<{ unicodeRange: string }>('subsets', key);
    result = stored ? Promise.resolve({ file: { ...file, unicodeRange: stored.header.unicodeRange }, ttf: new Uint8Array(stored.payload) }) : cut(file, claimed, runs, key);
    if (byText.size >= KEPT) byText.delete(byText.keys().next().value!);
    byText.set(key, result);
    result.catch(() => byText.delete(key));
  }
  return result;
}

async function cut(file: FontFile, claimed: number[], runs: Run[], key: string): Promise<SubsetFont> {
  const subset = await cutFontOffThread(file, claimed, runs);
  writeEntry('subsets', key, { unicodeRange: subset.file.unicodeRange }, subset.ttf);
  return subset;
}
