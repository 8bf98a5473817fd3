/**
 * The bundled fonts. matn ships fonts from npm (@fontsource) rather than relying on what a
 * machine has: Amiri, a Naskh face whose glyphs map back to text well in Chromium's PDFs, then the
 * fallback chain of font-chain.ts (Greek, Cyrillic, Hebrew, CJK, symbols…). fontsource's own CSS
 * gives the @font-face rules and unicode ranges; matn keeps the chain's subsets in WOFF2 and
 * points them at data URIs (one-file HTML), at files packed beside the content (EPUB), or at a
 * local URL (print). Which files a document embeds: font-choice.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FONT_CHAIN, PRIMARY_FAMILY, type ChainFamily } from './font-chain.js';
import { encodeWoff2, WOFF2_QUALITY } from './woff2/encode.js';

const require = createRequire(import.meta.url);

export interface FontFile {
  /** File name, e.g. amiri-arabic-400-normal.woff2 */
  name: string;
  /** Absolute path on disk. */
  path: string;
  /** CSS font-family, e.g. Amiri, Noto Serif KR. */
  family: string;
  weight: number;
  unicodeRange: string;
}

export const FONT_FAMILY = PRIMARY_FAMILY;

let files: FontFile[] | undefined;
const byFamily = new Map<string, FontFile[]>();

/** Every font file of the chain, in chain order, found through fontsource's stylesheets. */
export function fontFiles(): FontFile[] {
  files ??= FONT_CHAIN.flatMap(filesOf);
  return files;
}

/** The text face's files, which every output embeds (read without the rest of the chain). */
export function primaryFonts(): FontFile[] {
  return filesOf(FONT_CHAIN.find((c) => c.family === PRIMARY_FAMILY)!);
}

/** One family's files (read once, when first asked for). */
export function filesOf(chain: ChainFamily): FontFile[] {
  let found = byFamily.get(chain.family);
  if (!found) byFamily.set(chain.family, (found = familyFiles(chain)));
  return found;
}

/** Whether the family's files were read already (a document's text reached it). */
export function loadedFamily(chain: ChainFamily): boolean {
  return byFamily.has(chain.family);
}

function familyFiles(chain: ChainFamily): FontFile[] {
  const root = dirname(require.resolve(`${chain.package}/package.json`));
  const prefix = chain.package.replace(/^@fontsource\//u, '');
  const found: FontFile[] = [];
  for (const weight of chain.weights) {
    const css = readFileSync(join(root, `${weight}.css`), 'utf8');
    for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
      const url = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
      if (!url || !range || /italic/.test(url)) continue;
      const subset = url.slice(prefix.length + 1, -`-${weight}-normal.woff2`.length);
      if (!url.startsWith(`${prefix}-`) || !url.endsWith(`-${weight}-normal.woff2`)) continue;
      if (chain.subsets === 'chunks' ? !/^\d+$/u.test(subset) : !chain.subsets.includes(subset)) continue;
      const unicodeRange = chain.only ? intersectUnicodeRange(chain.range ?? range.trim(), chain.only) : (chain.range ?? range.trim());
      if (!unicodeRange) continue;
      found.push({ name: url, path: join(root, 'files', url), family: chain.family, weight, unicodeRange });
    }
  }
  return found;
}

/** A CSS unicode-range ("U+0600-06FF,U+204F,U+4??") as [first, last] code point spans. */
export function parseUnicodeRange(range: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const part of range.split(',')) {
    const m = RANGE_PART.exec(part);
    if (!m) continue;
    const low = parseInt(m[1]!.replaceAll('?', '0'), 16);
    const high = m[2] ? parseInt(m[2], 16) : parseInt(m[1]!.replaceAll('?', 'F'), 16);
    spans.push([low, high]);
  }
  return spans;
}
const RANGE_PART = /^\s*U\+([0-9A-F?]+)(?:-([0-9A-F]+))?\s*$/i;

/** Whether a CSS unicode-range covers the code point. */
export function inUnicodeRange(range: string | Array<[number, number]>, codePoint: number): boolean {
  const spans = typeof range === 'string' ? parseUnicodeRange(range) : range;
  return spans.some(([low, high]) => codePoint >= low && codePoint <= high);
}

/** The code points of both ranges, as a CSS unicode-range ("" when none). */
export function intersectUnicodeRange(a: string, b: string): string {
  const spans: Array<[number, number]> = [];
  const bSpans = parseUnicodeRange(b);
  for (const [lowA, highA] of parseUnicodeRange(a)) {
    for (const [lowB, highB] of bSpans) {
      const low = Math.max(lowA, lowB);
      const high = Math.min(highA, highB);
      if (low <= high) spans.push([low, high]);
    }
  }
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  return spans
    .sort((x, y) => x[0] - y[0])
    .map(([low, high]) => (low === high ? `U+${hex(low)}` : `U+${hex(low)}-${hex(high)}`))
    .join(',');
}

/** An @font-face rule for the file, its bytes at `src` in `format` ('woff2', or 'truetype' for a subset in an EPUB). */
export function fontFaceRule(font: FontFile, src: string, format = 'woff2'): string {
  return `@font-face{font-family:'${font.family}';font-style:normal;font-weight:${font.weight};font-display:block;src:url(${src}) format('${format}');unicode-range:${font.unicodeRange};}`;
}

const inlineRules = new Map<string, string>();

/** @font-face rules with the fonts inlined as data URIs (default: the text face's); each file read and encoded once per process. */
export function inlineFontCss(fonts: FontFile[] = primaryFonts()): string {
  return fonts
    .map((f) => {
      let rule = inlineRules.get(f.path);
      if (rule === undefined) inlineRules.set(f.path, (rule = fontFaceRule(f, `data:font/woff2;base64,${readFileSync(f.path).toString('base64')}`)));
      return rule;
    })
    .join('\n');
}

/** @font-face rules pointing at `${base}${file name}` (default: the text face's files). */
export function linkedFontCss(base: string, fonts: FontFile[] = primaryFonts()): string {
  return fonts.map((f) => fontFaceRule(f, `${base}${f.name}`)).join('\n');
}

/** Decompressions in flight, one after another (see `unpackedFont`). */
let unpacking: Promise<unknown> = Promise.resolve();

/**
 * The font as plain OpenType bytes (WOFF2 unpacked with wawoff2, Google's decoder compiled to
 * WebAssembly). The decoder hands back a view of its own memory, which its next call
 * overwrites: calls are queued, and each result copied before the next starts.
 */
export function unpackedFont(font: FontFile): Promise<Buffer> {
  // Once per file and process: the font choice reads its cmap, the subsetter its glyphs, the
  // EPUB and its cover their bytes. The bytes are never changed (HarfBuzz and the zip copy them).
  let result = unpacked.get(font.path);
  if (!result) {
    result = unpacking.then(async () => {
      const { default: decompress } = await import('wawoff2/decompress.js');
      return Buffer.from(await decompress(readFileSync(font.path)));
    });
    unpacked.set(font.path, result);
    unpacking = result.catch(() => undefined);
  }
  return result;
}
const unpacked = new Map<string, Promise<Buffer>>();

/** Which encoder `packedFont` is, with its settings (cached WOFF2 files are keyed by it). */
export const WOFF2_PACKER = `matn-woff2-1-q${WOFF2_QUALITY}`;

/** OpenType bytes as WOFF2 (matn's encoder, `woff2/encode.ts`, on Node's Brotli). */
export function packedFont(ttf: Uint8Array): Promise<Buffer> {
  return encodeWoff2(ttf);
}
