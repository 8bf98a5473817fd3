/**
 * The `matn` command line (commander): `matn build`, `matn inspect`, `matn merge`.
 */
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { describeError } from '../errors.js';
import { VERSION } from '../version.js';
import { build, type BuildOptions } from '../publish/build.js';
import { configSchema, DEFAULT_FORMATS, FORMATS, type Format, type MatnConfig } from '../publish/config.js';
import { WRITERS } from '../render/writers.js';
import { parseShard } from '../publish/sources.js';
import { mergeManifests, serializeManifest } from '../publish/manifest.js';
import { writeAtomic } from '../publish/write-atomic.js';
import { chooseMode, createProgress } from '../publish/progress.js';
import { inspect } from './inspect.js';
import { watch } from '../publish/watch.js';
import { publishBook } from '../publish/book.js';

function formats(value: string, previous: Format[] | undefined): Format[] {
  const list = value.split(',').map((f) => f.trim().toLowerCase());
  for (const f of list) if (!(FORMATS as readonly string[]).includes(f)) throw new Error(`unknown format "${f}" (use ${FORMATS.join(', ')})`);
  return [...(previous ?? []), ...(list as Format[])];
}

function parseJobs(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--jobs must be auto or a whole number from 1 to 64 (got "${value}")`);
  return n;
}

/** The defaults, from the one schema the library uses too. */
const DEFAULTS = configSchema.parse({});
const choices = (key: 'pageSize' | 'digits' | 'fonts' | 'runningHead'): string[] => configSchema.shape[key].unwrap().options;

const FORMAT_HELP = `formats to build, comma-separated or repeated: ${WRITERS.map((w) => `${w.format} (${w.description})`).join(', ')}; default ${DEFAULT_FORMATS.join(',')}`;

export function program(): Command {
  const cli = new Command('matn')
    .description('Publish Arabic documents (plain-text captures and Markdown) as right-to-left HTML, print PDF and EPUB 3.')
    .version(VERSION)
    .showHelpAfterError();

  cli
    .command('build')
    .description('publish documents to dist/ (default: every document in source/, in the default formats)')
    .argument('[files...]', 'source files, folders or glob patterns (default: the config\'s sources, source/**)')
    .option('-o, --out <dir>', `output folder (default: ${DEFAULTS.out})`)
    .option('-f, --format <formats>', FORMAT_HELP, formats)
    .option('-c, --config <file>', 'config file (default: matn.config.json/.yaml in the current folder)')
    .option('-t, --templates <dir>', 'folder of templates overriding the built-in ones')
    .addOption(new Option('--page-size <size>', `PDF page size (default: ${DEFAULTS.pageSize})`).choices(choices('pageSize')))
    .addOption(new Option('--digits <digits>', `digits of the dates and page numbers matn writes (default: ${DEFAULTS.digits})`).choices(choices('digits')))
    .addOption(new Option('--fonts <how>', `fonts of HTML pages and EPUBs: cut down to each document, whole, or (HTML) linked from one fonts/ folder in the output folder (default: ${DEFAULTS.fonts})`).choices(choices('fonts')))
    .option('--no-toc', 'leave out the table of contents of the HTML page')
    .option('--pdf-toc', 'add a contents page with page numbers to the PDF (prints twice)')
    .option('--no-pdf-ua', 'leave the PDF/UA-1 claim (XMP pdfuaid:part) out of the PDF')
    .addOption(new Option('--running-head <what>', `PDF running head: the document title, or also the current section (default: ${DEFAULTS.runningHead})`).choices(choices('runningHead')))
    .option('--browser <path>', 'Chromium or Chrome to print PDFs with')
    .option('--force', 'rebuild every document, even unchanged ones')
    .option('--shard <i/n>', 'build only shard i of n (a stable split for CI matrices)')
    .option('-j, --jobs <n>', 'worker threads building documents without PDF: a number, or auto (one per core, for 8 documents or more)', parseJobs)
    .option('-w, --watch', 'rebuild a document when it changes, keeping the browser warm')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--json', 'print one JSON object per event on stdout')
    .action(async (files: string[], opts) => {
      const overrides: Partial<MatnConfig> = {
        out: opts.out,
        formats: opts.format,
        templates: opts.templates ? resolve(opts.templates) : undefined,
        pageSize: opts.pageSize,
        digits: opts.digits,
        fonts: opts.fonts,
        toc: opts.toc === false ? false : undefined,
        pdfToc: opts.pdfToc ? true : undefined,
        pdfUa: opts.pdfUa === false ? false : undefined,
        runningHead: opts.runningHead,
        browser: opts.browser,
        jobs: opts.jobs,
      };
      const options: BuildOptions = {
        inputs: files,
        configPath: opts.config,
        overrides,
        force: Boolean(opts.force),
        ...(opts.shard ? { shard: parseShard(opts.shard) } : {}),
        progress: createProgress(chooseMode({ quiet: opts.quiet, json: opts.json })),
      };
      if (opts.watch) {
        await watch(options);
        return;
      }
      const result = await build(options);
      process.exitCode = result.ok ? 0 : 1;
    });

  cli
    .command('inspect')
    .description('show the structure matn recovered from a document: title, headings, lists, dropped lines, metadata')
    .argument('<file>', 'a source document')
    .option('--json', 'print the whole syntax tree and metadata as JSON')
    .option('-c, --config <file>', 'config file')
    .action(async (file: string, opts) => {
      process.stdout.write(await inspect(file, { json: Boolean(opts.json), configPath: opts.config }));
    });

  cli
    .command('book')
    .description('publish a book file (title, author, chapters: [sources]) as one EPUB and one PDF, each source a chapter')
    .argument('<book>', 'a book file (YAML)')
    .option('-o, --out <dir>', `output folder (default: ${DEFAULTS.out})`)
    .option('-f, --format <formats>', 'formats (default: epub,pdf)', formats)
    .option('-c, --config <file>', 'config file')
    .option('-t, --templates <dir>', 'folder of templates overriding the built-in ones')
    .action(async (book: string, opts) => {
      const result = await publishBook(book, {
        configPath: opts.config,
        overrides: { out: opts.out, formats: opts.format, templates: opts.templates ? resolve(opts.templates) : undefined },
      });
      for (const path of result.artifacts) process.stderr.write(`✓ ${book} → ${path}\n`);
      for (const warning of result.warnings) process.stderr.write(`  ! ${book}: ${warning}\n`);
      for (const failure of result.failures) process.stderr.write(`✗ ${failure}\n`);
      process.exitCode = result.failures.length === 0 ? 0 : 1;
    });

  cli
    .command('merge')
    .description('join the manifests of several shards into one')
    .argument('<manifests...>', 'manifest.json files of the shards')
    .requiredOption('-o, --out <file>', 'where to write the merged manifest')
    .action(async (manifests: string[], opts) => {
      const merged = await mergeManifests(manifests);
      await writeAtomic(resolve(opts.out), serializeManifest(merged));
      const failed = merged.documents.filter((d) => d.status === 'failed').length;
      process.stderr.write(`${merged.documents.length} documents from ${manifests.length} manifests, ${failed} failed\n`);
      process.exitCode = failed === 0 ? 0 : 1;
    });

  return cli;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`matn: ${describeError(error)}\n`);
    process.exitCode = 2;
  }
}

