/**
 * One document through every writer of a build: render each format (through the registry), write
 * each artifact atomically with its size and SHA-256. `matn build` runs it for every planned
 * source, `matn book` for its one joined document.
 */
import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describeError } from '../errors.js';
import type { MatnDocument } from '../pipeline.js';
import { isEncodedArtifact } from '../render/encoded.js';
import type { Artifact, WriterContext, WriterSettings } from '../render/writer.js';
import { writerFor, type Format } from '../render/writers.js';
import type { ArtifactEntry } from './manifest.js';
import { artifactPath } from './sources.js';
import { writeAtomic } from './write-atomic.js';

export type Stage = 'read' | 'parse' | Format;
export type Timer = <T>(stage: Stage, work: () => T | Promise<T>) => Promise<T>;
export const untimed: Timer = async (_stage, work) => work();

/** SHA-256 in hex, computed on libuv's thread pool (Web Crypto), so it overlaps this thread's work. */
const sha256 = async (data: Uint8Array): Promise<string> => Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');

export interface PublishJob {
  formats: Format[];
  context: WriterContext;
  outDir: string;
  /** Artifact path without extension, relative to outDir. */
  outBase: string;
  /** Each format's cache key, recorded in the manifest. */
  keys?: Map<Format, string>;
  timed?: Timer;
}

export interface Published {
  /** In the order of `formats`. */
  artifacts: ArtifactEntry[];
  /** The writers' warnings, each once. */
  warnings: string[];
  /** One message per format that failed. */
  failures: string[];
}

/** Writes one artifact atomically and says what was written. */
async function writeArtifact(path: string, data: Artifact): Promise<{ sha256: string; byteLength: number }> {
  // Encode a text once, for the file and its hash alike.
  if (isEncodedArtifact(data)) {
    await writeAtomic(path, data.chunks);
    return data;
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const [digest] = await Promise.all([sha256(bytes), writeAtomic(path, bytes)]);
  return { sha256: digest, byteLength: bytes.byteLength };
}

/** One format of a document, rendered but not yet written (what a document worker sends back). */
export interface RenderedFormat {
  format: Format;
  artifact?: Artifact;
  warnings: string[];
  failure?: string;
}

/** Renders one format of the document; a failure is returned, not thrown. */
export async function renderFormat(doc: MatnDocument, format: Format, job: Pick<PublishJob, 'context' | 'outBase' | 'timed'>): Promise<RenderedFormat> {
  const timed = job.timed ?? untimed;
  try {
    const { artifact, warnings } = await timed(format, () => writerFor(format).render(doc, { ...job.context, outBase: job.outBase }));
    return { format, artifact, warnings };
  } catch (error) {
    return { format, warnings: [], failure: describeError(error) };
  }
}

/** Writes the formats rendered (in any order) and says what was written, in the order of `job.formats`. */
export async function writeRendered(rendered: RenderedFormat[], job: Pick<PublishJob, 'formats' | 'outDir' | 'outBase' | 'keys'>): Promise<Published> {
  const out: Published = { artifacts: [], warnings: [], failures: [] };
  await Promise.all(rendered.map((r) => writeOne(r, job, out)));
  out.artifacts.sort((x, y) => job.formats.indexOf(x.format as Format) - job.formats.indexOf(y.format as Format));
  return out;
}

async function writeOne(r: RenderedFormat, job: Pick<PublishJob, 'outDir' | 'outBase' | 'keys'>, out: Published): Promise<void> {
  for (const w of r.warnings) if (!out.warnings.includes(w)) out.warnings.push(w);
  if (r.failure !== undefined || r.artifact === undefined) {
    out.failures.push(r.failure ?? `${r.format}: nothing rendered`);
    return;
  }
  try {
    const path = artifactPath(job.outDir, job.outBase, writerFor(r.format).extension);
    const written = await writeArtifact(path, r.artifact);
    out.artifacts.push({ format: r.format, path: relative(job.outDir, path).split(sep).join('/'), bytes: written.byteLength, sha256: written.sha256, key: job.keys?.get(r.format) ?? '' });
  } catch (error) {
    out.failures.push(describeError(error));
  }
}

/**
 * Render and write one document in every format. Formats that print through the browser start
 * first: they wait on Chromium while this process renders the others; each format is written as
 * soon as it is rendered.
 */
export async function publishDocument(doc: MatnDocument, job: PublishJob): Promise<Published> {
  const out: Published = { artifacts: [], warnings: [], failures: [] };
  const formats = [...job.formats].sort((x, y) => Number(writerFor(y).needsBrowser) - Number(writerFor(x).needsBrowser));
  await Promise.all(formats.map(async (format) => writeOne(await renderFormat(doc, format, job), job, out)));
  out.artifacts.sort((x, y) => job.formats.indexOf(x.format as Format) - job.formats.indexOf(y.format as Format));
  return out;
}

/** Each format's once-per-process work (fonts…), started when the first document needs it. */
export class Preparation {
  private readonly started = new Map<Format, Promise<void>>();

  async ready(formats: Format[], timed: Timer = untimed): Promise<void> {
    for (const format of formats) {
      const prepare = writerFor(format).prepare;
      if (prepare && !this.started.has(format)) this.started.set(format, timed(format, prepare));
      await this.started.get(format);
    }
  }
}

/**
 * The files the formats' artifacts share (the fonts `--fonts external` pages link to), written
 * once per build into the output folder; a file already there with the same bytes is left alone.
 * Returns their paths, relative to the output folder.
 */
export async function writeSharedFiles(formats: Format[], settings: WriterSettings, outDir: string): Promise<string[]> {
  const files = new Map(formats.flatMap((f) => writerFor(f).sharedFiles?.(settings) ?? []).map((file) => [file.path, file.data]));
  await Promise.all(
    [...files].map(async ([path, data]) => {
      const target = join(outDir, ...path.split('/'));
      const existing = await readFile(target).catch(() => undefined);
      if (!existing?.equals(data)) await writeAtomic(target, data);
    }),
  );
  return [...files.keys()];
}
