/**
 * No Chromium outlives a build: after close(), after errors and timeouts, after the browser is
 * killed mid-batch (the next documents still print), and when the process gets SIGINT/SIGTERM.
 * Processes are looked up in /proc by pid and by the browser's own profile folder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { PdfPrinter } from '../../src/render/pdf/printer.js';
import { liveBrowserCount } from '../../src/render/pdf/cleanup.js';
import { MatnError } from '../../src/errors.js';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { CORPUS, ROOT, processText } from '../helpers.js';
import { eventually, haveBrowser, liveBrowserProcesses } from './pdf-helpers.js';

const canPrint = haveBrowser() && existsSync('/proc/self/stat');
const small = (n: number) => processText(`وثيقة رقم ${n}\n\nنص قصير للوثيقة.\n`, { name: `doc-${n}.txt` });

async function gone(pid: number | undefined, profile: string | undefined): Promise<void> {
  expect(pid).toBeTypeOf('number');
  expect(profile).toBeTypeOf('string');
  expect(await eventually(() => liveBrowserProcesses(pid, profile).length === 0)).toBe(true);
  expect(await eventually(() => !existsSync(profile!))).toBe(true);
}

describe.skipIf(!canPrint)('browser lifecycle', () => {
  it('close() leaves no Chromium process and no profile behind, and can be called twice', async () => {
    const printer = await PdfPrinter.launch({ pages: 2 });
    const pid = printer.browserPid;
    const profile = printer.browserProfile;
    expect(liveBrowserProcesses(pid, profile).length).toBeGreaterThan(1);
    await Promise.all([printer.print(small(1)), printer.print(small(2)), printer.print(small(3))]);
    await printer.close();
    await printer.close();
    await gone(pid, profile);
    expect(printer.browserPid).toBeUndefined();
    expect(liveBrowserCount()).toBe(0);
    await expect(printer.print(small(4))).rejects.toMatchObject({ code: 'render' });
  });

  it('a document over its time limit fails alone; the printer goes on and closes cleanly', async () => {
    const printer = await PdfPrinter.launch({ pages: 1 });
    const pid = printer.browserPid;
    const profile = printer.browserProfile;
    try {
      const error = await printer.print(small(1), { timeoutMs: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MatnError);
      expect(error).toMatchObject({ code: 'timeout', file: 'doc-1.txt' });
      const pdf = await printer.print(small(2));
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    } finally {
      await printer.close();
    }
    await gone(pid, profile);
  });

  it('when Chromium is killed mid-batch, that document fails with a clear error and the next ones print', async () => {
    const printer = await PdfPrinter.launch({ pages: 1 });
    const pids: Array<number | undefined> = [];
    const profiles: Array<string | undefined> = [];
    try {
      await printer.print(small(1));
      // Killed while a long document is printing: the constitution five times (some 100 pages),
      // so Chromium is still printing it when it is killed (the pool page is given back as soon
      // as the print ends, and the finishing runs without the browser).
      const constitution = await readSource(join(CORPUS, '03-tunisia-draft-constitution-2013.txt'));
      const big = processSource({ ...constitution, text: Array.from({ length: 5 }, () => constitution.text).join('\n\n') });
      pids.push(printer.browserPid);
      profiles.push(printer.browserProfile);
      const printing = printer.print(big);
      await new Promise((r) => setTimeout(r, 500));
      process.kill(pids[0]!, 'SIGKILL');
      const error = await printing.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MatnError);
      expect(error).toMatchObject({ code: 'render', file: big.source.path });
      expect((error as Error).message).toMatch(/browser stopped/);
      // The next documents start a new browser transparently.
      for (const n of [2, 3, 4]) {
        const pdf = await printer.print(small(n));
        expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      }
      pids.push(printer.browserPid);
      profiles.push(printer.browserProfile);
      expect(pids[1]).not.toBe(pids[0]);
      // Killed between documents: the next one still prints (or fails alone), the one after prints.
      process.kill(pids[1]!, 'SIGKILL');
      const results = await Promise.allSettled([printer.print(small(5))]);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'render' });
      const last = await printer.print(small(6));
      expect(Buffer.from(last.subarray(0, 5)).toString()).toBe('%PDF-');
      pids.push(printer.browserPid);
      profiles.push(printer.browserProfile);
    } finally {
      await printer.close();
    }
    for (const [i, pid] of pids.entries()) await gone(pid, profiles[i]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: the process ends as the signal says and takes its Chromium along', async (signal, status) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'fixtures', 'pdf', 'hold-printer.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
    const line = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout! });
      rl.once('line', resolve);
      child.once('exit', () => reject(new Error('the printer process ended before printing')));
    });
    const { pid, profile } = JSON.parse(line) as { pid: number; profile: string };
    expect(liveBrowserProcesses(pid, profile).length).toBeGreaterThan(0);
    child.kill(signal);
    const end = await exited;
    // Re-raised: killed by the same signal (a shell shows 130 / 143), or exited with that status.
    expect(end.signal === signal || end.code === status).toBe(true);
    await gone(pid, profile);
  });
});
