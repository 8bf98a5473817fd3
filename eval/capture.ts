/**
 * Captures labelled pages for `npm run eval`: opens each page of a site folder in Chromium, takes
 * the text of the whole page as a user's select-all-and-copy would (`document.body.innerText`:
 * menus, header, footer and contents box included; table rows as tab-separated cells), and
 * derives each line's gold role from the page's DOM.
 *
 *   npx tsx eval/capture.ts test/fixtures/captures/SITE [...more site folders]
 *
 * A site folder holds `site.json` (provenance, licence, selectors; see eval/README.md) and one
 * `.html` file per page. For each page it writes `NAME.txt` (the capture, what users hand matn)
 * and `NAME.tsv` (the gold roles, the format of ../shared/tools/roles_score.py).
 *
 * Roles from the DOM: anything inside nav, header, footer, aside, an ARIA landmark other than main,
 * a language list or the site's `chrome` selectors, or outside its `main` selector, is `drop`;
 * the first h1 of the rest is `title`; h2–h6 keep their level; a list item's first line is
 * `ulN`/`olN` (N its depth), its later lines `cont`; a table row is `p` (comment "table row");
 * an update line ("آخر تحديث …") is `meta`; everything else is `p`.
 *
 * JavaScript is off and the network is closed: only files inside the site folder load.
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer';
import { findBrowser } from '../src/render/pdf/browser.js';

export interface SiteInfo {
  site: string;
  home?: string;
  repo: string;
  commit: string;
  licence: string;
  genre: string;
  rendering: string;
  main?: string;
  chrome?: string[];
  pages: Array<{ file: string; path?: string; url?: string; notes?: string }>;
}

interface LineLabel {
  role: string;
  why: string;
}

/** Update lines in their common wordings: metadata, not body text. */
const UPDATE_LINE = /(آخر|اخر|أخر)\s+(تحديث|تعديل)|تم\s+(تحديث|التحديث)|تاريخ\s+(التحديث|التعديل|آخر تعديل)|لأخر\s+مرة|لآخر\s+مرة/u;

/** Runs in the page: marks each block's text, takes innerText twice (plain and marked). */
function labelInPage(mainSelector: string | null, chromeSelectors: string[]) {
  const CHROME = 'nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search]';
  const chromeSelector = [CHROME, ...chromeSelectors].join(', ');
  const plain = document.body.innerText;
  const main = mainSelector ? document.querySelector(mainSelector) : null;
  const isChrome = (el: Element): boolean => {
    if (main && !main.contains(el) && el !== main) return true;
    const hit = el.closest(chromeSelector);
    // <header> inside <article>/<main> is the article's own header (its title), not site chrome.
    if (!hit) return false;
    if (hit.tagName === 'HEADER' && hit.closest('article, main, [role=main]') && !hit.closest('nav')) {
      const outer = hit.parentElement?.closest(chromeSelector);
      return outer ? !(outer.tagName === 'HEADER' && outer.closest('article, main, [role=main]')) : false;
    }
    return true;
  };
  const blockOf = (node: Node): Element => {
    let el = node.parentElement!;
    while (el !== document.body) {
      const display = getComputedStyle(el).display;
      if (!display.startsWith('inline') && display !== 'contents') return el;
      el = el.parentElement!;
    }
    return el;
  };
  const blocks: Element[] = [];
  const ids = new Map<Element, number>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (/\S/.test(n.nodeValue ?? '')) texts.push(n as Text);
  let previous: Element | null = null;
  for (const text of texts) {
    const block = blockOf(text);
    if (block === previous) continue;
    previous = block;
    let id = ids.get(block);
    if (id === undefined) {
      id = blocks.length;
      blocks.push(block);
      ids.set(block, id);
    }
    text.parentNode!.insertBefore(document.createTextNode(`\uE000${id}\uE001`), text);
  }
  const marked = document.body.innerText;
  const firstTitle = [...document.querySelectorAll('h1')].find((h) => !isChrome(h) && /\S/.test((h as HTMLElement).innerText));
  const allItems = [...document.querySelectorAll('li')];
  const describe = blocks.map((el) => {
    const li = el.closest('li');
    const heading = el.closest('h1, h2, h3, h4, h5, h6');
    const row = el.closest('tr');
    let depth = 0;
    let listKind = '';
    if (li) {
      for (let a: Element | null = li; a; a = a.parentElement) {
        if (a.tagName === 'UL' || a.tagName === 'OL') {
          depth++;
          if (!listKind) listKind = a.tagName === 'OL' ? 'ol' : 'ul';
        }
      }
    }
    return {
      chrome: isChrome(el),
      tag: el.tagName.toLowerCase(),
      heading: heading ? heading.tagName.toLowerCase() : null,
      title: firstTitle !== undefined && heading === firstTitle,
      li: li ? allItems.indexOf(li) : null,
      listKind,
      depth,
      row: row !== null,
      chromeTag: (el.closest(chromeSelector)?.tagName ?? 'outside main').toLowerCase(),
    };
  });
  return { plain, marked, describe };
}

