/**
 * `matn build`: publishes documents in every requested format. In four parts:
 *   plan (sources.ts: which documents, which shard) → cache (cache.ts: what is still right) →
 *   run (run.ts: read, recover, render through the writer registry, write) → manifest (manifest.ts).
 * Each document is read and its structure recovered once, then every format is rendered from that
 * one tree. One browser serves the whole build (launched only when a PDF must really be printed),
 * other formats are produced while PDFs print, a bounded number of documents is in flight, and a
 * failed document is reported and fails the build after every other document has been built.
 */
import { resolve, relative, sep } from 'node:path';
import { MatnError, describeError } from '../errors.js';
import { readSource, type SourceDocument } from '../read/source.js';
import { processSource } from '../pipeline.js';
import { writerFor } from '../render/writers.js';
import type { PdfPrinter } from '../render/pdf/printer.js';
import { onInterrupt } from '../signals.js';
import { pipelineOptions, type Format } from './config.js';
import { planSources, inShard, type PlannedSource } from './sources.js';
import { writeAtomic, removePartialFiles, ensureFolder } from './write-atomic.js';
import { artifactKey, BuildCache, imageInputs } from './cache.js';
import { localImageFiles } from '../render/images.js';
import { keptDocuments, newManifest, readManifest, serializeManifest, type DocumentEntry, type Manifest } from './manifest.js';
import { createProgress, type Summary } from './progress.js';
import { LazyPrinter } from './printer.js';
import { Preparation, publishDocument, writeRendered, writeSharedFiles, type Timer } from './run.js';
import { DocumentWorkers, workerCount } from './document-workers.js';
import { chooseWasmCompiler } from './wasm-start.js';
import { launchOptions, outputOptions, resolveBuild, writerContext, writerSettings, type BuildOptions, type ResolvedBuild } from './settings.js';

export type { BuildOptions };

export interface BuildResult {
  manifest: Manifest;
  summary: Summary;
  ok: boolean;
  /** The printer, when one was launched and the caller asked to keep it (watch mode). */
  printer: PdfPrinter | undefined;
}

/** Documents in flight when no PDF is printed: enough to hide I/O waits, few enough to bound memory. */
const IN_FLIGHT = 4;
/** Documents in flight on this thread when workers build the others. */
const MAIN_LANES = 2;

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const b = resolveBuild(options);
  const { config } = b;
  const progress = options.progress ?? createProgress('quiet');

  // Plan.
  const inputs = options.inputs && options.inputs.length > 0 ? options.inputs : toArray(config.sources).map((s) => relativeTo(cwd, b.root, s));
  const plan = await planSources(inputs, cwd);
  for (const pattern of plan.missing) progress.warn(`${pattern}: matches no document`);
  const sources = plan.sources.filter((s) => inShard(s, options.shard));
  chooseWasmCompiler(sources.length, { watching: Boolean(options.watching) });
  await ensureFolder(b.outDir);
  if (sources.length > 0) await writeSharedFiles(b.formats, writerSettings(b), b.outDir);

  // Cache.
  const manifestPath = resolve(b.outDir, 'manifest.json');
  const previous = await readManifest(manifestPath);
  const cache = new BuildCache(previous, b.outDir, Boolean(options.force), cwd);

  // Run.
  const printer = new LazyPrinter(launchOptions(b, config.pdfPages), options.printer);
  // Ctrl-C / SIGTERM: no partial file is left (the browser is killed by its own clean-up).
  const stopCleanup = onInterrupt(removePartialFiles);
  const manifest = newManifest(options.shard ? `${options.shard.index}/${options.shard.count}` : undefined);
  const counts = { built: 0, unchanged: 0, failed: 0 };
  const stageMs: Record<string, number> = Object.fromEntries(['read', 'parse', ...b.formats].map((s) => [s, 0]));
  const addMs = (stage: string, ms: number) => (stageMs[stage] = (stageMs[stage] ?? 0) + ms);
  const timed: Timer = async (stage, work) => {
    const t = performance.now();
    try {
      return await work();
    } finally {
      addMs(stage, performance.now() - t);
    }
  };
  const needsBrowser = b.formats.some((f: Format) => writerFor(f).needsBrowser);
  const workerSize = workerCount(b.config.jobs, sources.length, needsBrowser);
  const workers = workerSize > 0 ? new DocumentWorkers(workerSize, { options: { cwd, configPath: options.configPath, overrides: options.overrides, sourceDateEpoch: b.sourceDateEpoch } }) : undefined;
  // Every document will be built: start the workers now (else on the first changed document).
  if (options.force || previous === undefined) workers?.start();
  const run = { b, cwd, cache, printer, timed, addMs, preparation: new Preparation(), workers };
  progress.start(sources.length);
  try {
    // This thread builds documents too (a few at once, to overlap its I/O); each worker one at a time.
    const lanes: Array<DocumentWorkers | undefined> = [...Array<undefined>(workers ? MAIN_LANES : concurrency(b)).fill(undefined), ...Array<DocumentWorkers | undefined>(workerSize).fill(workers)];
    await inLanes(sources, lanes, async (planned, lane) => {
      const t0 = performance.now();
      const entry = await buildDocument(planned, { ...run, workers: lane });
      counts[entry.status]++;
      manifest.documents.push(entry);
      progress.document(entry, performance.now() - t0);
    });

    // Manifest.
    manifest.documents.push(...(await keptDocuments(previous, new Set(plan.sources.map((p) => p.path)), b.outDir)));
    await writeAtomic(manifestPath, serializeManifest(manifest));
  } finally {
    stopCleanup();
    await workers?.close();
    if (!options.keepBrowser) await printer.close();
  }
  const summary: Summary = { total: sources.length, ...counts, seconds: (performance.now() - started) / 1000, browserLaunched: printer.launched, stageMs };
  progress.finish(summary);
  return { manifest, summary, ok: counts.failed === 0, printer: options.printer ?? (options.keepBrowser ? printer.own : undefined) };
}

