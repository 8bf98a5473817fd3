/**
 * Reading one source document from disk: checks it is a readable, non-empty text file of a
 * supported type and size, decodes it, and finds its sidecar.
 */
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, extname, resolve } from 'node:path';
import { MatnError } from '../errors.js';
import { decodeSource, type SourceEncoding } from './decode.js';
import { readSidecarSync, type Sidecar } from './sidecar.js';
import { sanitizeText } from './sanitize.js';
import { READERS, loadReader, readerFor, readerOfPath, type SourceFormat } from '../parse/readers.js';

export type { SourceFormat };

export interface SourceDocument {
  /** The path as the user gave it. */
  path: string;
  /** The file name without its extension: the base of every artifact's name. */
  name: string;
  format: SourceFormat;
  text: string;
  encoding: SourceEncoding;
  /** SHA-256 of the source bytes. */
  sha256: string;
  sidecar: Sidecar | undefined;
  warnings: string[];
  /**
   * The absolute folder the file was read from, which its images' relative addresses start
   * from (unset for a source made in memory: then the folder of `path`).
   */
  folder?: string;
}

/** ".txt, .md and .html" */
function listed(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export function formatOf(path: string): SourceFormat | undefined {
  return readerOfPath(path)?.format;
}

export interface ReadOptions {
  maxBytes?: number;
  /** The path to name in errors and on the document, when it differs from where it is read (e.g. relative to a build's folder). */
  displayPath?: string;
}

export async function readSource(path: string, options: ReadOptions = {}): Promise<SourceDocument> {
  const reader = readerOfPath(path);
  if (reader) await loadReader(reader.format);
  if (!reader?.convert) return readSourceSync(path, options);
  const name = options.displayPath ?? path;
  const bytes = readChecked(path, name, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (bytes.length === 0) throw new MatnError('empty', name, 'is empty');
  const converted = await reader.convert(bytes, name);
  const doc = documentFromText(converted.text, name, reader.format, readSidecarSync(path), createHash('sha256').update(bytes).digest('hex'));
  doc.warnings.unshift(...converted.warnings);
  doc.folder = resolve(dirname(path));
  return doc;
}

/**
 * readSource, in this thread. A build reads this way: a source is small next to what is made
 * of it, a synchronous read costs tens of microseconds, and the time it shows is the reading's
 * own, not also that of other documents' work done while it waited.
 */
export function readSourceSync(path: string, options: ReadOptions = {}): SourceDocument {
  const name = options.displayPath ?? path;
  const bytes = readChecked(path, name, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const format = formatOf(path)!;
  if (readerFor(format).convert) throw new MatnError('unsupported-type', name, `is a ${extname(path)} file, which is converted before it is read: use readSource`);
  return { ...decodeDocument(bytes, name, format, readSidecarSync(path)), folder: resolve(dirname(path)) };
}

/** The file's bytes, after checking it exists, is a file of a type matn reads and is not too large. */
function readChecked(path: string, name: string, maxBytes: number): Buffer {
  const format = formatOf(path);
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MatnError('not-found', name, 'no such file');
    throw new MatnError('unreadable', name, `cannot be read (${code ?? (error as Error).message})`);
  }
  if (info.isDirectory()) throw new MatnError('is-directory', name, 'is a directory, not a document');
  if (!format) throw new MatnError('unsupported-type', name, `has an unsupported type "${extname(path) || '(none)'}"; matn reads ${listed(READERS.map((r) => r.extensions[0]!))}`);
  if (info.size > maxBytes) {
    throw new MatnError('too-large', name, `is ${(info.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(1)} MB limit (raise maxSourceBytes in matn.config.json to allow it)`);
  }
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MatnError('unreadable', name, `cannot be read (${code ?? (error as Error).message})`);
  }
}

/** The in-memory half of readSource, for callers that already have the bytes. */
export function decodeDocument(bytes: Uint8Array, path: string, format: SourceFormat, sidecar?: Sidecar): SourceDocument {
  if (bytes.length === 0) throw new MatnError('empty', path, 'is empty');
  const decoded = decodeSource(bytes, path);
  const doc = documentFromText(decoded.text, path, format, sidecar, createHash('sha256').update(bytes).digest('hex'));
  doc.encoding = decoded.encoding;
  doc.warnings.unshift(...decoded.warnings);
  return doc;
}

/** A source document from text already decoded (any string, even one with lone surrogates). */
export function documentFromText(text: string, path: string, format: SourceFormat, sidecar?: Sidecar, sha256?: string): SourceDocument {
  const clean = sanitizeText(text.normalize('NFC'));
  if (clean.text.trim() === '') throw new MatnError('empty', path, 'contains only white space');
  const name = basename(path).replace(/\.[^.]+$/, '');
  return {
    path,
    name,
    format,
    text: clean.text,
    encoding: 'utf-8',
    sha256: sha256 ?? createHash('sha256').update(text).digest('hex'),
    sidecar,
    warnings: clean.warnings,
  };
}
