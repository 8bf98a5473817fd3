/**
 * The print PDF writer. One Chromium per build, started once and reused for every document
 * through a small pool of pages; every page and the browser are closed at the end, and no
 * Chromium process outlives the build (see cleanup.ts for errors and signals).
 *
 * Each document is printed in an isolated page: JavaScript disabled, and every request refused
 * except the page itself and its bundled files (the Amiri face, a Markdown source's local
 * images), which are answered from disk. A source can never make the renderer fetch anything.
 *
 * A document with a table of contents is printed twice: the first pass tells on which page each
 * heading landed, the second prints those numbers (in boxes of fixed width, so nothing moves).
 * pdf-lib then adds what Chromium does not write (finish.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer';
import { MatnError, describeError } from '../../errors.js';
import type { MatnDocument } from '../../pipeline.js';
import { FONT_FAMILY } from '../fonts.js';
import { TemplateSet } from '../templates.js';
import { VERSION } from '../../version.js';
import { sourceDateEpoch } from '../../dates.js';
import { BROWSER_ARGS, findBrowser } from './browser.js';
import { killBrowserNow, killByProfile, register, removeProfile, unregister, type LiveBrowser } from './cleanup.js';
import { finishPdf, headingDestinations, type Destination, type Finished, type Overlay } from './finish.js';
import {
  PAGE_URL,
  PRINT_ORIGIN,
  buildPrintPage,
  buildRunningHeadsPage,
  defaultToc,
  runningSections,
  type Asset,
  type Digits,
  type PageSize,
} from './print-page.js';

export interface PdfOptions {
  templates?: TemplateSet;
  pageSize?: PageSize;
  /** Page numbers (and the title block's date) in Arabic-Indic digits (default) or Western. */
  digits?: Digits;
  /** Table of contents with page numbers (default: when the document has two headings or more). */
  toc?: boolean;
  /** Seconds since 1970 for the PDF's dates (default: SOURCE_DATE_EPOCH, else now). */
  sourceDateEpoch?: number;
  /** Per document; default 60000. */
  timeoutMs?: number;
  /**
   * The running head: the document title at the right and, with "section" (the default), the
   * current section's title at the left. That takes a second, small print per document; "title"
   * keeps to the document title, for the fastest builds.
   */
  runningHead?: 'section' | 'title';
}

export interface LaunchOptions {
  /** A configured browser; PUPPETEER_EXECUTABLE_PATH still wins (see findBrowser). */
  executablePath?: string;
  /** How many documents print at once (pages in the pool); default 2. */
  pages?: number;
}

/** The prefix of every temporary Chromium profile matn creates (tests look for leftovers). */
export const PROFILE_PREFIX = 'matn-chromium-';
const DEFAULT_TIMEOUT_MS = 60_000;
const CLOSE_GRACE_MS = 5_000;
/** Passes at most, when page numbers in the contents move headings (they should not). */
const MAX_PASSES = 3;

interface PageState {
  page: Page;
  html: string;
  assets: Map<string, Asset>;
}

interface Session {
  browser: Browser;
  live: LiveBrowser;
  /** Set once the browser has gone (closed, crashed or killed). */
  gone: boolean;
  idle: PageState[];
  all: Set<PageState>;
}

const fileCache = new Map<string, Buffer>();
function readCached(path: string): Buffer {
  let bytes = fileCache.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    // Only the bundled fonts are worth keeping for the whole process.
    if (path.endsWith('.woff2')) fileCache.set(path, bytes);
  }
  return bytes;
}

let defaultTemplates: TemplateSet | undefined;


