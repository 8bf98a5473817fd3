/**
 * `--fonts subset|full|external` (and the `fonts` config key): how HTML pages carry Amiri. Subset
 * (the default) embeds faces cut down to each page; full embeds the whole faces; external links
 * every page to one `fonts/` folder written once in the output folder.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { build } from '../../src/publish/build.js';
import { primaryFonts } from '../../src/render/fonts.js';
import { ROOT, SEED, CORPUS } from '../helpers.js';
import { launchTestBrowser, testBrowserPath } from '../browser-helpers.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'matn-fonts-'));
  mkdirSync(join(cwd, 'source', 'more'), { recursive: true });
  copyFileSync(SEED, join(cwd, 'source', 'seed.txt'));
  copyFileSync(join(CORPUS, '05-mozilla-websites-privacy-notice.txt'), join(cwd, 'source', 'more', 'privacy.txt'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/bin.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

const page = (path: string) => readFileSync(join(cwd, 'dist', path), 'utf8');
/** The font URLs a page's @font-face rules point at. */
const fontUrls = (html: string) => [...html.matchAll(/@font-face\{[^}]*src:url\(([^)]+)\)/gu)].map((m) => m[1]!);

describe('--fonts', () => {
  it('external: writes the whole faces once into dist/fonts/ and links every page to them', async () => {
    const result = cli('build', '-f', 'html', '--fonts', 'external');
    expect(result.status, result.stderr).toBe(0);
    const folder = join(cwd, 'dist', 'fonts');
    expect(readdirSync(folder).sort()).toEqual(primaryFonts().map((f) => f.name).sort());
    for (const font of primaryFonts()) expect(Buffer.compare(readFileSync(join(folder, font.name)), readFileSync(font.path)), font.name).toBe(0);
    for (const path of ['seed.html', 'more/privacy.html']) {
      const html = page(path);
      expect(html).not.toContain('data:font');
      const urls = fontUrls(html);
      expect(urls).toHaveLength(primaryFonts().length);
      // Relative to the page, from any sub-folder.
      for (const url of urls) expect(existsSync(join(dirname(join(cwd, 'dist', path)), url)), `${path}: ${url}`).toBe(true);
      expect(Buffer.byteLength(html)).toBeLessThan(60 * 1024);
    }
    expect(fontUrls(page('more/privacy.html'))[0]).toMatch(/^\.\.\/fonts\//u);
  });

  it("external: a page's fallback faces (Korean, Hebrew…) are in the page itself, the text face linked", async () => {
    copyFileSync(join(ROOT, 'test', 'fixtures', 'scripts', 'many-scripts.md'), join(cwd, 'source', 'scripts.md'));
    await build({ cwd, overrides: { formats: ['html'], fonts: 'external' } });
    const html = page('scripts.html');
    const linked = fontUrls(html).filter((url) => url.startsWith('fonts/'));
    expect(linked).toHaveLength(primaryFonts().length);
    expect(html).toMatch(/@font-face\{font-family:'Noto Serif KR';[^}]*src:url\(data:font\/woff2;base64,/u);
    expect(html).toMatch(/@font-face\{font-family:'Noto Sans Hebrew';[^}]*src:url\(data:font\/woff2;base64,/u);
    expect(readdirSync(join(cwd, 'dist', 'fonts')).sort()).toEqual(primaryFonts().map((f) => f.name).sort());
  });

  it.skipIf(testBrowserPath() === undefined)('external: the browser loads the linked faces and sets the page in Amiri', async () => {
    await build({ cwd, overrides: { formats: ['html'], fonts: 'external' } });
    const { browser, close } = await launchTestBrowser();
    try {
      const tab = await browser.newPage();
      await tab.goto(pathToFileURL(join(cwd, 'dist', 'more', 'privacy.html')).href, { waitUntil: 'load' });
      await tab.evaluate(() => document.fonts.ready.then(() => undefined));
      const used = await tab.evaluate(() => [...document.fonts].filter((f) => f.status !== 'unloaded').map((f) => f.status));
      expect(used.length).toBeGreaterThan(0);
      expect(new Set(used)).toEqual(new Set(['loaded']));
      const client = await tab.createCDPSession();
      const { root } = await client.send('DOM.getDocument');
      await client.send('CSS.enable');
      const { nodeId } = await client.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'main p' });
      const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(fonts.map((f) => `${f.familyName}${f.isCustomFont ? ' (custom)' : ''}`)).toEqual(['Amiri (custom)']);
    } finally {
      await close();
    }
  });

  it('full: embeds the six whole faces in every page, and writes no fonts folder', async () => {
    await build({ cwd, overrides: { formats: ['html'], fonts: 'full' } });
    const html = page('seed.html');
    const urls = fontUrls(html);
    expect(urls).toHaveLength(primaryFonts().length);
    for (const url of urls) expect(url).toMatch(/^data:font\/woff2;base64,/u);
    expect(Buffer.byteLength(html)).toBeGreaterThan(350 * 1024);
    expect(existsSync(join(cwd, 'dist', 'fonts'))).toBe(false);
  });

  it('subset (the default): embeds only the faces the page uses, cut down, and writes no fonts folder', async () => {
    await build({ cwd, overrides: { formats: ['html'] } });
    const urls = fontUrls(page('seed.html'));
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.length).toBeLessThan(primaryFonts().length); // no Latin Extended letter in the seed
    expect(Buffer.byteLength(page('seed.html'))).toBeLessThanOrEqual(80 * 1024);
    expect(existsSync(join(cwd, 'dist', 'fonts'))).toBe(false);
  });

  it('rebuilds the pages when the choice changes, and takes it from the config file too', async () => {
    await build({ cwd, overrides: { formats: ['html'] } });
    writeFileSync(join(cwd, 'matn.config.yaml'), 'formats: [html]\nfonts: full\n');
    const again = await build({ cwd });
    expect(again.manifest.documents.map((d) => d.status)).toEqual(['built', 'built']);
    expect(Buffer.byteLength(page('seed.html'))).toBeGreaterThan(350 * 1024);
  });

  it('refuses an unknown choice, in the config and on the command line', () => {
    writeFileSync(join(cwd, 'matn.config.yaml'), 'fonts: woff\n');
    const fromConfig = cli('build', '-f', 'html');
    expect(fromConfig.status).not.toBe(0);
    expect(fromConfig.stderr).toMatch(/fonts/u);
    rmSync(join(cwd, 'matn.config.yaml'));
    const fromFlag = cli('build', '-f', 'html', '--fonts', 'woff');
    expect(fromFlag.status).not.toBe(0);
    expect(fromFlag.stderr).toMatch(/subset, full, external/u);
  });
});
