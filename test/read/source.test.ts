import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/read/source.js';
import { MatnError } from '../../src/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'matn-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(path: string, options = {}): Promise<MatnError> {
  try {
    await readSource(path, options);
  } catch (error) {
    if (error instanceof MatnError) return error;
    throw error;
  }
  throw new Error('expected readSource to fail');
}

describe('readSource', () => {
  it('reads a text file, names it after the file, and hashes its bytes', async () => {
    const path = join(dir, 'بيان.txt');
    writeFileSync(path, 'عنوان\n\nنص.\n');
    const source = await readSource(path);
    expect(source.name).toBe('بيان');
    expect(source.format).toBe('txt');
    expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads Markdown as Markdown', async () => {
    const path = join(dir, 'note.md');
    writeFileSync(path, '# عنوان\n');
    expect((await readSource(path)).format).toBe('md');
  });

  it('finds the sidecar next to the source', async () => {
    const path = join(dir, 'with-sidecar.txt');
    writeFileSync(path, 'عنوان\n\nسطر\n\nنص.\n');
    writeFileSync(join(dir, 'with-sidecar.matn.yaml'), 'author: وزارة\nlines:\n  - line: 3\n    role: heading\n    level: 3\n');
    const source = await readSource(path);
    expect(source.sidecar?.metadata.author).toBe('وزارة');
    expect(source.sidecar?.lines).toEqual([{ line: 3, role: 'heading', level: 3 }]);
  });

  it.each([
    ['an empty file', 'empty.txt', '', 'empty', /empty\.txt: is empty/],
    ['a file of white space', 'blank.txt', ' \n\t\n', 'empty', /blank\.txt: contains only white space/],
    ['an unsupported type', 'photo.png', 'x', 'unsupported-type', /photo\.png: has an unsupported type "\.png"/],
  ])('refuses %s', async (_what, name, content, code, message) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    const e = await failure(path);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('refuses a directory', async () => {
    const path = join(dir, 'folder.txt');
    mkdirSync(path);
    expect((await failure(path)).message).toMatch(/folder\.txt: is a directory/);
  });

  it('refuses a missing file', async () => {
    expect((await failure(join(dir, 'nope.txt'))).code).toBe('not-found');
  });

  it('refuses a file over the size limit, saying how to raise it', async () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, 'ن'.repeat(2000));
    const e = await failure(path, { maxBytes: 1000 });
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/maxSourceBytes/);
  });

  it('refuses a sidecar with an unknown key or a bad rule, naming the sidecar', async () => {
    const path = join(dir, 'bad-sidecar.txt');
    writeFileSync(path, 'عنوان\n');
    writeFileSync(join(dir, 'bad-sidecar.matn.yaml'), 'titel: x\nlines:\n  - line: 2\n    role: chapter\n');
    const e = await failure(path);
    expect(e.code).toBe('sidecar');
    expect(e.message).toMatch(/bad-sidecar\.matn\.yaml: .*"titel"/);
    expect(e.message).toMatch(/lines\.0\.role/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it may not read', async () => {
    const path = join(dir, 'secret.txt');
    writeFileSync(path, 'سر', { mode: 0o000 });
    expect((await failure(path)).code).toBe('unreadable');
  });
});
