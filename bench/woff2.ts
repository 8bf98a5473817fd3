/**
 * matn's WOFF2 encoder against Google's (wawoff2): `npx tsx bench/woff2.ts`. Prints, for every
 * subset the HTML page of the seed and of each corpus document embeds, its TrueType size, the
 * WOFF2 of wawoff2 and of matn (at the quality it uses, and at 9 and 11 for comparison), and the
 * time of each: the fastest of --repeat runs (default 5), one face at a time, in one process.
 * Asserts nothing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import compress from 'wawoff2/compress.js';
import { encodeWoff2, WOFF2_QUALITY } from '../src/render/woff2/encode.js';
import { documentFonts } from '../src/render/font-choice.js';
import { pageSubsetFonts } from '../src/render/html/render-html.js';
import { processSource } from '../src/pipeline.js';
import { readSource } from '../src/read/source.js';
import { CORPUS, SEED } from '../test/helpers.js';

const args = process.argv.slice(2);
const repeats = args.includes('--repeat') ? Number(args[args.indexOf('--repeat') + 1]) : 5;
const qualities = [WOFF2_QUALITY, ...[9, 11].filter((q) => q !== WOFF2_QUALITY)];
const sources = [SEED, ...readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => join(CORPUS, f))];

async function fastest<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    result = await run();
    best = Math.min(best, performance.now() - start);
  }
  return { result, ms: best };
}

const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(1)}%`;
const pages: string[] = [];
const totals = { ttf: 0, google: 0, googleMs: 0, ours: new Map<number, { bytes: number; ms: number }>() };
console.log(`| document | face | TTF | wawoff2 | ms | ${qualities.map((q) => `matn q${q} | ms`).join(' | ')} |`);
console.log(`| --- | --- | ---: | ---: | ---: | ${qualities.map(() => '---: | ---:').join(' | ')} |`);
await compress(new Uint8Array(0)).catch(() => undefined); // the WebAssembly compiled before timing
for (const path of sources) {
  const doc = processSource(await readSource(path));
  const fonts = await pageSubsetFonts(doc, { fontFiles: (await documentFonts(doc)).files });
  // A page's faces as the HTML writer packs them: matn's side by side in the thread pool, wawoff2's one after another.
  const oursPage = await fastest(() => Promise.all(fonts.map((f) => encodeWoff2(f.ttf))));
  const googlePage = await fastest(async () => {
    for (const f of fonts) await compress(f.ttf);
  });
  pages.push(`| ${path.split('/').pop()!.replace(/\.txt$/, '')} | ${fonts.length} | ${googlePage.ms.toFixed(0)} | ${oursPage.ms.toFixed(0)} | ${(googlePage.ms / oursPage.ms).toFixed(1)}× |`);
  for (const { file, ttf } of fonts) {
    const google = await fastest(async () => (await compress(ttf)).length);
    totals.ttf += ttf.length;
    totals.google += google.result;
    totals.googleMs += google.ms;
    const cells: string[] = [];
    for (const quality of qualities) {
      const ours = await fastest(async () => (await encodeWoff2(ttf, { quality })).length);
      const t = totals.ours.get(quality) ?? { bytes: 0, ms: 0 };
      totals.ours.set(quality, { bytes: t.bytes + ours.result, ms: t.ms + ours.ms });
      cells.push(`${ours.result} (${pct(ours.result, google.result)}) | ${ours.ms.toFixed(1)}`);
    }
    const face = file.name.replace(/^amiri-/, '').replace(/\.woff2$/, '');
    console.log(`| ${path.split('/').pop()!.replace(/\.txt$/, '')} | ${face} | ${ttf.length} | ${google.result} | ${google.ms.toFixed(1)} | ${cells.join(' | ')} |`);
  }
}
const all = qualities.map((q) => {
  const t = totals.ours.get(q)!;
  return `${t.bytes} (${pct(t.bytes, totals.google)}) | ${t.ms.toFixed(0)} (${(totals.googleMs / t.ms).toFixed(1)}× faster)`;
});
console.log(`| **all** | | ${totals.ttf} | ${totals.google} | ${totals.googleMs.toFixed(0)} | ${all.join(' | ')} |`);
console.log('\n| document (a page\'s faces) | faces | wawoff2, ms | matn, ms | faster |\n| --- | ---: | ---: | ---: | ---: |');
for (const row of pages) console.log(row);
