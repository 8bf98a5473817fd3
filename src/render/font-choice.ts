/**
 * Which bundled font files a document embeds, and which of its characters none of them has.
 *
 * A character takes its glyph from the first family of the chain (font-chain.ts) that has it, as
 * a browser does with the CSS stack: a file counts when its unicode-range covers the character
 * and its cmap (read with HarfBuzz) really has a glyph for it. The text face (Amiri) is always
 * embedded; a fallback file only when it is the first to have one of the document's characters,
 * so a document in Arabic alone carries no other font. Characters no file has are named in one
 * warning.
 */
import type { Root as HastRoot, RootContent, ElementContent, Element } from 'hast';
import type { MatnDocument } from '../pipeline.js';
import { cacheKey, fileDigest, readEntry, writeEntry } from './font-cache.js';
import { FONT_CHAIN, type ChainFamily } from './font-chain.js';
import { filesOf, loadedFamily, parseUnicodeRange, primaryFonts, unpackedFont, type FontFile } from './fonts.js';

/** Characters that need no glyph: controls, format characters (bidi marks, ZWJ/ZWNJ), spaces, variation selectors. */
const NO_GLYPH = /^[\p{Cc}\p{Cf}\p{Z}\p{Variation_Selector}\s]$/u;

/** The weights a document's text can be set in (regular, bold). */
const WEIGHTS = [400, 700];

/** How many characters the warning names before "and N more". */
const NAMED = 12;

export interface FontChoice {
  /** The files to embed: the text face's, then the fallbacks the text needs, in chain order. */
  files: FontFile[];
  /** Characters no bundled font has, with how often each occurs. */
  missing: Map<string, number>;
}

interface Candidate {
  file: FontFile;
  spans: Array<[number, number]>;
}

const candidates = new Map<string, Candidate[]>();

/** A family's files at a weight (its nearest when it has not this one); a family is read only when a character reaches it. */
function familyAt(family: ChainFamily, weight: number): Candidate[] {
  const key = `${family.family} ${weight}`;
  let found = candidates.get(key);
  if (!found) {
    const nearest = [...family.weights].sort((a, b) => Math.abs(a - weight) - Math.abs(b - weight))[0]!;
    found = filesOf(family)
      .filter((f) => f.weight === nearest)
      .map((file) => ({ file, spans: parseUnicodeRange(file.unicodeRange) }));
    candidates.set(key, found);
  }
  return found;
}

const cmaps = new Map<string, Promise<Set<number>>>();
let harfbuzz: Promise<typeof import('harfbuzzjs')> | undefined;

/**
 * The code points the file has a glyph for (its cmap): once per process, and kept in the font
 * cache by the file's bytes, so a build whose fonts are cached loads neither HarfBuzz nor the
 * WOFF2 decoder (together 60–90 ms of a one-page build).
 */
export function fontCoverage(file: FontFile): Promise<Set<number>> {
  let cmap = cmaps.get(file.path);
  if (!cmap) {
    cmap = (async () => {
      const key = cacheKey(COVERAGE_RULES, fileDigest(file.path));
      const stored = readEntry<object>('coverage', key);
      if (stored) return new Set(new Uint32Array(stored.payload.buffer.slice(stored.payload.byteOffset, stored.payload.byteOffset + stored.payload.byteLength)));
      const hb = await (harfbuzz ??= import('harfbuzzjs'));
      const codePoints = new Uint32Array(new hb.Face(new hb.Blob(await unpackedFont(file))).collectUnicodes());
      writeEntry('coverage', key, {}, new Uint8Array(codePoints.buffer, codePoints.byteOffset, codePoints.byteLength));
      return new Set(codePoints);
    })();
    cmaps.set(file.path, cmap);
  }
  return cmap;
}
/** Bump when what a coverage entry holds changes. */
const COVERAGE_RULES = 'cmap-1';

/** The first file of the chain, at this weight, that has a glyph for the code point. */
async function fileFor(codePoint: number, weight: number): Promise<FontFile | undefined> {
  for (const family of FONT_CHAIN) {
    for (const { file, spans } of familyAt(family, weight)) {
      if (!spans.some(([low, high]) => codePoint >= low && codePoint <= high)) continue;
      if ((await fontCoverage(file)).has(codePoint)) return file;
    }
  }
  return undefined;
}

const decided = new Map<number, Promise<FontFile[]>>();

/** The files that draw the code point, one per weight (none: no bundled font has it); decided once per process. */
export function filesFor(codePoint: number): Promise<FontFile[]> {
  let files = decided.get(codePoint);
  if (!files) {
    files = Promise.all(WEIGHTS.map((weight) => fileFor(codePoint, weight))).then((found) => found.filter((f) => f !== undefined));
    decided.set(codePoint, files);
  }
  return files;
}