type Described = ReturnType<typeof labelInPage>['describe'][number];

export function labelLines(plain: string, marked: string, describe: Described[]): { text: string; labels: Array<LineLabel | null> } {
  const plainLines = plain.split('\n');
  const markedLines = marked.split('\n');
  if (plainLines.length !== markedLines.length) throw new Error(`marked capture has ${markedLines.length} lines, plain ${plainLines.length}`);
  const labels: Array<LineLabel | null> = [];
  let current: number | null = null;
  let lastItem: number | null = null;
  let lastItemLine = false;
  for (let i = 0; i < plainLines.length; i++) {
    const line = plainLines[i]!;
    const m = /^[\s\u00a0]*\uE000(\d+)\uE001/u.exec(markedLines[i]!);
    const fresh = m !== null;
    if (m) current = Number(m[1]);
    if (/^[\s\u200b\u200e\u200f\ufeff]*$/u.test(line)) {
      labels.push(null);
      continue;
    }
    const d = current === null ? undefined : describe[current];
    let label: LineLabel;
    if (!d) label = { role: 'p', why: 'text outside any block' };
    else if (d.chrome) label = { role: 'drop', why: `site chrome (${d.chromeTag})` };
    else if (d.li !== null) {
      const firstOfItem = d.li !== lastItem || !lastItemLine;
      if (fresh && d.li !== lastItem) label = { role: `${d.listKind}${d.depth}`, why: `list item, depth ${d.depth}` };
      else if (firstOfItem) label = { role: `${d.listKind}${d.depth}`, why: `list item, depth ${d.depth}` };
      else label = { role: 'cont', why: 'more of the list item above' };
      lastItem = d.li;
    } else if (d.title) label = { role: 'title', why: 'the first h1' };
    else if (d.heading) label = { role: d.heading === 'h1' ? 'h2' : d.heading, why: d.heading === 'h1' ? 'a later h1' : d.heading };
    else if (d.row) label = { role: 'p', why: 'table row' };
    else label = { role: 'p', why: d.tag };
    if (label.role === 'p' && UPDATE_LINE.test(line) && line.length < 160) label = { role: 'meta', why: 'update line' };
    lastItemLine = d?.li !== null && d?.li !== undefined && !d.chrome;
    if (!lastItemLine) lastItem = null;
    labels.push(label);
  }
  return { text: plainLines.join('\n'), labels };
}

export function goldTsv(name: string, labels: Array<LineLabel | null>): string {
  const rows = [`# ${name}: line roles derived from the page's DOM by eval/capture.ts`];
  labels.forEach((label, i) => {
    if (label) rows.push(`${i + 1}\t${label.role}\t${label.why}`);
  });
  return `${rows.join('\n')}\n`;
}

async function captureSite(browser: Browser, dir: string): Promise<number> {
  const info = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as SiteInfo;
  const root = pathToFileURL(resolve(dir)).href;
  let count = 0;
  for (const entry of info.pages) {
    const file = join(dir, entry.file);
    if (!existsSync(file)) throw new Error(`${join(dir, 'site.json')}: page ${entry.file} does not exist`);
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith(root) || request.url().startsWith('data:')) void request.continue();
      else void request.abort();
    });
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
    // tsx names functions with a helper the page does not have.
    await page.evaluate('globalThis.__name = (f) => f');
    const result = await page.evaluate(labelInPage, info.main ?? null, info.chrome ?? []);
    await page.close();
    const name = basename(entry.file).replace(/\.html?$/u, '');
    const { text, labels } = labelLines(result.plain, result.marked, result.describe);
    const body = `${text.replace(/\s+$/u, '')}\n`;
    writeFileSync(join(dir, `${name}.txt`), body);
    writeFileSync(join(dir, `${name}.tsv`), goldTsv(`${info.site}, ${entry.path ?? entry.file}`, labels.slice(0, body.split('\n').length)));
    count++;
  }
  return count;
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    const base = 'test/fixtures/captures';
    dirs.push(...readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(base, d.name)));
  }
  const browser = await puppeteer.launch({ executablePath: findBrowser(), args: ['--no-sandbox', '--disable-gpu', '--lang=ar'] });
  try {
    for (const dir of dirs) {
      const n = await captureSite(browser, dir);
      console.log(`${dir}: ${n} pages captured`);
    }
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
