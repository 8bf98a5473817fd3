/**
 * The cover image: an SVG from `templates/epub/cover.svg.hbs` with the title and date set as
 * glyph outlines, so it looks the same in every reading system and needs no font. Text is
 * shaped with fontkit from the bundled Amiri (the WOFF2 files the content documents embed):
 * Arabic joined and laid out right to left, Latin words and numbers left to right inside it
 * (bidi.ts), long titles wrapped over lines at spaces and set smaller when they need many.
 * Fonts load once per process, unpacked from WOFF2 first (fonts.ts): fontkit reads an unpacked
 * font several times faster than it decodes WOFF2 itself.
 * Covers are cached per title and date.
 */
import * as fontkit from 'fontkit';
import { fontFiles, unpackedFont } from '../fonts.js';
import type { TemplateSet } from '../templates.js';
import { BIDI_CONTROLS, resolveLevels } from './bidi.js';

export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;

/** Fonts of one weight, in the order a character looks for its glyph: Arabic, Latin, Latin Extended. */
type FontStack = fontkit.Font[];

const stacks = new Map<number, Promise<FontStack>>();

function fontStack(weight: number): Promise<FontStack> {
  let stack = stacks.get(weight);
  if (!stack) {
    stack = loadStack(weight);
    stacks.set(weight, stack);
  }
  return stack;
}

async function loadStack(weight: number): Promise<FontStack> {
  const files = fontFiles().filter((f) => f.weight === weight);
  if (files.length === 0) throw new Error(`no Amiri ${weight} font file found`);
  files.sort((a, b) => rank(a.name) - rank(b.name));
  return Promise.all(files.map(async (f) => fontkit.create(await unpackedFont(f)) as fontkit.Font));
}

function rank(name: string): number {
  if (name.includes('-arabic-')) return 0;
  if (name.includes('-latin-ext-')) return 2;
  return 1;
}

function fontFor(stack: FontStack, ch: string): fontkit.Font {
  const cp = ch.codePointAt(0)!;
  return stack.find((f) => f.hasGlyphForCodePoint(cp)) ?? stack[0]!;
}

/** A piece of a line shaped in one font and one direction, its glyphs in visual order. */
interface Atom {
  glyphs: fontkit.Glyph[];
  positions: fontkit.GlyphPosition[];
  width: number;
  level: 1 | 2;
  space: boolean;
}

const MAX_ATOMS = 4096;
const atoms = new Map<string, Omit<Atom, 'level' | 'space'>>();

/** Shapes text in one font and direction (cached: titles share words). */
function shape(font: fontkit.Font, fontIndex: number, text: string, rtl: boolean): Omit<Atom, 'level' | 'space'> {
  const key = `${fontIndex}${rtl ? '<' : '>'}${text}`;
  let shaped = atoms.get(key);
  if (!shaped) {
    const run = font.layout(text, undefined, rtl ? 'arab' : 'latn', undefined, rtl ? 'rtl' : 'ltr');
    shaped = { glyphs: run.glyphs, positions: run.positions, width: run.advanceWidth };
    if (atoms.size >= MAX_ATOMS) atoms.delete(atoms.keys().next().value!);
    atoms.set(key, shaped);
  }
  return shaped;
}

/**
 * The text as atoms in logical order: bidi levels are resolved over the whole text (one
 * paragraph), then cut where the level or the font changes and around every space.
 */
function atomize(text: string, stack: FontStack, weight: number): Atom[] {
  const pieces: Array<{ text: string; font: number; level: 1 | 2; space: boolean }> = [];
  for (const run of resolveLevels(text)) {
    for (const ch of run.text) {
      const space = ch === ' ';
      const font = stack.indexOf(fontFor(stack, ch));
      const last = pieces[pieces.length - 1];
      if (last && !space && !last.space && last.font === font && last.level === run.level) last.text += ch;
      else pieces.push({ text: ch, font, level: run.level, space });
    }
  }
  return pieces.map((p) => ({
    ...shape(stack[p.font]!, weight * 10 + p.font, p.text, p.level === 1),
    level: p.level,
    space: p.space,
  }));
}

/** One line: atoms in visual order (left to right) and its width in font units. */
interface ShapedLine {
  atoms: Atom[];
  width: number;
}

