/**
 * The body split into content documents: the title and introduction first, then one document
 * per top-level section (each top-level entry of the outline starts one). Links inside the
 * document are pointed at the content document that now holds their target.
 */
import type { Root, RootContent, Element, ElementContent } from 'hast';
import type { OutlineEntry } from '../../tree/outline.js';
import { fragment } from './xml.js';

export interface Section {
  /** Manifest id and file name stem: "part-01". */
  id: string;
  /** Path inside the EPUB folder: "text/part-01.xhtml". */
  href: string;
  /** The heading that opens it (the h1 for the first). */
  headingId: string | undefined;
  headingText: string;
  nodes: RootContent[];
}

export const TEXT_DIR = 'text';

function isElement(node: RootContent | ElementContent, tag?: string): node is Element {
  return node.type === 'element' && (tag === undefined || node.tagName === tag);
}

function textOf(node: RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function hasContent(nodes: RootContent[]): boolean {
  return nodes.some((n) => n.type === 'element' || (n.type === 'text' && n.value.trim() !== ''));
}

export function splitSections(tree: Root, outline: OutlineEntry[], fallbackTitle: string): Section[] {
  const starts = new Set(outline.map((e) => e.id));
  const chunks: RootContent[][] = [[]];
  for (const node of tree.children) {
    if (isElement(node) && /^h[2-6]$/.test(node.tagName) && starts.has(String(node.properties.id ?? ''))) {
      chunks.push([]);
    }
    chunks[chunks.length - 1]!.push(node);
  }
  const sections: Section[] = [];
  const width = Math.max(2, String(chunks.length).length);
  for (const nodes of chunks) {
    if (!hasContent(nodes)) continue;
    const heading = nodes.find((n): n is Element => isElement(n) && /^h[1-6]$/.test(n.tagName));
    const id = `part-${String(sections.length + 1).padStart(width, '0')}`;
    const headingText = heading ? textOf(heading).trim() : '';
    sections.push({
      id,
      href: `${TEXT_DIR}/${id}.xhtml`,
      headingId: heading?.properties.id === undefined ? undefined : String(heading.properties.id),
      headingText: headingText || fallbackTitle,
      nodes,
    });
  }
  if (sections.length === 0) {
    sections.push({ id: 'part-01', href: `${TEXT_DIR}/part-01.xhtml`, headingId: undefined, headingText: fallbackTitle, nodes: [] });
  }
  return sections;
}

/** Every id in the body → the content document holding it. */
export function idIndex(sections: Section[]): Map<string, Section> {
  const index = new Map<string, Section>();
  const visit = (node: RootContent | ElementContent, section: Section) => {
    if (node.type !== 'element') return;
    const id = node.properties.id;
    if (id !== undefined && id !== null && !index.has(String(id))) index.set(String(id), section);
    for (const child of node.children) visit(child, section);
  };
  for (const section of sections) for (const node of section.nodes) visit(node, section);
  return index;
}

/**
 * A copy of a section's nodes ready for a content document: same-document links ("#id") point at
 * the right file. (Images are placed before, by render-epub.ts: packed, or their alternative text.)
 */
export function adaptNodes(
  nodes: RootContent[],
  section: Section,
  ids: Map<string, Section>,
  warn: (message: string) => void,
): RootContent[] {
  const adapt = (node: ElementContent): ElementContent => {
    if (node.type !== 'element') return node;
    let properties = node.properties;
    const href = properties.href;
    // A link to another page of the site the source came from ("/contact-us", "../faq.md"):
    // that page is not in the EPUB, so the link's text stays and the link goes.
    if (node.tagName === 'a' && typeof href === 'string' && href !== '' && !href.startsWith('#') && !/^[a-z][a-z0-9+.-]*:|^\/\//iu.test(href)) {
      warn("EPUB: links to other pages of the source's site (such as /contact-us) are shown as their text: those pages are not in the EPUB");
      return { type: 'element', tagName: 'span', properties: {}, children: node.children.map(adapt) };
    }
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
      const target = decodeFragment(href.slice(1));
      const holder = ids.get(target);
      // An anchor the document does not have (a saved page's link to an element left out): its text.
      if (!holder && target !== '') return { type: 'element', tagName: 'span', properties: {}, children: node.children.map(adapt) };
      if (holder && holder !== section) {
        properties = { ...properties, href: `${holder.id}.xhtml#${fragment(target)}` };
      }
    }
    return { ...node, properties, children: node.children.map(adapt) };
  };
  return nodes.map((n) => (n.type === 'element' ? (adapt(n) as Element) : n));
}

function decodeFragment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Footnotes as EPUB 3 pop-up notes: each reference becomes `epub:type="noteref"`, and each note
 * an `<aside epub:type="footnote">` at the end of the content document that first refers to it
 * (reading systems open it in place; others show it after the section, with its link back).
 * The HTML page's notes section is removed from the sections.
 */
export function popUpNotes(sections: Section[]): void {
  let notes: Element | undefined;
  for (const section of sections) {
    const at = section.nodes.findIndex((n) => isElement(n, 'section') && n.properties.dataFootnotes !== undefined);
    if (at !== -1) notes = section.nodes.splice(at, 1)[0] as Element;
  }
  if (!notes) return;
  const items = new Map<string, Element>();
  const list = notes.children.find((n): n is Element => isElement(n, 'ol'));
  for (const item of list?.children ?? []) if (isElement(item, 'li')) items.set(String(item.properties.id), item);
  const placed = new Set<string>();
  for (const section of sections) {
    const asides: Element[] = [];
    const visit = (node: RootContent | ElementContent): void => {
      if (node.type !== 'element') return;
      const href = node.properties.href;
      if (node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined && typeof href === 'string') {
        node.properties = { ...node.properties, 'epub:type': 'noteref', role: 'doc-noteref' };
        delete node.properties.ariaDescribedBy;
        const id = href.slice(1);
        const item = items.get(id);
        if (item && !placed.has(id)) {
          placed.add(id);
          asides.push({ type: 'element', tagName: 'aside', properties: { id, className: ['footnote'], 'epub:type': 'footnote', role: 'doc-footnote' }, children: item.children });
        }
      }
      for (const child of node.children) visit(child);
    };
    for (const node of section.nodes) visit(node);
    if (asides.length) section.nodes.push({ type: 'element', tagName: 'hr', properties: { className: ['footnotes-rule'] }, children: [] }, ...asides);
  }
}
