/**
 * The print PDF writer's public face: a printer launched once per build, printing documents
 * through its page pool (page-pool.ts) in passes (print-passes.ts), finished with pdf-lib
 * (finish.ts). The print page itself: print-page.ts, its text layer and files: text-layer.ts,
 * page-assets.ts.
 */
import type { MatnDocument } from '../../pipeline.js';
import type { TemplateSet } from '../templates.js';
import { PagePool, PROFILE_PREFIX, type PrintFn } from './page-pool.js';
import { MatnError, describeError } from '../../errors.js';
import { printDocument } from './print-passes.js';
import { FinishThread } from './finish-thread.js';
import type { Digits, PageSize } from './print-page.js';
import { WRITER_DEFAULTS } from '../defaults.js';

export { PROFILE_PREFIX };

export interface PdfOptions {
  templates?: TemplateSet;
  pageSize?: PageSize;
  /** Page numbers (and the title block's date) in Arabic-Indic digits (default) or Western. */
  digits?: Digits;
  /** Table of contents with page numbers (default: when the document has two headings or more). */
  toc?: boolean;
  /** Seconds since 1970 for the PDF's dates (default: SOURCE_DATE_EPOCH, else now). */
  sourceDateEpoch?: number;
  /** For each of the document's prints (one; two with contents; one more with section heads); default WRITER_DEFAULTS.timeoutMs. */
  timeoutMs?: number;
  /**
   * The running head: the document title at the right and, with "section" (the default), the
   * current section's title at the left. That takes a second, small print per document; "title"
   * keeps to the document title, for the fastest builds.
   */
  runningHead?: 'section' | 'title';
  /** Claim PDF/UA-1 (XMP pdfuaid:part 1) when the document passes matn's checks; default true. */
  pdfUa?: boolean;
}

export interface LaunchOptions {
  /** A configured browser; PUPPETEER_EXECUTABLE_PATH still wins (see findBrowser). */
  executablePath?: string;
  /** How many documents print at once (pages in the pool); default 2. */
  pages?: number;
}


export class PdfPrinter {
  private constructor(
    private readonly pool: PagePool,
    private readonly finishing: FinishThread,
  ) {}

  /** Finds a browser (see findBrowser) and starts it, and the thread PDFs are finished on. */
  static async launch(opts: LaunchOptions = {}): Promise<PdfPrinter> {
    const finishing = new FinishThread();
    try {
      return new PdfPrinter(await PagePool.start(opts.executablePath, opts.pages), finishing);
    } catch (error) {
      await finishing.close();
      throw error;
    }
  }

  /** The running browser's process id (undefined before launch, after close or a crash). */
  get browserPid(): number | undefined {
    return this.pool.browserPid;
  }

  /** The running browser's temporary profile folder (removed when the browser is gone). */
  get browserProfile(): string | undefined {
    return this.pool.browserProfile;
  }

  get closed(): boolean {
    return this.pool.closed;
  }

  /**
   * Prints one document; rejects with a MatnError naming the document's file. Each print takes a
   * page of the pool only while Chromium prints (within the time limit): while this document is
   * finished, on the finishing thread, the page prints the next one.
   */
  async print(doc: MatnDocument, options: PdfOptions = {}): Promise<Uint8Array> {
    const path = doc.source.path;
    const timeoutMs = options.timeoutMs ?? WRITER_DEFAULTS.timeoutMs;
    const onPage: PrintFn = (page, tagged) => this.pool.withPage(path, timeoutMs, (print) => print(page, tagged));
    try {
      return await printDocument(doc, options, onPage, (pdf, finishOptions) => this.finishing.finish(pdf, finishOptions));
    } catch (error) {
      if (error instanceof MatnError) throw error;
      throw new MatnError('render', path, `printing failed: ${describeError(error)}`, { cause: error });
    }
  }

  /** Closes every page and the browser; kills it if it does not close in time. Idempotent. */
  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.finishing.close()]);
  }
}
