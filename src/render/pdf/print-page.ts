/**
 * The print page: one HTML document per source, from `templates/print/page.hbs`, and the page of
 * running heads laid over it (`running-heads.hbs`). Both write their `@page` box from one page
 * model (`pageModel`, through `print/page-box.partial.hbs`), so the heads land where the
 * document's boxes are. The body is the pipeline's tree with the text-layer touches
 * (text-layer.ts) and local images bundled (page-assets.ts).
 */
import type { MatnDocument } from '../../pipeline.js';
import { pageData, htmlSerializer } from '../page-data.js';
import type { TemplateSet } from '../templates.js';
import type { OutlineEntry } from '../../tree/outline.js';
import { flattenOutline } from '../../tree/outline.js';
import { formatDate, formatNumber, type Digits } from '../../dates.js';
import { ISOLATES } from '../../unicode.js';
import { tuneText, tuneTextLayer } from './text-layer.js';
import { bundleImages, fontAssets, printCss, FONT_BASE, PAGE_URL, PRINT_ORIGIN, type Asset } from './page-assets.js';
import type { PAGE_SIZES } from '../defaults.js';
import type { FontFile } from '../fonts.js';

export { formatDate, formatNumber, tuneText, tuneTextLayer, FONT_BASE, PAGE_URL, PRINT_ORIGIN, type Asset, type Digits };

const ALL_ISOLATES = new RegExp(`[${ISOLATES}]`, 'gu');

export type PageSize = (typeof PAGE_SIZES)[number];

export interface PrintPageOptions {
  templates: TemplateSet;
  pageSize: PageSize;
  digits: Digits;
  toc: boolean;
  /** Page of each heading id, from an earlier pass (the TOC shows placeholders until known). */
  pageNumbers?: Map<string, number>;
  /** The fonts the page loads (default: the text face's; printDocument passes the document's). */
  fonts?: FontFile[];
}

export interface PrintPage {
  html: string;
  /** URL → file, for every request the page is allowed to make besides the page itself. */
  assets: Map<string, Asset>;
}

/** The page box of every print of a document (see print/page-box.partial.hbs). */
export interface PageModel {
  pageSize: PageSize;
  /** CSS counter style of the folio's numbers. */
  counterStyle: string;
  /** The running title at the top right, as a CSS string. */
  runningTitle: string;
  /** The running-heads print: only the boxes the heads go in, empty. */
  heads: boolean;
}

export function pageModel(title: string, pageSize: PageSize, digits: Digits, heads = false): PageModel {
  return { pageSize, counterStyle: counterStyle(digits), runningTitle: cssString(tuneText(title.replace(ALL_ISOLATES, ''))), heads };
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

interface TocEntry {
  id: string;
  text: string;
  page: string;
  children: TocEntry[];
}

/** Past this many entries the contents list only the top level (a constitution's chapters, not its 146 articles). */
const TOC_FULL_LIMIT = 40;

function tocEntries(entries: OutlineEntry[], pages: Map<string, number> | undefined, digits: Digits, deep = true): TocEntry[] {
  return entries.map((e) => {
    const page = pages?.get(e.id);
    return {
      id: e.id,
      text: e.text,
      // Before the pages are known, a placeholder of the same width keeps the layout unchanged.
      page: page === undefined ? formatNumber(0, digits) : formatNumber(page, digits),
      children: deep ? tocEntries(e.children, pages, digits) : [],
    };
  });
}

/** Whether a print shows a table of contents by default: as the HTML page, from two headings. */
export function defaultToc(doc: MatnDocument): boolean {
  return flattenOutline(doc.outline).length >= 2;
}

export function buildPrintPage(doc: MatnDocument, options: PrintPageOptions): PrintPage {
  const { templates, digits } = options;
  const assets = fontAssets(options.fonts);

  const tree = structuredClone(doc.hast);
  bundleImages(tree, doc);
  tuneTextLayer(tree);
  const data = pageData({ ...doc, hast: tree }, htmlSerializer);

  const dateIso = data.date ?? data.modified;
  const dateText = dateIso ? formatDate(dateIso, digits) ?? dateIso : undefined;
  const html = templates.render('print/page.hbs', {
    ...data,
    css: printCss(templates, options.fonts),
    page: pageModel(data.title, options.pageSize, digits),
    dateIso,
    dateText,
    showToc: options.toc && data.hasOutline,
    toc: tocEntries(data.outline, options.pageNumbers, digits, flattenOutline(data.outline).length <= TOC_FULL_LIMIT),
  });
  return { html, assets };
}

/**
 * The page of running heads: one page per section title, each printing the title in the
 * @top-left margin box of the same page box as the document (see templates/print/running-heads.hbs).
 */
export function buildRunningHeadsPage(doc: MatnDocument, options: Omit<PrintPageOptions, 'toc' | 'pageNumbers'>, heads: string[]): PrintPage {
  const { templates } = options;
  const html = templates.render('print/running-heads.hbs', {
    lang: doc.meta.lang,
    title: doc.meta.title,
    page: pageModel(doc.meta.title, options.pageSize, options.digits, true),
    css: printCss(templates, options.fonts),
    heads: heads.map((h) => cssString(tuneText(h.replace(ALL_ISOLATES, '')))),
  });
  return { html, assets: fontAssets(options.fonts) };
}

/**
 * The section each page belongs to, for the running head: the first top-level section that
 * starts on the page, else the one the page continues (CSS's string-set "first" rule). No head
 * on the first page, nor before the first section.
 */
export function runningSections(outline: OutlineEntry[], pageOf: Map<string, number>, pageCount: number): Array<string | undefined> {
  const starts = outline
    .map((e) => ({ text: e.text, page: pageOf.get(e.id) }))
    .filter((s): s is { text: string; page: number } => s.page !== undefined);
  const result: Array<string | undefined> = [];
  let current: string | undefined;
  let next = 0;
  for (let page = 0; page < pageCount; page++) {
    const before = current;
    let first: string | undefined;
    while (next < starts.length && starts[next]!.page <= page) {
      if (starts[next]!.page === page && first === undefined) first = starts[next]!.text;
      current = starts[next]!.text;
      next++;
    }
    result.push(page === 0 ? undefined : (first ?? before));
  }
  return result;
}
