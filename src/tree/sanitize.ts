/**
 * Raw HTML written in a Markdown source (or kept from a saved page) is parsed as HTML
 * (hast-util-raw) and then cleaned with a strict schema (hast-util-sanitize): only the elements
 * a document's text needs are kept, with the attributes that cannot run anything; everything
 * else is dropped but its text stays (script, style and the like go with their content). No
 * event handler, style attribute, form control or frame ever reaches an output.
 */
import type { Root } from 'hast';
import { raw } from 'hast-util-raw';
import { sanitize, type Schema } from 'hast-util-sanitize';

/** The attributes matn's own elements carry (kept on any element). */
const MATN_ATTRIBUTES = ['className', 'dir', 'lang', 'translate', 'id', 'title', 'role', 'ariaLabel', 'ariaHidden', 'ariaDescribedBy', 'ariaLabelledBy', 'dataFootnotes', 'dataFootnoteRef', 'dataFootnoteBackref'];

export const STRICT_SCHEMA: Schema = {
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'select', 'textarea', 'button', 'head', 'title'],
  clobberPrefix: '',
  clobber: [],
  tagNames: [
    // text
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var',
    'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sup', 'sub', 'abbr', 'cite', 'q', 'dfn', 'bdi', 'bdo', 'span', 'time',
    'a', 'img', 'figure', 'figcaption', 'details', 'summary', 'div', 'section', 'aside',
    // lists and tables
    'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  ],
  attributes: {
    '*': MATN_ATTRIBUTES,
    a: ['href'],
    img: ['src', 'alt', 'width', 'height'],
    abbr: ['title'],
    time: ['dateTime'],
    li: ['value'],
    ol: ['start', 'reversed'],
    th: ['scope', 'colSpan', 'rowSpan'],
    td: ['colSpan', 'rowSpan'],
    details: ['open'],
    q: ['cite'],
    bdo: ['dir'],
  },
  protocols: { href: ['http', 'https', 'mailto', 'tel'], src: ['http', 'https', 'data'], cite: ['http', 'https'] },
  required: {},
  ancestors: {},
};

/** Parses the raw HTML nodes of a tree and sanitizes the whole tree (only called when it has some). */
export function rawAndSanitize(tree: Root): Root {
  const parsed = raw(tree) as Root;
  return sanitize(parsed, STRICT_SCHEMA) as Root;
}

/** Whether a hast tree holds raw HTML. */
export function hasRaw(node: { type: string; children?: unknown[] }): boolean {
  if (node.type === 'raw') return true;
  return (node.children as { type: string; children?: unknown[] }[] | undefined)?.some(hasRaw) ?? false;
}
