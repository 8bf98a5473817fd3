/**
 * What a build is asked to do, resolved once: the config file merged with the command line's
 * overrides, the output folder, the templates and their hash, the formats, SOURCE_DATE_EPOCH.
 */
import { resolve } from 'node:path';
import type { PdfPrinter } from '../render/pdf/printer.js';
import type { LaunchOptions } from '../render/pdf/printer.js';
import { TemplateSet } from '../render/templates.js';
import type { WriterContext, WriterSettings } from '../render/writer.js';
import { sourceDateEpoch } from '../dates.js';
import { loadConfig, type Format, type MatnConfig } from './config.js';
import { templatesHash } from './cache.js';
import type { Progress } from './progress.js';
import type { Shard } from './sources.js';

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
  /** Set by watch mode: the process will build again (wasm-start.ts). */
  watching?: boolean;
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
  const overrides = stripUndefined(options.overrides ?? {});
  const config: MatnConfig = { ...loaded.config, ...overrides };
  const templates = new TemplateSet(config.templates ? resolve(loaded.root, config.templates) : undefined);
  return {
    config,
    // How many threads build does not change what is built: `jobs` is not part of the cache keys.
    configText: loaded.text + JSON.stringify({ ...overrides, jobs: undefined }),
    root: loaded.root,
    outDir: resolve(cwd, options.overrides?.out ?? resolve(loaded.root, config.out)),
    templates,
    templatesHash: templatesHash(templates.dirs),
    formats: [...new Set(config.formats)],
    sourceDateEpoch: options.sourceDateEpoch ?? sourceDateEpoch(),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The settings every writer of this build reads. */
export function writerSettings({ config }: ResolvedBuild): WriterSettings {
  return { pageSize: config.pageSize, digits: config.digits, fonts: config.fonts, toc: config.toc, pdfToc: config.pdfToc, pdfUa: config.pdfUa, runningHead: config.runningHead, timeoutMs: config.timeoutMs, accessibility: config.accessibility };
}

/** What every writer of this build is given. */
export function writerContext(b: ResolvedBuild, printer: () => Promise<PdfPrinter>): WriterContext {
  return {
    templates: b.templates,
    settings: writerSettings(b),
    sourceDateEpoch: b.sourceDateEpoch,
    printer,
  };
}

/** The options that shape an artifact beyond the config text (part of every cache key). */
export function outputOptions(b: ResolvedBuild): unknown {
  const { config } = b;
  return { pageSize: config.pageSize, digits: config.digits, fonts: config.fonts, toc: config.toc, pdfToc: config.pdfToc, pdfUa: config.pdfUa, runningHead: config.runningHead, epoch: b.sourceDateEpoch };
}

export function launchOptions(b: ResolvedBuild, pages: number): LaunchOptions {
  return { ...(b.config.browser ? { executablePath: b.config.browser } : {}), pages };
}
