/**
 * Images, for every output: each `img` of the document is resolved once, and each writer then
 * places the bytes its way (the HTML page inlines a data URI, the EPUB packs a file, the print
 * page inlines a data URI that the page's Content-Security-Policy allows).
 *
 * What is packed: a local file inside the source's folder (a relative path or a `file:` URL; no
 * `..` and no symbolic link out of it), and a `data:` URI (Word images, some saved pages), of a
 * type told by the bytes (image-types.ts), up to MAX_IMAGE_BYTES. SVG is cleaned first
 * (svg-clean.ts). Anything else is never fetched or read: a remote address, a missing file, a
 * file outside the folder, an unknown type. Such an image is shown as its alternative text in a
 * `span.image-omitted`, and one warning names the source file and the image.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { MatnDocument } from '../pipeline.js';
import { KNOWN_IMAGE_FORMATS, SVG, sniffImage, type ImageType } from './image-types.js';
import { cleanSvg } from './svg-clean.js';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export interface ImageFile extends ImageType {
  bytes: Buffer;
  /** SHA-256 of the bytes packed, in hex: the same image used twice is packed once. */
  sha256: string;
}

/** An image that can be packed, or why it cannot. */
export type ImageResult = { image: ImageFile } | { reason: string };

/** An address in a message: a data URI by its type only. */
export function shownSrc(src: string): string {
  const data = /^data:([^;,]*)/iu.exec(src);
  return data ? `data:${data[1] || 'text/plain'},…` : src;
}

function fromBytes(bytes: Buffer): ImageResult {
  if (bytes.length > MAX_IMAGE_BYTES) return { reason: `is larger than ${MAX_IMAGE_BYTES / 1048576} MB` };
  const type = sniffImage(bytes);
  if (!type) return { reason: `is not an image matn knows (${KNOWN_IMAGE_FORMATS})` };
  let packed = bytes;
  if (type === SVG) {
    let clean: string | undefined;
    try {
      clean = cleanSvg(bytes.toString('utf8'));
    } catch {
      clean = undefined;
    }
    if (clean === undefined) return { reason: 'is not an SVG image that can be read' };
    packed = Buffer.from(clean, 'utf8');
  }
  return { image: { ...type, bytes: packed, sha256: createHash('sha256').update(packed).digest('hex') } };
}

function fromDataUri(src: string): ImageResult {
  const m = /^data:([^,]*),(.*)$/isu.exec(src);
  if (!m) return { reason: 'is a data URI that cannot be read' };
  const base64 = /;base64$/iu.test(m[1]!);
  // Each base64 character is 6 bits: refuse before decoding what would be over the limit.
  if (m[2]!.length * (base64 ? 0.75 : 1) > MAX_IMAGE_BYTES * 3) return { reason: `is larger than ${MAX_IMAGE_BYTES / 1048576} MB` };
  let bytes: Buffer;
  try {
    bytes = base64 ? Buffer.from(m[2]!.replace(/\s+/gu, ''), 'base64') : Buffer.from(decodeURIComponent(m[2]!), 'utf8');
  } catch {
    return { reason: 'is a data URI that cannot be read' };
  }
  return fromBytes(bytes);
}

function fromFile(path: string, folder: string): ImageResult {
  if (!path.startsWith(folder + sep)) return { reason: "is outside the source's folder, and is not read" };
  if (!existsSync(path)) return { reason: 'is not found' };
  let real: string;
  let realFolder: string;
  try {
    real = realpathSync(path);
    realFolder = realpathSync(folder);
  } catch {
    return { reason: 'cannot be read' };
  }
  if (!real.startsWith(realFolder + sep)) return { reason: "is a link to a file outside the source's folder, and is not read" };
  try {
    const info = statSync(real);
    if (!info.isFile()) return { reason: 'is not a file' };
    if (info.size > MAX_IMAGE_BYTES) return { reason: `is larger than ${MAX_IMAGE_BYTES / 1048576} MB` };
    return fromBytes(readFileSync(real));
  } catch {
    return { reason: 'cannot be read' };
  }
}

/** The file a local address names (a relative path or a `file:` URL), or why it names none. */
function localPath(address: string, folder: string): { path: string } | { reason: string } {
  if (/^file:/iu.test(address)) {
    try {
      return { path: fileURLToPath(address) };
    } catch {
      return { reason: 'is a file: URL that cannot be read' };
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/iu.test(address) || address.startsWith('//')) {
    return { reason: 'is a remote address, which matn never fetches' };
  }
  let path: string;
  try {
    path = decodeURIComponent(address.split(/[?#]/u)[0]!);
  } catch {
    return { reason: 'is an address that cannot be read' };
  }
  if (path.startsWith('/')) return { reason: "is an address from the root of the source's site, which is not in the source's folder" };
  return { path: resolve(folder, path) };
}

/** Resolves one `src` against the source's folder (an absolute path). Never touches the network. */
export function loadImage(src: string, folder: string): ImageResult {
  const address = src.trim();
  if (address === '') return { reason: 'has no address' };
  if (/^data:/iu.test(address)) return fromDataUri(address);
  const local = localPath(address, folder);
  return 'path' in local ? fromFile(local.path, folder) : local;
}

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

function eachImage(node: Root | RootContent | ElementContent, visit: (img: Element) => void): void {
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
