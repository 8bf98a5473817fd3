import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, type PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { reverseActualTextInReversedChars } from '../reversed-chars.js';

/**
 * Rewrites the pages' content streams so that replacement text inside right-to-left words reads in
 * the same order as the words' glyphs (see reversed-chars.ts).
 */
export function orderReplacementText(doc: PDFDocument): void {
  const { context } = doc;
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs: PDFRef[] = [];
    if (contents instanceof PDFRef) refs.push(contents);
    else if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++) {
        const ref = contents.get(i);
        if (ref instanceof PDFRef) refs.push(ref);
      }
    }
    for (const ref of refs) {
      const stream = context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      // Chromium's content streams are Flate-compressed: Node's zlib is many times faster than
      // pdf-lib's JavaScript inflate and deflate.
      const flate = stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'));
      const bytes = flate ? new Uint8Array(inflateSync(stream.contents)) : decodePDFRawStream(stream).decode();
      const fixed = reverseActualTextInReversedChars(bytes);
      if (fixed !== bytes) context.assign(ref, context.stream(deflateSync(fixed), { Filter: 'FlateDecode' }));
    }
  }
}
