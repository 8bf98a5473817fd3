/**
 * `matn build --watch`: build once, then rebuild a document within a second of its being saved
 * (or everything when a template or the config changes, and the documents that show an image
 * when it changes), keeping the browser warm between builds.
 */
import { watch as watchFs, existsSync } from 'node:fs';
import { resolve, relative } from 'node:path';
import { build, type BuildOptions } from './build.js';
import { resolveBuild } from './settings.js';
import { untilInterrupted } from '../signals.js';
import type { PdfPrinter } from '../render/pdf/printer.js';
import { readerOfPath, SOURCE_EXTENSIONS } from '../parse/readers.js';

/** Files a document may show as images (src/render/images.ts tells their type by their bytes). */
const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|svg|avif)$/iu;

export interface WatchHandle {
  close(): Promise<void>;
  /** Resolves after each rebuild (for tests). */
  idle(): Promise<void>;
}

export async function startWatch(options: BuildOptions): Promise<WatchHandle> {
  const cwd = options.cwd ?? process.cwd();
  const b = resolveBuild(options);
  let printer: PdfPrinter | undefined;
  const first = await build({ ...options, keepBrowser: true, watching: true });
  printer = first.printer;

  let queue: Promise<void> = Promise.resolve();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let everything = false;
  let images = false;

  const flush = () => {
    const files = [...pending];
    const all = everything;
    // An image changed: every source is planned, and the cache rebuilds those that show it.
    const planAll = images;
    pending.clear();
    everything = false;
    images = false;
    queue = queue.then(async () => {
      const result = await build({
        ...options,
        ...(all ? { force: true } : planAll ? {} : { inputs: files }),
        keepBrowser: true,
        ...(printer ? { printer } : {}),
      });
      printer ??= result.printer;
    });
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(flush, 150);
  };

  const outDir = resolve(b.outDir);
  const watchers = [
    watchFs(cwd, { recursive: true }, (_event, name) => {
      if (!name) return;
      const path = resolve(cwd, name.toString());
      if (path.startsWith(outDir) || path.includes('node_modules') || path.includes(`${resolve(cwd, '.git')}`)) return;
      if (readerOfPath(path) && existsSync(path)) {
        pending.add(relative(cwd, path));
        schedule();
      } else if (/\.matn\.ya?ml$/i.test(path)) {
        // The sidecar's source, whatever its kind: NAME.txt, NAME.md…
        const stem = path.replace(/\.matn\.ya?ml$/i, '');
        for (const ext of SOURCE_EXTENSIONS) if (existsSync(`${stem}.${ext}`)) pending.add(relative(cwd, `${stem}.${ext}`));
        schedule();
      } else if (IMAGE_FILE.test(path)) {
        images = true;
        schedule();
      } else if (/matn\.config\.(json|ya?ml)$/.test(path) || b.templates.dirs.some((d) => path.startsWith(d))) {
        everything = true;
        schedule();
      }
    }),
  ];

  return {
    async close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      await queue;
      await printer?.close();
    },
    idle: () => queue,
  };
}

/** Run until Ctrl-C. */
export async function watch(options: BuildOptions): Promise<void> {
  const handle = await startWatch(options);
  process.stderr.write('watching for changes (Ctrl-C to stop)\n');
  await untilInterrupted(() => handle.close());
}
