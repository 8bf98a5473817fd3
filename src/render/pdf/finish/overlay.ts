import { PDFArray, PDFDocument, PDFName, PDFRef, beginMarkedContent, endMarkedContent } from 'pdf-lib';
import { orderReplacementText } from './replacement-text.js';
import { orderLines } from './reading-order.js';
import { writeContents } from './content-streams.js';

/**
 * Draws pages of another PDF over this one's pages, as artifacts (running heads are not part of
 * the document's logical content; tagged-PDF readers skip them). The other PDF's pages are
 * copied once (so the fonts they share are embedded once), turned into form XObjects, and the
 * copies themselves dropped.
 */
export async function layOver(doc: PDFDocument, pdf: Uint8Array, pageFor: Array<number | undefined>): Promise<void> {
  const source = await PDFDocument.load(pdf, { updateMetadata: false });
  orderReplacementText(source);
  orderLines(source);
  writeContents(source);
  const indices = source.getPageIndices();
  const copies = await doc.copyPages(source, indices);
  // The copies' own content streams, before embedding wraps them in pdf-lib's shared q/Q streams
  // (which the document's pages use too, and must stay).
  const copiedContents: PDFRef[] = [];
  for (const copy of copies) {
    const contents = copy.node.get(PDFName.of('Contents'));
    if (contents instanceof PDFRef) copiedContents.push(contents);
    else if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++) {
        const ref = contents.get(i);
        if (ref instanceof PDFRef) copiedContents.push(ref);
      }
    }
  }
  const forms = await doc.embedPages(copies);
  // Embed now (pdf-lib would at save), while the copies the forms are made from still exist.
  for (const form of forms) await form.embed();
  for (const ref of copiedContents) doc.context.delete(ref);
  for (const copy of copies) doc.context.delete(copy.ref);
  doc.getPages().forEach((page, i) => {
    const index = pageFor[i];
    const form = index === undefined ? undefined : forms[index];
    if (!form) return;
    // pdf-lib wraps the page's own content in q … Q first, so the state it leaves (Chromium flips
    // the y axis) does not affect what is drawn after it.
    page.pushOperators(beginMarkedContent('Artifact'));
    page.drawPage(form, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    page.pushOperators(endMarkedContent());
  });
}
