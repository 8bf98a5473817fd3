/**
 * The print passes of one document. A document with a table of contents is printed twice: the
 * first pass tells on which page each heading landed, the second prints those numbers (in boxes
 * of fixed width, so nothing moves). With section running heads, the heads are printed apart,
 * one small page each, and laid over the document's pages. Then the finishing steps
 * (finish.ts) add what Chromium does not write.
 */
import type { MatnDocument } from '../../pipeline.js';
import { TemplateSet } from '../templates.js';
import { VERSION } from '../../version.js';
import { sourceDateEpoch } from '../../dates.js';
import { finishPdf, headingDestinations, type Destination, type FinishOptions, type Finished, type Overlay } from './finish.js';
import { buildPrintPage, buildRunningHeadsPage, defaultToc, runningSections } from './print-page.js';
import type { PrintFn } from './page-pool.js';
import type { PdfOptions } from './printer.js';
import { WRITER_DEFAULTS } from '../defaults.js';
import { documentFonts } from '../font-choice.js';

/** Passes at most, when page numbers in the contents move headings (they should not). */
const MAX_PASSES = 3;

let defaultTemplates: TemplateSet | undefined;

/** Finishes a printed PDF: finishPdf, here or on another thread (finish-thread.ts). */
export type Finisher = (pdf: Uint8Array, options: FinishOptions) => Promise<Finished>;

export async function printDocument(doc: MatnDocument, options: PdfOptions, print: PrintFn, finisher: Finisher = finishPdf): Promise<Uint8Array> {
  defaultTemplates ??= new TemplateSet();
  const templates = options.templates ?? defaultTemplates;
  const pageSize = options.pageSize ?? WRITER_DEFAULTS.pageSize;
  const digits = options.digits ?? WRITER_DEFAULTS.digits;
  const toc = options.toc ?? defaultToc(doc);
  const epoch = options.sourceDateEpoch ?? sourceDateEpoch() ?? Math.floor(Date.now() / 1000);
  const fonts = (await documentFonts(doc)).files;

  // The current section's title in the running head: printed apart, laid over the pages.
  const overlay = async (destinations: Map<string, Destination>, pageCount: number): Promise<Overlay | undefined> => {
    if (destinations.size === 0) return undefined;
    const zeroBased = new Map([...destinations].map(([id, d]) => [id, d.page]));
    const sections = runningSections(doc.outline, zeroBased, pageCount);
    const heads = [...new Set(sections.filter((s): s is string => s !== undefined))];
    if (heads.length === 0) return undefined;
    const built = buildRunningHeadsPage(doc, { templates, pageSize, digits, fonts }, heads);
    const headsPdf = await print(built, false);
    return { pdf: headsPdf, pages: sections.map((s) => (s === undefined ? undefined : heads.indexOf(s))) };
  };
  const finish = (pdf: Uint8Array): Promise<Finished> =>
    finisher(pdf, {
      title: doc.meta.title || doc.source.name,
      lang: doc.meta.lang || 'ar',
      author: doc.meta.author ?? doc.meta.publisher,
      subject: doc.meta.subject ?? doc.meta.description,
      keywords: doc.meta.keywords?.filter(Boolean),
      creator: `matn ${VERSION}`,
      date: new Date(epoch * 1000),
      outline: doc.outline,
      pdfUa: options.pdfUa ?? true,
      ...(options.runningHead === 'title' ? {} : { overlay }),
    });

  const withContents = toc && doc.outline.length > 0;
  let pageNumbers: Map<string, number> | undefined;
  if (withContents) {
    // First pass: where the headings land, with placeholders of the same width in the contents.
    const first = buildPrintPage(doc, { templates, pageSize, digits, toc, fonts });
    pageNumbers = pageMap(await headingDestinations(await print(first), doc.outline));
  }
  let finished: Finished | undefined;
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    const built = buildPrintPage(doc, { templates, pageSize, digits, toc, fonts, ...(pageNumbers ? { pageNumbers } : {}) });
    finished = await finish(await print(built));
    // The numbers in the contents cannot move a heading (they sit in boxes of fixed width);
    // should one move all the same, print again with the new numbers.
    const landed = pageMap(finished.destinations);
    if (!withContents || sameMap(landed, pageNumbers!)) break;
    pageNumbers = landed;
  }
  return finished!.bytes;
}

function pageMap(destinations: Map<string, Destination>): Map<string, number> {
  const map = new Map<string, number>();
  for (const [id, d] of destinations) map.set(id, d.page + 1);
  return map;
}

function sameMap(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
