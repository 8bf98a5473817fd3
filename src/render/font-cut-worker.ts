/**
 * The font thread's entry (see font-cut-thread.ts): cuts each face it is sent with cutFont and
 * sends the subset back. Its caches (loaded faces, shaped runs, subsets) live on this thread.
 */
import { parentPort } from 'node:worker_threads';
import { cutFont } from './font-cut.js';
import type { FromFontThread, ToFontThread } from './font-cut-thread.js';

const port = parentPort!;
const send = (message: FromFontThread) => port.postMessage(message);

port.on('message', ({ id, file, claimed, runs }: ToFontThread) => {
  cutFont(file, claimed, runs).then(
    (subset) => send({ type: 'done', id, ttf: subset.ttf, unicodeRange: subset.file.unicodeRange }),
    (error: unknown) => send({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) }),
  );
});

send({ type: 'ready' });
