import { describe, it, expect } from 'vitest';
import { resolveLevels } from '../../src/render/epub/bidi.js';
import { layoutCover, coverSvg, visualGlyphs } from '../../src/render/epub/cover.js';
import { inUnicodeRange, primaryFonts, unpackedFont } from '../../src/render/fonts.js';
import { arabicDate, dcDate, parseIsoDate, uuidV5, w3cdtf } from '../../src/render/epub/metadata.js';
import { TemplateSet } from '../../src/render/templates.js';
import { parseXml, findAll } from './helpers.js';

describe('bidi levels for a cover line', () => {
  it('keeps Arabic right to left and numbers and Latin words left to right', () => {
    expect(resolveLevels('نوفمبر 2019')).toEqual([
      { text: 'نوفمبر ', level: 1 },
      { text: '2019', level: 2 },
    ]);
    // A Latin phrase keeps its inner space; the spaces around it belong to the Arabic line.
    expect(resolveLevels('موقع Mozilla Firefox اليوم')).toEqual([
      { text: 'موقع ', level: 1 },
      { text: 'Mozilla Firefox', level: 2 },
      { text: ' اليوم', level: 1 },
    ]);
  });

  it('keeps number separators inside the number, and brackets as written (the shaper mirrors them)', () => {
    expect(resolveLevels('المادة 1.25 (ب)')).toEqual([
      { text: 'المادة ', level: 1 },
      { text: '1.25', level: 2 },
      { text: ' (ب)', level: 1 },
    ]);
  });
});

describe('cover layout', () => {
  it('wraps a long title over several lines and sets it smaller', async () => {
    const short = await layoutCover({ title: 'الإرهاب', date: '' });
    const long = await layoutCover({
      title: 'إشعار خصوصية مواقع الويب، والاتصالات، وملفات تعريف الارتباط وجميع الخدمات المرتبطة بها في كل البلدان',
      date: 'نوفمبر 2019',
    });
    expect(short.titleLines).toHaveLength(1);
    expect(long.titleLines.length).toBeGreaterThan(2);
    expect(long.titleSize).toBeLessThan(short.titleSize);
    expect(long.dateLine).toBeDefined();
    // Every line stays inside the cover.
    for (const line of long.titleLines) {
      const xs = line.paths.flatMap((p) => {
        const [a, , , , e] = /matrix\(([^)]+)\)/.exec(p.transform)![1]!.split(' ').map(Number);
        // Every command's points are "x y" pairs: take the x of each pair.
        const numbers = p.d.match(/-?[\d.]+/g)!.map(Number);
        return numbers.filter((_, i) => i % 2 === 0).map((x) => e! + a! * x);
      });
      expect(Math.min(...xs)).toBeGreaterThan(80); // inside the frame
      expect(Math.max(...xs)).toBeLessThan(long.width - 80);
    }
  });

  it('gives a well-formed SVG whose title text is escaped, from the template', async () => {
    const svg = await coverSvg({ title: 'عنوان <b> & "{{x}}"', date: '' }, new TemplateSet());
    const root = parseXml(svg, 'cover.svg');
    expect(findAll(root, (e) => e.local === 'title')[0]!.text).toBe('عنوان <b> & "{{x}}"');
    expect(findAll(root, (e) => e.local === 'path').length).toBeGreaterThan(0);
  });
});

describe('cover lettering', () => {
  it('draws brackets around Arabic words facing the words, in one font, as a browser does', async () => {
    const latin = primaryFonts().find((f) => f.weight === 700 && /-latin-700/u.test(f.name))!;
    const hb = await import('harfbuzzjs');
    const font = new hb.Font(new hb.Face(new hb.Blob(await unpackedFont(latin))));
    const open = font.nominalGlyph('('.codePointAt(0)!);
    const close = font.nominalGlyph(')'.codePointAt(0)!);
    // Logically "(" comes first; drawn right to left, it is the rightmost glyph and must look like ")".
    const glyphs = await visualGlyphs('عنوان (ب)', 700);
    const brackets = glyphs.filter((g) => g.font === latin.name && (g.glyph === open || g.glyph === close));
    expect(brackets).toHaveLength(2);
    // Left to right as drawn: the one on the left opens to the right, "(".
    expect(brackets.map((g) => g.glyph)).toEqual([open, close]);
  });

  it('sets Latin words left to right inside an Arabic title', async () => {
    const latin = primaryFonts().find((f) => f.weight === 700 && /-latin-700/u.test(f.name))!;
    const glyphs = await visualGlyphs('موقع Firefox', 700);
    // Drawn left to right: "Firefox" first (at the left end of a right-to-left line), in its own order.
    expect(glyphs[0]!.font).toBe(latin.name);
    expect(glyphs.at(-1)!.font).toMatch(/arabic/u);
  });
});

describe('cover lettering in other scripts', () => {
  it('draws Korean, Greek and Chinese words of a title with the bundled fallbacks, not empty boxes', async () => {
    const glyphs = await visualGlyphs('تقرير 한국어 Ελλάδα 中国', 700);
    const from = (pattern: RegExp) => glyphs.filter((g) => pattern.test(g.font));
    expect(from(/^noto-serif-kr-\d+-700/u)).toHaveLength(3);
    expect(from(/^noto-serif-greek-700/u)).toHaveLength(6);
    expect(from(/^noto-serif-sc-\d+-700/u)).toHaveLength(2);
    // Glyph 0 is .notdef, the empty box.
    expect(glyphs.filter((g) => g.glyph === 0)).toEqual([]);
  });
});

describe('unicode ranges', () => {
  it('reads CSS unicode-range lists, single points, spans and wildcards', () => {
    expect(inUnicodeRange('U+0600-06FF,U+204F', 0x0628)).toBe(true);
    expect(inUnicodeRange('U+0600-06FF,U+204F', 0x204f)).toBe(true);
    expect(inUnicodeRange('U+0600-06FF,U+204F', 0x0028)).toBe(false);
    expect(inUnicodeRange('U+4??', 0x04ff)).toBe(true);
    expect(inUnicodeRange('U+4??', 0x0500)).toBe(false);
  });
});

describe('package metadata values', () => {
  it('makes RFC 9562 version 5 UUIDs', () => {
    // The RFC's own example: DNS namespace, "www.example.com".
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('reads partial ISO dates and writes the dcterms:modified form', () => {
    expect(w3cdtf(parseIsoDate('2019-11')!)).toBe('2019-11-01T00:00:00Z');
    expect(w3cdtf(parseIsoDate('2022-02-28')!)).toBe('2022-02-28T00:00:00Z');
    expect(w3cdtf(parseIsoDate('2016')!)).toBe('2016-01-01T00:00:00Z');
    expect(parseIsoDate('نوفمبر 2019')).toBeUndefined();
    expect(dcDate('2022-02-28')).toBe('2022-02-28');
    expect(dcDate('yesterday')).toBeUndefined();
    expect(arabicDate('2022-02-28')).toBe('28 فبراير 2022');
    expect(arabicDate('2019-11')).toBe('نوفمبر 2019');
  });
});
