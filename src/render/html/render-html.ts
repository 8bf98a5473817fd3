/**
 * The HTML writer: one standalone, right-to-left page per document, from
 * `templates/html/page.hbs`. CSS is inlined and the Arabic face embedded, so the single file
 * works offline.
 */
import type { MatnDocument } from '../../pipeline.js';
import { inlineFontCss } from '../fonts.js';
import { pageData } from '../page-data.js';
import { TemplateSet } from '../templates.js';

export interface HtmlOptions {
  templates?: TemplateSet;
  /** Show the table of contents (default: when the document has at least two headings). */
  toc?: boolean;
}

let builtin: TemplateSet | undefined;
/** The page CSS of each template set, assembled once (the inlined font alone is ~400 KB). */
const cssOf = new WeakMap<TemplateSet, string>();

export function renderHtml(doc: MatnDocument, options: HtmlOptions = {}): string {
  const templates = options.templates ?? (builtin ??= new TemplateSet());
  const data = pageData(doc);
  const headingCount = countEntries(data.outline);
  let css = cssOf.get(templates);
  if (css === undefined) {
    css = [inlineFontCss(), templates.read('common/typography.css'), templates.read('html/screen.css')].join('\n');
    cssOf.set(templates, css);
  }
  return templates.render('html/page.hbs', { ...data, css, showToc: options.toc ?? headingCount >= 2 });
}

function countEntries(entries: { children: unknown[] }[]): number {
  return entries.reduce((n, e) => n + 1 + countEntries(e.children as { children: unknown[] }[]), 0);
}
