/**
 * The browser and its pool of pages: one Chromium per build, started once and reused for every
 * document through a small pool of pages, restarted after a crash; every page and the browser are
 * closed at the end, and no Chromium process outlives the build (cleanup.ts, src/signals.ts).
 *
 * Each document is printed in an isolated page: JavaScript disabled, and every request refused
 * except the page itself and its bundled files (page-assets.ts), which are answered from disk.
 * A source can never make the renderer fetch anything.
 *
 * (Some 340 lines: the browser's start, crash, restart and shutdown share the pool's
 * state, and belong together.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer';
import { MatnError, describeError } from '../../errors.js';
import { FONT_FAMILY } from '../fonts.js';
import { FONT_CHAIN } from '../font-chain.js';
import { BROWSER_ARGS, findBrowser } from './browser.js';
import { killBrowserNow, killByProfile, register, removeProfile, unregister, type LiveBrowser } from './cleanup.js';
import { PAGE_URL } from './page-assets.js';
import { answer, answeredOnly, type Served } from './request-filter.js';
import type { PrintPage } from './print-page.js';

/** Prints one page (an HTML document and its files) in the pool's page; `tagged`: with structure and outline. */
export type PrintFn = (page: PrintPage, tagged?: boolean) => Promise<Uint8Array>;

/** The prefix of every temporary Chromium profile matn creates (tests look for leftovers). */
export const PROFILE_PREFIX = 'matn-chromium-';
const CLOSE_GRACE_MS = 5_000;

interface PageState extends Served {
  page: Page;
  /** The page was navigated to PAGE_URL (see printOn). */
  navigated: boolean;
  answered: Map<string, string>;
}

interface Session {
  browser: Browser;
  live: LiveBrowser;
  /** Set once the browser has gone (closed, crashed or killed). */
  gone: boolean;
  idle: PageState[];
  all: Set<PageState>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export class PagePool {
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
  static async start(executablePath: string | undefined, pages: number | undefined): Promise<PagePool> {
    const found = findBrowser(executablePath ? { executablePath } : {});
    const pool = new PagePool(found, Math.max(1, Math.floor(pages ?? 2)));
    await pool.ensureSession();
    return pool;
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
    const state: PageState = { page, html: '', assets: new Map(), navigated: false, answered: new Map() };
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

  /**
   * Runs `work` with one page of the pool (waiting for a free one), within `timeoutMs`; `work`
   * prints through the function it is given. The page goes back to the pool, or is discarded
   * after an error. Rejects with a MatnError naming `path`.
   */
  async withPage<T>(path: string, timeoutMs: number, work: (print: PrintFn) => Promise<T>): Promise<T> {
    if (this.closing) throw new MatnError('render', path, 'the PDF printer has been closed');
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
        const result = await Promise.race([work((page, tagged) => this.printOn(state, page, timeoutMs, tagged)), deadline]);
        session.idle.push(state);
        return result;
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


  private async printOn(state: PageState, printPage: PrintPage, timeoutMs: number, tagged = true): Promise<Uint8Array> {
    const { page } = state;
    state.html = printPage.html;
    state.assets = printPage.assets;
    // The page is navigated once (answered by the request filter, with its Content-Security-
    // Policy); a later print replaces its document's content instead (document.open/write through
    // the DevTools protocol, as Puppeteer's setContent does), in the same origin under the same
    // policy and filter. The fonts are then not fetched, unpacked and checked again for every
    // document: the page keeps them. Only while the page holds nothing the new print may not
    // load: every file answered since the navigation is one of its files, else it navigates
    // afresh. (A page that failed is discarded, never reused.)
    if (state.navigated && answeredOnly(state.answered, printPage.assets)) {
      await page.setContent(printPage.html, { waitUntil: 'load', timeout: timeoutMs });
    } else {
      state.answered.clear();
      await page.goto(PAGE_URL, { waitUntil: 'load', timeout: timeoutMs });
      state.navigated = true;
    }
    // Every face of the bundled font must be loaded before printing: the page's text asks only
    // for the faces it uses, while the running heads and the folio are laid out during printing
    // itself, too late to load one (they would silently fall back to another font). Script is
    // disabled for the page; this evaluation is the printer's own, through the DevTools protocol.
    // The same for the document's fallback fonts (font-choice.ts): a face that failed would leave
    // its characters to a system font. (A user template's own faces are its business.)
    const fonts = await page.evaluate(async () => {
      const faces = [...document.fonts];
      await Promise.all(faces.map((face) => face.load().catch(() => undefined)));
      await document.fonts.ready;
      return faces.map((face) => ({ family: face.family.replace(/["']/g, ''), face: `${face.family.replace(/["']/g, '')} ${face.weight} ${face.status}` }));
    });
    const bundled = new Set(FONT_CHAIN.map((c) => c.family));
    const failed = fonts.filter((f) => bundled.has(f.family) && !f.face.endsWith(' loaded')).map((f) => f.face);
    if (!fonts.some((f) => f.family === FONT_FAMILY) || failed.length > 0) {
      throw new Error(`the bundled fonts did not load (${failed.join(', ') || `no ${FONT_FAMILY} font faces`})`);
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
      await Promise.race([Promise.allSettled(pages.filter((p) => !p.isClosed()).map((p) => p.close())), sleep(CLOSE_GRACE_MS)]);
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