interface Run {
  b: ResolvedBuild;
  cwd: string;
  cache: BuildCache;
  printer: LazyPrinter;
  timed: Timer;
  /** Adds time measured elsewhere (on a worker) to a stage. */
  addMs: (stage: string, ms: number) => void;
  preparation: Preparation;
  workers: DocumentWorkers | undefined;
}

/** One planned source: reused from the cache, or read, recovered and published. Never throws. */
async function buildDocument(planned: PlannedSource, { b, cwd, cache, printer, timed, addMs, preparation, workers }: Run): Promise<DocumentEntry> {
  const entry: DocumentEntry = { source: planned.path, artifacts: [], status: 'built', warnings: [] };
  try {
    const source = await timed('read', () => readSource(resolve(cwd, planned.path), { maxBytes: b.config.maxSourceBytes, displayPath: planned.path }));
    entry.sourceSha256 = source.sha256;
    const keys = new Map(
      b.formats.map((format) => [
        format,
        artifactKey({ format, sourceSha256: source.sha256, sidecar: JSON.stringify(source.sidecar ?? null), templates: b.templatesHash, config: b.configText, options: outputOptions(b) }),
      ]),
    );
    const cached = await cache.reusable(planned.path, keys);
    if (cached) return { ...cached, source: planned.path, status: 'unchanged' };
    if (workers) return await onWorker(planned, source, entry, keys, { b, cwd, addMs, workers });
    const doc = await timed('parse', () => processSource(source, pipeline(b)));
    entry.title = doc.meta.title;
    const images = localImageFiles(doc);
    if (images.length > 0) entry.images = imageInputs(images, cwd);
    // Loaded once, when the first document needs a format (a build where nothing changed never does).
    await preparation.ready(b.formats, timed);
    const published = await publishDocument(doc, { formats: b.formats, context: writerContext(b, printer.get), outDir: b.outDir, outBase: planned.outBase, keys, timed });
    entry.artifacts = published.artifacts;
    entry.warnings = [...doc.meta.warnings, ...published.warnings.filter((w) => !doc.meta.warnings.includes(w))];
    if (published.failures.length > 0) throw new Error(published.failures.join('; '));
  } catch (error) {
    entry.status = 'failed';
    entry.error = error instanceof MatnError || (error instanceof Error && error.message.includes(planned.path)) ? describeError(error) : `${planned.path}: ${describeError(error)}`;
  }
  return entry;
}

/** The rest of `buildDocument` on a worker thread: the worker renders, this thread writes. */
async function onWorker(planned: PlannedSource, source: SourceDocument, entry: DocumentEntry, keys: Map<Format, string>, { b, cwd, addMs, workers }: Pick<Run, 'b' | 'cwd' | 'addMs'> & { workers: DocumentWorkers }): Promise<DocumentEntry> {
  const reply = await workers.run({ source, displayPath: planned.path, outBase: planned.outBase });
  for (const [stage, ms] of Object.entries(reply.stageMs)) addMs(stage, ms);
  if (reply.error !== undefined) throw new Error(reply.error);
  entry.title = reply.title;
  if (reply.images.length > 0) entry.images = imageInputs(reply.images, cwd);
  const published = await writeRendered(reply.rendered, { formats: b.formats, outDir: b.outDir, outBase: planned.outBase, keys });
  entry.artifacts = published.artifacts;
  entry.warnings = [...reply.warnings, ...published.warnings.filter((w) => !reply.warnings.includes(w))];
  if (published.failures.length > 0) throw new Error(published.failures.join('; '));
  return entry;
}

/** One pipeline options object per build, so the pipeline reuses one processor. */
const pipelines = new WeakMap<ResolvedBuild, ReturnType<typeof pipelineOptions>>();
function pipeline(b: ResolvedBuild) {
  let options = pipelines.get(b);
  if (!options) pipelines.set(b, (options = pipelineOptions(b.config)));
  return options;
}

/**
 * A few documents in flight, so one's file reads, writes and zlib work (off this thread) overlap
 * another's parsing and rendering; with a browser, enough to keep every page of the pool printing.
 */
function concurrency(b: ResolvedBuild): number {
  return Math.max(IN_FLIGHT, b.formats.some((f: Format) => writerFor(f).needsBrowser) ? b.config.pdfPages + 1 : 0);
}

/** Runs `work` on every item: each lane takes the next item when it is free. */
async function inLanes<T, L>(items: T[], lanes: L[], work: (item: T, lane: L) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (l: L) => {
    while (next < items.length) await work(items[next++]!, l);
  };
  await Promise.all(lanes.slice(0, Math.max(1, items.length)).map(lane));
}

function toArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/** A config path (relative to the config's folder) as seen from cwd. */
function relativeTo(cwd: string, root: string, path: string): string {
  const rel = relative(cwd, resolve(root, path));
  return rel === '' ? '.' : rel.split(sep).join('/');
}
