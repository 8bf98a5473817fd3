/**
 * The finished PDF read back by third-party tools (../shared/tools): pdf.js extraction in reading
 * order (the seed and every corpus document), pdftotext with no word lost,
 * mutool with no letter lost, no untagged text (untagged-content.py), the PDF/UA hand checks
 * (pdfua-check.py), with and without a contents page. One printer serves the file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrinter } from '../../src/render/pdf/printer.js';
import { readSource } from '../../src/read/source.js';
import { processSource, type MatnDocument } from '../../src/pipeline.js';
import { CORPUS, ROOT, SEED, SEED_BOILERPLATE } from '../helpers.js';
import { FIDELITY_TOOL, fidelity, hasTool, haveBrowser } from './pdf-helpers.js';

const TOOLS = join(ROOT, '..', 'shared', 'tools');
const PDFJS_TEXT = join(TOOLS, 'pdfjs_text.mjs');
const UNTAGGED = join(TOOLS, 'untagged-content.py');
const PDFUA = join(TOOLS, 'pdfua-check.py');
const EPOCH = 1_700_000_000;
/** What `matn build` asks of the printer unless configured otherwise. */
const BUILD_DEFAULTS = { toc: false, runningHead: 'title' } as const;
const DROPS = SEED_BOILERPLATE.flatMap((line) => ['--drop', line]);
/** The corpus documents, by the name their PDF gets here. */
const CORPUS_DOCS: Record<string, string> = {
  '02': join(CORPUS, '02-sdg-goals-and-targets.txt'),
  '03': join(CORPUS, '03-tunisia-draft-constitution-2013.txt'),
  '04': join(CORPUS, '04-mozilla-marketplace-developer-agreement.txt'),
  '05': join(CORPUS, '05-mozilla-websites-privacy-notice.txt'),
  '07': join(CORPUS, '07-mozilla-websites-terms-of-use.txt'),
};

const canPrint = haveBrowser();
const tools = [FIDELITY_TOOL, PDFJS_TEXT, UNTAGGED, PDFUA].every((t) => existsSync(t)) && ['python3', 'qpdf', 'pdftotext'].every(hasTool);
if (!tools) console.warn(`the shared PDF tools in ${TOOLS}, qpdf or pdftotext not found: accessibility checks skipped`);
const mutool = hasTool('mutool');

let printer: PdfPrinter;
let seed: MatnDocument;
let dir: string;
const pdfs: Record<string, string> = {};

beforeAll(async () => {
  if (!canPrint || !tools) return;
  dir = mkdtempSync(join(tmpdir(), 'matn-a11y-'));
  printer = await PdfPrinter.launch({ pages: 2 });
  seed = processSource(await readSource(SEED));
  const variants: Record<string, Parameters<PdfPrinter['print']>[1]> = {
    // As `matn build` prints by default: no contents page, the title as running head.
    seed: { sourceDateEpoch: EPOCH, ...BUILD_DEFAULTS },
    'seed-toc': { sourceDateEpoch: EPOCH, toc: true, runningHead: 'section' },
    'seed-no-ua': { sourceDateEpoch: EPOCH, pdfUa: false },
  };
  for (const [name, options] of Object.entries(variants)) {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, await printer.print(seed, options));
    pdfs[name] = file;
  }
  for (const [name, source] of Object.entries(CORPUS_DOCS)) {
    pdfs[name] = join(dir, `${name}.pdf`);
    writeFileSync(pdfs[name], await printer.print(processSource(await readSource(source)), { sourceDateEpoch: EPOCH, ...BUILD_DEFAULTS }));
  }
}, 300_000);

