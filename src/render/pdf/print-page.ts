/**
 * The print page: one HTML document per source, from `templates/print/page.hbs`, its stylesheet
 * `templates/print/print.css` and the shared `templates/common/typography.css`. The page links the
 * bundled Amiri face at `https://matn.local/fonts/…`; the printer answers those URLs (and a
 * source's own local images) from disk and refuses every other request.
 *
 * The body is the pipeline's tree, with two print-only touches that make the PDF's text layer
 * read back correctly (see tuneTextLayer) and remote images replaced by their description.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve, sep } from 'node:path';
import type { Root as HastRoot, Element, ElementContent, RootContent, Text } from 'hast';
import type { MatnDocument } from '../../pipeline.js';
import { fontFiles, linkedFontCss } from '../fonts.js';
import { pageData, htmlSerializer } from '../page-data.js';
import type { TemplateSet } from '../templates.js';
import type { OutlineEntry } from '../../tree/outline.js';
import { flattenOutline } from '../../tree/outline.js';

/** The origin the print page is loaded from; only URLs under it are ever answered. */
export const PRINT_ORIGIN = 'https://matn.local';
export const PAGE_URL = `${PRINT_ORIGIN}/document.html`;
export const FONT_BASE = `${PRINT_ORIGIN}/fonts/`;
const ASSET_BASE = `${PRINT_ORIGIN}/assets/`;

export type PageSize = 'A4' | 'Letter';
export type Digits = 'arabic-indic' | 'western';

export interface PrintPageOptions {
  templates: TemplateSet;
  pageSize: PageSize;
  digits: Digits;
  toc: boolean;
  /** Page of each heading id, from an earlier pass (the TOC shows placeholders until known). */
  pageNumbers?: Map<string, number>;
}

/** A file the page may load: its bytes are read from `path` and served with `type`. */
export interface Asset {
  path: string;
  type: string;
}

export interface PrintPage {
  html: string;
  /** URL → file, for every request the page is allowed to make besides the page itself. */
  assets: Map<string, Asset>;
}

const RLM = '\u200f';
const DIGIT = '0-9\\u0660-\\u0669\\u06f0-\\u06f9';
/** A digit, then any run of punctuation (not letters, digits or spaces), before a space. */
const NUMBER_BEFORE_SPACE = new RegExp(`([${DIGIT}][^\\s\\p{L}\\p{N}\\p{M}]*)(?=\\s)`, 'gu');
const ENDS_WITH_NUMBER = new RegExp(`[${DIGIT}][^\\s\\p{L}\\p{N}\\p{M}]*$`, 'u');
/** Punctuation at the start of a text, up to a space. */
const LEADING_PUNCTUATION = /^[^\s\p{L}\p{N}\p{M}]*(?=\s)/u;

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.avif': 'image/avif',
};
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** Digits in the chosen style, for numbers matn writes itself (page numbers, dates). */
export function formatNumber(n: number, digits: Digits): string {
  return n.toLocaleString(digits === 'western' ? 'ar-u-nu-latn' : 'ar-u-nu-arab', { useGrouping: false });
}

/** The CSS counter style for page numbers. */
export function counterStyle(digits: Digits): string {
  return digits === 'western' ? 'decimal' : 'arabic-indic';
}

/** A CSS string literal safe inside a `<style>` element. */
export function cssString(text: string): string {
  const escaped = text
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[\n\r\f]+/g, ' ')
    .replace(/</g, '\\3C ')
    .replace(/>/g, '\\3E ');
  return `"${escaped}"`;
}

/** "2019-11" → "نوفمبر 2019", "2016-06-23" → "23 يونيو 2016" (digits as chosen). */
export function formatDate(iso: string, digits: Digits): string | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
  if (Number.isNaN(date.getTime())) return undefined;
  const locale = digits === 'western' ? 'ar-u-nu-latn' : 'ar-u-nu-arab';
  const parts: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (mo) parts.month = 'long';
  if (d) parts.day = 'numeric';
  return new Intl.DateTimeFormat(locale, parts).format(date);
}

function isElement(node: RootContent | ElementContent): node is Element {
  return node.type === 'element';
}

function isLtr(node: Element): boolean {
  return node.properties?.['dir'] === 'ltr';
}

function classes(node: Element): string[] {
  const c = node.properties?.['className'];
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

/** The text a node ends with (to see whether it ends with a number). */
function lastText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') {
    for (let i = node.children.length - 1; i >= 0; i--) {
      const t = lastText(node.children[i]!);
      if (t) return t;
    }
  }
  return '';
}

/**
 * pdftotext (poppler) rebuilds each line of right-to-left text from glyph positions and gives
 * every run of digits, with the space after it, to a left-to-right embedding: "عام 2018 جهود"
 * comes back as "عام  2018جهود", the number glued to the next word. A RIGHT-TO-LEFT MARK after
 * a number, before the space, ends that run without changing what is drawn (the number already
 * sits in right-to-left text), so the space stays between the words. Only numbers in
 * right-to-left text get one: inside a Latin run it would reorder the Latin words instead.
 */
