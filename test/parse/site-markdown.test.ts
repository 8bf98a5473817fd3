/**
 * Real pages as site generators' sources hold them (test/fixtures/site-markdown/SOURCES.md): each
 * builds, and no heading attribute, component, shortcode or Liquid tag reaches an output.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { documentFromText } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { entryMap } from '../epub/helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'site-markdown');
const PAGES = readdirSync(DIR).filter((f) => /\.mdx?$/u.test(f) && f !== 'SOURCES.md');
const RAW = /\{#|\{\/\*|<\/?(?:Tabs|Tip|Danger|Info|Note|FeaturesTable)\b|\{%|\{\{[<%]|:::|^import /mu;

describe('Markdown from site generators', () => {
  it('has a page of each generator', () => {
    expect(PAGES.length).toBe(3);
  });

  it.each(PAGES)('%s builds with no raw site syntax in the HTML or the EPUB', async (name) => {
    const doc = processSource(documentFromText(readFileSync(join(DIR, name), 'utf8'), name, 'md'));
    expect(doc.meta.title).not.toBe('');
    const html = renderHtml(doc).split('<body>')[1]!;
    expect(html).not.toMatch(RAW);
    for (const [path, text] of entryMap(await renderEpub(doc))) if (path.endsWith('.xhtml')) expect(text.split('<body')[1]).not.toMatch(RAW);
  });

  it('the Docusaurus page: ids from {/* #id */}, its lists', () => {
    const doc = processSource(documentFromText(readFileSync(join(DIR, 'docusaurus-tella-features.mdx'), 'utf8'), 'features.mdx', 'md'));
    const html = renderHtml(doc);
    expect(html).toContain('<h2 id="app-lock">قفل التطبيق</h2>');
    expect(html).toContain('<a href="#app-lock">قفل التطبيق</a>');
    expect(html).toMatch(/<ul>\n<li>على نظام أندرويد، يمكن للمستخدم تحديد نمط/u);
    expect(doc.meta.warnings.join('\n')).toMatch(/front matter: .*"id", "slug", "sidebar_position"/u);
  });
});
