/**
 * The HTML writer: one standalone, right-to-left page per document, from
 * `templates/html/page.hbs`. CSS is inlined and the Arabic face embedded, so the single file
 * works offline; so are the fallback fonts the document's text needs (font-choice.ts), after it,
 * and its images (src/render/images.ts).
 */
import { randomUUID } from 'node:crypto';
import type { MatnDocument } from '../../pipeline.js';
import { ConstantPart, encodeText, type EncodedArtifact } from '../encoded.js';
import { inlineFontCss, primaryFonts, type FontFile } from '../fonts.js';
import { pageData } from '../page-data.js';
import { TemplateSet } from '../templates.js';
import { dataUri, hasImages, placeImages } from '../images.js';

export interface HtmlOptions {
  templates?: TemplateSet;
  /** Show the table of contents (default: when the document has at least two headings). */
  toc?: boolean;
  /** The fonts to embed (default: the text face alone; the writer passes the document's, from font-choice.ts). */
  fonts?: FontFile[];
}

let builtin: TemplateSet | undefined;
/** The files whose faces every page's constant CSS holds. */
let constantFonts: Set<string> | undefined;
/** The page CSS of each template set, assembled and encoded once (the inlined font alone is ~400 KB). */
const cssOf = new WeakMap<TemplateSet, ConstantPart>();
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

function renderPage(doc: MatnDocument, options: HtmlOptions): Page {
  const templates = options.templates ?? (builtin ??= new TemplateSet());
  const data = pageData(withImages(doc));
  const headingCount = countEntries(data.outline);
  let css = cssOf.get(templates);
  if (css === undefined) {
    css = new ConstantPart([inlineFontCss(), templates.read('common/typography.css'), templates.read('html/screen.css')].join('\n'));
    cssOf.set(templates, css);
  }
  const out = templates.render('html/page.hbs', { ...data, css: CSS_MARKER, showToc: options.toc ?? headingCount >= 2 });
  // The fallback faces come after the constant CSS (the text face's are in it).
  constantFonts ??= new Set(primaryFonts().map((f) => f.name));
  const fallbacks = options.fonts?.filter((f) => !constantFonts!.has(f.name)) ?? [];
  const extra = fallbacks.length > 0 ? `\n${inlineFontCss(fallbacks)}` : '';
  const at = out.indexOf(CSS_MARKER);
  // A user's template may leave the CSS out or use it twice.
  if (at === -1 || out.includes(CSS_MARKER, at + 1)) return { whole: out.split(CSS_MARKER).join(css.text + extra) };
  return { head: out.slice(0, at), css, tail: extra + out.slice(at + CSS_MARKER.length) };
}

/** The page as text. */
export function renderHtml(doc: MatnDocument, options: HtmlOptions = {}): string {
  const page = renderPage(doc, options);
  return 'whole' in page ? page.whole : page.head + page.css.text + page.tail;
}

/** The page as UTF-8 bytes with their SHA-256, without re-encoding the constant CSS each time. */
export function renderHtmlFile(doc: MatnDocument, options: HtmlOptions = {}): EncodedArtifact {
  const page = renderPage(doc, options);
  return 'whole' in page ? encodeText(page.whole) : page.css.encode(page.head, page.tail);
}

function countEntries(entries: { children: unknown[] }[]): number {
  return entries.reduce((n, e) => n + 1 + countEntries(e.children as { children: unknown[] }[]), 0);
}
