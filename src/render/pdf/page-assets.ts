/**
 * What a print page may load, and nothing else: the document's bundled fonts and a source's own local
 * images, each served by the printer from disk under one private origin. Also the page's CSS
 * (fonts, shared typography, print styles), assembled in one place for every page matn prints.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve, sep } from 'node:path';
import type { Root as HastRoot, Element, ElementContent, RootContent, Text } from 'hast';
import { linkedFontCss, primaryFonts, type FontFile } from '../fonts.js';
import type { TemplateSet } from '../templates.js';
import { isElement } from './hast.js';

/** The origin the print page is loaded from; only URLs under it are ever answered. */
export const PRINT_ORIGIN = 'https://matn.local';
export const PAGE_URL = `${PRINT_ORIGIN}/document.html`;
export const FONT_BASE = `${PRINT_ORIGIN}/fonts/`;
const ASSET_BASE = `${PRINT_ORIGIN}/assets/`;

/** A file the page may load: its bytes are read from `path` and served with `type`. */
export interface Asset {
  path: string;
  type: string;
}

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
 * Images: a relative path inside the source's folder becomes a bundled asset; anything else
 * (a remote URL, a path outside the folder, an unknown type) is replaced by its description, so
 * the printed page shows no broken image and the renderer has nothing to fetch.
 */
export function bundleImages(tree: HastRoot, sourcePath: string, assets: Map<string, Asset>): void {
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
