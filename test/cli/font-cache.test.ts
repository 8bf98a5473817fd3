/**
 * The font cache (src/render/font-cache.ts): subsets and their WOFF2, each font's coverage and the
 * EPUB covers' layouts kept on disk between builds.
 * A build that finds its text's entries gives the same bytes as one that cut the fonts itself;
 * a damaged entry is made again, an unwritable cache is no error, `MATN_CACHE=off` writes nothing.
 * The rest of the suite runs with the cache off (vitest.config.ts), so that it shapes for real.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ROOT, SEED } from '../helpers.js';

let cwd: string;
let cacheDir: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'matn-font-cache-'));
  cacheDir = join(cwd, 'cache');
  mkdirSync(join(cwd, 'source'), { recursive: true });
  copyFileSync(SEED, join(cwd, 'source', 'seed.txt'));
});
afterEach(() => {
  chmodSync(cwd, 0o755);
  rmSync(cwd, { recursive: true, force: true });
});

/** A build in its own process (a process's own memory would hide the disk). */
function cli(env: Record<string, string | undefined>, ...args: string[]) {
  const { MATN_CACHE: _off, ...rest } = process.env;
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/bin.ts'), 'build', '--force', '-f', 'html,epub', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...rest, CI: 'true', MATN_CACHE_DIR: cacheDir, ...env },
  });
  expect(result.status, result.stderr).toBe(0);
  return { html: readFileSync(join(cwd, 'dist', 'seed.html')), epub: readFileSync(join(cwd, 'dist', 'seed.epub')), stderr: result.stderr };
}

const entries = (kind: string) => (existsSync(join(cacheDir, kind)) ? readdirSync(join(cacheDir, kind)).filter((n) => n.endsWith('.bin')) : []);

/** Rewrites an entry with another header, its checksum made right (so a reader must take it). */
function rewriteHeader(path: string, change: (header: Record<string, unknown>) => void): void {
  const bytes = readFileSync(path);
  const first = bytes.indexOf(0x0a);
  const second = bytes.indexOf(0x0a, first + 1);
  const meta = JSON.parse(bytes.toString('utf8', first + 1, second)) as { header: Record<string, unknown> };
  change(meta.header);
  writeFileSync(path, Buffer.concat([bytes.subarray(0, first + 1), Buffer.from(`${JSON.stringify(meta)}\n`), bytes.subarray(second + 1)]));
}

/** Rewrites an entry's payload (JSON when the change returns an object), its checksum made right. */
function rewritePayload(path: string, change: (payload: Record<string, unknown>) => object | Uint8Array): void {
  const bytes = readFileSync(path);
  const first = bytes.indexOf(0x0a);
  const second = bytes.indexOf(0x0a, first + 1);
  const payload = bytes.subarray(second + 1);
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  const changed = change(parsed);
  const out = changed instanceof Uint8Array ? Buffer.from(changed) : Buffer.from(JSON.stringify(changed), 'utf8');
  const meta = JSON.parse(bytes.toString('utf8', first + 1, second)) as { sha256: string; length: number };
  meta.sha256 = createHash('sha256').update(out).digest('hex');
  meta.length = out.byteLength;
  writeFileSync(path, Buffer.concat([bytes.subarray(0, first + 1), Buffer.from(`${JSON.stringify(meta)}\n`), out]));
}

/** The cover image of an EPUB (its SVG text). */
function coverOf(epub: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'matn-cover-'));
  writeFileSync(join(dir, 'book.epub'), epub);
  const svg = spawnSync('unzip', ['-p', join(dir, 'book.epub'), '*.svg'], { encoding: 'utf8' }).stdout;
  rmSync(dir, { recursive: true, force: true });
  return svg;
}

describe('font cache', () => {
  it('a second build reads the subsets it stored and writes the same bytes as a build without the cache', () => {
    const cold = cli({ MATN_CACHE: 'off' });
    expect(existsSync(cacheDir)).toBe(false);
    const first = cli({});
    expect(entries('subsets').length).toBeGreaterThan(0);
    expect(entries('woff2').length).toBeGreaterThan(0);
    expect(entries('coverage').length).toBeGreaterThan(0);
    expect(entries('covers')).toHaveLength(1);
    const second = cli({});
    for (const [name, a, b, c] of [['html', cold.html, first.html, second.html], ['epub', cold.epub, first.epub, second.epub]] as const) {
      const sha = (x: Buffer) => createHash('sha256').update(x).digest('hex');
      expect(sha(b), name).toBe(sha(a));
      expect(sha(c), name).toBe(sha(a));
    }
  });

  it('an entry it finds is what the page uses (the cache is really read)', () => {
    cli({});
    // Every stored subset now says it covers one character only: a page built from the cache says so too.
    for (const name of entries('subsets')) rewriteHeader(join(cacheDir, 'subsets', name), (h) => (h.unicodeRange = 'U+2603'));
    const html = cli({}).html.toString('utf8');
    expect(html).toContain('unicode-range:U+2603');
  });

  it('a stored cover layout is what the EPUB cover shows; a stored font coverage is what the font choice reads', () => {
    cli({});
    for (const name of entries('covers')) rewritePayload(join(cacheDir, 'covers', name), (layout) => ({ ...layout, titleSize: 999, title: 'from the cache' }));
    const cover = coverOf(cli({}).epub);
    expect(cover).toContain('<title id="cover-title">from the cache');
    // The stored coverage of the faces built from says they have no character: the document's
    // Arabic letters then take the chain's next face, Noto Naskh Arabic, which the page embeds.
    const fallback = "@font-face{font-family:'Noto Naskh Arabic'";
    expect(cli({}).html.toString('utf8')).not.toContain(fallback);
    for (const name of entries('coverage')) rewritePayload(join(cacheDir, 'coverage', name), () => new Uint8Array(0));
    expect(cli({}).html.toString('utf8')).toContain(fallback);
  });

  it('a damaged entry is ignored and made again; the page is unchanged', () => {
    const good = cli({});
    for (const name of entries('subsets')) {
      const path = join(cacheDir, 'subsets', name);
      const bytes = readFileSync(path);
      bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
      writeFileSync(path, bytes);
    }
    const again = cli({});
    expect(again.html.equals(good.html)).toBe(true);
    expect(again.epub.equals(good.epub)).toBe(true);
    // Made again: a third build reads them.
    for (const name of entries('subsets')) rewriteHeader(join(cacheDir, 'subsets', name), (h) => (h.unicodeRange = 'U+2603'));
    expect(cli({}).html.toString('utf8')).toContain('unicode-range:U+2603');
  });

  it('a cache folder that cannot be written is no error', () => {
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o500);
    if (process.getuid?.() === 0) {
      // root writes anyway: make the folder a file instead.
      chmodSync(cacheDir, 0o755);
      rmSync(cacheDir, { recursive: true });
      writeFileSync(cacheDir, 'not a folder');
    }
    const built = cli({});
    expect(built.html.length).toBeGreaterThan(10_000);
    expect(built.stderr).not.toMatch(/cache/iu);
  });
});
