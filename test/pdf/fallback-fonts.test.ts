/**
 * The print page loads every face of the document's fonts before printing, the fallbacks too: a
 * face that cannot load stops the print (its characters would silently go to a system font).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { documentFonts } from '../../src/render/font-choice.js';
import { buildPrintPage } from '../../src/render/pdf/print-page.js';
import { PagePool } from '../../src/render/pdf/page-pool.js';
import { TemplateSet } from '../../src/render/templates.js';
import { ROOT } from '../helpers.js';
import { haveBrowser } from './pdf-helpers.js';

describe.skipIf(!haveBrowser())('the fallback fonts of a print page', () => {
  it('are all loaded before printing, or the print fails naming the face', async () => {
    const doc = processSource(await readSource(join(ROOT, 'test/fixtures/scripts/many-scripts.md')));
    const fonts = (await documentFonts(doc)).files;
    const page = buildPrintPage(doc, { templates: new TemplateSet(), pageSize: 'A4', digits: 'arabic-indic', toc: false, fonts });
    const korean = [...page.assets.keys()].filter((url) => url.includes('noto-serif-kr-'));
    expect(korean.length).toBeGreaterThan(0);
    const pool = await PagePool.start(undefined, 1);
    try {
      const pdf = await pool.withPage('many-scripts.md', 60_000, (print) => print(page));
      expect(pdf.byteLength).toBeGreaterThan(1000);
      // Without its Korean files, the page cannot print.
      const broken = { html: page.html, assets: new Map([...page.assets].filter(([url]) => !korean.includes(url))) };
      await expect(pool.withPage('many-scripts.md', 60_000, (print) => print(broken))).rejects.toThrow(/did not load \(Noto Serif KR 400 error/u);
    } finally {
      await pool.close();
    }
  });
});
