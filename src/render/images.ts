/**
 * Images, for every output: each `img` of the document is resolved once, and each writer then
 * places the bytes its way (the HTML page inlines a data URI, the EPUB packs a file, the print
 * page inlines a data URI that the page's Content-Security-Policy allows).
 *
 * What is packed (image-load.ts): a local file inside the source's folder, and a `data:` URI
 * (Word images, some saved pages), of a type told by the bytes, up to MAX_IMAGE_BYTES; SVG is
 * cleaned first. Anything else is never fetched or read: a remote address, a missing file, a
 * file outside the folder, an unknown type. Such an image is shown as its alternative text in a
 * `span.image-omitted`, and one warning names the source file and the image.
 */
import { dirname, resolve, sep } from 'node:path';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { MatnDocument } from '../pipeline.js';
import { loadImage, localPath, shownSrc, type ImageFile, type ImageResult } from './image-load.js';

export { loadImage, MAX_IMAGE_BYTES, type ImageFile, type ImageResult } from './image-load.js';

/**
 * The files inside the source's folder that the document's images name, found or not: what its
 * artifacts depend on besides the source (the build cache rebuilds the document when one changes).
 */
export function localImageFiles(doc: MatnDocument): string[] {
  const folder = imageFolder(doc);
  const paths = new Set<string>();
  eachImage(doc.hast, (img) => {
    const address = String(img.properties.src ?? '').trim();
    if (address === '' || /^data:/iu.test(address)) return;
    const local = localPath(address, folder);
    if ('path' in local && local.path.startsWith(folder + sep)) paths.add(local.path);
  });
  return [...paths].sort();
}

/** The folder a document's images are resolved against. */
export function imageFolder(doc: MatnDocument): string {
  return doc.source.folder ?? resolve(dirname(doc.source.path));
}

const resolved = new WeakMap<Root, Map<string, ImageResult>>();

/** Every image of the document by its `src`, resolved once for all the writers. */
export function documentImages(doc: MatnDocument): Map<string, ImageResult> {
  let images = resolved.get(doc.hast);
  if (!images) {
    images = new Map();
    const folder = imageFolder(doc);
    eachImage(doc.hast, (img) => {
      const src = String(img.properties.src ?? '');
      if (!images!.has(src)) images!.set(src, loadImage(src, folder));
    });
    resolved.set(doc.hast, images);
  }
  return images;
}

/** Calls `visit` with every `img` element of the tree, in document order. */
export function eachImage(node: Root | RootContent | ElementContent, visit: (img: Element) => void): void {
  if (node.type === 'element' && node.tagName === 'img') visit(node);
  if ('children' in node) for (const child of node.children) eachImage(child, visit);
}

export function hasImages(tree: Root): boolean {
  let found = false;
  eachImage(tree, () => (found = true));
  return found;
}

const altOf = (img: Element) => (typeof img.properties.alt === 'string' ? img.properties.alt.trim() : '');

/** What the reader is told about the document's images, the same in every format (so a build reports each once). */
export function imageWarnings(doc: MatnDocument): string[] {
  const images = documentImages(doc);
  const warnings: string[] = [];
  eachImage(doc.hast, (img) => {
    const src = String(img.properties.src ?? '');
    const result = images.get(src)!;
    const alt = altOf(img);
    const message =
      'reason' in result
        ? `${doc.source.path}: the image "${shownSrc(src)}" ${result.reason}; ${alt ? `its alternative text «${alt}» is shown instead` : 'it is left out, and it has no alternative text to show'}`
        : alt
          ? undefined
          : `${doc.source.path}: the image "${shownSrc(src)}" has no alternative text (alt): a reader who cannot see it is not told what it shows`;
    if (message && !warnings.includes(message)) warnings.push(message);
  });
  return warnings;
}

/** Where a writer puts an image: the `src` its copy is found at, or why this format cannot show it. */
export type Place = (image: ImageFile) => string | { omit: string };

/** The alternative text in place of an image. */
function omitted(img: Element): Element {
  const alt = altOf(img);
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['image-omitted'] },
    children: [{ type: 'text', value: alt || 'صورة' }],
  };
}

/**
 * Gives every `img` of a tree (a writer's copy of doc.hast) the `src` `place` returns, or puts its
 * alternative text in its place. Returns the format's own warnings (imageWarnings gives the rest).
 */
export function placeImages(tree: Root, doc: MatnDocument, place: Place, format: string): string[] {
  const images = documentImages(doc);
  const warnings: string[] = [];
  const walk = (parent: { children: Array<RootContent | ElementContent> }): void => {
    parent.children.forEach((child, i) => {
      if (child.type !== 'element') return;
      if (child.tagName !== 'img') return walk(child);
      const src = String(child.properties.src ?? '');
      const result = images.get(src) ?? loadImage(src, imageFolder(doc));
      const placed = 'image' in result ? place(result.image) : undefined;
      if (typeof placed === 'string') {
        const { srcSet: _srcSet, sizes: _sizes, ...rest } = child.properties;
        child.properties = { ...rest, src: placed, alt: altOf(child) };
        return;
      }
      if (placed) {
        const message = `${format}: ${doc.source.path}: the image "${shownSrc(src)}" ${placed.omit}; its alternative text is shown instead`;
        if (!warnings.includes(message)) warnings.push(message);
      }
      parent.children[i] = omitted(child);
    });
  };
  walk(tree);
  return warnings;
}

/** An image as a data URI (the HTML page and the print page carry their images inline). */
export function dataUri(image: ImageFile): string {
  return `data:${image.mediaType};base64,${image.bytes.toString('base64')}`;
}
