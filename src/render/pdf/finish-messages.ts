/** The messages between the main thread and the finishing thread (finish-thread.ts, finish-worker.ts). */
import type { Destination, FinishOptions, Finished, Overlay } from './finish.js';

/** The finishing options that cross threads: everything but the running-heads callback. */
export type PortableFinishOptions = Omit<FinishOptions, 'overlay'>;

export type ToWorker =
  | { type: 'finish'; id: number; pdf: Uint8Array; options: PortableFinishOptions; withOverlay: boolean }
  /** The running heads asked for (undefined: none), or failed: the main thread keeps the error. */
  | { type: 'overlay'; id: number; overlay?: Overlay | undefined; failed?: boolean };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'overlay'; id: number; destinations: Map<string, Destination>; pageCount: number }
  | { type: 'done'; id: number; finished: Finished }
  | { type: 'failed'; id: number; message: string; stack: string | undefined };
