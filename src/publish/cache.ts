/**
 * The build cache. What an artifact depends on, hashed: the source bytes, its sidecar, every
 * template file, the config, the options that shape the output, and matn's version; and, checked
 * apart, the local image files the document showed (recorded in the manifest). Equal keys
 * mean the artifact on disk is still right, so an unchanged document is not rebuilt.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { VERSION } from '../version.js';
import type { ArtifactEntry, DocumentEntry, ImageInput, Manifest } from './manifest.js';

function hashTree(hash: ReturnType<typeof createHash>, dir: string, prefix = ''): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(hash, path, `${prefix}${name}/`);
    else hash.update(`${prefix}${name}\0`).update(readFileSync(path)).update('\0');
  }
}

/** One hash for a set of template folders (computed once per build). */
export function templatesHash(dirs: string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    hash.update(`${dir}\0`);
    hashTree(hash, dir);
  }
  return hash.digest('hex');
}

export interface KeyParts {
  format: string;
  sourceSha256: string;
  sidecar: string;
  templates: string;
  config: string;
  options: unknown;
}

export function artifactKey(parts: KeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify([VERSION, parts.format, parts.sourceSha256, parts.sidecar, parts.templates, parts.config, parts.options]))
    .digest('hex')
    .slice(0, 32);
}

/** SHA-256 of a file, or null when there is none to read. */
function fileDigest(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}

/** A document's image files as the manifest records them (see DocumentEntry.images). */
export function imageInputs(paths: string[], cwd: string): ImageInput[] {
  return paths.map((path) => ({ path: relative(cwd, path).split(sep).join('/'), sha256: fileDigest(path) }));
}

/**
 * What the last build into this folder left, by source: an unchanged document's entry is reused
 * when every requested artifact was built from the same inputs and is still on disk.
 */
export class BuildCache {
  private readonly previous: Map<string, DocumentEntry>;

  constructor(
    previous: Manifest | undefined,
    private readonly outDir: string,
    /** --force: nothing is reused. */
    force: boolean,
    /** The build's folder, which recorded image paths are relative to. */
    private readonly cwd: string = process.cwd(),
  ) {
    this.previous = new Map(force ? [] : (previous?.documents ?? []).map((d) => [d.source, d]));
  }

  /** The previous entry with the artifacts of these keys, when every one is still right. */
  async reusable(source: string, keys: Map<string, string>): Promise<DocumentEntry | undefined> {
    const previous = this.previous.get(source);
    if (!previous || previous.status === 'failed') return undefined;
    // An image changed, appeared or went: the artifacts that carry it are out of date.
    if (previous.images?.some((image) => fileDigest(resolve(this.cwd, image.path)) !== image.sha256)) return undefined;
    const artifacts: ArtifactEntry[] = [];
    for (const [format, key] of keys) {
      const artifact = previous.artifacts.find((a) => a.format === format);
      if (!artifact || artifact.key !== key) return undefined;
      try {
        const info = await stat(resolve(this.outDir, artifact.path));
        if (info.size !== artifact.bytes) return undefined;
      } catch {
        return undefined;
      }
      artifacts.push(artifact);
    }
    return { ...previous, artifacts };
  }
}
