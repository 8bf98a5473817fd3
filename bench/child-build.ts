/**
 * One measured build, in its own process so its peak memory is its own.
 * argv: CWD FORMATS(comma) [--force]  → prints one JSON line: seconds, summary, peak RSS.
 */
import { build } from '../src/publish/build.js';
import type { Format } from '../src/publish/config.js';

const [cwd, formats, ...rest] = process.argv.slice(2);
// matn loads the PDF writer (Puppeteer, pdf-lib) when it first prints; the floor loads Puppeteer
// before its clock starts. Load it here too, so neither time includes loading modules.
if (formats!.includes('pdf')) await import('../src/render/pdf/printer.js');
const t0 = performance.now();
const result = await build({ cwd: cwd!, overrides: { formats: formats!.split(',') as Format[] }, force: rest.includes('--force') });
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, summary: result.summary, ok: result.ok, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
