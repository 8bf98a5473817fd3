/**
 * Font subsets kept on disk between builds, so that a document whose text a build has cut fonts
 * for before (a `--force` rebuild, a changed template or config, a CI job with its cache folder
 * restored) costs no shaping, subsetting or WOFF2 packing: a cold page costs 0.3–1 s of that.
 *
 * Content-addressed: an entry's name is the SHA-256 of everything its bytes depend on (the font
 * file's own bytes, the text, matn's cutting rules: `SUBSET_RULES`), so an entry is never stale,
 * only unused. Each entry carries the SHA-256 of its payload; one that does not match (a torn
 * write, a disk error) is ignored and made again. Writes go to a temporary name and are renamed.
 * A cache that cannot be written (a read-only home) is given up for the process, never an error:
 * nothing a user gave depends on it.
 *
 * Where: `$MATN_CACHE_DIR`, else `$XDG_CACHE_HOME/matn`, else `~/.cache/matn`.
 * `MATN_CACHE=off` turns it off (the test suite does, so that every test shapes for real).
 * At most `KEPT` entries per kind are kept; the least recently written go first.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Bump when what a subset holds for a given text changes (the shaping, the subsetter's flags, the packing). */
export const SUBSET_RULES = 'subset-1';

const KEPT = 4000;
const MAGIC = 'matn-cache-1\n';

let disabled = false;
const pruned = new Set<string>();

/** The cache folder, or undefined when the cache is off. */
export function cacheDir(): string | undefined {
  if (disabled || process.env.MATN_CACHE === 'off') return undefined;
  const base = process.env.MATN_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'matn');
  return base;
}

/** A key from parts (strings and bytes), hex SHA-256. */
export function cacheKey(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(String(bytes.byteLength)).update(':').update(bytes);
  }
  return hash.digest('hex');
}

const fileDigests = new Map<string, string>();
/**
 * SHA-256 of a file's bytes, read once per process: a font file is part of several keys (its
 * subsets, its coverage, the covers set in it).
 */
export function fileDigest(path: string): string {
  let digest = fileDigests.get(path);
  if (digest === undefined) fileDigests.set(path, (digest = createHash('sha256').update(readFileSync(path)).digest('hex')));
  return digest;
}

/** What an entry holds: a small JSON header and the payload bytes. */
export interface CacheEntry<H> {
  header: H;
  payload: Buffer;
}

function entryPath(kind: string, key: string): string | undefined {
  const dir = cacheDir();
  return dir ? join(dir, kind, `${key}.bin`) : undefined;
}

/** The entry, or undefined when absent, unreadable or damaged. */
export function readEntry<H>(kind: string, key: string): CacheEntry<H> | undefined {
  const path = entryPath(kind, key);
  if (!path) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  try {
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const newline = bytes.indexOf(0x0a, MAGIC.length);
    if (newline < 0) return undefined;
    const { header, sha256, length } = JSON.parse(bytes.toString('utf8', MAGIC.length, newline)) as { header: H; sha256: string; length: number };
    const payload = bytes.subarray(newline + 1);
    if (payload.length !== length || createHash('sha256').update(payload).digest('hex') !== sha256) return undefined;
    return { header, payload };
  } catch {
    return undefined;
  }
}

/** Stores the entry (best effort: a cache that cannot be written is turned off for the process). */
export function writeEntry<H>(kind: string, key: string, header: H, payload: Uint8Array): void {
  const path = entryPath(kind, key);
  if (!path) return;
  const dir = join(path, '..');
  const meta = JSON.stringify({ header, sha256: createHash('sha256').update(payload).digest('hex'), length: payload.byteLength });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${MAGIC}${meta}\n`, 'utf8'), payload]));
    renameSync(temporary, path);
  } catch {
    disabled = true;
    try {
      unlinkSync(temporary);
    } catch {
      /* never written */
    }
    return;
  }
  if (!pruned.has(dir)) {
    pruned.add(dir);
    prune(dir);
  }
}

/** Keeps the `KEPT` most recently written entries of a folder (once per process and folder). */
function prune(dir: string): void {
  try {
    const names = readdirSync(dir).filter((n) => n.endsWith('.bin'));
    if (names.length <= KEPT) return;
    const aged = names.map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.t - b.t);
    for (const { n } of aged.slice(0, names.length - KEPT / 2)) unlinkSync(join(dir, n));
  } catch {
    /* another build pruned it */
  }
}
