/**
 * Every artifact is written to a temporary file beside its target and renamed into place, so a
 * reader of dist/ sees the old complete file or the new complete file, never half of one. The
 * temporary files in flight are tracked so an interrupted build can remove them.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { MatnError } from '../errors.js';

const inFlight = new Set<string>();
let counter = 0;

/** Writes the data (one buffer or text, or buffers one after another) to `path`, atomically. */
export async function writeAtomic(path: string, data: Uint8Array | string | readonly Uint8Array[]): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  inFlight.add(tmp);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new MatnError('output', path, `cannot be written: ${explainWriteError(error)}`, { cause: error });
  } finally {
    inFlight.delete(tmp);
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
