import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFRef, type PDFPage } from 'pdf-lib';
import { readingOrder } from '../reading-order.js';
import { pageDecoder, rewriteContents } from './content-streams.js';

/**
 * What pdf.js tells a page's fonts apart by: the font program's name, here its descriptor (the
 * fonts of a face share one after merge-fonts.ts). Keyed by the page's font names.
 */
function fontPrograms(doc: PDFDocument, page: PDFPage): Map<string, string> {
  const out = new Map<string, string>();
  const fonts = page.node.Resources()?.lookup(PDFName.of('Font'));
  if (!(fonts instanceof PDFDict)) return out;
  for (const [name, value] of fonts.entries()) {
    const font = doc.context.lookup(value);
    const kids = font instanceof PDFDict ? font.lookup(PDFName.of('DescendantFonts')) : undefined;
    const cid = kids instanceof PDFArray ? kids.lookup(0) : undefined;
    const descriptor = cid instanceof PDFDict ? cid.get(PDFName.of('FontDescriptor')) : undefined;
    out.set(name.decodeText(), (descriptor instanceof PDFRef ? descriptor : value).toString());
  }
  return out;
}

/** Each line's text objects in reading order (see ../reading-order.ts). */
export function orderLines(doc: PDFDocument): void {
  const cache = new Map<string, Map<number, string>>();
  rewriteContents(doc, (bytes, page) => readingOrder(bytes, pageDecoder(doc, page, cache), fontPrograms(doc, page)));
}
