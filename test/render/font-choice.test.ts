/**
 * Which bundled fonts a document carries (font-choice.ts): Amiri alone for Arabic, the fallback
 * files its other characters need and no others, and one warning naming what no font has.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { FONT_CHAIN } from '../../src/render/font-chain.js';
import { characterCounts, documentFonts, fontCoverage, fontsFor, missingGlyphWarning } from '../../src/render/font-choice.js';
import { fontFiles, intersectUnicodeRange, primaryFonts } from '../../src/render/fonts.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { build } from '../../src/publish/build.js';
import { printedProgress, ROOT, SEED } from '../helpers.js';

const FIXTURE = join(ROOT, 'test/fixtures/scripts/many-scripts.md');

describe('the fonts a document carries', () => {
  it('is Amiri alone for an Arabic document: the page is what it was without the chain', async () => {
    const doc = processSource(await readSource(SEED));
    const fonts = await documentFonts(doc);
    expect(fonts.files).toEqual(primaryFonts());
    expect(fonts.warnings).toEqual([]);
    const html = renderHtml(doc, { fontFiles: fonts.files });
    expect(html).toBe(renderHtml(doc));
    expect(html.match(/font-family:'[^']+'/gu)!.every((f) => f === "font-family:'Amiri'")).toBe(true);
  });

  it("brings no symbol font for matn's own marks (task items ☑ ☐, footnote back-links ↩), set in the reader's fonts as before", async () => {
    const doc = processSource(await readSource(join(ROOT, 'test/fixtures/gfm/gfm-ar.md')));
    expect(renderHtml(doc)).toMatch(/☑[\s\S]*↩/u);
    expect((await documentFonts(doc)).files).toEqual(primaryFonts());
  });

  it('adds only the fallback files whose characters the document has', async () => {
    const doc = processSource(await readSource(FIXTURE));
    const { files, warnings } = await documentFonts(doc);
    expect(warnings).toEqual([]);
    expect([...new Set(files.map((f) => f.family))]).toEqual(['Amiri', 'Noto Serif', 'Noto Sans Hebrew', 'Noto Sans Math', 'Noto Serif KR', 'Noto Serif SC']);
    // A few slices of the CJK families, not the hundred and more of each.
    const cjk = files.filter((f) => /KR|SC/u.test(f.family));
    expect(cjk.length).toBeLessThanOrEqual(12);
    expect(fontFiles().filter((f) => f.family === 'Noto Serif KR').length).toBeGreaterThan(100);
    // Each fallback file draws at least one of the document's characters.
    const chars = [...characterCounts([readFileSync(FIXTURE, 'utf8')]).keys()].map((c) => c.codePointAt(0)!);
    for (const file of files.filter((f) => f.family !== 'Amiri')) {
      const cmap = await fontCoverage(file);
      expect(chars.some((c) => cmap.has(c)), file.name).toBe(true);
    }
    // Persian letters are Amiri's: گزارش brings no other Arabic face.
    expect(files.some((f) => f.family === 'Noto Naskh Arabic')).toBe(false);
  });

  it('sets Korean in its HTML page with the Korean faces, limited to Hangul', async () => {
    const doc = processSource(await readSource(FIXTURE));
    const html = renderHtml(doc, { fontFiles: (await documentFonts(doc)).files });
    const korean = html.match(/@font-face\{font-family:'Noto Serif KR';[^}]*\}/gu) ?? [];
    expect(korean.length).toBeGreaterThan(0);
    for (const rule of korean) {
      const range = /unicode-range:([^;}]+)/u.exec(rule)![1]!;
      expect(intersectUnicodeRange(range, 'U+4E00-9FFF')).toBe(''); // Han is Noto Serif SC's
      expect(intersectUnicodeRange(range, 'U+AC00-D7AF')).not.toBe('');
    }
  });

  it('takes a character from the first family of the chain that has it', async () => {
    // Arabic Extended-A: a letter Amiri lacks comes from Noto Naskh Arabic; Japanese kana from Noto Serif JP.
    const { files, missing } = await fontsFor(characterCounts(['\u08A1 ひらがな 漢']));
    expect(missing.size).toBe(0);
    expect([...new Set(files.map((f) => f.family))]).toEqual(['Amiri', 'Noto Naskh Arabic', 'Noto Serif JP', 'Noto Serif SC']);
  });

  it('the CSS stack lists the chain in its order', () => {
    const css = readFileSync(join(ROOT, 'templates/common/typography.css'), 'utf8');
    const stack = /html \{[^}]*font-family: ([^;]+);/u.exec(css)![1]!;
    expect(stack).toBe([...FONT_CHAIN.map((c) => `'${c.family}'`), 'serif'].join(', '));
  });
});

describe('characters no bundled font has', () => {
  it('are named with their code and count in one warning', async () => {
    const { missing } = await fontsFor(characterCounts(['نص فيه 𓀀 و𓀀 و🧌']));
    expect([...missing]).toEqual([
      ['𓀀', 2],
      ['🧌', 1],
    ]);
    expect(missingGlyphWarning(missing)).toBe("fonts: 2 characters (3 in the text) have no glyph in matn's bundled fonts and may show as empty boxes: 𓀀 U+13000 (×2), 🧌 U+1F9CC");
  });

  it('leave out controls, bidi marks, joiners, spaces and variation selectors', async () => {
    const { missing } = await fontsFor(characterCounts(['لا\u200dم\u200c \u200f\u2066x\u2069\u00a0\u3000\ufe0f\u{E0100}\t\u0007']));
    expect(missing.size).toBe(0);
  });

  it('give one build warning that names the file, however many formats are built', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'matn-glyph-warning-'));
    try {
      mkdirSync(join(cwd, 'source'));
      writeFileSync(join(cwd, 'source', 'hieroglyph.md'), '# نقش\n\nعلى الحجر العلامة 𓀀 مرتين: 𓀀.\n');
      const { progress, printed } = printedProgress();
      const result = await build({ cwd, overrides: { formats: ['html', 'epub'] }, progress });
      expect(result.ok).toBe(true);
      const fontWarnings = result.manifest.documents[0]!.warnings.filter((w) => w.startsWith('fonts:'));
      expect(fontWarnings).toHaveLength(1);
      expect(fontWarnings[0]).toContain('𓀀 U+13000 (×2)');
      expect(printed()).toMatch(/! source\/hieroglyph\.md: fonts: 1 character \(2 in the text\) has no glyph .*U\+13000/u);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
