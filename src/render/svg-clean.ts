/**
 * An SVG image made safe to pack: parsed as a browser parses SVG (parse5, through hast-util-raw,
 * which the pipeline loads anyway), then only drawing elements are kept, with no script, no event handler,
 * no foreign HTML and no reference outside the image (links and `xlink:href` only to `#id`,
 * embedded images only as data URIs, style sheets without `@import` or outside `url()`). The
 * result is written back as well-formed XML in the SVG namespace, so an EPUB can carry it as an
 * image file (epubcheck then asks for no `scripted` or `remote-resources` property).
 */
import type { Element, ElementContent, Properties, Root } from 'hast';
import { raw } from 'hast-util-raw';
import { toHtml } from 'hast-util-to-html';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Drawing elements; anything else is removed with its content. `a` keeps its content as a group. */
const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'switch', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'textPath', 'image',
  'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern', 'marker',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting',
  'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
  'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting',
  'feSpotLight', 'feTile', 'feTurbulence',
]);

/** A `url(…)` that points outside the image (anything but `url(#id)`). */
const OUTSIDE_URL = /url\(\s*(?!['"]?#)/iu;

function cleanProperties(properties: Properties, tagName: string): Properties {
  const out: Properties = {};
  for (const [name, value] of Object.entries(properties)) {
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    if (/^on/iu.test(name) || name.includes(':') || text.includes('<')) continue;
    if (name === 'href' || name === 'xLinkHref') {
      const embedded = tagName === 'image' && /^data:image\/(?:png|jpeg|gif|webp);/iu.test(text);
      if (!text.startsWith('#') && !embedded) continue;
    }
    if (name === 'style' && OUTSIDE_URL.test(text)) continue;
    if (/^\s*javascript:/iu.test(text)) continue;
    out[name] = value;
  }
  return out;
}

function cleanChildren(children: ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === 'text') out.push(child);
    if (child.type !== 'element') continue;
    // A link inside the image becomes a plain group: nothing in a packed image leads anywhere.
    if (child.tagName === 'a') {
      out.push({ type: 'element', tagName: 'g', properties: {}, children: cleanChildren(child.children) });
      continue;
    }
    if (!ELEMENTS.has(child.tagName)) continue;
    if (child.tagName === 'style') {
      const css = child.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      if (/@import|[<&]/iu.test(css) || OUTSIDE_URL.test(css)) continue;
    }
    const properties = cleanProperties(child.properties, child.tagName);
    if (child.tagName === 'image' && properties.href === undefined && properties.xLinkHref === undefined) continue;
    out.push({ ...child, properties, children: cleanChildren(child.children) });
  }
  return out;
}

/** The SVG text made safe, or undefined when it holds no svg element. */
export function cleanSvg(text: string): string | undefined {
  const tree = raw({ type: 'root', children: [{ type: 'raw', value: text }] } as Root) as Root;
  const svg = tree.children.find((c): c is Element => c.type === 'element' && c.tagName === 'svg');
  if (!svg) return undefined;
  const [clean] = cleanChildren([svg]) as [Element];
  const usesXlink = /\sxlink:href=/u.test(toHtml(clean, { space: 'svg' }));
  clean.properties = { xmlns: SVG_NS, ...(usesXlink ? { xmlnsXLink: XLINK_NS } : {}), ...clean.properties };
  if (!usesXlink) delete clean.properties.xmlnsXLink;
  const xml = toHtml(clean, { space: 'svg', closeEmptyElements: true, tightSelfClosing: true, quote: '"', quoteSmart: false, preferUnquoted: false, collapseEmptyAttributes: false });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}
