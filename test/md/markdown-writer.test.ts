/**
 * `matn build -f md`: what a user gets when turning a capture into an editable Markdown source.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { build } from '../../src/publish/build.js';
import { renderMarkdown, renderMarkdownFile } from '../../src/render/md/render-md.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { renderEpubFile } from '../../src/render/epub/render-epub.js';
import { SEED, processText } from '../helpers.js';
import { MARKDOWN } from '../epub/samples.js';

const frontMatterOf = (md: string) => parseYaml(/^---\n([\s\S]*?)\n---\n/u.exec(md)![1]!) as Record<string, unknown>;

describe('the Markdown writer', () => {
  it('writes the metadata as YAML front matter and the title as the one h1', () => {
    const md = renderMarkdown(processText('عنوان التقرير\n\nتم تحديث الصفحة في نوفمبر 2019\n\nنص أول.\n', { name: 'r.txt', metadata: { author: 'وزارة الخارجية', keywords: ['أمن', 'تعاون'] } }));
    expect(frontMatterOf(md)).toEqual({ title: 'عنوان التقرير', author: 'وزارة الخارجية', keywords: ['أمن', 'تعاون'], modified: '2019-11' });
    expect(md.match(/^# /gmu)).toEqual(['# ']);
    expect(md).toContain('\n# عنوان التقرير\n');
    // The update line stays a line of text, found again when the Markdown is read.
    expect(md).toContain('\nتم تحديث الصفحة في نوفمبر 2019\n');
  });

  it('writes headings, bullet lists, numbered points and tab-separated tables as Markdown', () => {
    const text = ['دليل', '', 'القسم الأول', '', 'نص القسم الأول هنا.', '', '• بند أول', '• بند ثان', '', '1) نقطة أولى', '2) نقطة ثانية', '', 'الاسم\tالعمر', 'علي\t30', 'منى\t25', ''].join('\n');
    const md = renderMarkdown(processText(text, { name: 'g.txt' }));
    expect(md).toContain('## القسم الأول');
    expect(md).toContain('- بند أول\n- بند ثان');
    expect(md).toContain('1) نقطة أولى\n2) نقطة ثانية');
    expect(md).toMatch(/\| الاسم +\| العمر +\|\n\| -+ +\| -+ +\|\n\| علي +\| 30 +\|/u);
  });

  it('escapes text that would read as Markdown syntax, so a line stays a line of text', () => {
    const doc = processText('عنوان\n\nفقرة فيها *نجمتان* و_شرطة_ و[قوس] و<b>وسم</b> و# علامة.\n', { name: 's.txt' });
    const md = renderMarkdown(doc);
    const again = processText(md, { name: 's.md' });
    expect(renderHtml(again)).toBe(renderHtml(doc));
  });

  it('writes a Markdown source back so that it builds to the same page (links, image, raw HTML, quote, code, front matter)', () => {
    const doc = processText(MARKDOWN, { name: 'guide.md' });
    const again = processText(renderMarkdown(doc), { name: 'guide.md' });
    expect(renderHtml(again)).toBe(renderHtml(doc));
  });

  it('leaves out the lines dropped as site chrome', () => {
    const md = renderMarkdown(processText(readFileSync(SEED, 'utf8'), { name: 'seed.txt', boilerplate: ['حصة', 'في نفس الموضوع', 'روابط هامة'] }));
    expect(md).not.toMatch(/^(حصة|في نفس الموضوع|روابط هامة)$/mu);
  });
});

describe('writers do not change the document', () => {
  it('HTML, EPUB and Markdown leave the tree and the metadata as they were, and EPUB returns its warnings', async () => {
    const doc = processText('عنوان\n\nفقرة أولى.\n', { name: 'w.txt' });
    doc.meta.author = 'مؤلف\u0002';
    const before = structuredClone({ meta: doc.meta, mdast: doc.mdast, hast: doc.hast });
    renderHtml(doc);
    renderMarkdown(doc);
    const { warnings } = await renderEpubFile(doc, { sourceDateEpoch: 1_700_000_000 });
    expect({ meta: doc.meta, mdast: doc.mdast, hast: doc.hast }).toEqual(before);
    // What the EPUB writer had to change is reported to the caller, not written into the document.
    expect(warnings.join('\n')).toMatch(/the author.*U\+0002/u);
  });
});

describe('matn build -f md', () => {
  let cwd: string;
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('writes NAME.md beside the other formats, lists it in the manifest, and is not built by default', async () => {
    cwd = mkdtempSync(join(tmpdir(), 'matn-md-'));
    mkdirSync(join(cwd, 'source'));
    copyFileSync(SEED, join(cwd, 'source', 'seed.txt'));
    const result = await build({ cwd, overrides: { formats: ['html', 'md'] } });
    expect(result.ok).toBe(true);
    expect(readdirSync(join(cwd, 'dist')).sort()).toEqual(['manifest.json', 'seed.html', 'seed.md']);
    const manifest = JSON.parse(readFileSync(join(cwd, 'dist', 'manifest.json'), 'utf8'));
    expect(manifest.documents[0].artifacts.map((a: { format: string; path: string }) => [a.format, a.path])).toEqual([['html', 'seed.html'], ['md', 'seed.md']]);
    expect(readFileSync(join(cwd, 'dist', 'seed.md'), 'utf8')).toMatch(/^---\ntitle: الإرهاب، أنشطة فرنسا الدولية\n/u);
    // A build of the written Markdown gives the same page.
    const again = await build({ cwd, inputs: ['dist/seed.md'], overrides: { formats: ['html'], out: 'again' } });
    expect(again.ok).toBe(true);
    expect(readFileSync(join(cwd, 'again', 'seed.html'), 'utf8')).toBe(readFileSync(join(cwd, 'dist', 'seed.html'), 'utf8'));
  });
});

describe('what Markdown cannot say', () => {
  it('says so in warnings: numbered points in Arabic-Indic digits', () => {
    const { warnings } = renderMarkdownFile(processText('عنوان\n\nنقاط:\n\n١) أولى\n٢) ثانية\n', { name: 'n.txt' }));
    expect(warnings.join('\n')).toMatch(/Arabic-Indic digits/u);
  });

  it('says so in warnings: a "see more" line only the sidecar made one', () => {
    const sidecar = { path: 's.matn.yaml', metadata: {}, lines: [{ line: 5, role: 'see-more' as const }] };
    const { warnings } = renderMarkdownFile(processText('عنوان\n\nنص أول.\n\nتفاصيل أخرى عن الموضوع\n', { name: 's.txt', sidecar }));
    expect(warnings).toEqual(['Markdown: line 5 is a "see more" line by the sidecar only; the Markdown keeps it as a paragraph']);
  });

  it('and nothing when everything can be said', () => {
    expect(renderMarkdownFile(processText(readFileSync(SEED, 'utf8'), { name: 'seed.txt' })).warnings).toEqual([]);
  });
});
