import type { PDFDocument } from 'pdf-lib';
import { readingOrder } from '../reading-order.js';
import { pageDecoder, rewriteContents } from './content-streams.js';

/** Each line's text objects in reading order (see ../reading-order.ts). */
export function orderLines(doc: PDFDocument): void {
  const cache = new Map<string, Map<number, string>>();
  rewriteContents(doc, (bytes, page) => readingOrder(bytes, pageDecoder(doc, page, cache)));
}
