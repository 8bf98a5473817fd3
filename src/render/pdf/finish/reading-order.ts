import type { PDFDocument } from 'pdf-lib';
import { readingOrder } from '../reading-order.js';
import { pageDecoder, pageFonts, rewriteContents } from './content-streams.js';

/** Each line's text objects in reading order (see ../reading-order.ts). */
export function orderLines(doc: PDFDocument): void {
  const cache = new Map<string, Map<number, string>>();
  rewriteContents(doc, (bytes, page) => {
    // Font names that name one font (a face's fonts joined, see merge-fonts.ts) do not cut a run.
    const refs = new Map([...pageFonts(doc, page, cache)].map(([name, font]) => [name, font.ref?.toString() ?? name]));
    return readingOrder(bytes, pageDecoder(doc, page, cache), refs);
  });
}
