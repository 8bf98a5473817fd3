/**
 * Saved web pages (`.html`, `.htm`): the page is read into a DOM (linkedom), its main content
 * found by Mozilla's Readability (the Firefox Reader View), that content sanitized with the same
 * strict schema as raw HTML in Markdown (tree/sanitize.ts) and turned into mdast
 * (hast-util-to-mdast). The page's title, language, description, author, keywords and dates go
 * into the metadata. The tree then takes the same path as a Markdown source: the same structure
 * plugins (dates, foreign phrases, numbers) and every output.
 *
 * When Readability finds no article (a short page), the whole body is used, less its
 * navigation, header, footer and forms, with a warning.
 */
import type { FootnoteDefinition, FootnoteReference, Heading, Image, Paragraph, PhrasingContent, Root, TableCell } from 'mdast';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { fromHtml } from 'hast-util-from-html';
import { sanitize } from 'hast-util-sanitize';
import { toMdast, defaultHandlers, type Handle } from 'hast-util-to-mdast';
import { toString } from 'mdast-util-to-string';
import { MatnError } from '../errors.js';
import { metadataSchema, type MetadataInput } from '../read/metadata-schema.js';
import { STRICT_SCHEMA } from '../tree/sanitize.js';
import type { Parsed } from './readers.js';
import { eachNode } from '../tree/walk.js';

type Doc = ReturnType<typeof parseHTML>['document'];