/** Reorders a line's atoms for display (UAX #9 L2 with levels 1 and 2). */
function visualLine(logical: Atom[]): ShapedLine {
  const line = [...logical];
  while (line[0]?.space) line.shift();
  while (line[line.length - 1]?.space) line.pop();
  // Reverse each left-to-right stretch, then the whole line.
  for (let i = 0; i < line.length; i++) {
    if (line[i]!.level !== 2) continue;
    let j = i;
    while (j < line.length && (line[j]!.level === 2)) j++;
    const reversed = line.slice(i, j).reverse();
    line.splice(i, j - i, ...reversed);
    i = j - 1;
  }
  line.reverse();
  return { atoms: line, width: line.reduce((w, a) => w + a.width, 0) };
}

function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

const outlines = new WeakMap<Atom['glyphs'], string>();

/**
 * An atom's outline as SVG path data in font units (y up, origin at the atom's start on the
 * baseline); cached with the shaped atom, so a word seen before costs nothing.
 */
function atomOutline(atom: Atom): string {
  let d = outlines.get(atom.glyphs);
  if (d !== undefined) return d;
  const parts: string[] = [];
  let pen = 0;
  atom.glyphs.forEach((glyph, i) => {
    const pos = atom.positions[i]!;
    const ox = pen + pos.xOffset;
    const oy = pos.yOffset;
    const X = (v: number) => num(ox + v);
    const Y = (v: number) => num(oy + v);
    for (const { command, args: a } of glyph.path.commands) {
      switch (command) {
        case 'moveTo':
          parts.push(`M${X(a[0]!)} ${Y(a[1]!)}`);
          break;
        case 'lineTo':
          parts.push(`L${X(a[0]!)} ${Y(a[1]!)}`);
          break;
        case 'quadraticCurveTo':
          parts.push(`Q${X(a[0]!)} ${Y(a[1]!)} ${X(a[2]!)} ${Y(a[3]!)}`);
          break;
        case 'bezierCurveTo':
          parts.push(`C${X(a[0]!)} ${Y(a[1]!)} ${X(a[2]!)} ${Y(a[3]!)} ${X(a[4]!)} ${Y(a[5]!)}`);
          break;
        case 'closePath':
          parts.push('Z');
          break;
      }
    }
    pen += pos.xAdvance;
  });
  d = parts.join('');
  outlines.set(atom.glyphs, d);
  return d;
}

/** A glyph outline placed on the cover: path data in font units and the transform that places it. */
export interface PlacedPath {
  d: string;
  /** SVG transform: scale to px, flip y, move to the pen position on the baseline. */
  transform: string;
}

/** Paths for a shaped line whose left end is at x and baseline at y, at `scale` px per font unit. */
function linePaths(line: ShapedLine, x: number, y: number, scale: number): PlacedPath[] {
  const paths: PlacedPath[] = [];
  let pen = x;
  for (const atom of line.atoms) {
    const d = atomOutline(atom);
    if (d) paths.push({ d, transform: `matrix(${num(scale)} 0 0 ${num(-scale)} ${num(pen)} ${num(y)})` });
    pen += atom.width * scale;
  }
  return paths;
}

/** Greedy line breaking at spaces: as many words on a line as fit `maxWidth` font units. */
function wrap(atomsInOrder: Atom[], maxWidth: number): ShapedLine[] {
  // Words: atoms between spaces, with the space that follows each.
  const words: Atom[][] = [[]];
  for (const atom of atomsInOrder) {
    words[words.length - 1]!.push(atom);
    if (atom.space) words.push([]);
  }
  const lines: Atom[][] = [];
  let current: Atom[] = [];
  let width = 0;
  for (const word of words) {
    if (word.length === 0) continue;
    const inked = word.filter((a) => !a.space).reduce((w, a) => w + a.width, 0);
    if (current.length > 0 && width + inked > maxWidth) {
      lines.push(current);
      current = [];
      width = 0;
    }
    current.push(...word);
    width += word.reduce((w, a) => w + a.width, 0);
  }
  if (current.length > 0) lines.push(current);
  return lines.map(visualLine);
}

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

function normalize(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(/\s+/gu, ' ').trim();
}

/** Where the title and date go on the cover. */
export async function layoutCover(text: CoverText): Promise<CoverData> {
  const title = normalize(text.title);
  const date = normalize(text.date);
  const [bold, regular] = await Promise.all([fontStack(700), fontStack(400)]);
  const upem = bold[0]!.unitsPerEm;
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
    const scale = Math.min(DATE_SIZE / regular[0]!.unitsPerEm, MAX_TITLE_WIDTH / Math.max(line.width, 1));
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
    svg = templates.render('epub/cover.svg.hbs', await layoutCover(text));
    if (byText.size >= MAX_CACHED) byText.delete(byText.keys().next().value!);
    byText.set(key, svg);
  }
  return svg;
}
