/**
 * PDFs finished on a thread of their own (finish-worker.ts) instead of the main thread: pdf-lib's
 * work (tens of milliseconds a document) then no longer holds up the main thread, which answers
 * the browser's requests and drives the next document's printing, and it runs on the other core
 * while Chromium prints. The same finishPdf with the same input: the same bytes, only elsewhere.
 *
 * One thread per printer, started with it. Should it fail to start (no loader for the sources,
 * say), PDFs are finished on the main thread, as they were before; should it stop later, the
 * documents it held fail and the next one starts a new thread.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../worker-thread.js';
import { finishPdf, type FinishOptions, type Finished } from './finish.js';
import type { FromWorker, ToWorker } from './finish-messages.js';

interface Task {
  pdf: Uint8Array;
  options: FinishOptions;
  resolve: (finished: Finished) => void;
  reject: (error: unknown) => void;
  /** The running heads' own error (a print that failed), reported instead of the thread's. */
  overlayError?: unknown;
}

/** The finishing thread (from lib/ its compiled module, from src/ its TypeScript through tsx). */
function finishingWorker(): Worker {
  return startWorker(import.meta.url, 'finish-worker');
}

export class FinishThread {
  private worker: Worker | undefined;
  /** The thread never started: finish on the main thread. */
  private inThisThread = false;
  private closed = false;
  /** The thread has started and answered. */
  private answered = false;
  private nextId = 1;
  private readonly tasks = new Map<number, Task>();

  /** `startWorker`: how the thread is started (tests start one that fails). */
  constructor(private readonly startWorker: () => Worker = finishingWorker) {
    this.start();
  }

  /** Whether PDFs are being finished on the thread (false before it answered, or when it could not start). */
  get onThread(): boolean {
    return this.answered && !this.inThisThread && !this.closed;
  }

  /** finishPdf(pdf, options), on the finishing thread. */
  finish(pdf: Uint8Array, options: FinishOptions): Promise<Finished> {
    if (this.inThisThread || this.closed) return finishPdf(pdf, options);
    return new Promise<Finished>((resolve, reject) => {
      const id = this.nextId++;
      this.tasks.set(id, { pdf, options, resolve, reject });
      const { overlay, ...portable } = options;
      this.post({ type: 'finish', id, pdf, options: portable, withOverlay: overlay !== undefined });
      if (this.tasks.size === 1) this.worker?.ref();
    });
  }

  /** Stops the thread; documents still being finished fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the PDF printer has been closed'));
    await worker?.terminate();
  }

  private post(message: ToWorker): void {
    (this.worker ?? this.start()).postMessage(message);
  }

  private start(): Worker {
    const worker = this.startWorker();
    let ready = false;
    // Idle, the thread keeps no process alive.
    if (this.tasks.size === 0) worker.unref();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') ready = this.answered = true;
      else this.receive(message);
    });
    const stopped = (error: unknown): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (!ready && !this.closed) return this.finishHere();
      this.failAll(error);
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(new Error(`the PDF finishing thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private receive(message: Exclude<FromWorker, { type: 'ready' }>): void {
    const task = this.tasks.get(message.id);
    if (!task) return;
    if (message.type === 'overlay') {
      const { id } = message;
      Promise.resolve(task.options.overlay?.(message.destinations, message.pageCount)).then(
        (overlay) => this.worker?.postMessage({ type: 'overlay', id, overlay } satisfies ToWorker),
        (error: unknown) => {
          task.overlayError = error;
          this.worker?.postMessage({ type: 'overlay', id, failed: true } satisfies ToWorker);
        },
      );
      return;
    }
    this.settle(message.id);
    if (message.type === 'done') task.resolve(message.finished);
    else task.reject(task.overlayError ?? Object.assign(new Error(message.message), { stack: message.stack }));
  }

  private settle(id: number): void {
    this.tasks.delete(id);
    if (this.tasks.size === 0) this.worker?.unref();
  }

  /** The thread could not start: every document waiting, and every later one, is finished here. */
  private finishHere(): void {
    this.inThisThread = true;
    for (const [id, task] of this.tasks) {
      this.settle(id);
      finishPdf(task.pdf, task.options).then(task.resolve, task.reject);
    }
  }

  private failAll(error: unknown): void {
    for (const [id, task] of this.tasks) {
      this.settle(id);
      task.reject(error);
    }
  }
}