function meta(document: Doc, ...names: string[]): string | undefined {
  for (const name of names) {
    const el = document.querySelector(`meta[name="${name}" i], meta[property="${name}" i], meta[itemprop="${name}" i]`);
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return undefined;
}

const isoDay = (value: string | undefined | null) => (value ? /^\d{4}(-\d{2}){0,2}/u.exec(value.trim())?.[0] : undefined);

/** What the page says about itself. */
function pageMetadata(document: Doc, article: { title?: string | null; byline?: string | null; lang?: string | null; publishedTime?: string | null } | null): Record<string, unknown> {
  const html = document.documentElement;
  const times = [...document.querySelectorAll('time[datetime]')].map((t) => t.getAttribute('datetime'));
  return {
    title: headingTitle(document) || article?.title?.trim() || meta(document, 'og:title', 'twitter:title', 'dc.title') || document.querySelector('title')?.textContent?.trim() || undefined,
    lang: html?.getAttribute('lang')?.trim().replace(/_/gu, '-') || article?.lang || meta(document, 'og:locale', 'language', 'dc.language')?.replace(/_/gu, '-'),
    description: meta(document, 'description', 'og:description', 'dc.description', 'twitter:description'),
    author: meta(document, 'author', 'article:author', 'dc.creator') || article?.byline?.trim() || undefined,
    publisher: meta(document, 'og:site_name', 'dc.publisher'),
    keywords: meta(document, 'keywords', 'news_keywords')?.split(/[,،]\s*/u).filter(Boolean),
    date: isoDay(meta(document, 'article:published_time', 'datePublished', 'date', 'dc.date', 'dcterms.created', 'pubdate') ?? article?.publishedTime ?? times[0]),
    modified: isoDay(meta(document, 'article:modified_time', 'og:updated_time', 'dateModified', 'dcterms.modified', 'last-modified')),
  };
}

/** The page's own heading: the h1 of its main content, or its only h1. */
function headingTitle(document: Doc): string | undefined {
  const all = [...document.querySelectorAll('h1')];
  const h1 = document.querySelector('main h1, article h1, [role="main"] h1') ?? (all.length === 1 ? all[0] : undefined);
  return h1?.textContent?.replace(/[\s\u200b-\u200f]+/gu, ' ').trim() || undefined;
}

/** The keys that pass matn's metadata schema; the others are reported. */
function validMetadata(values: Record<string, unknown>, warnings: string[]): MetadataInput {
  const out: Record<string, unknown> = {};
  const shape = metadataSchema.shape;
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const parsed = shape[key as keyof typeof shape].safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else warnings.push(`HTML: the page's ${key} "${String(value)}" cannot be used (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  }
  return out as MetadataInput;
}

/** The page's main content as HTML: Readability's article, or else the body less its chrome. */
function mainContent(document: Doc, warnings: string[]): { html: string; article: ReturnType<Readability['parse']> } {
  // Readability changes the DOM it reads: it gets its own copy.
  const copy = parseHTML(document.toString()).document;
  // Readability removes headings whose class or id looks like chrome ("11-contact-information"
  // matches its "contact"): a heading's own names are not evidence, so they are left out.
  for (const heading of [...copy.querySelectorAll('h1, h2, h3, h4, h5, h6')]) {
    heading.removeAttribute('id');
    heading.removeAttribute('class');
  }
  // Readability removes buttons as form controls; a button inside a link is how sites draw a
  // link ("احصل على التسجيل"): its words are the link's, and are kept.
  for (const button of [...copy.querySelectorAll('a button')]) {
    const span = copy.createElement('span');
    span.textContent = button.textContent;
    button.replaceWith(span);
  }
  let article: ReturnType<Readability['parse']> = null;
  try {
    article = new Readability(copy as unknown as Document, { charThreshold: 200, keepClasses: false }).parse();
  } catch (error) {
    warnings.push(`HTML: Readability could not read the page (${(error as Error).message}); the whole body is used`);
  }
  if (article?.content && (article.textContent ?? '').trim() !== '') return { html: article.content, article };
  if (!warnings.some((w) => w.startsWith('HTML: Readability'))) warnings.push('HTML: Readability found no main content; the whole body is used, less its navigation, header, footer and forms');
  const body = document.querySelector('body');
  if (!body) return { html: '', article };
  for (const el of [...body.querySelectorAll('nav, header, footer, form, script, style, noscript, template, [role="navigation"], [role="banner"], [role="contentinfo"], [hidden], [aria-hidden="true"]')]) el.remove();
  return { html: body.innerHTML, article };
}

/** A table cell holds phrasing: paragraphs in a cell (Word writes them) become lines of one cell. */
function flatCells(tree: Root): void {
  eachNode(tree, (node) => {
    if (node.type !== 'tableCell') return;
    const cell = node as TableCell;
    const children = cell.children as Array<TableCell['children'][number] | Paragraph>;
    if (!children.some((c) => c.type === 'paragraph')) return;
    const out: PhrasingContent[] = [];
    for (const child of children) {
      const parts = child.type === 'paragraph' ? child.children : [child];
      if (out.length && parts.length) out.push({ type: 'break' });
      out.push(...parts);
    }
    cell.children = out;
  });
}

/** Word's notes as mammoth writes them: `<sup><a href="#footnote-1">[1]</a></sup>` and an `<ol>` of `<li id="footnote-1">`. */
const NOTE_ID = /^#?(?:footnote|endnote)-(\d+)$/u;

function dropNoteBacklinks<T extends HastRoot | ElementContent>(node: T): T {
  if (!('children' in node)) return node;
  node.children = node.children.filter((c) => !(c.type === 'element' && c.tagName === 'a' && /^#(?:footnote|endnote)-ref-/u.test(String(c.properties.href ?? '')))) as typeof node.children;
  for (const child of node.children) dropNoteBacklinks(child as ElementContent);
  return node;
}

/** An image's own size (a saved page's `width`/`height`), kept for every output. */
const img: Handle = (state, node) => {
  const image = defaultHandlers.img(state, node) as Image;
  const size = Object.fromEntries(['width', 'height'].filter((k) => /^\d+$/u.test(String(node.properties[k] ?? ''))).map((k) => [k, String(node.properties[k])]));
  if (Object.keys(size).length) image.data = { ...image.data, hProperties: size };
  return image;
};

/** A figure of one image with its caption: the image with the caption as its title (a figure again in every output). */
const figure: Handle = (state, node) => {
  const images: Element[] = [];
  const find = (n: ElementContent) => {
    if (n.type !== 'element') return;
    if (n.tagName === 'img') images.push(n);
    else n.children.forEach(find);
  };
  node.children.forEach(find);
  const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption');
  const text = caption ? hastText(caption).replace(/\s+/gu, ' ').trim() : '';
  if (images.length !== 1 || !text) return defaultHandlers.figure(state, node);
  const image = img(state, images[0]!, node) as Image;
  image.title = text;
  return { type: 'paragraph', children: [image] } satisfies Paragraph;
};

const HANDLERS: Record<string, Handle> = {
  img,
  figure,
  sup(state, node) {
    const only = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
    const link = only.length === 1 && only[0]!.type === 'element' && only[0]!.tagName === 'a' ? only[0] : undefined;
    const id = link ? NOTE_ID.exec(String(link.properties.href ?? ''))?.[1] : undefined;
    const kind = link && String(link.properties.href).includes('endnote') ? 'e' : '';
    if (id !== undefined) return { type: 'footnoteReference', identifier: `${kind}${id}`, label: `${kind}${id}` } satisfies FootnoteReference;
    return defaultHandlers.sup(state, node);
  },
  ol(state, node) {
    const items = node.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'li');
    const ids = items.map((li) => NOTE_ID.exec(String(li.properties.id ?? ''))?.[1]);
    if (items.length === 0 || ids.some((id) => id === undefined)) return defaultHandlers.ol(state, node);
    return items.map((li, i) => {
      const kind = String(li.properties.id).startsWith('endnote') ? 'e' : '';
      return { type: 'footnoteDefinition', identifier: `${kind}${ids[i]!}`, label: `${kind}${ids[i]!}`, children: state.toFlow(state.all(li)) } as FootnoteDefinition;
    });
  },
};

/**
 * A converted Word file: the Title paragraph is the document's heading, so when Heading 1 is
 * used too, every heading steps one level down; Author and Date paragraphs become metadata.
 */
function wordParagraphs(tree: Root, document: Doc): void {
  const h1s = tree.children.filter((n): n is Heading => n.type === 'heading' && n.depth === 1);
  const hasTitle = document.querySelector('h1') !== null && [...document.querySelectorAll('body > h1')].length > 0;
  if (hasTitle && h1s.length > 1 && tree.children[0] === h1s[0]) {
    for (const node of tree.children) if (node.type === 'heading' && node !== h1s[0]) node.depth = Math.min(6, node.depth + 1) as Heading['depth'];
  }
}

const INVISIBLE = /^[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]*$/u;

/** Links with nothing to read (a heading's "#" anchor, an icon) go: they would be empty links. */
function dropEmptyLinks<T extends HastRoot | ElementContent>(node: T): T {
  if (!('children' in node)) return node;
  node.children = node.children.filter((child) => {
    if (child.type !== 'element' || child.tagName !== 'a') return true;
    return !INVISIBLE.test(hastText(child)) || child.children.some((c) => c.type === 'element' && c.tagName === 'img');
  }) as typeof node.children;
  for (const child of node.children) dropEmptyLinks(child as ElementContent);
  return node;
}

function hastText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(hastText).join('') : '';
}

export interface HtmlReading {
  /** Find the main content with Readability (a saved page); otherwise the whole body is the content (a converted Word file). */
  readability?: boolean;
}

export function parseHtml(text: string, file: string, options: HtmlReading = {}): Parsed {
  const readability = options.readability ?? true;
  const warnings: string[] = [];
  let document: Doc;
  try {
    document = parseHTML(text).document;
  } catch (error) {
    throw new MatnError('render', file, `cannot be read as HTML: ${(error as Error).message}`);
  }
  if (!document.documentElement || !/<(html|body|head|p|div|h[1-6]|article|main|section|table|ul|ol)\b/iu.test(text)) {
    throw new MatnError('unsupported-type', file, 'is not an HTML page (no <html>, <body> or block elements found)');
  }
  const { html, article } = readability ? mainContent(document, warnings) : { html: document.querySelector('body')?.innerHTML ?? '', article: null };
  const hast = sanitize(fromHtml(html, { fragment: true }), { ...STRICT_SCHEMA, clobberPrefix: '' }) as HastRoot;
  const tree = toMdast(dropEmptyLinks(dropNoteBacklinks(hast)), { handlers: HANDLERS }) as Root;
  if (!readability) wordParagraphs(tree, document);
  flatCells(tree);
  tree.children = tree.children.filter((n) => n.type !== 'paragraph' || !INVISIBLE.test(toString(n)) || n.children.some((c) => c.type === 'image'));
  const frontMatter = validMetadata(pageMetadata(document, article), warnings);
  if (toString(tree).trim() === '') throw new MatnError('empty', file, 'has no text in its main content (the page may be built by JavaScript, which matn does not run)');

  const dir = document.documentElement.getAttribute('dir');
  if (dir && dir.toLowerCase() === 'ltr') warnings.push('HTML: the page is marked left-to-right (dir="ltr"); matn sets it right to left');
  // The title as the document's heading, when the article does not open with it.
  const hasH1 = tree.children.some((n) => n.type === 'heading' && n.depth === 1);
  if (!hasH1 && frontMatter.title) {
    const first = tree.children.find((n): n is Heading => n.type === 'heading');
    if (first && toString(first).trim() === frontMatter.title) first.depth = 1;
    else tree.children.unshift({ type: 'heading', depth: 1, children: [{ type: 'text', value: frontMatter.title }] });
  }
  return { tree, frontMatter, warnings };
}
