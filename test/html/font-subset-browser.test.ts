/**
 * The HTML page with its fonts cut down to it, opened in headless Chromium next to the page
 * with the whole faces: every glyph still comes from the bundled Amiri (none from a system
 * font), and every character stands exactly where it stands with the whole faces (same
 * shaping: joining forms, ligatures, kerning). Also the page weight the subsets buy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderHtml, renderHtmlFile } from '../../src/render/html/render-html.js';
import { joinedBytes } from '../../src/render/encoded.js';
import { CORPUS, SEED } from '../helpers.js';
import { launchTestBrowser, testBrowserPath } from '../browser-helpers.js';

const files = [SEED, ...readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => join(CORPUS, f))];
const hasBrowser = testBrowserPath() !== undefined;

/** Glyphs drawn per font over the whole page, e.g. { 'Amiri (custom)': 15578 }. */
async function glyphsByFont(page: Page): Promise<Record<string, number>> {
  const client = await page.createCDPSession();
  await client.send('DOM.enable');
  await client.send('CSS.enable');
  const { root } = await client.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await client.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'body, body *' });
  const tally: Record<string, number> = {};
  for (const nodeId of nodeIds) {
    const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
    for (const f of fonts) {
      const key = `${f.familyName}${f.isCustomFont ? ' (custom)' : ''}`;
      tally[key] = (tally[key] ?? 0) + f.glyphCount;
    }
  }
  await client.detach();
  return tally;
}

/** Every character's box on the page, in document order: where shaping put it. */
function characterBoxes(page: Page): Promise<number[][]> {
  // A string, not a function: the test runner's transform would add helpers the page lacks.
  return page.evaluate(`(() => {
    const boxes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        boxes.push([r.left, r.right, r.top, r.bottom]);
      }
    }
    return boxes;
  })()`) as Promise<number[][]>;
}

describe.skipIf(!hasBrowser)('the HTML page with subset fonts in a browser', () => {
  let dir: string;
  let browser: Browser;
  let close: () => Promise<void>;
  const pages = new Map<string, { subset: string; full: string; subsetBytes: number; fullBytes: number }>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'matn-subset-'));
    for (const path of files) {
      const doc = processSource(await readSource(path));
      const subset = joinedBytes(await renderHtmlFile(doc));
      const full = renderHtml(doc);
      const name = String(pages.size);
      writeFileSync(join(dir, `${name}-subset.html`), subset);
      writeFileSync(join(dir, `${name}-full.html`), full);
      pages.set(path, {
        subset: pathToFileURL(join(dir, `${name}-subset.html`)).href,
        full: pathToFileURL(join(dir, `${name}-full.html`)).href,
        subsetBytes: subset.byteLength,
        fullBytes: Buffer.byteLength(full),
      });
    }
    ({ browser, close } = await launchTestBrowser());
  }, 120_000);
  afterAll(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 800, height: 1000 });
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page;
  }

  it('weighs under 80 KB for the seed, against ≈380 KB with the whole faces', () => {
    const seed = pages.get(SEED)!;
    expect(seed.subsetBytes).toBeLessThanOrEqual(80 * 1024);
    expect(seed.fullBytes).toBeGreaterThan(350 * 1024);
  });

  it('sets every glyph of the seed in the bundled Amiri, none in a system font', async () => {
    const page = await open(pages.get(SEED)!.subset);
    const statuses = await page.evaluate(() => [...document.fonts].map((f) => f.status));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['loaded'])); // Chromium's sanitizer took every subset
    const tally = await glyphsByFont(page);
    expect(Object.keys(tally)).toEqual(['Amiri (custom)']);
    expect(tally['Amiri (custom)']).toBeGreaterThan(10_000);
    await page.close();
  });

  it.each(files.map((f) => [f.split('/').pop()!, f]))('draws the same glyphs from the same fonts, each character where the whole faces put it: %s', async (_name, path) => {
    const { subset, full } = pages.get(path)!;
    const [cut, whole] = [await open(subset), await open(full)];
    expect(await glyphsByFont(cut)).toEqual(await glyphsByFont(whole));
    const [a, b] = [await characterBoxes(cut), await characterBoxes(whole)];
    expect(a.length).toBeGreaterThan(500);
    expect(a).toEqual(b);
    await cut.close();
    await whole.close();
  });
});
