/**
 * Faces cut on a thread of their own (font-cut-worker.ts) rather than the build's thread.
 * Shaping a page's lines and cutting its faces takes 0.1–0.4 s of HarfBuzz work a page; on the
 * build's thread nothing else moves meanwhile. On its own thread the build parses and renders
 * its other documents while a page's fonts are cut, on the other core. The same cutFont on the
 * same input: the same bytes, only elsewhere.
 *
 * One thread per process, started when a face is first cut (a build whose fonts are all in the
 * font cache never starts it), idle it keeps no process alive. Should it fail to start, faces
 * are cut on the build's thread, as before; should it stop later, the faces it held fail and the
 * next one starts a new thread.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker as startModuleWorker } from '../worker-thread.js';
import { cutFont, type Run, type SubsetFont } from './font-cut.js';
import type { FontFile } from './fonts.js';

export interface ToFontThread {
  id: number;
  file: FontFile;
  claimed: number[];
  runs: Run[];
}

export type FromFontThread = { type: 'ready' } | { type: 'done'; id: number; ttf: Uint8Array; unicodeRange: string } | { type: 'failed'; id: number; message: string };

interface Task {
  request: ToFontThread;
  resolve: (subset: SubsetFont) => void;
  reject: (error: unknown) => void;
}

export class FontCutThread {
  private worker: Worker | undefined;
  /** The thread never started: cut on this thread. */
  private inThisThread = false;
  private nextId = 1;
  private readonly tasks = new Map<number, Task>();

  /** `startWorker`: how the thread is started (tests start one that fails). */
  constructor(private readonly startWorker: () => Worker = () => startModuleWorker(import.meta.url, 'font-cut-worker')) {}

  /** Whether faces are cut on this thread (the font thread could not start). */
  get cutsHere(): boolean {
    return this.inThisThread;
  }

  cut(file: FontFile, claimed: number[], runs: Run[]): Promise<SubsetFont> {
    if (this.inThisThread) return cutFont(file, claimed, runs);
    return new Promise<SubsetFont>((resolve, reject) => {
      const request = { id: this.nextId++, file, claimed, runs };
      this.tasks.set(request.id, { request, resolve, reject });
      const worker = this.worker ?? this.start();
      worker.ref();
      worker.postMessage(request);
    });
  }

  /** Stops the thread; faces still being cut fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the font thread has been closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = this.startWorker();
    let ready = false;
    worker.on('message', (message: FromFontThread) => {
      if (message.type === 'ready') ready = true;
      else this.receive(message);
    });
    const stopped = (error: unknown): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (!ready) return this.cutHere();
      this.failAll(error);
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(new Error(`the font thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private receive(message: Exclude<FromFontThread, { type: 'ready' }>): void {
    const task = this.tasks.get(message.id);
    if (!task) return;
    this.settle(message.id);
    if (message.type === 'done') task.resolve({ file: { ...task.request.file, unicodeRange: message.unicodeRange }, ttf: message.ttf });
    else task.reject(new Error(message.message));
  }

  private settle(id: number): void {
    this.tasks.delete(id);
    if (this.tasks.size === 0) this.worker?.unref();
  }

  /** The thread could not start: every face waiting, and every later one, is cut here. */
  private cutHere(): void {
    this.inThisThread = true;
    for (const [id, { request, resolve, reject }] of this.tasks) {
      this.settle(id);
      cutFont(request.file, request.claimed, request.runs).then(resolve, reject);
    }
  }

  private failAll(error: unknown): void {
    for (const [id, task] of this.tasks) {
      this.settle(id);
      task.reject(error);
    }
  }
}

let shared: FontCutThread | undefined;

/** cutFont(file, claimed, runs) on the process's font thread. */
export function cutFontOffThread(file: FontFile, claimed: number[], runs: Run[]): Promise<SubsetFont> {
  return (shared ??= new FontCutThread()).cut(file, claimed, runs);
}
