/**
 * Worker threads started from matn's own modules, as built (lib/, `.js`) or as sources (src/,
 * `.ts`, run through tsx by the tests and the bench). A worker does not take its parent's loader
 * flags, so from the sources it starts with a two-line bootstrap that loads the module through
 * tsx's API. Used by the document workers (publish/) and the PDF finishing thread (render/pdf/).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** tsx's ESM API module (what `import 'tsx/esm/api'` resolves to; require.resolve would give its CommonJS twin). */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return new URL(pkg.exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
}

/**
 * A worker running the module `name` (without extension) beside the module at `base` (its
 * `import.meta.url`).
 */
export function startWorker(base: string, name: string, options: Pick<WorkerOptions, 'workerData'> = {}): Worker {
  const fromSource = base.endsWith('.ts');
  const url = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, base);
  if (!fromSource) return new Worker(url, options);
  const bootstrap = `import(${JSON.stringify(tsxApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}));`;
  return new Worker(bootstrap, { ...options, eval: true });
}
