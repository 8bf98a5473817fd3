import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, type PDFDocument, PDFName, type PDFPage, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';
import { codeDecoder, numericCodes, parseToUnicode, type Decoder } from '../to-unicode.js';

/** A stream's decoded bytes. Chromium's streams are Flate-compressed: Node's zlib is many times faster than pdf-lib's. */
export function streamBytes(stream: PDFRawStream): Uint8Array {
  const flate = stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'));
  return flate ? new Uint8Array(inflateSync(stream.contents)) : decodePDFRawStream(stream).decode();
}

/** The references of a page's content streams. */
export function contentRefs(page: PDFPage): PDFRef[] {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs: PDFRef[] = [];
  if (contents instanceof PDFRef) refs.push(contents);
  else if (contents instanceof PDFArray) {
    for (let i = 0; i < contents.size(); i++) {
      const ref = contents.get(i);
      if (ref instanceof PDFRef) refs.push(ref);
    }
  }
  return refs;
}

/** Content streams decoded by the steps so far, and whether a step changed them, per document. */
const decoded = new WeakMap<PDFDocument, Map<string, { ref: PDFRef; bytes: Uint8Array; changed: boolean }>>();

/**
 * Rewrites every page's content streams with `edit`, which returns the same bytes when it
 * changes nothing. Streams are decoded once for all the steps and encoded again by
 * `writeContents` (the steps that rewrite them run one after the other).
 */
export function rewriteContents(doc: PDFDocument, edit: (bytes: Uint8Array, page: PDFPage, index: number) => Uint8Array): void {
  const { context } = doc;
  let cache = decoded.get(doc);
  if (!cache) decoded.set(doc, (cache = new Map()));
  doc.getPages().forEach((page, index) => {
    for (const ref of contentRefs(page)) {
      let entry = cache.get(ref.toString());
      if (!entry) {
        const stream = context.lookup(ref);
        if (!(stream instanceof PDFRawStream)) continue;
        entry = { ref, bytes: streamBytes(stream), changed: false };
        cache.set(ref.toString(), entry);
      }
      const fixed = edit(entry.bytes, page, index);
      if (fixed !== entry.bytes) {
        entry.bytes = fixed;
        entry.changed = true;
      }
    }
  });
}

/** Encodes the content streams the steps changed back into the document. */
export function writeContents(doc: PDFDocument): void {
  const cache = decoded.get(doc);
  if (!cache) return;
  for (const entry of cache.values()) {
    if (entry.changed) doc.context.assign(entry.ref, doc.context.stream(deflateSync(entry.bytes), { Filter: 'FlateDecode' }));
  }
  decoded.delete(doc);
}

/** A page's fonts by resource name (`F4`): the font's reference and its /ToUnicode map (cached per font). */
export function pageFonts(doc: PDFDocument, page: PDFPage, cache = new Map<string, Map<number, string>>()): Map<string, { ref: PDFRef | undefined; map: Map<number, string> }> {
  const out = new Map<string, { ref: PDFRef | undefined; map: Map<number, string> }>();
  const resources = page.node.Resources();
  const fonts = resources?.lookup(PDFName.of('Font'));
  if (fonts instanceof PDFDict) {
    for (const [name, value] of fonts.entries()) {
      const ref = value instanceof PDFRef ? value : undefined;
      const key = ref?.toString();
      let map = key ? cache.get(key) : undefined;
      if (!map) {
        map = new Map();
        const font = doc.context.lookup(value);
        const toUnicode = font instanceof PDFDict ? font.lookup(PDFName.of('ToUnicode')) : undefined;
        if (toUnicode instanceof PDFRawStream) map = numericCodes(parseToUnicode(Buffer.from(streamBytes(toUnicode)).toString('latin1')));
        else if (toUnicode instanceof PDFStream) map = new Map();
        if (key) cache.set(key, map);
      }
      out.set(name.decodeText(), { ref, map });
    }
  }
  return out;
}

/** Decodes the show strings of a page's fonts through their /ToUnicode maps (cached per font). */
export function pageDecoder(doc: PDFDocument, page: PDFPage, cache = new Map<string, Map<number, string>>()): Decoder {
  const maps = new Map<string, Map<number, string>>();
  for (const [name, font] of pageFonts(doc, page, cache)) maps.set(name, font.map);
  return codeDecoder(maps);
}
