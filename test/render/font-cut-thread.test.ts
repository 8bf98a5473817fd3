/**
 * Faces are cut on a thread of their own (src/render/font-cut-thread.ts): the same bytes as on
 * the build's thread; when the thread cannot start, faces are cut here; when it stops, the faces
 * it held fail with a reason and the next face starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { cutFont, type Run } from '../../src/render/font-cut.js';
import { FontCutThread } from '../../src/render/font-cut-thread.js';
import { primaryFonts, type FontFile } from '../../src/render/fonts.js';

const arabic = primaryFonts().find((f) => f.name.includes('arabic-400-normal'))!;
const text = 'تجديد الالتزام الدولي بمكافحة الإرهاب في منطقة الساحل';
const claimed = [...new Set([...text].map((c) => c.codePointAt(0)!))].filter((cp) => cp !== 0x20).sort((a, b) => a - b);
const runs: Run[] = [...text.split(' ').map((w) => ({ text: w, language: 'ar' })), { text: text.replaceAll(' ', '\uFFFF'), language: 'ar' }];
const threads: FontCutThread[] = [];
afterAll(async () => Promise.all(threads.map((t) => t.close())));

function thread(start?: () => Worker): FontCutThread {
  const t = start ? new FontCutThread(start) : new FontCutThread();
  threads.push(t);
  return t;
}

describe('the font thread', () => {
  it('cuts a face to the same bytes as the build thread does', async () => {
    const here = await cutFont(arabic, claimed, runs);
    const there = await thread().cut(arabic, claimed, runs);
    expect(Buffer.from(there.ttf).equals(Buffer.from(here.ttf))).toBe(true);
    expect(there.file).toEqual(here.file);
    expect(there.ttf.byteLength).toBeLessThan(40_000);
  }, 60_000);

  it('cuts faces on the build thread when the thread cannot start', async () => {
    const t = thread(() => new Worker('throw new Error("no loader")', { eval: true }));
    const subset = await t.cut(arabic, claimed, runs);
    expect(t.cutsHere).toBe(true);
    expect(Buffer.from(subset.ttf).equals(Buffer.from((await cutFont(arabic, claimed, runs)).ttf))).toBe(true);
  }, 60_000);

  it('fails the faces a stopped thread held, and starts a new thread for the next', async () => {
    const t = thread();
    await t.cut(arabic, claimed, runs); // started and answered
    const missing: FontFile = { ...arabic, path: '/nonexistent/font.woff2' };
    await expect(t.cut(missing, claimed, runs)).rejects.toThrow(/nonexistent|ENOENT/u);
    const held = expect(t.cut(arabic, claimed, [...runs, { text: 'نص آخر', language: 'ar' }])).rejects.toThrow(/closed/u);
    await t.close();
    await held;
    const again = thread();
    expect((await again.cut(arabic, claimed, runs)).ttf.byteLength).toBeGreaterThan(1000);
  }, 60_000);
});
