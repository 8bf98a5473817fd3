/**
 * The cover image: an SVG from `templates/epub/cover.svg.hbs` with the title and date set as
 * glyph outlines (cover-glyphs.ts), so it looks the same in every reading system and needs no
 * font; long titles are wrapped over lines and set smaller when they need many. Covers are cached:
 * in the process by their text, and on disk (font-cache.ts) when the text face alone sets them, so
 * a build whose covers were laid out before loads neither HarfBuzz nor the faces (~70 ms).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TemplateSet } from '../templates.js';
import { cacheKey, fileDigest, readEntry, writeEntry } from '../font-cache.js';
import { fontCoverage } from '../font-choice.js';
import { primaryFonts } from '../fonts.js';
import { harfbuzzVersion } from '../font-subset.js';
import { atomize, COVER_GLYPHS_MODULE, COVER_HEIGHT, COVER_WIDTH, fontStack, linePaths, withFallbacks, normalize, visualLine, wrap, type PlacedPath, type ShapedLine } from './cover-glyphs.js';

export { visualGlyphs, COVER_HEIGHT, COVER_WIDTH } from './cover-glyphs.js';
export interface CoverText {
  title: string;
  /** The date line, as a reader would say it ("نوفمبر 2019"), or empty. */
  date: string;
}

interface PlacedLine {
  paths: PlacedPath[];
}

export interface CoverData extends CoverText {
  width: number;
  height: number;
  titleLines: PlacedLine[];
  /** Top and bottom of the title block. */
  titleTop: number;
  titleBottom: number;
  /** A short rule between title and date. */
  ruleY: number;
  ruleX1: number;
  ruleX2: number;
  dateLine: PlacedLine | undefined;
  /** Title font size in px of the 1600 × 2560 canvas. */
  titleSize: number;
}

const TITLE_SIZES = [150, 132, 116, 102, 90, 80, 70, 62];
const MAX_TITLE_WIDTH = 1240;
const MAX_LINES = 4;
const TITLE_CENTER = 1080;
const DATE_SIZE = 72;


/** Where the title and date go on the cover. */
export async function layoutCover(text: CoverText): Promise<CoverData> {
  const title = normalize(text.title);
  const date = normalize(text.date);
  const [bold, regular] = await Promise.all([fontStack(700).then((s) => withFallbacks(s, 700, title)), fontStack(400).then((s) => withFallbacks(s, 400, date))]);
  const upem = bold.fonts[0]!.upem;
  const titleAtoms = atomize(title, bold, 700);
  let size = TITLE_SIZES[TITLE_SIZES.length - 1]!;
  let lines: ShapedLine[] = [];
  for (const candidate of TITLE_SIZES) {
    size = candidate;
    lines = wrap(titleAtoms, (MAX_TITLE_WIDTH * upem) / size);
    const fits = lines.every((l) => (l.width * size) / upem <= MAX_TITLE_WIDTH);
    if (lines.length <= MAX_LINES && fits) break;
  }
  const lineHeight = size * 1.75;
  const blockHeight = lines.length * lineHeight;
  const titleTop = Math.round(TITLE_CENTER - blockHeight / 2);
  const titleLines = lines.map((line, i) => {
    // A single word too wide for the cover is set smaller rather than cut.
    const scale = Math.min(size / upem, MAX_TITLE_WIDTH / Math.max(line.width, 1));
    const width = line.width * scale;
    const baseline = titleTop + i * lineHeight + size * 1.15;
    return { paths: linePaths(line, (COVER_WIDTH - width) / 2, baseline, scale) };
  });
  const titleBottom = Math.round(titleTop + blockHeight);
  const ruleY = titleBottom + 70;
  let dateLine: PlacedLine | undefined;
  if (date) {
    const line = visualLine(atomize(date, regular, 400));
    const scale = Math.min(DATE_SIZE / regular.fonts[0]!.upem, MAX_TITLE_WIDTH / Math.max(line.width, 1));
    dateLine = { paths: linePaths(line, (COVER_WIDTH - line.width * scale) / 2, ruleY + 60 + DATE_SIZE * 1.1, scale) };
  }
  return {
    title,
    date,
    width: COVER_WIDTH,
    height: COVER_HEIGHT,
    titleLines,
    titleTop,
    titleBottom,
    ruleY,
    ruleX1: COVER_WIDTH / 2 - 160,
    ruleX2: COVER_WIDTH / 2 + 160,
    dateLine,
    titleSize: size,
  };
}

const MAX_CACHED = 512;
const cache = new WeakMap<TemplateSet, Map<string, string>>();

/** The cover SVG for a title and date, from the template set's cover.svg.hbs (cached). */
export async function coverSvg(text: CoverText, templates: TemplateSet): Promise<string> {
  let byText = cache.get(templates);
  if (!byText) cache.set(templates, (byText = new Map()));
  const key = `${text.title}\u0000${text.date}`;
  let svg = byText.get(key);
  if (svg === undefined) {
    svg = templates.render('epub/cover.svg.hbs', await storedLayout(text));
    if (byText.size >= MAX_CACHED) byText.delete(byText.keys().next().value!);
    byText.set(key, svg);
  }
  return svg;
}

/** The layout from the font cache, or laid out (and stored when its key is known). */
async function storedLayout(text: CoverText): Promise<CoverData> {
  const key = await layoutKey(text);
  const stored = key === undefined ? undefined : readEntry<object>('covers', key);
  if (stored) return JSON.parse(stored.payload.toString('utf8')) as CoverData;
  const layout = await layoutCover(text);
  if (key !== undefined) writeEntry('covers', key, {}, Buffer.from(JSON.stringify(layout), 'utf8'));
  return layout;
}

/**
 * What a layout depends on: its text, the code that lays it out (this module's and the glyph
 * module's bytes, so a change to either is a new key, and HarfBuzz's version) and the text face's
 * files. Undefined when a
 * character needs a fallback face, which would be one more input: such covers are laid out again.
 */
async function layoutKey(text: CoverText): Promise<string | undefined> {
  const title = normalize(text.title);
  const date = normalize(text.date);
  const files = primaryFonts();
  for (const [chars, weight] of [[title, 700], [date, 400]] as const) {
    const coverage = await Promise.all(files.filter((f) => f.weight === weight).map(fontCoverage));
    for (const ch of new Set(chars)) if (!coverage.some((c) => c.has(ch.codePointAt(0)!))) return undefined;
  }
  return cacheKey(codeIdentity(), harfbuzzVersion(), ...files.map((f) => fileDigest(f.path)), title, date);
}

let code: string | undefined;
function codeIdentity(): string {
  return (code ??= cacheKey(readFileSync(fileURLToPath(import.meta.url)), readFileSync(fileURLToPath(COVER_GLYPHS_MODULE))));
}
