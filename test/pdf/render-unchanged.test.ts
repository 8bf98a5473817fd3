/**
 * The text-layer steps of the PDF finishing (one font per face, one marked-content sequence per
 * line, glyph text, replacement text, reading order) change what readers extract, never what the
 * page shows: the seed and a corpus page full of Latin names and numbers (05), printed once by
 * Chromium and finished with and without those steps, render pixel for pixel the same
 * (pdftoppm), running head and page numbers included.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagePool } from '../../src/render/pdf/page-pool.js';
import { buildPrintPage } from '../../src/render/pdf/print-page.js';
import { FINISH_STEPS, finishPdf, type FinishOptions } from '../../src/render/pdf/finish.js';
import { TemplateSet } from '../../src/render/templates.js';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { CORPUS, SEED } from '../helpers.js';
import { hasTool, haveBrowser, poppler } from './pdf-helpers.js';

const TEXT_STEPS = new Set(['one font per face', 'one marked-content sequence per line', 'glyph text', 'replacement text', 'reading order']);
const canRun = haveBrowser() && hasTool('pdftoppm') && hasTool('pdftotext');

let pool: PagePool;
let dir: string;
const finished: Record<string, { before: Uint8Array; after: Uint8Array }> = {};

beforeAll(async () => {
  if (!canRun) return;
  dir = mkdtempSync(join(tmpdir(), 'matn-render-'));
  pool = await PagePool.start(undefined, 1);
  const templates = new TemplateSet();
  for (const [name, path] of Object.entries({ seed: SEED, '05': join(CORPUS, '05-mozilla-websites-privacy-notice.txt') })) {
    const doc = processSource(await readSource(path));
    const raw = await pool.withPage(path, 120_000, (print) => print(buildPrintPage(doc, { templates, pageSize: 'A4', digits: 'arabic-indic', toc: false })));
    const options: FinishOptions = { title: doc.meta.title || name, lang: 'ar', creator: 'matn test', date: new Date(0), outline: doc.outline };
    finished[name] = {
      before: (await finishPdf(raw, options, FINISH_STEPS.filter((s) => !TEXT_STEPS.has(s.name)))).bytes,
      after: (await finishPdf(raw, options)).bytes,
    };
  }
}, 180_000);

afterAll(async () => {
  await pool?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Each page as PNG bytes, at 60 dpi. */
function render(pdf: Uint8Array, name: string): Buffer[] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '60', '-png', file, join(dir, name)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => readFileSync(join(dir, f)));
}

describe.skipIf(!canRun)('the text-layer steps leave the pages as they were', () => {
  for (const name of ['seed', '05']) {
    it(`renders ${name} pixel for pixel the same with and without them`, () => {
      const { before, after } = finished[name]!;
      expect(Buffer.compare(Buffer.from(before), Buffer.from(after))).not.toBe(0);
      const a = render(before, `${name}-before`);
      const b = render(after, `${name}-after`);
      expect(a.length).toBeGreaterThan(1);
      expect(b.length).toBe(a.length);
      a.forEach((png, i) => expect(png.equals(b[i]!), `page ${i + 1}`).toBe(true));
    });
  }

  it('still shows the running head and the page numbers', () => {
    const text = poppler('pdftotext', finished['seed']!.after, ['-f', '2', '-l', '2']);
    expect(text).toContain('صفحة');
    expect(text).toMatch(/[٠-٩]/u);
    expect(text).toContain('فرنسا');
  });
});
