import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SharedEntries, dosDateTime, zipEpub as zipParts, type ZipEntry } from '../../src/render/epub/package.js';
import { joinedBytes } from '../../src/render/encoded.js';
import { readZip } from './helpers.js';

/** The container in one buffer, as a reader sees it. */
const zipEpub = (...args: Parameters<typeof zipParts>) => {
  const artifact = zipParts(...args);
  return { ...artifact, bytes: joinedBytes(artifact) };
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const MTIME = Date.UTC(2019, 10, 1, 13, 45, 30);
const shared: ZipEntry[] = [
  { path: 'META-INF/container.xml', data: '<?xml version="1.0"?><container/>' },
  { path: 'EPUB/fonts/face.woff2', data: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)), compress: false },
];
const own: ZipEntry[] = [
  { path: 'EPUB/package.opf', data: '<package>عنوان</package>' },
  { path: 'EPUB/text/part-01.xhtml', data: '<p>نص عربي</p>'.repeat(200) },
  { path: 'EPUB/text/فصل.xhtml', data: '' },
];

describe('the EPUB container', () => {
  const epub = zipEpub(own, MTIME, new SharedEntries(shared, MTIME));

  it('starts with mimetype, stored and without an extra field, then holds every entry as given', () => {
    const items = readZip(epub.bytes);
    expect(items[0]).toMatchObject({ name: 'mimetype', method: 0, localExtra: 0, offset: 0 });
    expect(items[0]!.data.toString()).toBe('application/epub+zip');
    expect(epub.bytes.subarray(30, 38).toString()).toBe('mimetype');
    expect(items.map((i) => i.name)).toEqual(['mimetype', ...shared.map((e) => e.path), ...own.map((e) => e.path)]);
    for (const entry of [...shared, ...own]) {
      const item = items.find((i) => i.name === entry.path)!;
      expect(item.data.equals(Buffer.from(entry.data))).toBe(true);
      expect(item.method).toBe(entry.compress === false ? 0 : 8);
    }
  });

  it('gives the same bytes with shared entries packed once as with every entry written out, and their true SHA-256', () => {
    const direct = zipEpub([...shared, ...own], MTIME);
    expect(Buffer.compare(epub.bytes, direct.bytes)).toBe(0);
    expect(epub.sha256).toBe(sha(epub.bytes));
    expect(direct.sha256).toBe(sha(direct.bytes));
    // Reusing the packed entries does not disturb the next container's hash.
    const packed = new SharedEntries(shared, MTIME);
    const first = zipEpub(own.slice(0, 1), MTIME, packed);
    const second = zipEpub(own, MTIME, packed);
    expect([first.sha256, second.sha256]).toEqual([sha(first.bytes), sha(second.bytes)]);
  });

  it('refuses shared entries packed with another timestamp', () => {
    expect(() => zipEpub(own, MTIME, new SharedEntries(shared, MTIME + 2000))).toThrow(/another timestamp/u);
  });

  it('writes entry times in UTC, whatever the time zone', () => {
    const { date, time } = dosDateTime(MTIME);
    expect([(date >> 9) + 1980, (date >> 5) & 15, date & 31]).toEqual([2019, 11, 1]);
    expect([time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([13, 45, 30]);
    expect(dosDateTime(Date.UTC(1970, 0, 1))).toEqual(dosDateTime(Date.UTC(1980, 0, 1)));
  });

  const unzip = spawnSync('unzip', ['-v']).status === 0;
  it.skipIf(!unzip)('passes Info-ZIP unzip\'s integrity test (CRCs and sizes), with UTF-8 names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-zip-'));
    try {
      writeFileSync(join(dir, 'a.epub'), epub.bytes);
      const test = spawnSync('unzip', ['-t', join(dir, 'a.epub')], { encoding: 'utf8' });
      expect(test.stdout).toContain('No errors detected');
      const list = spawnSync('unzip', ['-Z1', join(dir, 'a.epub')], { encoding: 'utf8' });
      expect(list.stdout.trim().split('\n')).toContain('EPUB/text/فصل.xhtml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