export function tuneTextLayer(tree: HastRoot): void {
  const walk = (parent: { children: Array<RootContent | ElementContent> }): void => {
    const children = parent.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type === 'text') {
        child.value = child.value.replace(NUMBER_BEFORE_SPACE, `$1${RLM}`);
      } else if (isElement(child) && !['script', 'style', 'pre', 'code'].includes(child.tagName)) {
        if (!isLtr(child)) walk(child);
      }
      // An inline element (an isolated number, a date) that ends with a number, followed by
      // punctuation if any, then a space: the mark goes before that space.
      const next = children[i + 1];
      if (child.type === 'element' && next?.type === 'text') {
        const lead = LEADING_PUNCTUATION.exec(next.value);
        const numeric = isLtr(child) ? classes(child).includes('num') : true;
        if (lead && numeric && ENDS_WITH_NUMBER.test(lastText(child))) {
          next.value = next.value.slice(0, lead[0].length) + RLM + next.value.slice(lead[0].length);
        }
      }
    }
  };
  walk(tree);
}

/**
 * Images: a relative path inside the source's folder becomes a bundled asset; anything else
 * (a remote URL, a path outside the folder, an unknown type) is replaced by its description, so
 * the printed page shows no broken image and the renderer has nothing to fetch.
 */
function bundleImages(tree: HastRoot, sourcePath: string, assets: Map<string, Asset>): void {
  const root = resolve(dirname(sourcePath));
  let n = 0;
  const walk = (parent: { children: Array<RootContent | ElementContent> }): void => {
    const children = parent.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (!isElement(child)) continue;
      if (child.tagName === 'img') {
        const src = String(child.properties?.['src'] ?? '');
        const asset = localImage(src, root);
        if (asset) {
          const url = `${ASSET_BASE}${++n}${extname(asset.path).toLowerCase()}`;
          assets.set(url, asset);
          child.properties = { ...child.properties, src: url };
          delete child.properties['srcSet'];
        } else {
          const alt = String(child.properties?.['alt'] ?? '').trim();
          const replacement: Element = {
            type: 'element',
            tagName: 'span',
            properties: { className: ['image-omitted'] },
            children: alt ? [{ type: 'text', value: alt } satisfies Text] : [],
          };
          children[i] = replacement;
        }
        continue;
      }
      walk(child);
    }
  };
  walk(tree);
}

function localImage(src: string, root: string): Asset | undefined {
  if (!src || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return undefined;
  let path: string;
  try {
    path = resolve(root, decodeURIComponent(src.split(/[?#]/)[0]!));
  } catch {
    return undefined;
  }
  if (!path.startsWith(root + sep)) return undefined;
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type || !existsSync(path)) return undefined;
  const info = statSync(path);
  if (!info.isFile() || info.size > MAX_IMAGE_BYTES) return undefined;
  return { path, type };
}

interface TocEntry {
  id: string;
  text: string;
  page: string;
  children: TocEntry[];
}

function tocEntries(entries: OutlineEntry[], pages: Map<string, number> | undefined, digits: Digits): TocEntry[] {
  return entries.map((e) => {
    const page = pages?.get(e.id);
    return {
      id: e.id,
      text: e.text,
      // Before the pages are known, a placeholder of the same width keeps the layout unchanged.
      page: page === undefined ? formatNumber(0, digits) : formatNumber(page, digits),
      children: tocEntries(e.children, pages, digits),
    };
  });
}

/** Whether a print shows a table of contents by default: as the HTML page, from two headings. */
export function defaultToc(doc: MatnDocument): boolean {
  return flattenOutline(doc.outline).length >= 2;
}

export function buildPrintPage(doc: MatnDocument, options: PrintPageOptions): PrintPage {
  const { templates, digits } = options;
  const assets = new Map<string, Asset>();
  for (const font of fontFiles()) assets.set(`${FONT_BASE}${font.name}`, { path: font.path, type: 'font/woff2' });

  const tree = structuredClone(doc.hast);
  tuneTextLayer(tree);
  bundleImages(tree, doc.source.path, assets);
  const data = pageData({ ...doc, hast: tree }, htmlSerializer);

  const dateIso = data.date ?? data.modified;
  const dateText = dateIso ? formatDate(dateIso, digits) ?? dateIso : undefined;
  const css = [linkedFontCss(FONT_BASE), templates.read('common/typography.css'), templates.read('print/print.css')].join('\n');
  const html = templates.render('print/page.hbs', {
    ...data,
    css,
    pageSize: options.pageSize,
    counterStyle: counterStyle(digits),
    runningTitle: cssString(data.title),
    dateIso,
    dateText,
    dateLabel: data.date ? 'التاريخ' : 'آخر تحديث',
    showToc: options.toc && data.hasOutline,
    toc: tocEntries(data.outline, options.pageNumbers, digits),
  });
  return { html, assets };
}
