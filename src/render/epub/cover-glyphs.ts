/**
 * Setting text as glyph outlines for the cover: HarfBuzz (harfbuzzjs, the shaper browsers use,
 * compiled to WebAssembly) shapes it from the bundled Amiri (unpacked from WOFF2 by fonts.ts):
 * Arabic joined and laid out right to left, Latin words and numbers left to right inside it
 * (bidi.ts), lines wrapped at spaces. Fonts load once per process; shaped words are cached.
 */
import { primaryFonts, inUnicodeRange, parseUnicodeRange, unpackedFont, type FontFile } from '../fonts.js';
import { filesFor } from '../font-choice.js';
import { BIDI_CONTROLS, resolveLevels } from './bidi.js';

type HarfBuzz = typeof import('harfbuzzjs');
type HbFont = InstanceType<HarfBuzz['Font']>;

/** This module's file: what a cached cover layout was made by (cover.ts). */
export const COVER_GLYPHS_MODULE = import.meta.url;
export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;

type PathCommand = { type: string; values: number[] };

/** One face of a stack, shaped with HarfBuzz. */
interface StackFont {
  file: FontFile;
  /** The face's unicode-range, parsed. */
  ranges: Array<[number, number]>;
  hb: HbFont;
  upem: number;
  /** Outlines of the glyphs drawn so far (at most the font's glyph count). */
  outlines: Map<number, PathCommand[]>;
}

/** Fonts of one weight, in the order a character looks for its glyph: Arabic, Latin, Latin Extended. */
interface FontStack {
  harfbuzz: HarfBuzz;
  fonts: StackFont[];
}

const stacks = new Map<number, Promise<FontStack>>();

export function fontStack(weight: number): Promise<FontStack> {
  let stack = stacks.get(weight);
  if (!stack) {
    stack = loadStack(weight);
    stacks.set(weight, stack);
  }
  return stack;
}

async function loadStack(weight: number): Promise<FontStack> {
  const files = primaryFonts().filter((f) => f.weight === weight);
  if (files.length === 0) throw new Error(`no Amiri ${weight} font file found`);
  files.sort((a, b) => rank(a.name) - rank(b.name));
  const harfbuzz = await import('harfbuzzjs');
  const fonts = await Promise.all(
    files.map(async (f) => {
      const face = new harfbuzz.Face(new harfbuzz.Blob(await unpackedFont(f)));
      return { file: f, ranges: parseUnicodeRange(f.unicodeRange), hb: new harfbuzz.Font(face), upem: face.upem, outlines: new Map<number, PathCommand[]>() };
    }),
  );
  return { harfbuzz, fonts };
}

/**
 * Adds to the stack the fallback files of the chain (font-choice.ts) for the characters of the
 * text that none of its fonts has: a title in Greek or Korean is drawn, not boxes. A file is
 * loaded once per process; one whose units per em differ from Amiri's is not used.
 */
export async function withFallbacks(stack: FontStack, weight: number, text: string): Promise<FontStack> {
  for (const ch of new Set(text)) {
    const codePoint = ch.codePointAt(0)!;
    if (stack.fonts.some((f) => f.hb.nominalGlyph(codePoint) !== undefined)) continue;
    const files = await filesFor(codePoint);
    const file = files.find((f) => f.weight === weight) ?? files[0];
    if (!file || stack.fonts.some((f) => f.file === file)) continue;
    const face = new stack.harfbuzz.Face(new stack.harfbuzz.Blob(await unpackedFont(file)));
    if (face.upem !== stack.fonts[0]!.upem || stack.fonts.some((f) => f.file === file)) continue;
    stack.fonts.push({ file, ranges: parseUnicodeRange(file.unicodeRange), hb: new stack.harfbuzz.Font(face), upem: face.upem, outlines: new Map() });
  }
  return stack;
}

function rank(name: string): number {
  if (name.includes('-arabic-')) return 0;
  if (name.includes('-latin-ext-')) return 2;
  return 1;
}

/**
 * The font a browser would take for the character: the first whose unicode-range covers it and
 * that has a glyph for it; else the first with a glyph; else the first. (The Arabic face has
 * "(" but not ")", so choosing by glyph alone would set a bracket pair in two fonts.)
 */
function fontFor(stack: FontStack, ch: string): number {
  const cp = ch.codePointAt(0)!;
  let index = stack.fonts.findIndex((f) => inUnicodeRange(f.ranges, cp) && f.hb.nominalGlyph(cp) !== undefined);
  if (index === -1) index = stack.fonts.findIndex((f) => f.hb.nominalGlyph(cp) !== undefined);
  return index === -1 ? 0 : index;
}