function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export class PdfPrinter {
  private session: Session | undefined;
  private starting: Promise<Session> | undefined;
  private closing: Promise<void> | undefined;
  private active = 0;
  private readonly queue: Array<() => void> = [];

  private constructor(
    private readonly executablePath: string,
    private readonly poolSize: number,
  ) {}

  /** Finds a browser (see findBrowser) and starts it. */
  static async launch(opts: LaunchOptions = {}): Promise<PdfPrinter> {
    const executablePath = findBrowser(opts.executablePath ? { executablePath: opts.executablePath } : {});
    const printer = new PdfPrinter(executablePath, Math.max(1, Math.floor(opts.pages ?? 2)));
    await printer.ensureSession();
    return printer;
  }

  /** The running browser's process id (undefined before launch, after close or a crash). */
  get browserPid(): number | undefined {
    const s = this.session;
    return s && !s.gone ? s.live.pid : undefined;
  }

  /** The running browser's temporary profile folder (removed when the browser is gone). */
  get browserProfile(): string | undefined {
    const s = this.session;
    return s && !s.gone ? s.live.userDataDir : undefined;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  private async ensureSession(): Promise<Session> {
    if (this.closing) throw new MatnError('render', undefined, 'the PDF printer has been closed');
    if (this.session && !this.session.gone) return this.session;
    this.starting ??= this.startBrowser().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startBrowser(): Promise<Session> {
    const userDataDir = mkdtempSync(join(tmpdir(), PROFILE_PREFIX));
    const live: LiveBrowser = { pid: undefined, userDataDir };
    register(live);
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        executablePath: this.executablePath,
        headless: true,
        pipe: true,
        userDataDir,
        args: [...BROWSER_ARGS],
        // Chromium's crash handler and caches write under the XDG folders: keep them in the
        // temporary profile, removed with it.
        env: { ...process.env, XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'), XDG_CACHE_HOME: join(userDataDir, 'xdg-cache') },
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        protocolTimeout: 120_000,
        timeout: 30_000,
      });
    } catch (error) {
      unregister(live);
      removeProfile(userDataDir);
      throw new MatnError('browser', this.executablePath, `could not start the browser: ${describeError(error)}`, { cause: error });
    }
    live.pid = browser.process()?.pid;
    const session: Session = { browser, live, gone: false, idle: [], all: new Set() };
    const onGone = (): void => {
      if (session.gone) return;
      session.gone = true;
      // Whatever is left of a crashed browser (its zygote, renderers) goes with its group.
      killBrowserNow(live);
      killByProfile(userDataDir);
      removeProfile(userDataDir);
      unregister(live);
    };
    browser.once('disconnected', onGone);
    browser.process()?.once('exit', onGone);
    if (this.closing) {
      // close() was called while the browser started: do not leave it running.
      await this.shutdown(session);
      throw new MatnError('render', undefined, 'the PDF printer has been closed');
    }
    this.session = session;
    return session;
  }

  private async acquireSlot(): Promise<void> {
    if (this.active < this.poolSize) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }

  private async takePage(session: Session): Promise<PageState> {
    const idle = session.idle.pop();
    if (idle && !idle.page.isClosed()) return idle;
    const page = await session.browser.newPage();
    const state: PageState = { page, html: '', assets: new Map() };
    session.all.add(state);
    await page.setJavaScriptEnabled(false);
    await page.setBypassServiceWorker(true);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => answer(state, request));
    return state;
  }

  private async discardPage(session: Session, state: PageState): Promise<void> {
    session.all.delete(state);
    if (state.page.isClosed() || session.gone) return;
    const closed = await Promise.race([
      state.page.close().then(
        () => true,
        () => false,
      ),
      sleep(CLOSE_GRACE_MS).then(() => false),
    ]);
    // A page that cannot even be closed means a stuck browser: start a fresh one next time.
    if (!closed && !session.gone) await this.shutdown(session);
  }

  /** Prints one document; rejects with a MatnError naming the document's file. */
  async print(doc: MatnDocument, options: PdfOptions = {}): Promise<Uint8Array> {
    const path = doc.source.path;
    if (this.closing) throw new MatnError('render', path, 'the PDF printer has been closed');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    await this.acquireSlot();
    try {
      let session: Session;
      try {
        session = await this.ensureSession();
      } catch (error) {
        if (error instanceof MatnError) throw new MatnError(error.code, path, error.message, { cause: error });
        throw error;
      }
      const state = await this.takePage(session).catch((error: unknown) => {
        throw this.renderError(session, path, error);
      });
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new MatnError('timeout', path, `printing took longer than ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0)} s and was stopped`));
        }, timeoutMs);
      });
      try {
        const bytes = await Promise.race([this.render(state, doc, options, timeoutMs), deadline]);
        session.idle.push(state);
        return bytes;
      } catch (error) {
        await this.discardPage(session, state);
        if (timedOut || error instanceof MatnError) throw error;
        throw this.renderError(session, path, error);
      } finally {
        clearTimeout(timer);
      }
    } finally {
      this.releaseSlot();
    }
  }

  private renderError(session: Session, path: string, error: unknown): MatnError {
    if ((session.gone || !session.browser.connected) && !this.closing) {
      return new MatnError('render', path, 'the browser stopped while printing this document (it crashed or was killed); it is restarted for the next document', { cause: error });
    }
    return new MatnError('render', path, `printing failed: ${describeError(error)}`, { cause: error });
  }

  private async render(state: PageState, doc: MatnDocument, options: PdfOptions, timeoutMs: number): Promise<Uint8Array> {
    defaultTemplates ??= new TemplateSet();
    const templates = options.templates ?? defaultTemplates;
    const pageSize = options.pageSize ?? 'A4';
    const digits = options.digits ?? 'arabic-indic';
    const toc = options.toc ?? defaultToc(doc);
    const epoch = options.sourceDateEpoch ?? sourceDateEpoch() ?? Math.floor(Date.now() / 1000);

    // The current section's title in the running head: printed apart, laid over the pages.
    const overlay = async (destinations: Map<string, Destination>, pageCount: number): Promise<Overlay | undefined> => {
      if (destinations.size === 0) return undefined;
      const zeroBased = new Map([...destinations].map(([id, d]) => [id, d.page]));
      const sections = runningSections(doc.outline, zeroBased, pageCount);
      const heads = [...new Set(sections.filter((s): s is string => s !== undefined))];
      if (heads.length === 0) return undefined;
      const built = buildRunningHeadsPage(doc, { templates, pageSize, digits }, heads);
      const headsPdf = await this.printPage(state, built.html, built.assets, timeoutMs, false);
      return { pdf: headsPdf, pages: sections.map((s) => (s === undefined ? undefined : heads.indexOf(s))) };
    };
    const finish = (pdf: Uint8Array): Promise<Finished> =>
      finishPdf(pdf, {
        title: doc.meta.title || doc.source.name,
        lang: doc.meta.lang || 'ar',
        author: doc.meta.author ?? doc.meta.publisher,
        subject: doc.meta.subject ?? doc.meta.description,
        keywords: doc.meta.keywords?.filter(Boolean),
        creator: `matn ${VERSION}`,
        date: new Date(epoch * 1000),
        outline: doc.outline,
        ...(options.runningHead === 'title' ? {} : { overlay }),
      });

    const withContents = toc && doc.outline.length > 0;
    let pageNumbers: Map<string, number> | undefined;
    if (withContents) {
      // First pass: where the headings land, with placeholders of the same width in the contents.
      const first = buildPrintPage(doc, { templates, pageSize, digits, toc });
      pageNumbers = pageMap(await headingDestinations(await this.printPage(state, first.html, first.assets, timeoutMs), doc.outline));
    }
    let finished: Finished | undefined;
    for (let pass = 1; pass < MAX_PASSES; pass++) {
      const built = buildPrintPage(doc, { templates, pageSize, digits, toc, ...(pageNumbers ? { pageNumbers } : {}) });
      finished = await finish(await this.printPage(state, built.html, built.assets, timeoutMs));
      // The numbers in the contents cannot move a heading (they sit in boxes of fixed width);
      // should one move all the same, print again with the new numbers.
      const landed = pageMap(finished.destinations);
      if (!withContents || sameMap(landed, pageNumbers!)) break;
      pageNumbers = landed;
    }
    return finished!.bytes;
  }

  private async printPage(state: PageState, html: string, assets: Map<string, Asset>, timeoutMs: number, tagged = true): Promise<Uint8Array> {
    const { page } = state;
    state.html = html;
    state.assets = assets;
    await page.goto(PAGE_URL, { waitUntil: 'load', timeout: timeoutMs });
    // Every face of the bundled font must be loaded before printing: the page's text asks only
    // for the faces it uses, while the running heads and the folio are laid out during printing
    // itself, too late to load one (they would silently fall back to another font). Script is
    // disabled for the page; this evaluation is the printer's own, through the DevTools protocol.
    const fonts = await page.evaluate(async (family: string) => {
      const faces = [...document.fonts];
      await Promise.all(faces.map((face) => face.load().catch(() => undefined)));
      await document.fonts.ready;
      return faces.filter((face) => face.family.replace(/["']/g, '') === family).map((face) => `${face.weight} ${face.status}`);
    }, FONT_FAMILY);
    const failed = fonts.filter((f) => !f.endsWith(' loaded'));
    if (fonts.length === 0 || failed.length > 0) {
      throw new Error(`the bundled ${FONT_FAMILY} font did not load (${failed.join(', ') || 'no font faces'})`);
    }
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: false,
      tagged,
      outline: tagged,
      timeout: timeoutMs,
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  }

  /** Closes every page and the browser; kills it if it does not close in time. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // A browser still starting is shut down by startBrowser itself.
      await this.starting?.catch(() => undefined);
      const session = this.session;
      this.session = undefined;
      if (session) await this.shutdown(session);
    })();
    return this.closing;
  }

  private async shutdown(session: Session): Promise<void> {
    if (!session.gone) {
      const pages = [...session.all].map((s) => s.page);
      session.all.clear();
      session.idle = [];
      await Promise.race([Promise.allSettled(pages.map((p) => (p.isClosed() ? undefined : p.close()))), sleep(CLOSE_GRACE_MS)]);
      const closed = await Promise.race([
        session.browser.close().then(
          () => true,
          () => false,
        ),
        sleep(CLOSE_GRACE_MS).then(() => false),
      ]);
      if (!closed) killBrowserNow(session.live);
    }
    // Make sure nothing of the group (or its crash handler) is left, then remove the profile.
    killBrowserNow(session.live);
    killByProfile(session.live.userDataDir);
    await waitForExit(session.live.pid);
    session.gone = true;
    removeProfile(session.live.userDataDir);
    unregister(session.live);
  }
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `font-src ${PRINT_ORIGIN}`,
  `img-src ${PRINT_ORIGIN} data:`,
  `style-src ${PRINT_ORIGIN} 'unsafe-inline'`,
  "script-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A request whose page has closed meanwhile needs no answer. */
function ignore(): void {}

/** Answers the page's requests: the page itself and its bundled files; everything else is refused. */
function answer(state: PageState, request: HTTPRequest): void {
  if (request.isInterceptResolutionHandled()) return;
  const url = request.url();
  if (url === PAGE_URL && request.isNavigationRequest() && !request.frame()?.parentFrame()) {
    request
      .respond({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        // A second lock besides the interception: the page may load nothing but its own files
        // and run no script at all.
        headers: { 'content-security-policy': CONTENT_SECURITY_POLICY },
        body: state.html,
      })
      .catch(ignore);
    return;
  }
  const asset = state.assets.get(url);
  if (asset && request.method() === 'GET') {
    let body: Buffer;
    try {
      body = readCached(asset.path);
    } catch {
      request.abort('failed').catch(ignore);
      return;
    }
    request.respond({ status: 200, contentType: asset.type, body, headers: { 'access-control-allow-origin': '*' } }).catch(ignore);
    return;
  }
  request.abort('blockedbyclient').catch(ignore);
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

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (briefly) until a killed process is gone, so its profile can be removed cleanly. */
async function waitForExit(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  for (let i = 0; i < 50 && processExists(pid); i++) await sleep(20);
}
