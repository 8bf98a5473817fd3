/**
 * Resolving images (src/render/image-load.ts, svg-clean.ts): what is packed, what is refused and why,
 * and SVG cleaning. No browser, no network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadImage, type ImageResult } from '../../src/render/image-load.js';
import { sniffImage } from '../../src/render/image-types.js';
import { cleanSvg } from '../../src/render/svg-clean.js';
import { ROOT } from '../helpers.js';
import { parseXml, findAll } from '../epub/helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'images');
const CHART = readFileSync(join(FIXTURES, 'markdown', 'images', 'chart.png'));

let dir: string;
let folder: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'matn-images-'));
  folder = join(dir, 'doc');
  mkdirSync(join(folder, 'صور'), { recursive: true });
  writeFileSync(join(folder, 'صور', 'مخطط.png'), CHART);
  writeFileSync(join(dir, 'secret.png'), CHART);
  symlinkSync(join(dir, 'secret.png'), join(folder, 'link.png'));
  writeFileSync(join(folder, 'page.png'), '<!DOCTYPE html><p>not an image</p>');
  writeFileSync(join(folder, 'huge.png'), CHART);
  truncateSync(join(folder, 'huge.png'), 21 * 1024 * 1024);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reason = (r: ImageResult) => ('reason' in r ? r.reason : `packed as ${r.image.mediaType}`);

describe('loadImage', () => {
  it('packs a local image inside the folder, found by its percent-encoded address', () => {
    const r = loadImage(encodeURI('صور/مخطط.png'), folder);
    expect('image' in r && r.image.mediaType).toBe('image/png');
    expect('image' in r && r.image.bytes.equals(CHART)).toBe(true);
    expect(reason(loadImage(pathToFileURL(join(folder, 'صور', 'مخطط.png')).href, folder))).toBe('packed as image/png');
  });

  it('never reads outside the folder: .., a symbolic link out of it, a file: URL elsewhere, the site root', () => {
    expect(reason(loadImage('../secret.png', folder))).toMatch(/outside the source's folder/u);
    expect(reason(loadImage('link.png', folder))).toMatch(/link to a file outside/u);
    expect(reason(loadImage(pathToFileURL(join(dir, 'secret.png')).href, folder))).toMatch(/outside the source's folder/u);
    expect(reason(loadImage('/secret.png', folder))).toMatch(/root of the source's site/u);
  });

  it('never fetches a remote address', () => {
    for (const src of ['https://example.com/x.png', 'http://127.0.0.1:9/x.png', '//example.com/x.png', 'ftp://example.com/x.png']) {
      expect(reason(loadImage(src, folder)), src).toMatch(/remote address, which matn never fetches/u);
    }
  });

  it('says why a file is refused: missing, not an image, too large, no address', () => {
    expect(reason(loadImage('missing.png', folder))).toBe('is not found');
    expect(reason(loadImage('page.png', folder))).toMatch(/is not an image matn knows \(PNG, JPEG, GIF, WebP, SVG or AVIF\)/u);
    expect(reason(loadImage('huge.png', folder))).toBe('is larger than 20 MB');
    expect(reason(loadImage('', folder))).toBe('has no address');
  });

  it('decodes data URIs (Word images), by their bytes, not their declared type', () => {
    expect(reason(loadImage(`data:image/png;base64,${CHART.toString('base64')}`, folder))).toBe('packed as image/png');
    expect(reason(loadImage(`data:image/gif;base64,${CHART.toString('base64')}`, folder))).toBe('packed as image/png');
    expect(reason(loadImage('data:image/png;base64,PGh0bWw+', folder))).toMatch(/not an image matn knows/u);
    expect(reason(loadImage(`data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>')}`, folder))).toBe('packed as image/svg+xml');
  });
});

describe('image types', () => {
  it('are told by the first bytes', () => {
    expect(sniffImage(CHART)?.mediaType).toBe('image/png');
    expect(sniffImage(Buffer.from('ffd8ffe000104a464946', 'hex'))?.mediaType).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('GIF89a\x01\x00', 'latin1'))?.mediaType).toBe('image/gif');
    expect(sniffImage(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))?.mediaType).toBe('image/webp');
    const avif = sniffImage(Buffer.from('\x00\x00\x00\x1cftypavif\x00\x00\x00\x00', 'latin1'));
    expect(avif).toMatchObject({ mediaType: 'image/avif', epubCore: false });
    expect(sniffImage(Buffer.from('<?xml version="1.0"?>\n<!-- drawn -->\n<svg viewBox="0 0 1 1"></svg>'))?.mediaType).toBe('image/svg+xml');
    expect(sniffImage(Buffer.from('<html><svg></svg></html>'))).toBeUndefined();
  });
});

describe('SVG cleaning', () => {
  const cleaned = cleanSvg(readFileSync(join(FIXTURES, 'markdown', 'images', 'diagram.svg'), 'utf8'))!;

  it('removes scripts, handlers, foreign HTML and references outside the image', () => {
    expect(cleaned).not.toMatch(/script|onload|onclick|alert|foreignObject|example\.com|<p/u);
  });

  it('keeps the drawing, and writes well-formed XML in the SVG namespace', () => {
    const root = parseXml(cleaned, 'diagram.svg');
    expect(root.local).toBe('svg');
    expect(root.uri).toBe('http://www.w3.org/2000/svg');
    expect(root.attributes.viewBox).toBe('0 0 200 120');
    expect(findAll(root, (e) => e.local === 'circle')).toHaveLength(2);
    expect(findAll(root, (e) => e.local === 'linearGradient')).toHaveLength(1);
    expect(findAll(root, (e) => e.local === 'use')[0]!.attributes['xlink:href']).toBe('#dot');
    expect(findAll(root, (e) => e.local === 'title')[0]!.text).toBe('ثلاث دوائر');
  });

  it('turns links into groups and drops outside style sheets', () => {
    const svg = cleanSvg('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.org/a.css);</style><a href="https://x.org"><rect width="1" height="1" style="fill:url(https://x.org/p.png)"/></a></svg>')!;
    expect(svg).not.toMatch(/x\.org|<a|<style/u);
    expect(svg).toMatch(/<g><rect width="1" height="1"\/><\/g>/u);
  });
});
