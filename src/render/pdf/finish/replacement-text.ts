import type { PDFDocument } from 'pdf-lib';
import { reverseActualTextInReversedChars } from '../reversed-chars.js';
import { rewriteContents } from './content-streams.js';

/**
 * Rewrites the pages' content streams so that replacement text inside right-to-left words reads in
 * the same order as the words' glyphs (see reversed-chars.ts).
 */
export function orderReplacementText(doc: PDFDocument): void {
  rewriteContents(doc, (bytes) => reverseActualTextInReversedChars(bytes));
}
