/**
 * axe-core, the engine behind Lighthouse and Ace, run in Chromium on what a reader opens: the HTML
 * page and every XHTML document of the EPUB, for the seed and the corpus. Its WCAG A, AA and AAA
 * rules (AAA: text and link contrast of at least 7:1) and its best practices must find nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { readZip } from '../epub/helpers.js';
import { CORPUS, SEED } from '../helpers.js';
import { launchTestBrowser, testBrowserPath } from '../browser-helpers.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag2aaa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/**
 * Page-level best practices that do not apply to an EPUB's content documents, which are parts of
 * one publication inside a reading system: Ace by DAISY turns off the first four the same way, and
 * a chapter needs no `main` landmark of its own.
 */
const NOT_FOR_EPUB_PARTS = ['bypass', 'region', 'page-has-heading-one', 'landmark-complementary-is-top-level', 'landmark-one-main'];
const files = [SEED, ...readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => join(CORPUS, f))];
const name = (path: string) => path.split('/').pop()!.replace(/\.[^.]+$/, '');

interface Violation {
  id: string;
  help: string;
  nodes: string[];
}

describe.skipIf(testBrowserPath() === undefined)('axe-core, WCAG A/AA/AAA and best practices', () => {
  let dir: string;
  let browser: Browser;
  let close: () => Promise<void>;
  /** Page to open → what it is, for the messages. */
  const pages = new Map<string, { what: string; epub: boolean }>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'matn-axe-'));
    for (const path of files) {
      const doc = processSource(await readSource(path));
      const html = join(dir, `${name(path)}.html`);
      writeFileSync(html, renderHtml(doc));
      pages.set(pathToFileURL(html).href, { what: `${name(path)}.html`, epub: false });
      const folder = join(dir, name(path));
      for (const item of readZip(await renderEpub(doc, { sourceDateEpoch: 1_700_000_000 }))) {
        const target = join(folder, item.name);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, item.data);
        if (item.name.endsWith('.xhtml')) pages.set(pathToFileURL(target).href, { what: `${name(path)}.epub ${item.name}`, epub: true });
      }
    }
    ({ browser, close } = await launchTestBrowser());
  }, 120_000);
  afterAll(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  async function violations(url: string, epub: boolean): Promise<Violation[]> {
    const page = await browser.newPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.addScriptTag({ path: AXE });
      const off = Object.fromEntries((epub ? NOT_FOR_EPUB_PARTS : []).map((id) => [id, { enabled: false }]));
      return await page.evaluate(async (tags, rules) => {
        const axe = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules });
        return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
      }, TAGS, off);
    } finally {
      await page.close();
    }
  }

  it('finds no violation on any HTML page or EPUB document of the seed and the corpus', async () => {
    const found: string[] = [];
    for (const [url, { what, epub }] of pages) {
      for (const v of await violations(url, epub)) found.push(`${what}: ${v.id} (${v.help})\n    ${v.nodes.join('\n    ')}`);
    }
    expect(pages.size).toBeGreaterThan(files.length * 2);
    expect(found, found.join('\n')).toEqual([]);
  }, 300_000);
});
