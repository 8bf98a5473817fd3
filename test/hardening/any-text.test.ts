/**
 * Any text: property-based tests (fast-check) over arbitrary Unicode and hostile line shapes.
 * Parsing, tagging and rendering never throw or hang, the HTML parses without a single error,
 * every EPUB document is well-formed XML, every source word still reaches the page and the
 * e-book, and bidi controls cannot leak past their line.
 * Runs are bounded so `npm test` stays quick; for a longer run:
 *   FC_NUM_RUNS=2000 npx vitest run test/hardening
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHtml } from 'hast-util-from-html';
import { documentFromText } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { closeBidi } from '../../src/read/sanitize.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { entryMap, parseXml } from '../epub/helpers.js';
import { missingWords, visibleText, words } from '../helpers.js';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 60);
/** Longer runs get time in proportion; the default run takes a few seconds. */
const timeout = Math.max(60_000, numRuns * 300);

const arabicWord = fc.constantFrom('الإرهاب', 'فرنسا', 'الدولية', 'تعزيز', 'التعاون', 'نيسان/أبريل', 'حصة', 'ـــ', 'مـــرحبا', 'وmozilla.org', 'لـ');
const latinWord = fc.constantFrom('Opération', 'Chammal', 'Firefox', 'https://example.org/a?b=1', 'licensing@mozilla.org', 'CA', '94041');
const special = fc.constantFrom(
  '\u202e', '\u202b', '\u2066', '\u2069', '\u202c', '\u200b', '\u200d', '\u200f', '\u0640', '\ufeff', '\u0001', '\u0007', '\u001b',
  '\ufffe', '\uffff', '\ud800', '\udfff', '{{title}}', '{{{body}}}', '<script>alert(1)</script>', '</style>', 'javascript:alert(1)',
  ']]>', '&amp;', '<!--', '*', '_', '#', '`', '[x](y)', '|', '\\', '"', "'",
);
const token = fc.oneof(arabicWord, arabicWord, latinWord, special, fc.string({ unit: 'binary', maxLength: 6 }), fc.integer({ min: 0, max: 100000 }).map(String));
const line = fc.tuple(
  fc.constantFrom('', '', '', '  • ', '    • ', '- ', '1) ', '١) ', '(2) ', '3. ', '1-a ', '4- ', 'أ) ', 'للاطلاع على المزيد من المعلومات عن ', 'تم تحديث الصفحة في ', 'الفصل 3', '\t'),
  fc.array(token, { maxLength: 14 }),
).map(([lead, tokens]) => lead + tokens.join(' '));
const document = fc.array(fc.oneof(line, line, line, fc.constant('')), { minLength: 1, maxLength: 40 }).map((lines) => `العنوان\n${lines.join('\n')}`);

function render(text: string) {
  const source = documentFromText(text, 'any.txt', 'txt');
  const doc = processSource(source);
  return { source, doc, html: renderHtml(doc) };
}

/** Source words a reader must find: every line but dropped ones, without list markers that become numbering. */
function expectedWords(text: string, dropped: string[]): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !dropped.includes(l))
    .map((l) => l.replace(/^[•·*\-–]\s+/u, '').replace(/^\(?[0-9\u0660-\u0669]{1,3}\)\s+/u, ''));
  return words(lines.join(' '));
}

describe('any text', () => {
  it('never throws, and gives HTML that parses without errors', () => {
    fc.assert(
      fc.property(fc.oneof(document, fc.string({ unit: 'binary', minLength: 1, maxLength: 300 })), (text) => {
        fc.pre(text.trim() !== '' && text.replace(/[\s\ufeff]/gu, '') !== '');
        let result;
        try {
          result = render(text);
        } catch (error) {
          // The only refusal allowed: a text that is empty once cleaned.
          expect(String(error)).toMatch(/contains only white space/);
          return;
        }
        const errors: string[] = [];
        fromHtml(result.html, { onerror: (e) => void errors.push(`${e.ruleId} at ${e.place ? JSON.stringify(e.place) : "?"}`) });
        expect(errors).toEqual([]);
      }),
      { numRuns },
    );
  }, timeout);

  it('keeps every source word, whatever the text', () => {
    fc.assert(
      fc.property(document, (text) => {
        const { source, doc, html } = render(text);
        const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
        const got = words(visibleText(main));
        const want = expectedWords(source.text, doc.meta.dropped.map((d) => d.text));
        expect(missingWords(want, got)).toEqual([]);
      }),
      { numRuns },
    );
  }, timeout);

  it('renders hostile-looking text as text, never as markup or template', () => {
    fc.assert(
      fc.property(document, (text) => {
        const { html, doc } = render(`${text}\n<script>alert(1)</script>\n{{title}}`);
        // a line dropped as site chrome is not shown, but reported (never silently lost)
        const dropped = doc.meta.dropped.map((d) => d.text);
        const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
        expect(main).not.toMatch(/<script|<style|<!--/u);
        const shown = main.replace(/<[^>]+>/gu, '').replace(/&#x3C;/gu, '<');
        if (!dropped.includes('{{title}}')) expect(shown).toContain('{{title}}');
        if (!dropped.includes('<script>alert(1)</script>')) expect(shown).toContain('<script>alert(1)</script>');
      }),
      { numRuns: Math.ceil(numRuns / 3) },
    );
  }, timeout);

  it('closes every bidi embedding or override on the line that opened it', () => {
    fc.assert(
      fc.property(document, (text) => {
        const { source } = render(text);
        for (const l of source.text.split('\n')) expect(closeBidi(l)).toBe(l);
      }),
      { numRuns },
    );
  }, timeout);

  it('gives an EPUB whose every XML document is well-formed and keeps every word', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (text) => {
        const { source, doc } = render(text);
        const files = entryMap(await renderEpub(doc, { sourceDateEpoch: 0 }));
        const spine: string[] = [];
        for (const [name, content] of files) {
          if (!/\.(xhtml|opf|xml|ncx|svg)$/u.test(name)) continue;
          parseXml(content, name); // throws on anything not well-formed
          if (name.startsWith('EPUB/text/')) spine.push(name);
        }
        const got = words(spine.sort().map((n) => visibleText(files.get(n)!)).join(' '));
        expect(missingWords(expectedWords(source.text, doc.meta.dropped.map((d) => d.text)), got)).toEqual([]);
      }),
      { numRuns: Math.ceil(numRuns / 2) },
    );
  }, timeout);

  it('replaces characters no output may carry and says so', () => {
    const { source, html } = render('العنوان\n\nنص\u0001فيه\ufffe محارف\ud800 ممنوعة.');
    expect(source.text).toBe('العنوان\n\nنص\ufffdفيه\ufffd محارف\ufffd ممنوعة.');
    expect(source.warnings.join('\n')).toMatch(/U\+0001.*line 3/u);
    expect(html).not.toMatch(/[\u0001\ufffe]/u);
  });
});

describe('scale of one document', () => {
  it('handles thousands of bullets and deep nesting', () => {
    const bullets = Array.from({ length: 5000 }, (_, i) => `${' '.repeat((i % 300) * 2)}• بند ${i}`).join('\n');
    const { doc } = render(`العنوان\n\n${bullets}\n`);
    const list = doc.mdast.children[1]!;
    expect(list.type).toBe('list');
  });

  it('handles a very long line', () => {
    const { doc } = render(`العنوان\n\n${'كلمة '.repeat(200_000)}`);
    expect(doc.mdast.children).toHaveLength(2);
  });
});
