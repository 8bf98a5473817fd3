/**
 * Every artifact is written to a temporary file beside its target and renamed into place, so a
 * reader of dist/ sees the old complete file or the new complete file, never half of one. The
 * temporary files in flight are tracked so an interrupted build can remove them.
 */
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { MatnError } from '../errors.js';

const inFlight = new Set<string>();
let counter = 0;
/** Folders this process made or found (a build writes many files into few folders). */
const made = new Set<string>();

/** Writes the data (one buffer or text, or buffers one after another) to `path`, atomically. */
export async function writeAtomic(path: string, data: Uint8Array | string | readonly Uint8Array[]): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  inFlight.add(tmp);
  try {
    try {
      await writeTemporary(tmp, data);
    } catch (error) {
      // The folder was removed since this process made it: make it again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      made.delete(dirname(path));
      await writeTemporary(tmp, data);
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new MatnError('output', path, `cannot be written: ${explainWriteError(error)}`, { cause: error });
  } finally {
    inFlight.delete(tmp);
  }
}

async function writeTemporary(tmp: string, data: Uint8Array | string | readonly Uint8Array[]): Promise<void> {
  const folder = dirname(tmp);
  if (!made.has(folder)) {
    await mkdir(folder, { recursive: true });
    made.add(folder);
  }
  if (Array.isArray(data)) await writeChunks(tmp, data);
  else await writeFile(tmp, data as Uint8Array | string);
}

/** Writes buffers one after another with as few system calls as the kernel allows (writev). */
async function writeChunks(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    let rest = chunks.filter((c) => c.byteLength > 0);
    while (rest.length > 0) {
      let { bytesWritten } = await file.writev(rest);
      // A short write: drop what went out and go on with the rest.
      const left: Uint8Array[] = [];
      for (const chunk of rest) {
        if (bytesWritten >= chunk.byteLength) bytesWritten -= chunk.byteLength;
        else {
          left.push(chunk.subarray(bytesWritten));
          bytesWritten = 0;
        }
      }
      rest = left;
    }
  } finally {
    await file.close();
  }
}

/** Why a file or folder could not be written, in words. */
export function explainWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way';
  return (error as Error).message;
}

/** Create the output folder, or say why it cannot be. */
export async function ensureFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw new MatnError('output', path, `the output folder cannot be created: ${explainWriteError(error)}`, { cause: error });
  }
}

/** Remove every temporary file still being written (on SIGINT/SIGTERM). Synchronous on purpose. */
export function removePartialFiles(): void {
  for (const tmp of inFlight) rmSync(tmp, { force: true });
  inFlight.clear();
}
