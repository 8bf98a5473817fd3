/**
 * What every page-like template (HTML page, print page, EPUB content) is given: the document's
 * metadata, its title heading and body as HTML, and its outline. Shared by the renderers so the
 * formats describe a document the same way.
 */
import type { Root as HastRoot, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { MatnDocument } from '../pipeline.js';
import type { OutlineEntry } from '../tree/outline.js';
import { VERSION } from '../version.js';

export interface PageData {
  lang: string;
  title: string;
  description: string | undefined;
  author: string | undefined;
  publisher: string | undefined;
  subject: string | undefined;
  keywords: string | undefined;
  /** ISO date of the last update, when known. */
  modified: string | undefined;
  /** The update date as the source wrote it. */
  modifiedText: string | undefined;
  date: string | undefined;
  /** The h1, as HTML. */
  heading: string;
  /** Everything after the h1, as HTML. */
  body: string;
  outline: OutlineEntry[];
  hasOutline: boolean;
  generator: string;
  sourceName: string;
}

export type Serialize = (tree: HastRoot) => string;

export const htmlSerializer: Serialize = (tree) => toHtml(tree);

/** Split the body tree after its h1. */
export function splitTitle(tree: HastRoot): { heading: RootContent[]; body: RootContent[] } {
  const index = tree.children.findIndex((n) => n.type === 'element' && n.tagName === 'h1');
  if (index === -1) return { heading: [], body: tree.children };
  return { heading: tree.children.slice(0, index + 1), body: tree.children.slice(index + 1) };
}

export function pageData(doc: MatnDocument, serialize: Serialize = htmlSerializer): PageData {
  const { heading, body } = splitTitle(doc.hast);
  const m = doc.meta;
  return {
    lang: m.lang,
    title: m.title,
    description: m.description,
    author: m.author,
    publisher: m.publisher,
    subject: m.subject,
    keywords: m.keywords?.join(', '),
    modified: m.modified,
    modifiedText: m.modifiedText,
    date: m.date,
    heading: serialize({ type: 'root', children: heading }),
    body: serialize({ type: 'root', children: body }),
    outline: doc.outline,
    hasOutline: doc.outline.length > 0,
    generator: `matn ${VERSION}`,
    sourceName: doc.source.name,
  };
}
