/**
 * GFM and the Markdown of site generators: tables, footnotes, strikethrough, task items and
 * autolinks in HTML and EPUB (vnu and epubcheck on the Arabic fixture); front matter of any
 * generator (YAML, TOML, unknown keys), `{#id}` headings, MDX components, Liquid tags and raw
 * HTML through the sanitizer.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { documentFromText } from '../../src/read/source.js';
import { processSource, type MatnDocument } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { entryMap, epubcheck, epubcheckMissing } from '../epub/helpers.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'gfm', 'gfm-ar.md');

function build(text: string, name = 'doc.md'): MatnDocument {
  return processSource(documentFromText(text, name, 'md'));
}
const body = (doc: MatnDocument) => renderHtml(doc).split('<body>')[1]!;

describe('GFM', () => {
  const doc = build(readFileSync(FIXTURE, 'utf8'), 'gfm-ar.md');
  const html = body(doc);

  it('tables: a caption, header cells with scope, alignment as classes, numbers isolated', () => {
    expect(html).toMatch(/<table><caption>الجدول <span class="num" dir="ltr">1<\/span>: الإنفاق حسب البند<\/caption>/u);
    expect(html).toContain('<th class="align-left" scope="col">البند</th>');
    expect(html).toContain('<td class="align-right"><span class="num" dir="ltr">12,500</span></td>');
    expect(html).not.toMatch(/\salign="/u);
    expect(html).not.toContain('| التدريب');
  });

  it('footnotes: numbered anchors linked both ways, an Arabic notes section', () => {
    expect(html).toContain('<a href="#fn-1" id="fnref-1" data-footnote-ref="" aria-describedby="footnote-label">1</a>');
    expect(html).toContain('<a href="#fn-2" id="fnref-2"');
    expect(html).toContain('<li id="fn-2">');
    expect(html).toContain('<a href="#fnref-2" data-footnote-backref=""');
    expect(html).toContain('<h2 class="footnotes-title" id="footnote-label">الحواشي</h2>');
    expect(html).not.toContain('%D8');
  });

  it('strikethrough, task items as marks (no live checkbox), autolinks', () => {
    expect(html).toContain('<del>الاجتماع الثاني</del>');
    expect(html).not.toContain('<input');
    expect(html).toContain('<span class="task task-done" role="img" aria-label="منجز">☑</span> ترجمة الواجهة');
    expect(html).toContain('<span class="task task-open" role="img" aria-label="غير منجز">☐</span>');
    expect(html).toContain('<a href="https://example.org/ar/report">https://example.org/ar/report</a>');
    expect(html).toContain('<a href="mailto:info@example.org">info@example.org</a>');
  });

  it('raw HTML is sanitized: allowed elements kept, scripts and handlers gone', () => {
    expect(html).toContain('<abbr title="منظمة غير حكومية">م.غ.ح</abbr>');
    expect(html).toContain('<br>');
    expect(html).toMatch(/<kbd>.*Ctrl.*<\/kbd>/u);
    expect(html).toContain('<summary>تفاصيل المنهجية</summary>');
    // The image is kept with its description; x.png is not beside the source, so the page shows the description.
    expect(html).toContain('<span class="image-omitted">شعار المشروع</span>');
    expect(html).not.toMatch(/<script|onerror|alert\(/u);
  });

  it('EPUB: pop-up notes in the document that refers to them', async () => {
    const files = entryMap(await renderEpub(doc));
    const part = [...files].find(([path, text]) => path.includes('text/') && text.includes('noteref'))![1];
    expect(part).toContain('<a href="#fn-1" id="fnref-1" data-footnote-ref="" epub:type="noteref" role="doc-noteref">1</a>');
    expect(part).toMatch(/<aside id="fn-1" class="footnote" epub:type="footnote" role="doc-footnote">[\s\S]*31[\s\S]*<\/aside>/u);
    expect([...files.values()].some((t) => t.includes('data-footnotes'))).toBe(false);
    expect([...files.values()].some((t) => /<table><caption>الجدول/u.test(t))).toBe(true);
  });

  it.skipIf(epubcheckMissing() !== undefined)('EPUB: epubcheck finds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-gfm-'));
    writeFileSync(join(dir, 'gfm.epub'), await renderEpub(doc));
    const result = await epubcheck(join(dir, 'gfm.epub'));
    expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0]);
  }, 120_000);

  const require = createRequire(import.meta.url);
  let vnu: string | undefined;
  try {
    vnu = require.resolve('vnu-jar/build/dist/vnu.jar');
  } catch {
    vnu = undefined;
  }
  it.skipIf(!vnu || spawnSync('java', ['-version']).status !== 0)('HTML: the Nu checker finds no error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-gfm-'));
    writeFileSync(join(dir, 'gfm.html'), renderHtml(doc));
    let output: string;
    try {
      output = execFileSync('java', ['-jar', vnu!, '--errors-only', '--format', 'json', join(dir, 'gfm.html')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      output = (error as { stderr?: string }).stderr ?? String(error);
    }
    const messages = output.trim() ? (JSON.parse(output) as { messages: Array<{ type: string; message: string }> }).messages : [];
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  }, 120_000);
});

describe('Markdown of site generators', () => {
  it('unknown front-matter keys: one warning, never a failure; aliases and dates with times are read', () => {
    const doc = build('---\ntitle: صفحة\nnav_title: س\npermalink: /x/\nlast_modified_at: 2023-05-06 10:00:00 +0300\ntags: [أ, ب]\n---\n\nنص.\n');
    expect(doc.meta.title).toBe('صفحة');
    expect(doc.meta.modified).toBe('2023-05-06');
    expect(doc.meta.keywords).toEqual(['أ', 'ب']);
    expect(doc.meta.warnings.filter((w) => w.includes('front matter'))).toEqual(['front matter: 2 keys matn does not use were ignored: "nav_title", "permalink"']);
  });

  it('a known key with a value matn cannot use is a warning too', () => {
    const doc = build('---\ntitle: صفحة\nlang: 12 3\n---\n\nنص.\n');
    expect(doc.meta.lang).toBe('ar');
    expect(doc.meta.warnings.join('\n')).toMatch(/front matter: a value matn cannot use was ignored: lang/u);
  });

  it('Hugo: TOML front matter and shortcodes; an empty title is no title', () => {
    const doc = build('+++\ntitle = "التسجيل"\n+++\nنص [برنامج {{< inenglish >}}](https://www.fvap.gov/) بعده.\n');
    expect(body(doc)).toContain('<a href="https://www.fvap.gov/">برنامج </a>');
    expect(doc.meta.warnings).toContain('Markdown: Hugo shortcodes left out: {{< inenglish >}}');
    const jekyll = build("---\nlayout: faq\ntitle: ''\n---\n\n# الأسئلة\n\nنص.\n");
    expect(jekyll.meta.title).toBe('الأسئلة');
    expect(jekyll.meta.warnings.join('\n')).not.toContain('cannot use');
  });

  it('TOML front matter (+++)', () => {
    const doc = build('+++\ntitle = "دليل"\ndate = 2022-01-02\ndraft = false\n+++\n\n# دليل\n\nنص.\n');
    expect(doc.meta.title).toBe('دليل');
    expect(doc.meta.date).toBe('2022-01-02');
    expect(doc.meta.warnings.join('\n')).toContain('"draft"');
  });

  it('front matter that cannot be parsed is an error naming the file', () => {
    expect(() => build('---\ntitle: [غير مغلق\n---\n\nنص.\n', 'bad.md')).toThrow(/bad\.md.*not valid YAML/u);
    expect(() => build('+++\ntitle = \n+++\n\nنص.\n', 'bad.md')).toThrow(/bad\.md.*not valid TOML/u);
  });

  it('{#id} heading attributes become the id, in the text of no output', () => {
    const doc = build('# الدليل\n\n## البداية {#start}\n\nنص.\n\n## الإعداد {#setup .wide}\n\nنص.\n\n## البداية\n\nنص.\n');
    const html = renderHtml(doc);
    expect(html).toContain('<h2 id="start">البداية</h2>');
    expect(html).toContain('<h2 id="setup">الإعداد</h2>');
    expect(html).toContain('<a href="#start">البداية</a>');
    expect(html).not.toContain('{#');
    expect(doc.outline.map((e) => e.id)).toEqual(['start', 'setup', 'البداية-1']);
  });

  it('MDX components and import lines reduced to their text, one warning naming each', () => {
    const doc = build(
      "import Tabs from '@theme/Tabs';\n\n# الدليل\n\n<Tabs>\n<TabItem value=\"a\" label=\"أ\">\n\nنص داخل التبويب.\n\n</TabItem>\n</Tabs>\n\n<Alert type=\"info\">تنبيه مهم</Alert>\n\nنص مع <Badge>جديد</Badge> في السطر.\n",
      'page.mdx',
    );
    const html = body(doc);
    expect(html).toContain('<p>نص داخل التبويب.</p>');
    expect(html).toContain('تنبيه مهم');
    expect(html).toContain('نص مع جديد في السطر.');
    expect(html).not.toMatch(/Tabs|TabItem|Alert|Badge|import/u);
    expect(doc.meta.warnings).toContain('Markdown: MDX/JSX components reduced to their text: <Tabs>, <TabItem>, <Alert>, <Badge>');
    expect(doc.meta.warnings).toContain('Markdown: 1 MDX import/export line left out');
  });

  it('Docusaurus MDX as written: {/* #id */} headings, admonitions, images whose address is code', () => {
    const doc = build(
      "---\nid: features\ntitle: ميزات\nslug: /features\n---\nimport {Note} from '@site/src/components/Admonitions';\n\n# ميزات\n\n## قفل التطبيق {/* #app-lock */}\n\n<Info>\n:::info يرجى الحذر. :::\n</Info>\n\n<div className=\"gifs\">\n    <img src={require('@site/static/img/a.gif').default} alt=\"صورة متحركة\" />\n</div>\n",
      'features.mdx',
    );
    const html = body(doc);
    expect(html).toContain('<h2 id="app-lock">قفل التطبيق</h2>');
    expect(html).toContain('<p>يرجى الحذر.</p>');
    expect(html).toContain('صورة متحركة');
    expect(html).not.toMatch(/:::|require|\{\/\*|<img/u);
    expect(doc.meta.warnings).toContain('Markdown: MDX/JSX components reduced to their text: <Info>, <img src={…}>');
  });

  it('EPUB: a link to another page of the site is shown as its text (that page is not in the book)', async () => {
    const doc = build('# دليل\n\nانظر [الأسئلة](/faq) و[الموقع](https://example.org) و[القسم](#دليل).\n');
    const part = [...entryMap(await renderEpub(doc))].find(([path]) => path.includes('text/'))![1];
    expect(part).toContain('انظر <span>الأسئلة</span> و<a href="https://example.org">الموقع</a>');
  });

  it('Liquid tags and expressions left out in a Liquid page; {{ }} kept as text elsewhere', () => {
    const doc = build('# صفحة\n\n{% include toc.html %}\n\nمرحبا {{ site.title }} بكم.\n\n{% if page.x %}نص شرطي{% endif %}\n\n```\n{% raw %}{{ code }}{% endraw %}\n```\n');
    const html = body(doc);
    expect(html).toContain('<p>مرحبا  بكم.</p>');
    expect(html).toContain('نص شرطي');
    expect(html).toContain('{% raw %}{{ code }}{% endraw %}');
    expect(html).not.toContain('include');
    expect(doc.meta.warnings).toContain('Markdown: Liquid tags left out: {% include %}, {% if %}, {% endif %}');
    const vue = body(build('# Vue\n\nالعداد: {{ count }}\n'));
    expect(vue).toContain('{{');
  });

  it('raw HTML never runs: handlers, scripts, styles, frames and javascript: links are removed', () => {
    const html = body(build('# ص\n\n<p onclick="x()" style="color:red">نص <a href="javascript:alert(1)">رابط</a></p>\n\n<iframe src="https://x.org"></iframe><style>body{}</style>\n\n<img src="a.png" alt="صورة" onload="y()">\n'));
    expect(html).not.toMatch(/onclick|style=|javascript:|iframe|onload|<style/u);
    expect(html).toContain('نص <a>رابط</a>');
    expect(html).toContain('<span class="image-omitted">صورة</span>');
  });
});