afterAll(async () => {
  await printer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; out: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!canPrint || !tools)('accessibility of the print PDF', () => {
  /** pdf.js's words against the source: missing, and the in-order ratio. */
  function pdfjs(name: string, source: string, args: string[]): { missing: number; share: number; ratio: number; out: string } {
    const html = join(dir, `${name}-pdfjs.html`);
    const extracted = run('node', [PDFJS_TEXT, pdfs[name]!, html], { PDFJS_DIR: ROOT });
    expect(extracted.status, extracted.out).toBe(0);
    return words(source, html, args);
  }

  /** fidelity.py's figures: words missing (and their share of the source's), the in-order ratio. */
  function words(source: string, output: string, args: string[]): { missing: number; share: number; ratio: number; out: string } {
    const r = run('python3', [FIDELITY_TOOL, source, output, ...args]);
    const m = /source (\d+) words, missing (\d+), extra \d+, in-order ratio ([\d.]+)/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    return { missing: Number(m![2]), share: Number(m![2]) / Number(m![1]), ratio: Number(m![3]), out: r.out };
  }

  // Issue 13's goal: at most 1% of the words missing, 0.97 of them in order. Drawn as Chromium
  // draws them, the seed's words came back 0.04 in order; pdf.js ends a run of text at every
  // change of font and of marked content, reorders each run on its own and puts no space between
  // runs drawn right to left. The finishing joins a face's fonts, makes one marked-content
  // sequence of a line and cuts lines where pdf.js reads the pieces right (line-pieces.ts).
  it('pdf.js (Firefox) gives the seed\'s words back in reading order', () => {
    const exact = pdfjs('seed', SEED, DROPS);
    expect(exact.share, exact.out).toBeLessThanOrEqual(0.01);
    expect(exact.ratio, exact.out).toBeGreaterThanOrEqual(0.97);
    const unmarked = pdfjs('seed', SEED, [...DROPS, '--strip-marks']);
    expect(unmarked.share, unmarked.out).toBeLessThanOrEqual(0.01);
    expect(unmarked.ratio, unmarked.out).toBeGreaterThanOrEqual(0.97);
  });

  // Two documents stop short of the goal, for reasons in pdf.js itself: 07 has a line of Latin
  // names each joined to an Arabic "و" ("وBMO وMozWiki …"), where no run can keep the spaces
  // (a run under 30% Arabic is read left to right, and no space comes between runs drawn right
  // to left); 02 numbers its targets "2-1", which pdf.js, reordering the drawn line, resolves as
  // two numbers after Arabic letters and gives back as "1-2".
  const GOAL: Record<string, { share: number; ratio: number }> = {
    '02': { share: 0.01, ratio: 0.95 },
    '03': { share: 0.01, ratio: 0.97 },
    '04': { share: 0.01, ratio: 0.97 },
    '05': { share: 0.01, ratio: 0.97 },
    '07': { share: 0.012, ratio: 0.97 },
  };
  it.each(Object.keys(CORPUS_DOCS))('pdf.js gives the words of corpus %s back in reading order', (name) => {
    const r = pdfjs(name, CORPUS_DOCS[name]!, []);
    expect(r.share, r.out).toBeLessThanOrEqual(GOAL[name]!.share);
    expect(r.ratio, r.out).toBeGreaterThanOrEqual(GOAL[name]!.ratio);
  });

  it.each(Object.keys(CORPUS_DOCS))('pdftotext gives the words of corpus %s back (at most 0.1% missing, 0.97 in order)', (name) => {
    const r = words(CORPUS_DOCS[name]!, pdfs[name]!, []);
    expect(r.share, r.out).toBeLessThanOrEqual(0.001);
    expect(r.ratio, r.out).toBeGreaterThanOrEqual(0.97);
  });

  it.skipIf(!mutool)('mutool loses no letter of the seed (it reads right-to-left words reversed: MuPDF applies no bidi)', () => {
    const txt = join(dir, 'seed-mutool.txt');
    const r = run('mutool', ['draw', '-q', '-F', 'txt', '-o', txt, pdfs['seed']!]);
    expect(r.status, r.out).toBe(0);
    const letters = (text: string): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const ch of text.normalize('NFC').replace(/[\u064b-\u065f\u0670\u0640]/gu, '')) {
        if (/\p{L}/u.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      }
      return counts;
    };
    const source = readFileSync(SEED, 'utf8')
      .split('\n')
      .filter((line) => !SEED_BOILERPLATE.includes(line.trim()))
      .join('\n');
    const got = letters(readFileSync(txt, 'utf8'));
    const missing = [...letters(source)].filter(([ch, n]) => (got.get(ch) ?? 0) < n).map(([ch, n]) => `${ch}×${n - (got.get(ch) ?? 0)}`);
    expect(missing).toEqual([]);
  });

  it('pdftotext loses no word of the seed, not even inside a cluster', () => {
    const r = fidelity(SEED, new Uint8Array(readFileSync(pdfs['seed']!)), DROPS);
    expect(r.missing, r.report).toBe(0);
  });

  it('no text is left neither tagged nor an artifact, with and without a contents page, in any document', () => {
    const files = ['seed', 'seed-toc', ...Object.keys(CORPUS_DOCS)].map((name) => pdfs[name]!);
    const r = run('python3', [UNTAGGED, ...files]);
    expect(r.status, r.out).toBe(0);
    expect(r.out.match(/untagged text ops=0\//g), r.out).toHaveLength(files.length);
  });

  it('passes the PDF/UA hand checks and claims PDF/UA-1, unless told not to', () => {
    const r = run('python3', [PDFUA, pdfs['seed']!, pdfs['seed-toc']!, ...Object.keys(CORPUS_DOCS).map((name) => pdfs[name]!)]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).not.toMatch(/LI-without-LBody/);
    const off = run('python3', [PDFUA, pdfs['seed-no-ua']!]);
    expect(off.out).toMatch(/FAIL: no pdfuaid:part=1 \(not claimed\)\t/);
  });
});

