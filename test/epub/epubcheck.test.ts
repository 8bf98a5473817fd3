/**
 * The EPUBs matn writes for the seed and the corpus, checked by the tools a publisher would use:
 * epubcheck (0 errors, 0 warnings) and the fidelity tool (every source word, in order).
 * Each runs only when its tool is installed; otherwise the test is skipped and says why.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readSource, decodeDocument } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { loadReader } from '../../src/parse/readers.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { HOSTILE, MARKDOWN } from './samples.js';
import { epubcheckAll, epubcheckMissing, fidelity, fidelityMissing, type EpubcheckResult } from './helpers.js';

const SEED = 'source/france-counter-terrorism.txt';
const CORPUS = readdirSync('test/fixtures/corpus')
  .filter((f) => /\.(txt|md)$/.test(f) && f !== 'SOURCES.md') // SOURCES.md says where the documents come from
  .map((f) => `test/fixtures/corpus/${f}`);
const SEED_DROPS = ['حصة', 'في نفس الموضوع', 'روابط هامة'];

const out = mkdtempSync(join(tmpdir(), 'matn-epubcheck-'));
const built = new Map<string, string>();

beforeAll(async () => {
  for (const source of [SEED, ...CORPUS]) {
    const file = join(out, `${basename(source).replace(/\.[^.]+$/, '')}.epub`);
    writeFileSync(file, await renderEpub(processSource(await readSource(source)), { sourceDateEpoch: 1_700_000_000 }));
    built.set(source, file);
  }
  // A Markdown source made in memory: its reader loads as readSource would load it.
  await loadReader('md');
  for (const [name, text, format] of [['hostile', HOSTILE, 'txt'], ['markdown', MARKDOWN, 'md']] as const) {
    const doc = processSource(decodeDocument(new TextEncoder().encode(text), `${name}.${format}`, format));
    const file = join(out, `${name}.epub`);
    writeFileSync(file, await renderEpub(doc, { sourceDateEpoch: 1_700_000_000 }));
    built.set(name, file);
  }
});

const noEpubcheck = epubcheckMissing();
describe(noEpubcheck ? `epubcheck (skipped: ${noEpubcheck})` : 'epubcheck', () => {
  let results: Map<string, EpubcheckResult>;
  beforeAll(async () => {
    if (!noEpubcheck) results = await epubcheckAll([...built.values()]);
  }, 300_000);

  it.skipIf(noEpubcheck).each([SEED, ...CORPUS, 'hostile', 'markdown'])('%s: 0 errors, 0 warnings', (source) => {
    const result = results.get(built.get(source)!)!;
    expect(result.output).toMatch(/Messages:/);
    expect({ fatals: result.fatals, errors: result.errors, warnings: result.warnings }, result.output).toEqual({ fatals: 0, errors: 0, warnings: 0 });
    expect(result.code, result.output).toBe(0);
  });
});

const noFidelity = fidelityMissing();
describe(noFidelity ? `fidelity (skipped: ${noFidelity})` : 'fidelity', () => {
  it.skipIf(noFidelity)('the seed: no word missing, in order (site boilerplate dropped)', async () => {
    const result = await fidelity(SEED, built.get(SEED)!, SEED_DROPS);
    expect(result.output).toMatch(/missing 0,/);
    expect(result.code, result.output).toBe(0);
  });

  it.skipIf(noFidelity).each(CORPUS)('%s: no word missing, in order', async (source) => {
    const result = await fidelity(source, built.get(source)!);
    expect(result.output).toMatch(/missing 0,/);
    const ratio = Number(/in-order ratio ([\d.]+)/.exec(result.output)?.[1]);
    expect(ratio).toBeGreaterThanOrEqual(0.98);
    expect(result.code, result.output).toBe(0);
  });
});