/** A glyph placed in a run: its outline commands and its position (font units). */
interface PlacedGlyph {
  id: number;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** A piece of a line shaped in one font and one direction, its glyphs in visual order. */
interface Atom {
  font: StackFont;
  glyphs: PlacedGlyph[];
  width: number;
  level: 1 | 2;
  space: boolean;
}

type Shaped = Pick<Atom, 'font' | 'glyphs' | 'width'>;

const MAX_ATOMS = 4096;
const atoms = new Map<string, Shaped>();

/** Shapes text in one font and direction (cached: titles share words). */
function shape(stack: FontStack, fontIndex: number, key: string, text: string, rtl: boolean): Shaped {
  let shaped = atoms.get(key);
  if (!shaped) {
    const { harfbuzz } = stack;
    const font = stack.fonts[fontIndex]!;
    const buffer = new harfbuzz.Buffer();
    buffer.addText(text);
    buffer.setDirection(rtl ? harfbuzz.Direction.RTL : harfbuzz.Direction.LTR);
    buffer.setScript(rtl ? 'Arab' : 'Latn');
    buffer.setLanguage(rtl ? 'ar' : 'en');
    harfbuzz.shape(font.hb, buffer);
    const infos = buffer.getGlyphInfos();
    const positions = buffer.getGlyphPositions();
    const glyphs = infos.map((info, i) => ({ id: info.codepoint, xAdvance: positions[i]!.xAdvance, xOffset: positions[i]!.xOffset, yOffset: positions[i]!.yOffset }));
    shaped = { font, glyphs, width: glyphs.reduce((w, g) => w + g.xAdvance, 0) };
    if (atoms.size >= MAX_ATOMS) atoms.delete(atoms.keys().next().value!);
    atoms.set(key, shaped);
  }
  return shaped;
}

/**
 * The text as atoms in logical order: bidi levels are resolved over the whole text (one
 * paragraph), then cut where the level or the font changes and around every space.
 */
export function atomize(text: string, stack: FontStack, weight: number): Atom[] {
  const pieces: Array<{ text: string; font: number; level: 1 | 2; space: boolean }> = [];
  for (const run of resolveLevels(text)) {
    for (const ch of run.text) {
      const space = ch === ' ';
      const font = fontFor(stack, ch);
      const last = pieces[pieces.length - 1];
      if (last && !space && !last.space && last.font === font && last.level === run.level) last.text += ch;
      else pieces.push({ text: ch, font, level: run.level, space });
    }
  }
  return pieces.map((p) => {
    const rtl = p.level === 1;
    return { ...shape(stack, p.font, `${weight}:${p.font}${rtl ? '<' : '>'}${p.text}`, p.text, rtl), level: p.level, space: p.space };
  });
}

/** The glyphs a line of text is set in, left to right as drawn: each with its font file. */
export async function visualGlyphs(text: string, weight: 400 | 700): Promise<Array<{ font: string; glyph: number }>> {
  const line = visualLine(atomize(normalize(text), await withFallbacks(await fontStack(weight), weight, normalize(text)), weight));
  return line.atoms.flatMap((atom) => atom.glyphs.map((g) => ({ font: atom.font.file.name, glyph: g.id })));
}

/** One line: atoms in visual order (left to right) and its width in font units. */
export interface ShapedLine {
  atoms: Atom[];
  width: number;
}

/** Reorders a line's atoms for display (UAX #9 L2 with levels 1 and 2). */
export function visualLine(logical: Atom[]): ShapedLine {
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

const outlines = new WeakMap<PlacedGlyph[], string>();
/** A glyph's outline commands in font units, y up (cached per font: words share letters). */
function commandsOf(font: StackFont, id: number): PathCommand[] {
  let commands = font.outlines.get(id);
  if (!commands) {
    commands = font.hb.glyphToJson(id);
    font.outlines.set(id, commands);
  }
  return commands;
}

/**
 * An atom's outline as SVG path data in font units (y up, origin at the atom's start on the
 * baseline); cached with the shaped atom, so a word seen before costs nothing.
 */
function atomOutline(atom: Atom): string {
  let d = outlines.get(atom.glyphs);
  if (d !== undefined) return d;
  const parts: string[] = [];
  let pen = 0;
  for (const glyph of atom.glyphs) {
    const ox = pen + glyph.xOffset;
    const oy = glyph.yOffset;
    for (const { type, values: v } of commandsOf(atom.font, glyph.id)) {
      // Points come as x y pairs: move each by the glyph's place in the atom.
      const points = v.map((n, i) => num(n + (i % 2 === 0 ? ox : oy)));
      if (type === 'M' || type === 'L') parts.push(`${type}${points[0]} ${points[1]}`);
      else if (type === 'Q') parts.push(`Q${points[0]} ${points[1]} ${points[2]} ${points[3]}`);
      else if (type === 'C') parts.push(`C${points[0]} ${points[1]} ${points[2]} ${points[3]} ${points[4]} ${points[5]}`);
      else if (type === 'Z') parts.push('Z');
    }
    pen += glyph.xAdvance;
  }
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
export function linePaths(line: ShapedLine, x: number, y: number, scale: number): PlacedPath[] {
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
export function wrap(atomsInOrder: Atom[], maxWidth: number): ShapedLine[] {
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

export function normalize(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(/\s+/gu, ' ').trim();
}
