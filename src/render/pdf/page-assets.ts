/**
 * What a print page may load, and nothing else: the document's bundled fonts, served by the printer
 * from disk under one private origin (a source's images are in the page itself, as data URIs).
 * Also the page's CSS (fonts, shared typography, print styles), assembled in one place for every
 * page matn prints.
 */
import type { Root as HastRoot, RootContent } from 'hast';
import type { MatnDocument } from '../../pipeline.js';
import { linkedFontCss, primaryFonts, type FontFile } from '../fonts.js';
import { dataUri, placeImages } from '../images.js';
import type { TemplateSet } from '../templates.js';
import { eachNode } from '../../tree/walk.js';

/** The origin the print page is loaded from; only URLs under it are ever answered. */
export const PRINT_ORIGIN = 'https://matn.local';
export const PAGE_URL = `${PRINT_ORIGIN}/document.html`;
export const FONT_BASE = `${PRINT_ORIGIN}/fonts/`;

/** A file the page may load: its bytes are read from `path` and served with `type`. */
export interface Asset {
  path: string;
  type: string;
}

/** The document's font files (default: the text face's), by the URL the page's CSS asks for them at. */
export function fontAssets(fonts: FontFile[] = primaryFonts()): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const font of fonts) assets.set(`${FONT_BASE}${font.name}`, { path: font.path, type: 'font/woff2' });
  return assets;
}

/** Every print page's CSS: the font faces, the shared typography, the print styles. */
export function printCss(templates: TemplateSet, fonts: FontFile[] = primaryFonts()): string {
  return [linkedFontCss(FONT_BASE, fonts), templates.read('common/typography.css'), templates.read('print/print.css')].join('\n');
}

/**
 * Images (src/render/images.ts, the same for every output): a local image of the source's
 * folder or a data URI goes into the page as a data URI (the page's Content-Security-Policy
 * allows `data:` images and nothing remote); anything else becomes its alternative text, so the
 * printed page shows no broken image and the renderer has nothing to fetch.
 */
export function bundleImages(tree: HastRoot, doc: MatnDocument): void {
  placeImages(tree, doc, dataUri, 'PDF');
  // Chromium tags a figure element as a Figure of its own, around the image's, and without Alt
  // (which PDF/UA asks of every Figure); as a group it is a Div holding the image and its Caption.
  eachNode<RootContent>(tree, (node) => {
    if (node.type === 'element' && node.tagName === 'figure') node.properties = { ...node.properties, role: 'group' };
  });
}
