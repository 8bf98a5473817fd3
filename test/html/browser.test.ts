/**
 * What a reader sees: the HTML page opened in headless Chromium — right-to-left, set in the
 * bundled Arabic face (not a fallback), no horizontal scrolling on a 375 px phone, and a table
 * of contents whose every link lands on its heading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { readSource, documentFromText } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { CORPUS, SEED } from '../helpers.js';
import { launchTestBrowser, testBrowserPath } from '../browser-helpers.js';

const files = [SEED, ...readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => join(CORPUS, f))];
const hasBrowser = testBrowserPath() !== undefined;

describe.skipIf(!hasBrowser)('the HTML page in a browser', () => {
  let dir: string;
  let browser: Browser;
  let close: () => Promise<void>;
  const urls = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'matn-browser-'));
    for (const path of files) {
      const out = join(dir, `${urls.size}.html`);
      writeFileSync(out, renderHtml(processSource(await readSource(path))));
      urls.set(path, pathToFileURL(out).href);
    }
    ({ browser, close } = await launchTestBrowser());
  });
  afterAll(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string, width: number): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 800 });
    await page.goto(urls.get(path)!, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page;
  }

  it('lays the text out right to left', async () => {
    const page = await open(SEED, 1024);
    const directions = await page.$$eval('main p, main li, main h1, main h2', (els) => [...new Set(els.map((e) => getComputedStyle(e).direction))]);
    expect(directions).toEqual(['rtl']);
    // The first paragraph's text starts at the right edge of the column.
    const { textRight, columnRight } = await page.$eval('main article > p', (p) => {
      const range = document.createRange();
      range.selectNodeContents(p);
      return { textRight: range.getClientRects()[0]!.right, columnRight: p.getBoundingClientRect().right };
    });
    expect(Math.abs(textRight - columnRight)).toBeLessThan(2);
    await page.close();
  });

  it('renders the Arabic text with the bundled Amiri face, not a fallback', async () => {
    const page = await open(SEED, 1024);
    const client = await page.createCDPSession();
    await client.send('DOM.enable');
    await client.send('CSS.enable');
    const { root } = await client.send('DOM.getDocument');
    for (const selector of ['main article > p', 'main h2', 'main li']) {
      const { nodeId } = await client.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
      const total = fonts.reduce((n, f) => n + f.glyphCount, 0);
      const amiri = fonts.filter((f) => f.familyName === 'Amiri' && f.isCustomFont).reduce((n, f) => n + f.glyphCount, 0);
      expect(amiri / total, `${selector}: ${JSON.stringify(fonts)}`).toBe(1);
    }
    await page.close();
  });

  it.each(files.map((f) => [f.split('/').pop()!, f]))('needs no horizontal scrolling at 375 px: %s', async (_name, path) => {
    const page = await open(path, 375);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await page.close();
  });

  it('keeps a stray bidi override from flipping the text that follows', async () => {
    // A long line (joined with the next into one paragraph) opens a left-to-right override and never closes it.
    const source = 'العنوان\n\nسطر طويل بما يكفي فيه تجاوز للاتجاه \u202dيقلب كل ما بعده من كلمات\nالكلمة الأولى ثم الكلمة الثانية\n';
    const doc = processSource(documentFromText(source, 'bidi.txt', 'txt'));
    expect(doc.mdast.children).toHaveLength(2); // the two lines are one paragraph
    const out = join(dir, 'bidi.html');
    writeFileSync(out, renderHtml(doc));
    const page = await browser.newPage();
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
    // On the screen, "الأولى" (read first) must stand to the right of "الثانية".
    const [first, second] = await page.evaluate(() => {
      const node = [...document.querySelectorAll('main p')].map((p) => p.firstChild!).find((n) => n.textContent!.includes('الأولى'))!;
      const x = (word: string) => {
        const r = document.createRange();
        const at = node.textContent!.indexOf(word);
        r.setStart(node, at);
        r.setEnd(node, at + word.length);
        return r.getBoundingClientRect().left;
      };
      return [x('الأولى'), x('الثانية')];
    });
    expect(first).toBeGreaterThan(second!);
    await page.close();
  });

  it('lands every table-of-contents link on its heading', async () => {
    const page = await open(SEED, 375);
    const links = await page.$$eval('nav.toc a', (as) => as.map((a) => a.getAttribute('href')!));
    expect(links.length).toBeGreaterThan(5);
    for (const href of links) {
      await page.click(`nav.toc a[href="${href}"]`);
      const landed = await page.evaluate((h) => {
        const target = document.getElementById(decodeURIComponent(h.slice(1)));
        if (!target) return { ok: false, why: 'no target' };
        const top = target.getBoundingClientRect().top;
        const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
        return { ok: /^H[2-6]$/.test(target.tagName) && decodeURIComponent(location.hash) === decodeURIComponent(h) && (Math.abs(top - 16) < 20 || (atEnd && top >= 0 && top < window.innerHeight)), why: `${target.tagName} at ${top}` };
      }, href);
      expect(landed.ok, `${href}: ${landed.why}`).toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    await page.close();
  });
});
