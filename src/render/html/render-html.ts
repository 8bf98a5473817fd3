/**
 * The HTML writer: one standalone, right-to-left page per document, from
 * `templates/html/page.hbs`. CSS is inlined and the Arabic face embedded, so the single file
 * works offline, with its images (src/render/images.ts). The fonts are the document's (the text
 * face and the fallbacks its characters need, font-choice.ts), by default cut down to the
 * characters and glyphs of the page (font-subset.ts) and packed as WOFF2; `fonts: 'full'` embeds
 * the whole faces; `fonts: 'external'` links the text face from one `fonts/` folder of the output
 * folder, for a site of many pages.
 */
import { randomUUID } from 'node:crypto';
import type { MatnDocument } from '../../pipeline.js';
import { ConstantPart, encodeText, type EncodedArtifact } from '../encoded.js';
import type { FONT_MODES } from '../defaults.js';
import { minifiedCss } from '../css-minify.js';
import { fontFaceRule, inlineFontCss, linkedFontCss, packedFont, primaryFonts, WOFF2_PACKER, type FontFile } from '../fonts.js';
import { cacheKey, readEntry, writeEntry } from '../font-cache.js';
import { subsetFonts, type SubsetFont } from '../font-subset.js';
import { pageText } from '../page-text.js';
import { pageData } from '../page-data.js';
import { formatDate, type Digits } from '../../dates.js';
import { WRITER_DEFAULTS } from '../defaults.js';
import { TemplateSet } from '../templates.js';
import { dataUri, hasImages, placeImages } from '../images.js';

export interface HtmlOptions {
  templates?: TemplateSet;
  /** Show the table of contents (default: when the document has at least two headings). */
  toc?: boolean;
  /** The font files to draw from (default: the text face alone; the writer passes the document's, from font-choice.ts). */
  fontFiles?: FontFile[];
  /** Digits of the document's date in the page header, when matn writes it from an ISO date (default Western). */
  digits?: Digits;
}

export interface HtmlFileOptions extends HtmlOptions {
  /** How the page carries its fonts (default: subset). */
  fonts?: (typeof FONT_MODES)[number];
  /** For `external` fonts: the page's path below the output folder, without extension (default: at its top). */
  outBase?: string;
}

/** The folder, below the output folder, `external` pages link their fonts from. */
export const FONTS_FOLDER = 'fonts';

let builtin: TemplateSet | undefined;
/** The page CSS of each template set and font CSS, assembled and encoded once (the inlined font alone is ~400 KB). */
const cssOf = new WeakMap<TemplateSet, Map<string, ConstantPart>>();
/**
 * Stands for the CSS while the template renders. Document text cannot produce it (every `<`
 * in text is escaped) and a template cannot know it.
 */
const CSS_MARKER = `<matn-css-${randomUUID()}>`;

type Page = { head: string; css: ConstantPart; tail: string } | { whole: string };

/** The document with its images inline as data URIs (or their alternative text): the page is one file. */
function withImages(doc: MatnDocument): MatnDocument {
  if (!hasImages(doc.hast)) return doc;
  const hast = structuredClone(doc.hast);
  placeImages(hast, doc, dataUri, 'HTML');
  return { ...doc, hast };
}

function pageCss(templates: TemplateSet): string {
  return [templates.read('common/typography.css'), templates.read('html/screen.css')].join('\n');
}

function constantCss(templates: TemplateSet, fontCss: () => string, key: string): ConstantPart {
  let byFonts = cssOf.get(templates);
  if (!byFonts) cssOf.set(templates, (byFonts = new Map()));
  let css = byFonts.get(key);
  if (css === undefined) {
    css = new ConstantPart([fontCss(), minifiedCss(pageCss(templates))].join('\n'));
    byFonts.set(key, css);
  }
  return css;
}

function renderMarked(doc: MatnDocument, options: HtmlOptions): { templates: TemplateSet; out: string } {
  const templates = options.templates ?? (builtin ??= new TemplateSet());
  const data = pageData(withImages(doc));
  const showToc = options.toc ?? countEntries(data.outline) >= 2;
  // The document's own date (front matter, a saved page's publication date), under the title as
  // the print page has it; an update line of the text is in the text already.
  const day = data.date ? /^\d{4}(?:-\d{2}){0,2}/u.exec(data.date.trim())?.[0] : undefined;
  const dateText = data.date ? (formatDate(day, options.digits ?? WRITER_DEFAULTS.digits) ?? data.date) : undefined;
  return { templates, out: templates.render('html/page.hbs', { ...data, css: CSS_MARKER, showToc, dateText }) };
}

