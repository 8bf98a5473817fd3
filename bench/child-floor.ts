/**
 * The floor: a bare Puppeteer loop that prints the same print HTML as matn, in one reused page,
 * serving only the bundled fonts, with Chromium started the same way. Everything matn does
 * besides printing (reading, structure recovery, templates, PDF finishing, writing) is left out.
 * argv: SOURCE N  → prints one JSON line.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer';
import { readSource } from '../src/read/source.js';
import { processSource } from '../src/pipeline.js';
import { TemplateSet } from '../src/render/templates.js';
import { buildPrintPage, PAGE_URL } from '../src/render/pdf/print-page.js';
import { BROWSER_ARGS, findBrowser } from '../src/render/pdf/browser.js';

const [sourcePath, count] = process.argv.slice(2);
const n = Number(count);
const doc = processSource(await readSource(sourcePath!));
const { html, assets } = buildPrintPage(doc, { templates: new TemplateSet(), pageSize: 'A4', digits: 'arabic-indic', toc: false });
const bodies = new Map([...assets].map(([url, a]) => [url, { body: readFileSync(a.path), type: a.type }]));
const out = mkdtempSync(join(tmpdir(), 'matn-floor-'));

const t0 = performance.now();
const profile = mkdtempSync(join(tmpdir(), 'matn-floor-profile-'));
const browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, userDataDir: profile, args: [...BROWSER_ARGS] });
const launched = performance.now();
const page = await browser.newPage();
await page.setRequestInterception(true);
page.on('request', (request) => {
  const url = request.url();
  if (url === PAGE_URL) void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  else if (bodies.has(url)) void request.respond({ status: 200, contentType: bodies.get(url)!.type, body: bodies.get(url)!.body });
  else void request.abort();
});
for (let i = 0; i < n; i++) {
  await page.goto(PAGE_URL, { waitUntil: 'load' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true });
  writeFileSync(join(out, `${i}.pdf`), pdf);
}
await browser.close();
const seconds = (performance.now() - t0) / 1000;
rmSync(out, { recursive: true, force: true });
rmSync(profile, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ seconds, launchSeconds: (launched - t0) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
