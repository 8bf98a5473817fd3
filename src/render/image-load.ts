/**
 * One image address resolved to bytes, never through the network: a `data:` URI is decoded; a
 * relative path or a `file:` URL is read only when it names a file inside the source's folder
 * (no `..`, no symbolic link out of it) of at most MAX_IMAGE_BYTES; the type is told by the bytes
 * (image-types.ts), and SVG is cleaned (svg-clean.ts). Anything else comes back with the reason.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
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
export function localPath(address: string, folder: string): { path: string } | { reason: string } {
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
