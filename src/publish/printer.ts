/**
 * The build's browser, launched the first time a writer that prints asks for it (a build where
 * nothing changed, or with no PDF, launches none). Puppeteer and pdf-lib take ~0.7 s to load,
 * so they are loaded then too.
 */
import type { LaunchOptions, PdfPrinter } from '../render/pdf/printer.js';

/** Loads the PDF writer (and with it Puppeteer and pdf-lib) and starts a browser. */
export async function launchPrinter(options: LaunchOptions): Promise<PdfPrinter> {
  const { PdfPrinter } = await import('../render/pdf/printer.js');
  return PdfPrinter.launch(options);
}

export class LazyPrinter {
  private printer: PdfPrinter | undefined;
  private launching: Promise<PdfPrinter> | undefined;
  /** Whether this object launched a browser (not one it was given). */
  launched = false;

  /** `given`: a browser from an earlier build (watch mode), which the caller closes. */
  constructor(
    private readonly options: LaunchOptions,
    given?: PdfPrinter,
  ) {
    this.printer = given;
  }

  get = async (): Promise<PdfPrinter> => {
    if (this.printer) return this.printer;
    this.launching ??= launchPrinter(this.options).then((p) => {
      this.printer = p;
      this.launched = true;
      return p;
    });
    return this.launching;
  };

  /** The browser this object launched, if any. */
  get own(): PdfPrinter | undefined {
    return this.launched ? this.printer : undefined;
  }

  /** The running browser, whoever launched it. */
  get current(): PdfPrinter | undefined {
    return this.printer;
  }

  /** Closes the browser this object launched. */
  async close(): Promise<void> {
    if (this.launched) await this.printer?.close();
  }
}
