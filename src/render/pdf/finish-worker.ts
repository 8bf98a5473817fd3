/**
 * The finishing thread's entry (see finish-thread.ts): finishes each PDF it is sent with
 * finishPdf, asking the main thread for the running heads when the document has them (they are
 * printed there, in the browser).
 */
import { parentPort } from 'node:worker_threads';
import { finishPdf, type Destination, type Overlay } from './finish.js';
import type { FromWorker, ToWorker } from './finish-messages.js';

const port = parentPort!;
const overlays = new Map<number, { resolve: (o: Overlay | undefined) => void; reject: (e: Error) => void }>();

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'overlay') {
    const waiting = overlays.get(message.id);
    overlays.delete(message.id);
    if (message.failed) waiting?.reject(new Error('the running heads could not be printed'));
    else waiting?.resolve(message.overlay);
    return;
  }
  const { id, pdf, options, withOverlay } = message;
  const overlay = withOverlay
    ? (destinations: Map<string, Destination>, pageCount: number) =>
        new Promise<Overlay | undefined>((resolve, reject) => {
          overlays.set(id, { resolve, reject });
          send({ type: 'overlay', id, destinations, pageCount });
        })
    : undefined;
  finishPdf(pdf, { ...options, ...(overlay ? { overlay } : {}) }).then(
    (finished) => send({ type: 'done', id, finished }, [finished.bytes.buffer as ArrayBuffer]),
    (error: unknown) => send({ type: 'failed', id, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }),
  );
});

send({ type: 'ready' });
