import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomic } from '../../src/publish/write-atomic.js';

const dir = mkdtempSync(join(tmpdir(), 'matn-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeAtomic', () => {
  it('writes text, bytes, and buffers one after another, creating folders and leaving no temporary file', async () => {
    const chunks = Array.from({ length: 300 }, (_, i) => Buffer.from(`${i}:${'متن'.repeat(i % 7)}|`));
    chunks.splice(5, 0, Buffer.alloc(0));
    await writeAtomic(join(dir, 'a', 'b', 'many.bin'), chunks);
    expect(readFileSync(join(dir, 'a', 'b', 'many.bin')).equals(Buffer.concat(chunks))).toBe(true);
    await writeAtomic(join(dir, 'text.html'), '<p>نص</p>');
    expect(readFileSync(join(dir, 'text.html'), 'utf8')).toBe('<p>نص</p>');
    await writeAtomic(join(dir, 'text.html'), new Uint8Array([1, 2, 3]));
    expect([...readFileSync(join(dir, 'text.html'))]).toEqual([1, 2, 3]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes into a folder removed since it last wrote there (a user cleaning dist/ during a watch)', async () => {
    await writeAtomic(join(dir, 'gone', 'page.html'), 'first');
    rmSync(join(dir, 'gone'), { recursive: true });
    await writeAtomic(join(dir, 'gone', 'page.html'), 'second');
    expect(readFileSync(join(dir, 'gone', 'page.html'), 'utf8')).toBe('second');
  });

  it('says which file cannot be written and why', async () => {
    await writeAtomic(join(dir, 'file'), 'x');
    await expect(writeAtomic(join(dir, 'file', 'inside.html'), [Buffer.from('x')])).rejects.toThrow(/file[/\\]inside\.html: cannot be written: a file is in the way/u);
  });
});
