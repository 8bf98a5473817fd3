/**
 * Documents built on worker threads besides the build's own thread, when a build has many
 * documents and no format that prints through the browser (PDFs are bound by Chromium, which has
 * the cores then). Each worker loads the pipeline and the writers once and builds documents one
 * after another (document-worker.ts); the build's thread builds documents too, reads sources for
 * the cache check (and hands the source read to the worker), writes what the workers send back and keeps the manifest, as with one thread:
 * the artifacts are the same bytes. Each thread warms its own JIT, so one thread per core, the
 * build's included, and none for a few documents.
 *
 * `jobs` (config key, `--jobs`): the threads that build. `auto`: one per core (at most 8) on four
 * cores or more, for 8 or more documents to build; a number forces that many (1: no worker).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-thread.js';
import type { SourceDocument } from '../read/source.js';
import type { RenderedFormat, Stage } from './run.js';
import type { BuildOptions } from './settings.js';

/** What every worker is started with: enough to resolve the same build (plain data only). */
export interface WorkerInit {
  options: Pick<BuildOptions, 'cwd' | 'configPath' | 'overrides' | 'sourceDateEpoch'>;
}

export interface WorkerTask {
  id: number;
  /** The source, read by the build's thread for its cache check (plain data, copied to the worker). */
  source: SourceDocument;
  /** The path messages name (relative to the working folder). */
  displayPath: string;
  outBase: string;
}

export type WorkerReply =
  | { id: number; title: string; images: string[]; warnings: string[]; rendered: RenderedFormat[]; stageMs: Partial<Record<Stage, number>>; error?: undefined }
  | { id: number; error: string; stageMs: Partial<Record<Stage, number>> };

/**
 * On two cores (this project's machine) a second thread never paid: 50 and 200 copies of the
 * seed and the six different documents all built 10–25% slower with a worker (each thread loads
 * the pipeline and warms its JIT, ~0.4 s, and the two cores share more than they split). `auto`
 * starts workers from four cores; `--jobs` forces them anywhere.
 */
const MIN_CORES = 4;
/** Fewer documents than this are built faster on this thread than by starting workers. */
export const MIN_DOCUMENTS = 8;
const MAX_THREADS = 8;

/** How many workers a build of `documents` documents uses besides its own thread (0: none). */
export function workerCount(jobs: number | 'auto', documents: number, needsBrowser: boolean): number {
  if (needsBrowser) return 0;
  if (jobs === 'auto') {
    const cores = Math.min(availableParallelism(), MAX_THREADS);
    return cores >= MIN_CORES && documents >= MIN_DOCUMENTS ? cores - 1 : 0;
  }
  return jobs > 1 ? Math.min(jobs - 1, Math.max(1, documents - 1)) : 0;
}

interface Pending {
  task: WorkerTask;
  resolve: (reply: WorkerReply) => void;
}

export class DocumentWorkers {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private started = 0;
  private nextId = 0;
  private closed = false;
  /** Why workers cannot start (the first one died before building anything): every document fails with it. */
  private broken: string | undefined;

  constructor(
    private readonly size: number,
    private readonly init: WorkerInit,
  ) {}

  /** Starts every worker now: loading the pipeline takes a worker a few hundred milliseconds, which the build's own first documents then hide. */
  start(): void {
    while (this.started < this.size && !this.closed) this.idle.push(this.spawn());
  }

  /** Builds one document on a worker; never rejects (a failure is a reply with `error`). */
  run(task: Omit<WorkerTask, 'id'>): Promise<WorkerReply> {
    return new Promise((resolve) => {
      this.queue.push({ task: { ...task, id: this.nextId++ }, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private dispatch(): void {
    if (this.broken !== undefined) {
      for (const pending of this.queue.splice(0)) pending.resolve({ id: pending.task.id, error: `${pending.task.displayPath}: ${this.broken}`, stageMs: {} });
      return;
    }
    while (this.queue.length > 0 && !this.closed) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.postMessage(pending.task);
    }
  }

  private spawn(): Worker {
    this.started++;
    const worker = startWorker(import.meta.url, 'document-worker', { workerData: this.init });
    let replied = false;
    worker.on('message', (reply: WorkerReply) => {
      replied = true;
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      pending?.resolve(reply);
      this.dispatch();
    });
    // A worker that dies (out of memory, a crash in a library) fails its document, not the build:
    // the other documents go on, on a new worker.
    const lost = (why: string) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.started--;
      if (!replied && this.started === 0) this.broken = `the document workers cannot start: ${why}`;
      pending?.resolve({ id: pending.task.id, error: `${pending.task.displayPath}: the document worker stopped: ${why}`, stageMs: {} });
      this.dispatch();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => {
      if (!this.closed && (this.busy.has(worker) || this.idle.includes(worker))) lost(`exit code ${code}`);
    });
    return worker;
  }
}
