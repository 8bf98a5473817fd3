/**
 * dist/manifest.json: every source with its artifacts (path, size, SHA-256), its errors and
 * warnings, and the cache key each artifact was built from. Shards of a CI matrix each write
 * one; `matn merge` joins them.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MatnError } from '../errors.js';
import { VERSION } from '../version.js';

export interface ArtifactEntry {
  format: string;
  /** Relative to the output folder, '/'-separated. */
  path: string;
  bytes: number;
  sha256: string;
  /** The inputs' hash the artifact was built from (source, sidecar, templates, config, version). */
  key: string;
}

export interface DocumentEntry {
  source: string;
  sourceSha256?: string;
  title?: string;
  artifacts: ArtifactEntry[];
  /** "built", "unchanged" (cache hit) or "failed". */
  status: 'built' | 'unchanged' | 'failed';
  error?: string;
  warnings: string[];
  /**
   * The local image files the artifacts were built with ('/'-separated, relative to the build's
   * folder) and their SHA-256 (null: not there). When one changes, the document is rebuilt.
   */
  images?: ImageInput[];
}

export interface ImageInput {
  path: string;
  sha256: string | null;
}

export interface Manifest {
  generator: string;
  shard?: string;
  documents: DocumentEntry[];
}

export function newManifest(shard?: string): Manifest {
  return shard ? { generator: `matn ${VERSION}`, shard, documents: [] } : { generator: `matn ${VERSION}`, documents: [] };
}

export async function readManifest(path: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Manifest;
    return Array.isArray(value.documents) ? value : undefined;
  } catch {
    return undefined; // a damaged manifest only costs a full rebuild
  }
}

export function serializeManifest(manifest: Manifest): string {
  const documents = [...manifest.documents].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return `${JSON.stringify({ ...manifest, documents }, null, 2)}\n`;
}

/** Join the manifests of several shards; a document in two shards is an error. */
export async function mergeManifests(paths: string[]): Promise<Manifest> {
  const merged = newManifest();
  const seen = new Map<string, string>();
  for (const path of paths) {
    const manifest = await readManifest(path);
    if (!manifest) throw new MatnError('config', path, 'is not a matn manifest (missing, or not valid JSON)');
    for (const doc of manifest.documents) {
      const other = seen.get(doc.source);
      if (other) throw new MatnError('config', path, `lists ${doc.source}, which ${other} lists too`);
      seen.set(doc.source, path);
      merged.documents.push(doc);
    }
  }
  return merged;
}

/**
 * Documents built earlier into this folder and not part of this build: they stay listed while
 * their artifacts exist.
 */
export async function keptDocuments(previous: Manifest | undefined, planned: Set<string>, outDir: string): Promise<DocumentEntry[]> {
  const exists = (path: string) => stat(resolve(outDir, path)).then(() => true, () => false);
  const kept = await Promise.all(
    (previous?.documents ?? [])
      .filter((d) => !planned.has(d.source) && d.status !== 'failed')
      .map(async (d) => ((await Promise.all(d.artifacts.map((a) => exists(a.path)))).every(Boolean) ? d : undefined)),
  );
  return kept.filter((d): d is DocumentEntry => d !== undefined);
}
