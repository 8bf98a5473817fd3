/**
 * Finishing on the finishing thread (finish-thread.ts) gives the very bytes finishing on the main
 * thread gives: each document's prints are made once by Chromium and kept, then the whole print
 * path (contents passes, running heads laid over) runs twice on them, finished here and there.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagePool, type PrintFn } from '../../src/render/pdf/page-pool.js';
import { printDocument } from '../../src/render/pdf/print-passes.js';
import { finishPdf } from '../../src/render/pdf/finish.js';
import { FinishThread } from '../../src/render/pdf/finish-thread.js';
import { readSource } from '../../src/read/source.js';
import { processSource, type MatnDocument } from '../../src/pipeline.js';
import type { PdfOptions } from '../../src/render/pdf/printer.js';
import { CORPUS, ROOT, SEED } from '../helpers.js';
import { haveBrowser } from './pdf-helpers.js';

const canPrint = haveBrowser();
let pool: PagePool;
let thread: FinishThread;

beforeAll(async () => {
  if (!canPrint) return;
  pool = await PagePool.start(undefined, 1);
  thread = new FinishThread();
}, 60_000);

afterAll(async () => {
  await pool?.close();
  await thread?.close();
});

/** Prints through the pool, each distinct page once: a second run gets the same bytes back. */
function keptPrints(path: string): (work: (print: PrintFn) => Promise<Uint8Array>) => Promise<Uint8Array> {
  const kept = new Map<string, Uint8Array>();
  return (work) =>
    pool.withPage(path, 120_000, (print) =>
      work(async (page, tagged) => {
        const key = `${tagged}\n${page.html}`;
        if (!kept.has(key)) kept.set(key, await print(page, tagged));
        return kept.get(key)!;
      }),
    );
}

async function both(doc: MatnDocument, options: PdfOptions): Promise<{ here: Uint8Array; there: Uint8Array }> {
  const withPrints = keptPrints(doc.source.path);
  const here = await withPrints((print) => printDocument(doc, options, print, finishPdf));
  const there = await withPrints((print) => printDocument(doc, options, print, (pdf, o) => thread.finish(pdf, o)));
  return { here, there };
}

describe.skipIf(!canPrint)('the finishing thread', () => {
  const cases: Array<[string, string, PdfOptions]> = [
    ['the seed, title heads', SEED, { sourceDateEpoch: 0 }],
    ['the seed, section heads and contents', SEED, { sourceDateEpoch: 0, runningHead: 'section', toc: true }],
    ['a constitution, section heads and contents', join(CORPUS, '03-tunisia-draft-constitution-2013.txt'), { sourceDateEpoch: 0, runningHead: 'section', toc: true }],
    ['GFM with tables and links', join(ROOT, 'test', 'fixtures', 'gfm', 'gfm-ar.md'), { sourceDateEpoch: 0, runningHead: 'section' }],
  ];
  for (const [name, path, options] of cases) {
    it(`finishes ${name} to the same bytes as the main thread`, async () => {
      const doc = processSource(await readSource(path));
      const { here, there } = await both(doc, options);
      expect(there.byteLength).toBeGreaterThan(1000);
      expect(Buffer.from(there).equals(Buffer.from(here))).toBe(true);
      expect(thread.onThread).toBe(true);
    }, 120_000);
  }

  it('reports the running heads’ own error when their print fails', async () => {
    const doc = processSource(await readSource(SEED));
    const failure = new Error('heads failed');
    const withPrints = keptPrints(doc.source.path);
    const result = withPrints((print) =>
      printDocument(doc, { sourceDateEpoch: 0, runningHead: 'section' }, (page, tagged) => (tagged === false ? Promise.reject(failure) : print(page, tagged)), (pdf, o) => thread.finish(pdf, o)),
    );
    // The pool names the document and keeps the print's own error as the cause.
    await expect(result).rejects.toHaveProperty('cause', failure);
  }, 120_000);

  it('finishes on the main thread when the thread cannot start', async () => {
    const failing = new FinishThread(() => new Worker('throw new Error("no loader")', { eval: true }));
    const doc = processSource(await readSource(SEED));
    const withPrints = keptPrints(doc.source.path);
    const here = await withPrints((print) => printDocument(doc, { sourceDateEpoch: 0 }, print, finishPdf));
    const fallback = await withPrints((print) => printDocument(doc, { sourceDateEpoch: 0 }, print, (bytes, o) => failing.finish(bytes, o)));
    expect(Buffer.from(fallback).equals(Buffer.from(here))).toBe(true);
    expect(failing.onThread).toBe(false);
    await failing.close();
  }, 120_000);

  it('still finishes after it was closed, on the main thread', async () => {
    const closed = new FinishThread();
    await closed.close();
    const doc = processSource(await readSource(SEED));
    const withPrints = keptPrints(doc.source.path);
    const pdf = await withPrints((print) => printDocument(doc, { sourceDateEpoch: 0 }, print, (bytes, o) => closed.finish(bytes, o)));
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  }, 120_000);
});
