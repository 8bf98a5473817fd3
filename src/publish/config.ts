/**
 * The project file, `matn.config.json` or `matn.config.yaml` (or `.yml`), validated with zod:
 * each wrong key gets its own clear message. Command-line options override it; with no config
 * at all matn builds `source/` to `dist/` in every format.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MatnError } from '../errors.js';
import { formatIssues } from '../read/metadata-schema.js';
import type { PipelineOptions } from '../pipeline.js';

import { SOURCE_GLOB } from '../parse/readers.js';
import { DEFAULT_FORMATS, FORMATS, type Format } from '../render/writers.js';
import { DIGITS, FONT_MODES, PAGE_SIZES, WRITER_DEFAULTS } from '../render/defaults.js';

export { FORMATS, DEFAULT_FORMATS, type Format };

export const configSchema = z
  .object({
    /** Source files or glob patterns, relative to the config file. */
    sources: z.union([z.string(), z.array(z.string())]).default([`source/${SOURCE_GLOB}`]),
    /** Output folder. */
    out: z.string().default('dist'),
    /** Output formats (the writer registry's names); default: every format built by default. */
    formats: z.array(z.enum(FORMATS)).min(1).default([...DEFAULT_FORMATS]),
    pageSize: z.enum(PAGE_SIZES).default(WRITER_DEFAULTS.pageSize),
    digits: z.enum(DIGITS).default(WRITER_DEFAULTS.digits),
    /** Fonts of HTML pages and EPUBs: cut down to each document, whole, or (HTML) linked from one fonts/ folder. */
    fonts: z.enum(FONT_MODES).default(WRITER_DEFAULTS.fonts),
    /** Table of contents on the HTML page. */
    toc: z.boolean().default(true),
    /** A contents page with page numbers in the PDF (prints each document twice). */
    pdfToc: z.boolean().default(false),
    /** Claim PDF/UA-1 in the PDF's XMP (pdfuaid:part), when the document passes matn's checks. */
    pdfUa: z.boolean().default(true),
    /** PDF running head: the document title, or also the current section's title (a second, small print). */
    runningHead: z.enum(['title', 'section']).default('title'),
    /** A folder of templates overriding the built-in ones (same layout as templates/). */
    templates: z.string().optional(),
    /** Whole lines dropped as site boilerplate; replaces the built-in list. */
    boilerplate: z.array(z.string()).optional(),
    /** Prefixes of "see more" lines; replaces the built-in list. */
    seeMorePrefixes: z.array(z.string()).optional(),
    /** Language of Latin-script phrases: "guess" (French or English) or a language tag. */
    foreignLang: z.string().default('guess'),
    /** Default metadata for every document (front matter and sidecars override it). */
    metadata: z
      .object({
        author: z.string().optional(),
        publisher: z.string().optional(),
        subject: z.string().optional(),
        keywords: z.union([z.string(), z.array(z.string())]).optional(),
        lang: z.string().optional(),
      })
      .strict()
      .default({}),
    /**
     * The EPUB's accessibility conformance claim (EPUB Accessibility 1.1), written only when the
     * user makes it: matn checks its output but does not certify it.
     */
    accessibility: z
      .object({
        /** e.g. "EPUB Accessibility 1.1 - WCAG 2.1 Level AA" (dcterms:conformsTo). */
        conformsTo: z.string().min(1).optional(),
        /** The person or organisation that evaluated the publication (a11y:certifiedBy). */
        certifiedBy: z.string().min(1).optional(),
        /** The evaluator's credential, if any (a11y:certifierCredential). */
        certifierCredential: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    /** Chromium or Chrome to print with (else PUPPETEER_EXECUTABLE_PATH, Puppeteer's cache, system paths). */
    browser: z.string().optional(),
    /** Worker threads building documents (HTML, EPUB, Markdown builds): `auto` (one per core, for 8 documents or more) or a number (1: none). */
    jobs: z.union([z.literal('auto'), z.number().int().min(1).max(64)]).default('auto'),
    /** Pages printing at once in the one browser. */
    pdfPages: z.number().int().min(1).max(16).default(2),
    /** Per-document print time limit, in milliseconds. */
    timeoutMs: z.number().int().min(1000).default(WRITER_DEFAULTS.timeoutMs),
    /** Sources larger than this are refused. */
    maxSourceBytes: z.number().int().positive().default(50 * 1024 * 1024),
  })
  .strict();

export type MatnConfig = z.infer<typeof configSchema>;

export const CONFIG_NAMES = ['matn.config.json', 'matn.config.yaml', 'matn.config.yml'];

export interface LoadedConfig {
  config: MatnConfig;
  /** The config file, when there is one. */
  path: string | undefined;
  /** Folder relative paths in the config are resolved from. */
  root: string;
  /** The config file's text, part of every artifact's cache key. */
  text: string;
}

export function findConfig(cwd: string): string | undefined {
  for (const name of CONFIG_NAMES) {
    const path = join(cwd, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

export function parseConfig(text: string, path: string): MatnConfig {
  let value: unknown;
  try {
    value = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new MatnError('config', path, `is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = configSchema.safeParse(value ?? {});
  if (!result.success) throw new MatnError('config', path, formatIssues(result.error));
  return result.data;
}

/** Load the config at `explicit`, or the one in `cwd`, or the defaults. */
export function loadConfig(cwd: string, explicit?: string): LoadedConfig {
  const path = explicit ? resolve(cwd, explicit) : findConfig(cwd);
  if (!path) return { config: configSchema.parse({}), path: undefined, root: cwd, text: '' };
  if (!existsSync(path)) throw new MatnError('config', path, 'no such config file');
  const text = readFileSync(path, 'utf8');
  return { config: parseConfig(text, path), path, root: dirname(path), text };
}

/** The pipeline settings a config gives. */
export function pipelineOptions(config: MatnConfig): PipelineOptions {
  return {
    ...(config.boilerplate ? { boilerplate: config.boilerplate } : {}),
    ...(config.seeMorePrefixes ? { seeMorePrefixes: config.seeMorePrefixes } : {}),
    foreignLang: config.foreignLang,
    metadata: config.metadata,
  };
}
