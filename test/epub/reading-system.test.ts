/**
 * The GFM sample's EPUB opened in a reading system: foliate-js (the engine of the Foliate e-book
 * reader) in Chromium, served over HTTP as a reader app would be. A tap on a note reference is
 * handled by Foliate's own FootnoteHandler, which shows notes as pop-ups: the pop-up must hold the
 * note's text and be typed as a footnote hidden from the running text, and the book must read
 * right to left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { ROOT } from '../helpers.js';
import { launchTestBrowser, testBrowserPath } from '../browser-helpers.js';

const FOLIATE = dirname(createRequire(import.meta.url).resolve('foliate-js/view.js'));
const SAMPLE = join(ROOT, 'test', 'fixtures', 'gfm', 'gfm-ar.md');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.epub': 'application/epub+zip' };

/** The reader page: Foliate's view, its footnote handler wired as Foliate's reader.js wires it. */
const READER = `<!doctype html><html><body><script type="module">
import './foliate/view.js';
import { FootnoteHandler } from './foliate/footnotes.js';
const view = document.createElement('foliate-view');
document.body.append(view);
const notes = new FootnoteHandler();
window.popups = [];
// as Foliate's reader does: the pop-up's own view goes into a pop-over before it renders the note
notes.addEventListener('before-render', (e) => {
  const popover = document.createElement('div');
  popover.style.cssText = 'width:300px;height:200px';
  popover.append(e.detail.view);
  document.body.append(popover);
});
notes.addEventListener('render', (e) => {
  const { view: popup, type, hidden, target } = e.detail;
  // what the pop-up shows: Foliate moved the note's content into the pop-up view's document
  const shown = popup.renderer.getContents().map((c) => c.doc.body.textContent).join(' ').trim();
  window.popups.push({ type, hidden, text: shown, found: Boolean(target) });
});
view.addEventListener('link', (e) => notes.handle(view.book, e)?.catch((err) => window.popups.push({ error: String(err) })));
const file = new File([await (await fetch('/book.epub')).blob()], 'book.epub');
await view.open(file);
window.book = view.book;
window.view = view;
window.ready = true;
</script></body></html>`;

describe.skipIf(testBrowserPath() === undefined)('pop-up notes in a reading system (foliate-js)', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let close: () => Promise<void>;
  let page: Page;
  let noteTexts: string[];

  beforeAll(async () => {
    const doc = processSource(await readSource(SAMPLE));
    const epub = Buffer.from(await renderEpub(doc, { sourceDateEpoch: 1_700_000_000 }));
    // the notes as the source writes them, to compare with what the pop-ups show
    noteTexts = [...readFileSync(SAMPLE, 'utf8').matchAll(/^\[\^[^\]]+\]:\s*(.+)$/gmu)].map((m) => m[1]!.trim());
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let body: Buffer | string | undefined;
      if (path === '/') body = READER;
      else if (path === '/book.epub') body = epub;
      else if (path.startsWith('/foliate/')) {
        const file = normalize(join(FOLIATE, path.slice('/foliate/'.length)));
        if (file.startsWith(FOLIATE)) body = readFileSync(file);
      }
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': path === '/' ? 'text/html' : (TYPES[extname(path)] ?? 'application/octet-stream') }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    ({ browser, close } = await launchTestBrowser());
    page = await browser.newPage();
    page.on('pageerror', (e) => console.error('reader page error:', e));
    await page.goto(base);
    await page.waitForFunction('window.ready === true', { timeout: 30_000 });
  }, 60_000);
  afterAll(async () => {
    await close?.();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('reads the book as right to left, in Arabic', async () => {
    const book = await page.evaluate(() => {
      const b = (window as unknown as { book: { dir: string; metadata: { language: string | string[] } } }).book;
      return { dir: b.dir, language: b.metadata.language };
    });
    expect(book.dir).toBe('rtl');
    expect(String(book.language)).toBe('ar');
  });

  it('opens each note reference as a pop-up footnote holding the note', async () => {
    expect(noteTexts).toHaveLength(2);
    // go to the section with the references and tap each one inside the rendered document
    const shown = await page.evaluate(async () => {
      type FoliateView = { book: { sections: Array<{ createDocument(): Promise<Document> }> }; goTo(i: number): Promise<void>; renderer: { getContents(): Array<{ doc: Document }> } };
      const w = window as unknown as { view: FoliateView; popups: unknown[] };
      const { view } = w;
      for (let i = 0; i < view.book.sections.length; i++) {
        const d = await view.book.sections[i]!.createDocument();
        if (!d.querySelector('a[role~="doc-noteref"]')) continue;
        await view.goTo(i);
        await new Promise((r) => setTimeout(r, 300));
        const refs = [...view.renderer.getContents().flatMap((c) => [...c.doc.querySelectorAll<HTMLAnchorElement>('a[role~="doc-noteref"]')])];
        for (const a of refs) {
          const before = w.popups.length;
          a.click();
          for (let t = 0; t < 50 && w.popups.length === before; t++) await new Promise((r) => setTimeout(r, 100));
        }
        return { references: refs.length, popups: w.popups };
      }
      return { references: 0, popups: w.popups };
    });
    // MATN_SCREENSHOTS=folder keeps a picture of the book and its pop-ups, to look at
    if (process.env.MATN_SCREENSHOTS) await page.screenshot({ path: `${join(process.env.MATN_SCREENSHOTS, 'foliate-notes')}.png`, fullPage: true });
    expect(shown.references).toBe(noteTexts.length);
    const popups = shown.popups as Array<{ type: string; hidden: boolean; text: string; error?: string }>;
    expect(popups.map((p) => p.error).filter(Boolean)).toEqual([]);
    expect(popups).toHaveLength(noteTexts.length);
    for (const [i, popup] of popups.entries()) {
      expect(popup.type).toBe('footnote');
      expect(popup.hidden).toBe(true);
      // the note's words, whatever marks the reader adds (a back link is not part of the note)
      for (const word of noteTexts[i]!.replace(/[().،]/gu, ' ').split(/\s+/u).filter(Boolean)) expect(popup.text).toContain(word);
    }
  }, 60_000);
});
