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
import { formatDate, formatNumber, type Digits } from '../../dates.js';
import { ISOLATES } from '../../unicode.js';

export { formatDate, formatNumber, type Digits };

const ANY_ISOLATE = new RegExp(`[${ISOLATES}]`, 'u');
const ALL_ISOLATES = new RegExp(`[${ISOLATES}]`, 'gu');

/** The origin the print page is loaded from; only URLs under it are ever answered. */
export const PRINT_ORIGIN = 'https://matn.local';
export const PAGE_URL = `${PRINT_ORIGIN}/document.html`;
export const FONT_BASE = `${PRINT_ORIGIN}/fonts/`;
const ASSET_BASE = `${PRINT_ORIGIN}/assets/`;

export type PageSize = 'A4' | 'Letter';

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


function isElement(node: RootContent | ElementContent): node is Element {
  return node.type === 'element';
}

/** Elements that stay within a line; anything else starts a new run of text. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);
const SKIP = new Set(['script', 'style', 'pre', 'template', 'svg', 'math']);
/** A character poppler reads left to right: a letter of a left-to-right script, or a digit. */
const LEFT_TO_RIGHT = /[\p{N}]|(?![\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}])\p{L}/u;
const RIGHT_TO_LEFT_LETTER = /(?=\p{L})[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
/** Punctuation and symbols: neither letters, digits, marks nor spaces. */
const NEUTRAL = /[^\s\p{L}\p{N}\p{M}]/u;
const MARK = /\p{M}/u;

interface Segment {
  node: Text;
  /** Inside a left-to-right element (a Latin phrase, an isolated number). */
  ltr: boolean;
}

/**
 * pdftotext (poppler) rebuilds each line of right-to-left text from glyph positions and hands a
 * left-to-right run (a number, a Latin word) to an embedding together with the space after it:
 * "عام 2018 جهود" comes back as "عام  2018جهود", and "Mozilla أو" as "Mozillaأو", the run
 * glued to the next word. A RIGHT-TO-LEFT MARK between such a run and the space before an
 * Arabic word ends the run without changing what is drawn (that space is already set right to
 * left), so the words come back apart. The mark only goes where the next word is right to left:
 * between two Latin words it would reorder them.
 */
export function tuneTextLayer(tree: HastRoot): void {
  isolatesAsElements(tree);
  const runs: Segment[][] = [];
  const walk = (node: { children: Array<RootContent | ElementContent> }, ltr: boolean, run: Segment[]): void => {
    for (const child of node.children) {
      if (child.type === 'text') run.push({ node: child, ltr });
      else if (isElement(child) && !SKIP.has(child.tagName)) {
        const childLtr = child.properties?.['dir'] === 'ltr' ? true : child.properties?.['dir'] === 'rtl' ? false : ltr;
        if (INLINE.has(child.tagName)) walk(child, childLtr, run);
        else {
          const inner: Segment[] = [];
          runs.push(inner);
          walk(child, childLtr, inner);
        }
      }
    }
  };
  const top: Segment[] = [];
  runs.push(top);
  walk(tree, false, top);
  for (const run of runs) markRun(run);
}

/** The same for a line of plain text set right to left (the running head). */
export function tuneText(text: string): string {
  const node: Text = { type: 'text', value: text };
  markRun([{ node, ltr: false }]);
  return node.value;
}

const ISOLATE_OPEN: Record<string, string> = { '\u2066': 'ltr', '\u2067': 'rtl', '\u2068': 'auto' };
const PDI = '\u2069';

/**
 * Bidi isolate controls in the text (LRI … PDI around "Facebook" in "و⁦Facebook⁩") become
 * elements with the same effect: Chromium writes the controls into the PDF's text, where
 * pdftotext treats them as word breaks ("و" "Facebook").
 */
function isolatesAsElements(tree: HastRoot): void {
  const walk = (parent: { children: Array<RootContent | ElementContent> }): void => {
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i]!;
      if (child.type === 'text' && ANY_ISOLATE.test(child.value)) {
        const parts = splitIsolates(child.value);
        parent.children.splice(i, 1, ...parts);
        i += parts.length - 1;
      } else if (isElement(child) && !SKIP.has(child.tagName)) walk(child);
    }
  };
  walk(tree);
}

function splitIsolates(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  const stack: Array<{ children: ElementContent[] }> = [{ children: out }];
  let buffer = '';
  const flush = (): void => {
    if (buffer) stack[stack.length - 1]!.children.push({ type: 'text', value: buffer });
    buffer = '';
  };
  for (const ch of value) {
    const dir = ISOLATE_OPEN[ch];
    if (dir) {
      flush();
      const span: Element = { type: 'element', tagName: 'bdi', properties: { dir }, children: [] };
      stack[stack.length - 1]!.children.push(span);
      stack.push(span);
    } else if (ch === PDI) {
      flush();
      if (stack.length > 1) stack.pop();
    } else buffer += ch;
  }
  flush();
  return out;
}

