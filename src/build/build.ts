/**
 * `matn build`: publishes documents to HTML, PDF and EPUB. Each document is read and its
 * structure recovered once, then every requested format is rendered from that one tree.
 * One browser serves the whole build (launched only when a PDF must really be printed), HTML and
 * EPUB are produced while PDFs print, a bounded number of documents is in flight at once, and
 * documents whose inputs did not change are skipped. A failed document is reported and fails the
 * build, after every other document has been built.
 */
import { webcrypto } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve, relative, sep } from 'node:path';
import { MatnError, describeError } from '../errors.js';
import { readSourceSync } from '../read/source.js';
import { processSource, type MatnDocument } from '../pipeline.js';
import { isEncodedArtifact } from '../render/encoded.js';
import type { Artifact, WriterContext } from '../render/writer.js';
import { writerFor } from '../render/writers.js';
// Type only: Puppeteer and pdf-lib take ~0.7 s to load, so a build loads them when it prints a PDF.
import type { LaunchOptions, PdfPrinter } from '../render/pdf/printer.js';
import { TemplateSet } from '../render/templates.js';
import { loadConfig, pipelineOptions, type Format, type MatnConfig } from './config.js';
import { planSources, inShard, artifactPath, type PlannedSource, type Shard } from './sources.js';
import { writeAtomic, removePartialFiles, ensureFolder } from './write-atomic.js';
import { artifactKey, templatesHash } from './cache-key.js';
import { newManifest, readManifest, serializeManifest, type ArtifactEntry, type DocumentEntry, type Manifest } from './manifest.js';
import { createProgress, type Progress, type Summary } from './progress.js';

export interface BuildOptions {
  /** Working folder (default: process.cwd()). */
  cwd?: string;
  /** Files, folders or glob patterns (default: the config's `sources`). */
  inputs?: string[];
  /** A config file (default: matn.config.{json,yaml,yml} in cwd, if any). */
  configPath?: string;
  /** Settings that override the config (from the command line). */
  overrides?: Partial<MatnConfig>;
  /** Rebuild even documents whose inputs did not change. */
  force?: boolean;
  shard?: Shard;
  progress?: Progress;
  /** Seconds since the epoch for every date a format records (default: $SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  /** Reuse the browser of an earlier build (watch mode); the caller closes it. */
  printer?: PdfPrinter;
  /** Leave a browser this build launched open and return it (watch mode); the caller closes it. */
  keepBrowser?: boolean;
}

export interface BuildResult {
  manifest: Manifest;
  summary: Summary;
  ok: boolean;
  /** The printer, when one was launched and the caller asked to keep it (watch mode). */
  printer: PdfPrinter | undefined;
}

export interface ResolvedBuild {
  config: MatnConfig;
  configText: string;
  root: string;
  outDir: string;
  templates: TemplateSet;
  templatesHash: string;
  formats: Format[];
  sourceDateEpoch: number | undefined;
}

