/**
 * Which documents a build publishes, and where each one's artifacts go. Sources are files or
 * glob patterns (tinyglobby); each artifact mirrors its source's path below the pattern's base
 * folder, with every path segment made safe, and can never land outside the output folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, relative, resolve, sep, isAbsolute } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { MatnError } from '../errors.js';
import { SOURCE_GLOB } from '../parse/readers.js';
import { INVISIBLE } from '../unicode.js';

/** Control characters and invisible formatting: never part of a file name matn writes. */
const UNSAFE_IN_NAMES = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}]`, 'gu');

export interface PlannedSource {
  /** Path to read, as the user sees it (relative to the working folder when possible). */
  path: string;
  /** Output path without extension, relative to the output folder, '/'-separated. */
  outBase: string;
}

/** A file or folder name safe on every file system; Arabic and other letters are kept. */
export function safeSegment(segment: string): string {
  const cleaned = segment
    .normalize('NFC')
    .replace(UNSAFE_IN_NAMES, '')
    .replace(/[\\/:*?"<>|]/gu, '-')
    .replace(/^[.\s-]+/u, '')
    .replace(/[.\s]+$/u, '')
    .slice(0, 120);
  return cleaned || 'document';
}

export function outBaseFor(relativePath: string): string {
  const parts = relativePath.split(/[\\/]+/u).filter((p) => p && p !== '.' && p !== '..');
  const last = parts.pop() ?? 'document';
  return [...parts.map(safeSegment), safeSegment(last.replace(/\.[^.]*$/u, ''))].join('/');
}

/** The static folder a glob pattern starts from ("source/**\/*.txt" → "source"). */
function patternBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (isDynamicPattern(part)) break;
    fixed.push(part);
  }
  return fixed.join('/') || '.';
}

export async function planSources(inputs: string[], cwd: string): Promise<{ sources: PlannedSource[]; missing: string[] }> {
  const seen = new Map<string, PlannedSource>();
  const missing: string[] = [];
  for (const input of inputs) {
    const absolute = isAbsolute(input) ? input : resolve(cwd, input);
    const show = (p: string) => {
      const rel = relative(cwd, p);
      return rel.startsWith('..') || isAbsolute(rel) ? p : rel.split(sep).join('/');
    };
    if (!isDynamicPattern(input)) {
      if (existsSync(absolute) && statSync(absolute).isDirectory()) {
        // A folder given on purpose: every document in it.
        const files = await glob(SOURCE_GLOB, { cwd: absolute, absolute: true, dot: false });
        for (const file of files.sort()) seen.set(file, { path: show(file), outBase: outBaseFor(relative(absolute, file)) });
        if (files.length === 0) missing.push(input);
        continue;
      }
      // One file, even one that does not exist or cannot be read: the build reports it.
      seen.set(absolute, { path: show(absolute), outBase: outBaseFor(basename(absolute)) });
      continue;
    }
    const base = resolve(cwd, patternBase(input));
    const files = await glob(input, { cwd, absolute: true, dot: false, onlyFiles: true });
    if (files.length === 0) missing.push(input);
    for (const file of files.sort()) if (!seen.has(file)) seen.set(file, { path: show(file), outBase: outBaseFor(relative(base, file)) });
  }
  return { sources: [...seen.values()].sort((a, b) => (a.outBase < b.outBase ? -1 : a.outBase > b.outBase ? 1 : 0)), missing };
}

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new MatnError('config', undefined, `--shard must be I/N with 1 ≤ I ≤ N (got "${text}")`);
  return { index, count };
}

/**
 * The shard a document belongs to: a hash of its output path, so a document stays in its shard
 * when others are added or removed, and every document is in exactly one shard.
 */
export function shardOf(outBase: string, count: number): number {
  const digest = createHash('sha256').update(outBase).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(source: PlannedSource, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(source.outBase, shard.count) === shard.index;
}

export function artifactPath(outDir: string, outBase: string, extension: string): string {
  const path = resolve(outDir, `${outBase}.${extension}`);
  const root = resolve(outDir);
  if (path !== root && !path.startsWith(root + sep)) throw new MatnError('output', outBase, 'would be written outside the output folder');
  return path;
}

