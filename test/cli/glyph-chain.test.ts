/**
 * Every character has a glyph: an Arabic document with Korean, Hebrew, Greek, Russian, Persian,
 * Chinese words and symbols, built in every format. The PDF embeds the bundled fallback fonts and
 * gives the words back; the HTML page sets each word in the bundled family meant for it (not a
 * system font); the EPUB passes epubcheck. Each part runs only when its tool is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from '../../src/publish/build.js';
import { ROOT, words } from '../helpers.js';
import { launchTestBrowser, testBrowserPath } from '../browser-helpers.js';
import { hasTool, pdffonts, poppler } from '../pdf/pdf-helpers.js';
import { epubcheck, epubcheckMissing } from '../epub/helpers.js';

const FIXTURE = join(ROOT, 'test/fixtures/scripts/many-scripts.md');

/** Each list item of the fixture: its foreign word, and the bundled family that must draw it. */
const WORDS = [
  { word: '한국어', family: 'Noto Serif KR' },
  { word: 'שלום', family: 'Noto Sans Hebrew' },
  { word: 'Δημοκρατία', family: 'Noto Serif' },
  { word: 'Россия', family: 'Noto Serif' },
  { word: 'گزارش', family: 'Amiri' },
  { word: '中国', family: 'Noto Serif SC' },
  { word: '✓ → ∑', family: 'Noto Sans Math' },
];

/** The family a face belongs to: fontsource's CJK and Hebrew files name their instance "Noto Serif KR ExtraLight" and the like. */
const familyOf = (name: string) => name.replace(/ (Thin|ExtraLight|Light|Medium|SemiBold|Bold|ExtraBold|Black)$/u, '');

const hasBrowser = testBrowserPath() !== undefined;
let cwd: string;
const out = (ext: string) => join(cwd, 'dist', `many-scripts.${ext}`);

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'matn-glyphs-'));
  mkdirSync(join(cwd, 'source'));
  copyFileSync(FIXTURE, join(cwd, 'source', 'many-scripts.md'));
  const formats = hasBrowser ? (['html', 'pdf', 'epub'] as const) : (['html', 'epub'] as const);
  const result = await build({ cwd, overrides: { formats: [...formats] } });
  expect(result.ok, JSON.stringify(result.manifest.documents)).toBe(true);
  // Every character of the fixture has a glyph: no warning.
  expect(result.manifest.documents[0]!.warnings).toEqual([]);
}, 120_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe.skipIf(!hasBrowser || !hasTool('pdffonts') || !hasTool('pdftotext'))('the PDF of a document in many scripts', () => {
  it('embeds the bundled fonts that draw the foreign words', () => {
    const fonts = pdffonts(readFileSync(out('pdf')));
    const names = fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/u, ''));
    for (const family of ['Amiri', 'NotoSerifKR', 'NotoSansHebrew', 'NotoSerif-', 'NotoSerifSC', 'NotoSansMath']) {
      expect(names.some((n) => n.startsWith(family)), `${family} in ${names.join(', ')}`).toBe(true);
    }
    expect(fonts.every((f) => f.embedded)).toBe(true);
    // Only what the text uses: no Japanese font, no symbol font it does not need.
    expect(names.some((n) => /NotoSerifJP|Symbols2/u.test(n))).toBe(false);
  });

  it('gives every word back as text', () => {
    const text = words(poppler('pdftotext', readFileSync(out('pdf'))));
    for (const { word } of WORDS) for (const w of words(word)) expect(text, w).toContain(w);
    expect(poppler('pdftotext', readFileSync(out('pdf')))).toMatch(/✓/u);
  });
});

describe.skipIf(!hasBrowser)('the HTML page of a document in many scripts, in Chromium', () => {
  it('draws each foreign word with its bundled family, never a system font', async () => {
    const { browser, close } = await launchTestBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(out('html')).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const client = await page.createCDPSession();
      await client.send('DOM.enable');
      await client.send('CSS.enable');
      const { root } = await client.send('DOM.getDocument');
      const { nodeIds } = await client.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'main li' });
      expect(nodeIds).toHaveLength(WORDS.length);
      for (const [i, { word, family }] of WORDS.entries()) {
        const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId: nodeIds[i]! });
        const seen = JSON.stringify(fonts);
        // Every glyph of the item comes from a bundled font (a system font would be isCustomFont: false).
        expect(fonts.every((f) => f.isCustomFont), `${word}: ${seen}`).toBe(true);
        const glyphs = fonts.filter((f) => familyOf(f.familyName) === family).reduce((n, f) => n + f.glyphCount, 0);
        expect(glyphs, `${word}: ${seen}`).toBeGreaterThanOrEqual([...word.replace(/\s/gu, '')].length);
      }
      // The page itself stays right to left.
      expect(await page.$eval('html', (e) => getComputedStyle(e).direction)).toBe('rtl');
    } finally {
      await close();
    }
  });
});

const noEpubcheck = epubcheckMissing();
describe.skipIf(noEpubcheck !== undefined)('the EPUB of a document in many scripts', () => {
  it('passes epubcheck with no error and no warning', async () => {
    const result = await epubcheck(out('epub'));
    expect(result.errors, result.output).toBe(0);
    expect(result.warnings, result.output).toBe(0);
    expect(result.fatals, result.output).toBe(0);
  });
});
