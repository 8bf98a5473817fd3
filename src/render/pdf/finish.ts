/**
 * What Chromium's PDF lacks, added with pdf-lib as a list of small steps (finish/), each testable
 * alone. The structure tree Chromium writes (the tagging) is kept as it is; page content only
 * changes where a step says so.
 *
 * 1. bookmarks rebuilt from the document's outline, contents links pointed at their pages
 *    (finish/bookmarks.ts);
 * 2. the font programs of a face joined into one (finish/merge-fonts.ts) and one marked-content
 *    sequence per line where the tagging allows it (finish/line-marks.ts): pdf.js ends a run of
 *    text at every change of font name and every marked-content operator;
 *    glyphs Chromium left without text given it from their clusters' replacement text
 *    (finish/glyph-text.ts); replacement text (/ActualText) inside right-to-left words in the
 *    words' own order, so diacritics come back after their letters (finish/replacement-text.ts);
 *    then each line cut into pieces drawn in reading order, so that readers that take text in
 *    drawing order (pdf.js, mutool) give the words back in order (finish/reading-order.ts);
 *    page furniture as artifacts, list items with `LBody`, lists' numbering, links described
 *    (finish/structure.ts);
 * 3. the running heads that change with the section, laid over the pages as artifacts
 *    (finish/overlay.ts);
 * 4. document information, catalog /Lang, viewer preferences /Direction /R2L and
 *    /DisplayDocTitle, XMP (finish/metadata.ts);
 * 5. a document ID computed from the content, so the same inputs give the same bytes.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import type { OutlineEntry } from '../../tree/outline.js';
import { headingDestinations, inlineNamedDestinations, matchHeadings, readChromiumBookmarks, writeBookmarks, type Destination } from './finish/bookmarks.js';
import { mapUnmappedGlyphs } from './finish/glyph-text.js';
import { mergeFonts } from './finish/merge-fonts.js';
import { mergeLineMarks } from './finish/line-marks.js';
import { orderReplacementText } from './finish/replacement-text.js';
import { orderLines } from './finish/reading-order.js';
import { fixStructure, markPageArtifacts } from './finish/structure.js';
import { writeContents } from './finish/content-streams.js';
import { layOver } from './finish/overlay.js';
import { documentInfo, languageAndDirection, xmpMetadata } from './finish/metadata.js';

export { headingDestinations, type Destination };

export interface FinishOptions {
  title: string;
  lang: string;
  author?: string | undefined;
  subject?: string | undefined;
  keywords?: string[] | undefined;
  creator: string;
  /** Creation and modification date. */
  date: Date;
  outline: OutlineEntry[];
  /** Claim PDF/UA-1 in the XMP when the structure step leaves nothing it knows to be wrong. */
  pdfUa?: boolean | undefined;
  /**
   * Running heads to lay over the pages, made once the headings' pages are known: a PDF with one
   * page per head, and for each page of the document the index of its head's page (or undefined).
   */
  overlay?: (destinations: Map<string, Destination>, pageCount: number) => Promise<Overlay | undefined>;
}

export interface Overlay {
  pdf: Uint8Array;
  pages: Array<number | undefined>;
}

export interface Finished {
  bytes: Uint8Array;
  /** Page (0-based) of each heading id. */
  destinations: Map<string, Destination>;
  pageCount: number;
}

/** What the steps share: the document, the options, and what earlier steps found. */
export interface FinishState {
  doc: PDFDocument;
  options: FinishOptions;
  /** Where each heading landed (set by the bookmarks step). */
  destinations: Map<string, Destination>;
  /** The producer Chromium wrote, kept in the document information. */
  producer: string;
  /** The URL fragment each internal link pointed at, by the annotation's reference (links to pages). */
  linkTargets?: Map<string, string>;
  /** Set by the structure step: the document passes the PDF/UA checks matn makes. */
  accessible?: boolean;
}

export interface FinishStep {
  name: string;
  run(state: FinishState): void | Promise<void>;
}

/** The steps, in order. */
export const FINISH_STEPS: FinishStep[] = [
  {
    name: 'bookmarks',
    run(state) {
      const { doc } = state;
      // Read where Chromium put the headings, then replace its outline with ours.
      const chromium = readChromiumBookmarks(doc);
      state.destinations = matchHeadings(chromium.items, state.options.outline);
      for (const ref of chromium.refs) doc.context.delete(ref);
      doc.catalog.delete(PDFName.of('Outlines'));
      const outlinesRef = writeBookmarks(doc, state.options.outline, state.destinations);
      if (outlinesRef) {
        doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
        doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
      }
    },
  },
  {
    name: 'links to pages',
    run(state) {
      state.linkTargets = inlineNamedDestinations(state.doc);
    },
  },
  { name: 'one font per face', run: ({ doc }) => void mergeFonts(doc) },
  { name: 'one marked-content sequence per line', run: ({ doc }) => void mergeLineMarks(doc) },
  { name: 'glyph text', run: ({ doc }) => void mapUnmappedGlyphs(doc) },
  { name: 'replacement text', run: ({ doc }) => orderReplacementText(doc) },
  { name: 'reading order', run: ({ doc }) => orderLines(doc) },
  {
    name: 'structure',
    run(state) {
      const marks = markPageArtifacts(state.doc);
      const report = fixStructure(state.doc, marks.textIds, state.linkTargets);
      state.accessible = report.listItemsWithoutBody === 0 && marks.untaggedText === 0;
    },
  },
  {
    name: 'running heads',
    async run({ doc, options, destinations }) {
      const overlay = await options.overlay?.(destinations, doc.getPageCount());
      if (overlay) await layOver(doc, overlay.pdf, overlay.pages);
    },
  },
  { name: 'document information', run: ({ doc, options, producer }) => documentInfo(doc, options, producer) },
  { name: 'language and direction', run: ({ doc, options }) => languageAndDirection(doc, options) },
  { name: 'XMP metadata', run: ({ doc, options, producer, accessible }) => xmpMetadata(doc, options, producer, options.pdfUa !== false && accessible === true) },
];

const ID_PLACEHOLDER = '0'.repeat(32);

export async function finishPdf(pdf: Uint8Array, options: FinishOptions, steps: FinishStep[] = FINISH_STEPS): Promise<Finished> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const state: FinishState = { doc, options, destinations: new Map(), producer: doc.getProducer() ?? 'Chromium' };
  for (const step of steps) await step.run(state);
  writeContents(doc);

  // A document ID from the content: saved once with a placeholder, hashed, then filled in.
  const placeholder = PDFHexString.of(ID_PLACEHOLDER);
  doc.context.trailerInfo.ID = doc.context.obj([placeholder, placeholder]);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  const id = createHash('md5').update(bytes).digest('hex').toUpperCase();
  fillPlaceholder(bytes, `<${ID_PLACEHOLDER}>`, `<${id}>`);
  return { bytes, destinations: state.destinations, pageCount: doc.getPageCount() };
}

/** Replaces (in place, same length) every occurrence of the placeholder in the trailer. */
function fillPlaceholder(bytes: Uint8Array, placeholder: string, value: string): void {
  const needle = Buffer.from(placeholder, 'latin1');
  const replacement = Buffer.from(value, 'latin1');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The trailer is at the end: search from there.
  let from = buffer.lastIndexOf(Buffer.from('trailer', 'latin1'));
  if (from < 0) from = 0;
  for (let i = buffer.indexOf(needle, from); i !== -1; i = buffer.indexOf(needle, i + needle.length)) {
    replacement.copy(buffer, i);
  }
}