function markRun(run: Segment[]): void {
  dropStrayLeftToRightMarks(run);
  // The run's text as one string, remembering where each node starts.
  const starts: number[] = [];
  let text = '';
  for (const seg of run) {
    starts.push(text.length);
    text += seg.node.value;
  }
  const inserts = new Map<number, Set<number>>();
  const insert = (where: { segment: number; offset: number }): void => {
    const set = inserts.get(where.segment) ?? new Set<number>();
    set.add(where.offset);
    inserts.set(where.segment, set);
  };
  for (let i = 0; i < run.length; i++) {
    const seg = run[i]!;
    if (seg.ltr) continue;
    const value = seg.node.value;
    for (let k = 0; k < value.length; k++) {
      if (!/\s/.test(value[k]!)) continue;
      const at = starts[i]! + k;
      if (at === 0 || /\s/.test(text[at - 1]!)) continue;
      const next = nextStrong(text, at);
      const prev = previousStrong(text, at);
      if (prev === undefined || next === undefined) continue;
      if (prev.ltr && !next.ltr) {
        // "2018 جهود", "Mozilla، والتي": the mark goes right after the run (before punctuation
        // such as "،"), in text set right to left: after the element when the run ends in one.
        insert(rightToLeftPosition(run, starts, prev.index + 1, i, k));
      } else if (!prev.ltr && next.ltr && prev.index < at - 1) {
        // "المثال، (1)", "يونيو، 2016": poppler reads the Arabic comma as part of a number, so
        // it starts a left-to-right run that takes the space and the number along; the mark
        // after the punctuation ends that run.
        insert({ segment: i, offset: k });
      }
    }
  }
  for (const [i, offsets] of inserts) {
    const node = run[i]!.node;
    let value = node.value;
    for (const k of [...offsets].sort((x, y) => y - x)) value = value.slice(0, k) + RLM + value.slice(k);
    node.value = value;
  }
}

/** The first position in right-to-left text at or after `end` (at the latest: segment i, offset k). */
function rightToLeftPosition(run: Segment[], starts: number[], end: number, i: number, k: number): { segment: number; offset: number } {
  for (let j = 0; j <= i; j++) {
    const seg = run[j]!;
    const from = starts[j]!;
    const to = from + seg.node.value.length;
    if (seg.ltr || end > to || (end === to && j < i)) continue;
    const offset = Math.max(0, end - from);
    if (j === i) return { segment: i, offset: Math.min(offset, k) };
    return { segment: j, offset };
  }
  return { segment: i, offset: k };
}

const LRM = '\u200e';

/**
 * A LEFT-TO-RIGHT MARK between two Arabic words (web captures carry them) changes nothing on the
 * page, but poppler starts a left-to-right run at it and glues the words: "الالتزام‎بسياسة".
 * Such marks are left out of the print; marks next to Latin text or numbers stay.
 */
function dropStrayLeftToRightMarks(run: Segment[]): void {
  const text = run.map((s) => s.node.value).join('');
  if (!text.includes(LRM)) return;
  let at = 0;
  for (const seg of run) {
    const value = seg.node.value;
    if (!seg.ltr && value.includes(LRM)) {
      let out = '';
      for (let k = 0; k < value.length; k++) {
        const ch = value[k]!;
        if (ch === LRM && strongAround(text, at + k) === 'rtl') continue;
        out += ch;
      }
      seg.node.value = out;
    }
    at += value.length;
  }
}

/** 'rtl' when the nearest letters or digits on both sides of `at` are right-to-left letters. */
function strongAround(text: string, at: number): 'rtl' | undefined {
  const skip = (ch: string): boolean => /\s/.test(ch) || NEUTRAL.test(ch) || MARK.test(ch);
  let i = at - 1;
  while (i >= 0 && skip(text[i]!)) i--;
  let j = at + 1;
  while (j < text.length && skip(text[j]!)) j++;
  if (i < 0 || j >= text.length) return undefined;
  return RIGHT_TO_LEFT_LETTER.test(text[i]!) && RIGHT_TO_LEFT_LETTER.test(text[j]!) ? 'rtl' : undefined;
}

interface Strong {
  index: number;
  /** A left-to-right letter or a digit (poppler reads digits left to right). */
  ltr: boolean;
}

/** The nearest letter or digit before `at`, past punctuation and marks (a mark stops the search). */
function previousStrong(text: string, at: number): Strong | undefined {
  let i = at - 1;
  while (i >= 0 && (NEUTRAL.test(text[i]!) || MARK.test(text[i]!)) && text[i] !== RLM) i--;
  if (i < 0) return undefined;
  if (LEFT_TO_RIGHT.test(text[i]!)) return { index: i, ltr: true };
  if (RIGHT_TO_LEFT_LETTER.test(text[i]!)) return { index: i, ltr: false };
  return undefined;
}

/** The nearest letter or digit from `at` on, past spaces and punctuation. */
function nextStrong(text: string, at: number): Strong | undefined {
  let i = at;
  while (i < text.length && (/\s/.test(text[i]!) || NEUTRAL.test(text[i]!))) i++;
  if (i >= text.length) return undefined;
  if (LEFT_TO_RIGHT.test(text[i]!)) return { index: i, ltr: true };
  if (RIGHT_TO_LEFT_LETTER.test(text[i]!)) return { index: i, ltr: false };
  return undefined;
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
    runningTitle: cssString(tuneText(data.title.replace(ALL_ISOLATES, ''))),
    dateIso,
    dateText,
    dateLabel: data.date ? 'التاريخ' : 'آخر تحديث',
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
  const assets = new Map<string, Asset>();
  for (const font of fontFiles()) assets.set(`${FONT_BASE}${font.name}`, { path: font.path, type: 'font/woff2' });
  const { templates } = options;
  const css = [linkedFontCss(FONT_BASE), templates.read('common/typography.css'), templates.read('print/print.css')].join('\n');
  const html = templates.render('print/running-heads.hbs', {
    lang: doc.meta.lang,
    title: doc.meta.title,
    pageSize: options.pageSize,
    css,
    heads: heads.map((h) => cssString(tuneText(h.replace(ALL_ISOLATES, '')))),
  });
  return { html, assets };
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
