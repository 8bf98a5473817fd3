import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { TemplateSet } from '../../src/render/templates.js';
import { CORPUS, SEED, SEED_BOILERPLATE, missingWords, sourceWords, visibleText, words, processText } from '../helpers.js';

const corpusFiles = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => join(CORPUS, f));
let dir: string;
const pages = new Map<string, string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'matn-html-'));
  for (const path of [SEED, ...corpusFiles]) {
    const html = renderHtml(processSource(await readSource(path)));
    pages.set(path, html);
    writeFileSync(join(dir, `${pages.size}.html`), html);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HTML page', () => {
  it('is a right-to-left Arabic page with its metadata', () => {
    const html = pages.get(SEED)!;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ar" dir="rtl">/u);
    expect(html).toContain('<title>الإرهاب، أنشطة فرنسا الدولية</title>');
    expect(html).toMatch(/<meta name="description" content="يمثل الإرهاب الدولي أحد أخطر التهديدات/u);
    expect(html).toContain('<meta name="dcterms.modified" content="2019-11">');
  });

  it('works offline: CSS inline, the Arabic face embedded, nothing fetched', () => {
    const html = pages.get(SEED)!;
    expect(html).toMatch(/@font-face\{font-family:'Amiri';[^}]*src:url\(data:font\/woff2;base64,/u);
    expect(html).not.toMatch(/<link\b|<script\b|src="http|url\(http/u);
  });

  it('has the body in <main> with the title first, and a table of contents linking to every heading', () => {
    const html = pages.get(SEED)!;
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main).toMatch(/<h1 id="[^"]+">الإرهاب، أنشطة فرنسا الدولية<\/h1>/u);
    const links = [...html.matchAll(/<nav[\s\S]*?<\/nav>/gu)][0]![0].match(/href="#([^"]+)"/gu)!.map((h) => h.slice(7, -1));
    expect(links).toHaveLength(8);
    for (const id of links) expect(main).toContain(`id="${id}"`);
  });

  it('recovers the seed structure: sections, lists, numbered points with nested bullets, asides, dates', () => {
    const html = pages.get(SEED)!;
    expect(html.match(/<h2 id=/gu)!.length - 1).toBe(5); // minus the table of contents' own h2
    expect(html).toMatch(/<ol class="marker-paren">\s*<li value="1">اعتمد مجلس الأمن[\s\S]*?<ul>(\s*<li>من خلال[^<]*<\/li>){5}\s*<\/ul>\s*<\/li>\s*<li value="2">/u);
    expect(html.match(/<aside class="see-more" role="note">/gu)).toHaveLength(2);
    expect(html).toContain('<time datetime="2019-11">نوفمبر 2019</time>');
    expect(html).toContain('<span lang="fr" dir="ltr">Opération Chammal</span>');
    for (const line of SEED_BOILERPLATE) expect(visibleText(html)).not.toMatch(new RegExp(`(^|\\s)${line}(\\s|$)`, 'u'));
  });

  it.each([SEED, ...corpusFiles].map((p) => [p.split('/').pop()!, p]))('keeps every word of %s, in order', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const out = words(visibleText(pages.get(path)!));
    const src = sourceWords(text, path === SEED ? SEED_BOILERPLATE : []);
    expect(missingWords(src, out)).toEqual([]);
  });

  it('shows text that looks like markup as text', () => {
    const html = renderHtml(processText('عنوان\n\n<script>alert(1)</script> و{{title}} و</style>\n'));
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main.includes('<script')).toBe(false);
    const shown = main.replace(/<[^>]+>/gu, '').replace(/&#x3C;/gu, '<').replace(/&lt;/gu, '<');
    expect(shown.includes('<script>alert(1)</script> و{{title}} و</style>')).toBe(true);
  });

  it('escapes front-matter values in the page head', () => {
    const doc = processText('---\ntitle: "</title><script>alert(1)</script>"\nauthor: \'" onload="x\'\nkeywords: "{{body}}, </style>"\n---\nنص.\n', { name: 'x.md' });
    const html = renderHtml(doc);
    const head = html.slice(0, html.indexOf('</head>')).replace(/<style>[\s\S]*<\/style>/u, '');
    expect(head.includes('<script>')).toBe(false);
    expect(head).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(head).toContain('<meta name="author" content="&quot; onload&#x3D;&quot;x">');
    expect(head).toContain('{{body}}');
  });

  it("shows the document's own date under the title, in the digits asked for; an undated text shows none", () => {
    const dated = processText('---\ntitle: تقرير\ndate: 2024-03-15T09:30:00+03:00\n---\nنص.\n', { name: 'x.md' });
    expect(renderHtml(dated)).toContain('<p class="doc-date">التاريخ: <time datetime="2024-03-15">١٥ مارس ٢٠٢٤</time></p>');
    expect(renderHtml(dated, { digits: 'western' })).toContain('>15 مارس 2024</time>');
    expect(renderHtml(processText('عنوان\n\nنص.\n'))).not.toContain('<p class="doc-date"');
  });

  it('uses a user template folder where it has a file, the built-in ones elsewhere', () => {
    const custom = join(dir, 'my-templates', 'html');
    mkdirSync(custom, { recursive: true });
    writeFileSync(join(custom, 'page.hbs'), '<!DOCTYPE html><html lang="{{lang}}" dir="rtl"><head><title>{{title}}</title></head><body class="mine"><main>{{{heading}}}{{{body}}}</main></body></html>');
    const html = renderHtml(processText('عنوان\n\nنص.'), { templates: new TemplateSet(join(dir, 'my-templates')) });
    expect(html).toContain('<body class="mine">');
    expect(html).toContain('<title>عنوان</title>');
  });
});

const require = createRequire(import.meta.url);
const vnuJar = (() => {
  try {
    return require.resolve('vnu-jar/build/dist/vnu.jar');
  } catch {
    return undefined;
  }
})();
const java = spawnSync('java', ['-version']).status === 0;

describe.skipIf(!vnuJar || !java)('Nu HTML Checker', () => {
  it('reports no errors on any page produced', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => join(dir, f));
    expect(files.length).toBe(pages.size);
    let output: string;
    try {
      output = execFileSync('java', ['-jar', vnuJar!, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      output = (error as { stderr?: string }).stderr ?? String(error);
    }
    const messages = output.trim() ? (JSON.parse(output) as { messages: Array<{ type: string; message: string; url: string }> }).messages : [];
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  });
});

