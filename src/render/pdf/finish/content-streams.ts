import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, type PDFDocument, PDFName, type PDFPage, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';
import { cmapDecoder, parseToUnicode, type Decoder } from '../reading-order.js';

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

/**
 * Rewrites every page's content streams with `edit`, which returns the same bytes when it
 * changes nothing.
 */
export function rewriteContents(doc: PDFDocument, edit: (bytes: Uint8Array, page: PDFPage, index: number) => Uint8Array): void {
  const { context } = doc;
  doc.getPages().forEach((page, index) => {
    for (const ref of contentRefs(page)) {
      const stream = context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const bytes = streamBytes(stream);
      const fixed = edit(bytes, page, index);
      if (fixed !== bytes) context.assign(ref, context.stream(deflateSync(fixed), { Filter: 'FlateDecode' }));
    }
  });
}

/** Decodes the show strings of a page's fonts through their /ToUnicode maps (cached per font). */
export function pageDecoder(doc: PDFDocument, page: PDFPage, cache = new Map<string, Map<string, string>>()): Decoder {
  const maps = new Map<string, Map<string, string>>();
  const resources = page.node.Resources();
  const fonts = resources?.lookup(PDFName.of('Font'));
  if (fonts instanceof PDFDict) {
    for (const [name, value] of fonts.entries()) {
      const key = value instanceof PDFRef ? value.toString() : undefined;
      let map = key ? cache.get(key) : undefined;
      if (!map) {
        map = new Map();
        const font = doc.context.lookup(value);
        const toUnicode = font instanceof PDFDict ? font.lookup(PDFName.of('ToUnicode')) : undefined;
        if (toUnicode instanceof PDFRawStream) map = parseToUnicode(Buffer.from(streamBytes(toUnicode)).toString('latin1'));
        else if (toUnicode instanceof PDFStream) map = new Map();
        if (key) cache.set(key, map);
      }
      maps.set(name.decodeText(), map);
    }
  }
  return cmapDecoder(maps);
}
