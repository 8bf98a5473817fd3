/**
 * The bundled Arabic text face. matn ships fonts from npm (@fontsource) rather than relying on
 * what a machine has: Amiri, a Naskh face whose glyphs map back to text well in Chromium's PDFs.
 * fontsource's own CSS gives the @font-face rules and unicode ranges; matn keeps the Arabic,
 * Latin and Latin Extended subsets in WOFF2 and points them at data URIs (one-file HTML), at
 * files packed beside the content (EPUB), or at a local URL (print).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface FontFile {
  /** File name, e.g. amiri-arabic-400-normal.woff2 */
  name: string;
  /** Absolute path on disk. */
  path: string;
  weight: number;
  unicodeRange: string;
}

export const FONT_FAMILY = 'Amiri';
const PACKAGE = '@fontsource/amiri';
const SUBSETS = ['arabic', 'latin', 'latin-ext'];
const WEIGHTS = [400, 700];

let files: FontFile[] | undefined;

/** The font files matn embeds, found through fontsource's stylesheets. */
export function fontFiles(): FontFile[] {
  if (files) return files;
  const root = dirname(require.resolve(`${PACKAGE}/package.json`));
  const found: FontFile[] = [];
  for (const weight of WEIGHTS) {
    const css = readFileSync(join(root, `${weight}.css`), 'utf8');
    for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
      const url = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
      if (!url || !range || /italic/.test(url)) continue;
      if (!SUBSETS.some((s) => url === `amiri-${s}-${weight}-normal.woff2`)) continue;
      found.push({ name: url, path: join(root, 'files', url), weight, unicodeRange: range.trim() });
    }
  }
  files = found;
  return found;
}

/** A CSS unicode-range ("U+0600-06FF,U+204F,U+4??") as [first, last] code point spans. */
export function parseUnicodeRange(range: string): Array<[number, number]> {
  return range.split(',').flatMap((part): Array<[number, number]> => {
    const m = /^\s*U\+([0-9A-F?]+)(?:-([0-9A-F]+))?\s*$/iu.exec(part);
    if (!m) return [];
    const low = parseInt(m[1]!.replaceAll('?', '0'), 16);
    const high = m[2] ? parseInt(m[2], 16) : parseInt(m[1]!.replaceAll('?', 'F'), 16);
    return [[low, high]];
  });
}

/** Whether a CSS unicode-range covers the code point. */
export function inUnicodeRange(range: string | Array<[number, number]>, codePoint: number): boolean {
  const spans = typeof range === 'string' ? parseUnicodeRange(range) : range;
  return spans.some(([low, high]) => codePoint >= low && codePoint <= high);
}

/** An @font-face rule for the file, its bytes at `src` in `format` ('woff2', or 'truetype' for a subset in an EPUB). */
export function fontFaceRule(font: FontFile, src: string, format = 'woff2'): string {
  return `@font-face{font-family:'${FONT_FAMILY}';font-style:normal;font-weight:${font.weight};font-display:block;src:url(${src}) format('${format}');unicode-range:${font.unicodeRange};}`;
}

let inlineCss: string | undefined;

/** @font-face rules with the fonts inlined as data URIs (computed once per process). */
export function inlineFontCss(): string {
  inlineCss ??= fontFiles()
    .map((f) => fontFaceRule(f, `data:font/woff2;base64,${readFileSync(f.path).toString('base64')}`))
    .join('\n');
  return inlineCss;
}

/** @font-face rules pointing at `${base}${file name}`. */
export function linkedFontCss(base: string): string {
  return fontFiles()
    .map((f) => fontFaceRule(f, `${base}${f.name}`))
    .join('\n');
}

/** Decompressions in flight, one after another (see `unpackedFont`). */
let unpacking: Promise<unknown> = Promise.resolve();

/**
 * The font as plain OpenType bytes (WOFF2 unpacked with wawoff2, Google's decoder compiled to
 * WebAssembly). The decoder hands back a view of its own memory, which its next call
 * overwrites: calls are queued, and each result copied before the next starts.
 */
export function unpackedFont(font: FontFile): Promise<Buffer> {
  const result = unpacking.then(async () => {
    const { default: decompress } = await import('wawoff2/decompress.js');
    return Buffer.from(await decompress(readFileSync(font.path)));
  });
  unpacking = result.catch(() => undefined);
  return result;
}

/** Compressions in flight, one after another (the same reason as `unpacking`). */
let packing: Promise<unknown> = Promise.resolve();

/** OpenType bytes as WOFF2 (wawoff2: Google's encoder, Brotli at its best and slowest). */
export function packedFont(ttf: Uint8Array): Promise<Buffer> {
  const result = packing.then(async () => {
    const { default: compress } = await import('wawoff2/compress.js');
    return Buffer.from(await compress(ttf));
  });
  packing = result.catch(() => undefined);
  return result;
}
