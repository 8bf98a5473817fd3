/**
 * The Markdown writer: the recovered structure written back as clean Markdown (remark-stringify,
 * GFM tables), with the metadata as YAML front matter. A capture becomes an editable source:
 * building the written `.md` gives the same headings, lists, tables and words as the capture.
 *
 * matn's own nodes have no Markdown syntax, and need none: dates, foreign phrases and numbers are
 * found again when the Markdown is read, and so are "see more" and update lines, written as the
 * paragraphs they came from. Lines dropped as site chrome are not written.
 */
import type { Root, RootContent, PhrasingContent, List, Yaml } from 'mdast';
import { unified } from 'unified';
import remarkStringify from 'remark-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { defaultHandlers, type Handle } from 'mdast-util-to-markdown';
import { stringify as stringifyYaml } from 'yaml';
import type { MatnDocument } from '../../pipeline.js';
import type { DocumentMeta } from '../../tree/types.js';
import { describe } from '../../tree/describe.js';
import { ISOLATES } from '../../unicode.js';

const WORD = '[\\p{L}\\p{N}\\p{M}_]';
/** LRI … PDI around a run glued to a word on either side. */
const ADDED_ISOLATE = new RegExp(`(?<=${WORD})\\u2066([^${ISOLATES}]+)\\u2069|\\u2066([^${ISOLATES}]+)\\u2069(?=${WORD})`, 'gu');


/** The node with matn's own nodes replaced by plain Markdown, and matn's data left out. */
function plain(node: RootContent, warn: (w: string) => void): RootContent[] {
  const all = (nodes: RootContent[]) => nodes.flatMap((n) => plain(n, warn));
  switch (node.type) {
    case 'matnDate':
    case 'matnForeign':
    case 'matnNumber':
      return all(node.children);
    case 'matnSeeMore': {
      const line = node.children[0]?.data?.matnForced?.role === 'see-more' ? node.children[0].data.matnLine?.number : undefined;
      if (line !== undefined) warn(`Markdown: line ${line} is a "see more" line by the sidecar only; the Markdown keeps it as a paragraph`);
      return all(node.children);
    }
    case 'matnUpdated':
      return [{ type: 'paragraph', children: all(node.children) as PhrasingContent[] }];
    default:
      break;
  }
  // a table's caption goes back where the source wrote it, as the paragraph it was
  if (node.type === 'table' && node.data?.matnCaption) {
    const { source, side } = node.data.matnCaption;
    const table = plain({ ...node, data: { ...node.data, matnCaption: undefined } }, warn);
    const paragraph = plain(source, warn);
    return side === 'before' ? [...paragraph, ...table] : [...table, ...paragraph];
  }
  const copy = { ...node } as RootContent & { data?: unknown; position?: unknown };
  delete copy.data;
  delete copy.position;
  if (copy.type === 'list') listStyle(copy, node as List, warn);
  if ('children' in copy) (copy as { children: RootContent[] }).children = mergeText(all((copy as { children: RootContent[] }).children));
  return [copy];
}

/**
 * Neighbouring texts as one (an unwrapped number and the text after it): the serializer escapes
 * what would read as syntax ("1. …" at the start of an item) only when it sees it whole.
 */
function mergeText(nodes: RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    const last = out.at(-1);
    if (node.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + node.value };
    else out.push(node);
  }
  return out.map((node) => (node.type === 'text' ? { type: 'text', value: withoutAddedIsolates(node.value) } : node));
}

/**
 * An ordered list starts at its first item's number ("٣." → 3), and keeps its marker: numbered
 * points written "1)" get Markdown's ")" marker, which the Markdown reader reads back as that style.
 */
function listStyle(copy: List, list: List, warn: (w: string) => void): void {
  if (!list.ordered) return;
  const first = list.children[0]?.data?.matnValue;
  if (first !== undefined) copy.start = first;
  const style = list.data?.matnStyle;
  if (style?.startsWith('paren')) copy.data = { matnStyle: 'paren' };
  if (style === 'paren-arabic-indic') {
    const line = list.children[0]?.position?.start.line;
    warn(`Markdown: the numbered points${line ? ` from line ${line}` : ''} are numbered in Arabic-Indic digits; Markdown numbers lists in Western digits`);
  }
}

/**
 * The structure step isolates a Latin run glued to an Arabic word ("وmozilla.org") with invisible
 * LRI…PDI; the Markdown reader's structure step does it again, so the text keeps the word as written.
 */
function withoutAddedIsolates(text: string): string {
  return text.replace(ADDED_ISOLATE, (_m, a?: string, b?: string) => a ?? b ?? '');
}

/** remark-stringify's ordered-list handler, with the list's own marker. */
const list: Handle = (node: List, parent, state, info) => {
  const saved = state.options.bulletOrdered;
  state.options.bulletOrdered = node.data?.matnStyle === 'paren' ? ')' : '.';
  try {
    return defaultHandlers.list(node, parent, state, info);
  } finally {
    state.options.bulletOrdered = saved;
  }
};

/** The metadata a reader of the Markdown needs to give the same document. */
export function frontMatter(meta: DocumentMeta, body: Root): Record<string, unknown> {
  const out: Record<string, unknown> = { title: meta.title };
  if (meta.lang && meta.lang !== 'ar') out.lang = meta.lang;
  for (const key of ['author', 'publisher', 'subject', 'date', 'modified'] as const) if (meta[key]) out[key] = meta[key];
  if (meta.keywords?.length) out.keywords = meta.keywords;
  // A description matn derived from the first paragraph is derived again; one set by hand is kept.
  if (meta.description && meta.description !== describe(body)) out.description = meta.description;
  return out;
}

const processor = unified()
  .use(remarkStringify, {
    bullet: '-',
    emphasis: '_',
    strong: '*',
    fences: true,
    rule: '-',
    listItemIndent: 'one',
    incrementListMarker: true,
    handlers: { list },
  })
  .use(remarkFrontmatter, ['yaml'])
  .use(function gfm() {
    // All of GFM: tables, footnotes, strikethrough, task items, and the escapes that keep an
    // address written as text from becoming a link when the Markdown is read again.
    const data = this.data();
    (data.toMarkdownExtensions ??= []).push(gfmToMarkdown({ tableCellPadding: true, tablePipeAlign: true }));
  })
  .freeze();

/** The Markdown text, and what it could not say the way matn's tree does. */
export function renderMarkdownFile(doc: MatnDocument): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  const children = mergeText(doc.mdast.children.flatMap((n) => plain(n, (w) => warnings.push(w))));
  const yaml: Yaml = { type: 'yaml', value: stringifyYaml(frontMatter(doc.meta, doc.mdast), { lineWidth: 0 }).trimEnd() };
  return { text: processor.stringify({ type: 'root', children: [yaml, ...children] }), warnings };
}

export function renderMarkdown(doc: MatnDocument): string {
  return renderMarkdownFile(doc).text;
}