/** The files a text needs, from how often each character occurs in it. */
export async function fontsFor(characters: Map<string, number>): Promise<FontChoice> {
  const chosen = new Set<FontFile>(primaryFonts());
  const missing = new Map<string, number>();
  for (const [ch, count] of characters) {
    if (NO_GLYPH.test(ch)) continue;
    const files = await filesFor(ch.codePointAt(0)!);
    for (const file of files) chosen.add(file);
    if (files.length === 0) missing.set(ch, count);
  }
  // in chain order, reading only the families a character reached (the CJK ones hold hundreds of files)
  return { files: FONT_CHAIN.flatMap((family) => (loadedFamily(family) ? filesOf(family).filter((f) => chosen.has(f)) : [])), missing };
}

/** Each character of the text, with how often it occurs, in the order they first occur. */
export function characterCounts(texts: Iterable<string>): Map<string, number> {
  // Counted in a table by code point for the BMP (a document's characters are almost all there),
  // in a map above it: several times faster than a map for every character.
  const bmp = (bmpCounts ??= new Uint32Array(0x10000));
  const order: number[] = [];
  const astral = new Map<number, number>();
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff) cp = text.codePointAt(i)!;
      if (cp > 0xffff) {
        const n = astral.get(cp) ?? 0;
        if (n === 0) order.push(cp);
        astral.set(cp, n + 1);
        i++;
      } else if (bmp[cp]!++ === 0) order.push(cp);
    }
  }
  const counts = new Map<string, number>();
  for (const cp of order) {
    if (cp > 0xffff) counts.set(String.fromCodePoint(cp), astral.get(cp)!);
    else {
      counts.set(String.fromCharCode(cp), bmp[cp]!);
      bmp[cp] = 0;
    }
  }
  return counts;
}
/** The table characterCounts counts in, all zero between calls. */
let bmpCounts: Uint32Array | undefined;

/**
 * Every text the outputs set from the document: its title, its text and images' descriptions.
 * Not matn's own marks that typography.css sets in a font of the reader's machine first (task
 * marks ☑ ☐, footnote back-links ↩): a symbol font for them would weigh more than the page.
 */
export function* documentTexts(doc: MatnDocument): Generator<string> {
  yield doc.meta.title;
  yield* treeTexts(doc.hast);
}

function* treeTexts(node: HastRoot | RootContent | ElementContent): Generator<string> {
  if (node.type === 'text') yield node.value;
  if (node.type === 'element' && ownMark(node)) return;
  if (node.type === 'element' && typeof node.properties['alt'] === 'string') yield node.properties['alt'];
  if ('children' in node) for (const child of node.children) yield* treeTexts(child);
}

function ownMark(node: Element): boolean {
  const classes = node.properties['className'];
  return (Array.isArray(classes) && classes.includes('task')) || node.properties['dataFootnoteBackref'] !== undefined;
}

/** The warning for characters no bundled font has, or undefined. */
export function missingGlyphWarning(missing: Map<string, number>): string | undefined {
  if (missing.size === 0) return undefined;
  const total = [...missing.values()].reduce((a, b) => a + b, 0);
  const named = [...missing]
    .slice(0, NAMED)
    .map(([ch, n]) => `${ch} U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}${n > 1 ? ` (×${n})` : ''}`);
  const more = missing.size > NAMED ? ` and ${missing.size - NAMED} more` : '';
  const kinds = missing.size === 1 ? '1 character' : `${missing.size} characters`;
  return `fonts: ${kinds} (${total} in the text) ${missing.size === 1 ? 'has' : 'have'} no glyph in matn's bundled fonts and may show as empty boxes: ${named.join(', ')}${more}`;
}

export interface DocumentFonts {
  files: FontFile[];
  /** The missing-glyph warning, when there is one. */
  warnings: string[];
}

const chosenFor = new WeakMap<MatnDocument, Promise<DocumentFonts>>();

/** The document's fonts, chosen once for all its outputs. */
export function documentFonts(doc: MatnDocument): Promise<DocumentFonts> {
  let chosen = chosenFor.get(doc);
  if (!chosen) {
    chosen = fontsFor(characterCounts(documentTexts(doc))).then(({ files, missing }) => {
      const warning = missingGlyphWarning(missing);
      return { files, warnings: warning ? [warning] : [] };
    });
    chosenFor.set(doc, chosen);
  }
  return chosen;
}