export function resolveBuild(options: BuildOptions): ResolvedBuild {
  const cwd = options.cwd ?? process.cwd();
  const loaded = loadConfig(cwd, options.configPath);
  const config: MatnConfig = { ...loaded.config, ...stripUndefined(options.overrides ?? {}) };
  const templatesDir = config.templates ? resolve(loaded.root, config.templates) : undefined;
  const templates = new TemplateSet(templatesDir);
  const epochText = process.env.SOURCE_DATE_EPOCH;
  const envEpoch = epochText && /^\d+$/.test(epochText) ? Number(epochText) : undefined;
  return {
    config,
    configText: loaded.text + JSON.stringify(stripUndefined(options.overrides ?? {})),
    root: loaded.root,
    outDir: resolve(cwd, options.overrides?.out ?? resolve(loaded.root, config.out)),
    templates,
    templatesHash: templatesHash(templates.dirs),
    formats: [...new Set(config.formats)],
    sourceDateEpoch: options.sourceDateEpoch ?? envEpoch,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Documents in flight when no PDF is printed: enough to hide I/O waits, few enough to bound memory. */
const IN_FLIGHT = 4;

/** SHA-256 in hex, computed on libuv's thread pool (Web Crypto), so it overlaps this thread's work. */
const sha256 = async (data: Uint8Array): Promise<string> => Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const b = resolveBuild(options);
  const { config } = b;
  const progress = options.progress ?? createProgress('quiet');
  const inputs = options.inputs && options.inputs.length > 0 ? options.inputs : toArray(config.sources).map((s) => relativeTo(cwd, b.root, s));
  const plan = await planSources(inputs, cwd);
  for (const pattern of plan.missing) progress.warn(`${pattern}: matches no document`);
  const sources = plan.sources.filter((s) => inShard(s, options.shard));
  await ensureFolder(b.outDir);
  const manifest = newManifest(options.shard ? `${options.shard.index}/${options.shard.count}` : undefined);
  const manifestPath = resolve(b.outDir, 'manifest.json');
  const previous = await readManifest(manifestPath);
  const previousBySource = new Map(options.force ? [] : (previous?.documents ?? []).map((d) => [d.source, d]));

  let printer = options.printer;
  let launched = false;
  let launching: Promise<PdfPrinter> | undefined;
  const getPrinter = async (): Promise<PdfPrinter> => {
    if (printer) return printer;
    launching ??= launchPrinter({ ...(config.browser ? { executablePath: config.browser } : {}), pages: config.pdfPages }).then((p) => {
      printer = p;
      launched = true;
      return p;
    });
    return launching;
  };

  // Ctrl-C / SIGTERM: no partial file is left; the printer closes its browser itself.
  const onSignal = (signal: NodeJS.Signals) => {
    removePartialFiles();
    void (printer?.close() ?? Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  progress.start(sources.length);
  // One options object for the whole build, so the pipeline reuses one processor.
  const pipeline = pipelineOptions(config);
  const counts = { built: 0, unchanged: 0, failed: 0 };
  const stageMs: Record<string, number> = Object.fromEntries(['read', 'parse', ...b.formats].map((s) => [s, 0]));
  const timed: Timer = async (stage, work) => {
    const t = performance.now();
    try {
      return await work();
    } finally {
      stageMs[stage] = (stageMs[stage] ?? 0) + performance.now() - t;
    }
  };
  const optionsKey = { pageSize: config.pageSize, digits: config.digits, toc: config.toc, pdfToc: config.pdfToc, runningHead: config.runningHead, epoch: b.sourceDateEpoch };
  // A few documents in flight, so one's file reads, writes and zlib work (off this thread) overlap
  // another's parsing and rendering; with PDFs, enough to keep every page of the pool printing.
  const concurrency = Math.max(IN_FLIGHT, b.formats.some((f) => writerFor(f).needsBrowser) ? config.pdfPages + 1 : 0);

  const prepared = new Map<Format, Promise<void>>();
  const buildOne = async (planned: PlannedSource): Promise<void> => {
    const t0 = performance.now();
    const entry: DocumentEntry = { source: planned.path, artifacts: [], status: 'built', warnings: [] };
    try {
      const source = await timed('read', () => readSourceSync(resolve(cwd, planned.path), { maxBytes: config.maxSourceBytes, displayPath: planned.path }));
      entry.sourceSha256 = source.sha256;
      const keys = new Map(
        b.formats.map((format) => [
          format,
          artifactKey({ format, sourceSha256: source.sha256, sidecar: JSON.stringify(source.sidecar ?? null), templates: b.templatesHash, config: b.configText, options: optionsKey }),
        ]),
      );
      const cached = await reusable(previousBySource.get(planned.path), keys, b.outDir);
      if (cached) {
        Object.assign(entry, { ...cached, source: planned.path, status: 'unchanged' });
        counts.unchanged++;
        return;
      }
      const doc = await timed('parse', () => processSource(source, pipeline));
      entry.title = doc.meta.title;
      // Loaded once, when the first document needs a format (a build where nothing changed never does).
      for (const format of b.formats) {
        const prepare = writerFor(format).prepare;
        if (prepare && !prepared.has(format)) prepared.set(format, timed(format, prepare));
        await prepared.get(format);
      }
      const write = async (format: Format, data: Artifact): Promise<void> => {
        const path = artifactPath(b.outDir, planned.outBase, writerFor(format).extension);
        // Encode a text once, for the file and its hash alike.
        let written: { sha256: string; byteLength: number };
        if (isEncodedArtifact(data)) {
          await writeAtomic(path, data.chunks);
          written = data;
        } else {
          const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
          const [digest] = await Promise.all([sha256(bytes), writeAtomic(path, bytes)]);
          written = { sha256: digest, byteLength: bytes.byteLength };
        }
        const artifact: ArtifactEntry = { format, path: relative(b.outDir, path).split(sep).join('/'), bytes: written.byteLength, sha256: written.sha256, key: keys.get(format)! };
        entry.artifacts.push(artifact);
      };
      entry.warnings.push(...doc.meta.warnings);
      const failures = await renderFormats(doc, b, getPrinter, write, timed, (w) => {
        if (!entry.warnings.includes(w)) entry.warnings.push(w);
      });
      entry.artifacts.sort((x, y) => b.formats.indexOf(x.format as Format) - b.formats.indexOf(y.format as Format));
      if (failures.length > 0) throw new Error(failures.join('; '));
      counts.built++;
    } catch (error) {
      entry.status = 'failed';
      entry.error = error instanceof MatnError || (error instanceof Error && error.message.includes(planned.path)) ? describeError(error) : `${planned.path}: ${describeError(error)}`;
      counts.failed++;
    } finally {
      manifest.documents.push(entry);
      progress.document(entry, performance.now() - t0);
    }
  };

  try {
    let next = 0;
    const worker = async () => {
      while (next < sources.length) await buildOne(sources[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, sources.length)) }, worker));
    // Documents built earlier into this folder and not part of this build stay listed while their artifacts exist.
    const planned = new Set(plan.sources.map((p) => p.path));
    const kept = await Promise.all(
      (previous?.documents ?? [])
        .filter((d) => !planned.has(d.source) && d.status !== 'failed')
        .map(async (d) => ((await Promise.all(d.artifacts.map((a) => stat(resolve(b.outDir, a.path)).then(() => true, () => false)))).every(Boolean) ? d : undefined)),
    );
    manifest.documents.push(...kept.filter((d): d is DocumentEntry => d !== undefined));
    await writeAtomic(manifestPath, serializeManifest(manifest));
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (printer && !options.printer && !options.keepBrowser) await printer.close();
  }
  const summary: Summary = { total: sources.length, ...counts, seconds: (performance.now() - started) / 1000, browserLaunched: launched, stageMs };
  progress.finish(summary);
  return { manifest, summary, ok: counts.failed === 0, printer: options.printer ?? (options.keepBrowser ? printer : undefined) };
}

export type { Artifact };

/** Loads the PDF writer (and with it Puppeteer and pdf-lib) and starts a browser. */
export async function launchPrinter(options: LaunchOptions): Promise<PdfPrinter> {
  const { PdfPrinter } = await import('../render/pdf/printer.js');
  return PdfPrinter.launch(options);
}

export type Stage = 'read' | 'parse' | Format;
export type Timer = <T>(stage: Stage, work: () => T | Promise<T>) => Promise<T>;
const untimed: Timer = async (_stage, work) => work();

/**
 * Render one document in every format of the build, through `write`; returns the failures. Each
 * writer's warnings go to `warn`. Formats that print through the browser start first: they wait on
 * Chromium while this process renders the others.
 */
export async function renderFormats(
  doc: MatnDocument,
  b: ResolvedBuild,
  getPrinter: () => Promise<PdfPrinter>,
  write: (format: Format, data: Artifact) => Promise<void>,
  timed: Timer = untimed,
  warn: (warning: string) => void = () => {},
): Promise<string[]> {
  const { config } = b;
  const failures: string[] = [];
  const context: WriterContext = {
    templates: b.templates,
    settings: { pageSize: config.pageSize, digits: config.digits, toc: config.toc, pdfToc: config.pdfToc, runningHead: config.runningHead, timeoutMs: config.timeoutMs },
    sourceDateEpoch: b.sourceDateEpoch,
    printer: getPrinter,
  };
  const writers = b.formats.map(writerFor).sort((x, y) => Number(y.needsBrowser) - Number(x.needsBrowser));
  await Promise.all(
    writers.map((writer) =>
      timed(writer.format, () => writer.render(doc, context))
        .then(async ({ artifact, warnings }) => {
          warnings.forEach(warn);
          await write(writer.format, artifact);
        })
        .catch((error: unknown) => void failures.push(describeError(error))),
    ),
  );
  return failures;
}

/** The previous entry, when every requested artifact was built from the same inputs and is still on disk. */
async function reusable(previous: DocumentEntry | undefined, keys: Map<Format, string>, outDir: string): Promise<DocumentEntry | undefined> {
  if (!previous || previous.status === 'failed') return undefined;
  const artifacts: ArtifactEntry[] = [];
  for (const [format, key] of keys) {
    const artifact = previous.artifacts.find((a) => a.format === format);
    if (!artifact || artifact.key !== key) return undefined;
    try {
      const info = await stat(resolve(outDir, artifact.path));
      if (info.size !== artifact.bytes) return undefined;
    } catch {
      return undefined;
    }
    artifacts.push(artifact);
  }
  return { ...previous, artifacts };
}

function toArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/** A config path (relative to the config's folder) as seen from cwd. */
function relativeTo(cwd: string, root: string, path: string): string {
  const rel = relative(cwd, resolve(root, path));
  return rel === '' ? '.' : rel.split(sep).join('/');
}