function splitPage(out: string, css: ConstantPart, extra: string): Page {
  const at = out.indexOf(CSS_MARKER);
  // A user's template may leave the CSS out or use it twice.
  if (at === -1 || out.includes(CSS_MARKER, at + 1)) return { whole: out.split(CSS_MARKER).join(css.text + extra) };
  return { head: out.slice(0, at), css, tail: extra + out.slice(at + CSS_MARKER.length) };
}

/** The relative URL from a page at `outBase` to the shared fonts folder. */
function fontsUrl(outBase = ''): string {
  const depth = outBase.split('/').length - 1;
  return `${'../'.repeat(depth)}${FONTS_FOLDER}/`;
}

/** The fonts the page with subset fonts embeds, as OpenType before WOFF2 (what renderHtmlFile packs; for tests and measurement). */
export function pageSubsetFonts(doc: MatnDocument, options: HtmlOptions = {}): Promise<SubsetFont[]> {
  const { templates, out } = renderMarked(doc, options);
  return fontsOfPage(options.fontFiles ?? primaryFonts(), out, pageCss(templates));
}

/** The subsets a page's text needs (its markup without the CSS marker, and its style sheet). */
function fontsOfPage(files: FontFile[], out: string, css: string): Promise<SubsetFont[]> {
  return subsetFonts(files, pageText(out.split(CSS_MARKER).join(''), css));
}

/** The text face's file names, whose faces the constant CSS holds. */
let primaryNames: Set<string> | undefined;

/**
 * The page with whole faces: the text face's in a CSS encoded once (inlined, or linked from the
 * shared folder with `fonts: 'external'`), the fallbacks the document needs inlined after it.
 */
function wholeFontPage(doc: MatnDocument, options: HtmlFileOptions): Page {
  const { templates, out } = renderMarked(doc, options);
  const external = options.fonts === 'external';
  const base = fontsUrl(options.outBase);
  primaryNames ??= new Set(primaryFonts().map((f) => f.name));
  const fallbacks = (options.fontFiles ?? []).filter((f) => !primaryNames!.has(f.name));
  const extra = fallbacks.length > 0 ? `\n${inlineFontCss(fallbacks)}` : '';
  return splitPage(out, external ? constantCss(templates, () => linkedFontCss(base), base) : constantCss(templates, () => inlineFontCss(), ''), extra);
}

/** The page as text, with the whole fonts embedded (or linked, `fonts: 'external'`); a page cut to its text: renderHtmlFile. */
export function renderHtml(doc: MatnDocument, options: HtmlOptions & { fonts?: 'full' | 'external'; outBase?: string } = {}): string {
  const page = wholeFontPage(doc, options);
  return 'whole' in page ? page.whole : page.head + page.css.text + page.tail;
}

/** @font-face rules for the fonts cut down to the page's text, as WOFF2 data URIs. */
async function subsetFontCss(files: FontFile[], out: string, css: string): Promise<string> {
  const fonts = await fontsOfPage(files, out, css);
  const rules = await Promise.all(fonts.map(async (f) => fontFaceRule(f.file, `data:font/woff2;base64,${(await packedFontOnce(f.ttf)).toString('base64')}`)));
  return rules.join('\n');
}

/**
 * WOFF2 of each subset: once per process (the subsets are cached, so their bytes are the key)
 * and kept on disk by the subset's bytes (font-cache.ts).
 */
const packed = new WeakMap<Uint8Array, Promise<Buffer>>();
function packedFontOnce(ttf: Uint8Array): Promise<Buffer> {
  let bytes = packed.get(ttf);
  if (!bytes) {
    const key = cacheKey(WOFF2_PACKER, ttf);
    const stored = readEntry<object>('woff2', key);
    bytes = stored
      ? Promise.resolve(stored.payload)
      : packedFont(ttf).then((woff2) => {
          writeEntry('woff2', key, {}, woff2);
          return woff2;
        });
    packed.set(ttf, bytes);
  }
  return bytes;
}

/** The page as UTF-8 bytes with their SHA-256 (without re-encoding a constant CSS each time). */
export async function renderHtmlFile(doc: MatnDocument, options: HtmlFileOptions = {}): Promise<EncodedArtifact> {
  if (options.fonts === 'full' || options.fonts === 'external') {
    const page = wholeFontPage(doc, options);
    return 'whole' in page ? encodeText(page.whole) : page.css.encode(page.head, page.tail);
  }
  const { templates, out } = renderMarked(doc, options);
  const css = pageCss(templates);
  const fontCss = await subsetFontCss(options.fontFiles ?? primaryFonts(), out, css);
  return encodeText(out.split(CSS_MARKER).join(`${fontCss}\n${minifiedCss(css)}`));
}

function countEntries(entries: { children: unknown[] }[]): number {
  return entries.reduce((n, e) => n + 1 + countEntries(e.children as { children: unknown[] }[]), 0);
}
