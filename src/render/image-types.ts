/**
 * The image formats matn packs, told by their first bytes (a file's name or a data URI's
 * declared type can lie; a `.png` that is really HTML is not an image). EPUB 3.3's core media
 * types are PNG, JPEG, GIF, WebP and SVG; AVIF is not one, so an EPUB would need a fallback for
 * it, and matn shows its alternative text there instead.
 */

export interface ImageType {
  mediaType: string;
  /** File extension for a packed copy, without the dot. */
  extension: string;
  /** A core media type of EPUB 3.3 (reading systems must show it). */
  epubCore: boolean;
}

const PNG: ImageType = { mediaType: 'image/png', extension: 'png', epubCore: true };
const JPEG: ImageType = { mediaType: 'image/jpeg', extension: 'jpg', epubCore: true };
const GIF: ImageType = { mediaType: 'image/gif', extension: 'gif', epubCore: true };
const WEBP: ImageType = { mediaType: 'image/webp', extension: 'webp', epubCore: true };
export const SVG: ImageType = { mediaType: 'image/svg+xml', extension: 'svg', epubCore: true };
const AVIF: ImageType = { mediaType: 'image/avif', extension: 'avif', epubCore: false };

/** The formats' names, for messages. */
export const KNOWN_IMAGE_FORMATS = 'PNG, JPEG, GIF, WebP, SVG or AVIF';

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');

/** An SVG document: optional XML declaration, comments and doctype, then the svg element. */
const SVG_START = /^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*<svg[\s>/]/iu;

/** The image's type from its bytes, or undefined when it is none matn knows. */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return PNG;
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return JPEG;
  if (bytes.length >= 6 && /^GIF8[79]a$/u.test(ascii(bytes, 0, 6))) return GIF;
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return WEBP;
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp' && /^avi[fs]$/u.test(ascii(bytes, 8, 12))) return AVIF;
  if (SVG_START.test(Buffer.from(bytes.subarray(0, 4096)).toString('utf8'))) return SVG;
  return undefined;
}
