/**
 * Markdown sources as site generators write them: remark-parse with GFM (as remark-gfm: tables,
 * footnotes, strikethrough, task lists, autolink literals) and YAML (`---`) or TOML (`+++`)
 * front matter (remark-frontmatter). From the front matter matn takes what it knows (title,
 * author, date, lang, publisher, subject, keywords, description, and the usual other names of
 * these); every other key is named in one warning, never an error. Only front matter that cannot
 * be parsed at all is an error naming the file.
 *
 * What site generators add to Markdown is reduced to the text a reader sees, with one warning
 * per kind: `{#id}` heading attributes (kramdown, pandoc, Docusaurus) become the heading's id;
 * MDX/JSX components (`<Tabs>`, `<Alert …>`), MDX import/export lines and `{/* … *\/}` comments,
 * Liquid tags (`{% … %}`) and template expressions (`{{ … }}`, Hugo's `{{< … >}}`) are removed and
 * the text between them kept. Other raw HTML stays for the sanitizer (tree/sanitize.ts).
 *
 * An ordered list whose every item opens with its own label ("1. 1. …", "1. 1-a …", as matn's
 * Markdown writer writes numbered points that keep their labels) is read as such a list: the
 * label stays in the text and the list is not numbered twice.
 */
import type { Heading, Html, List, Paragraph, Parent, Root, RootContent, Text } from 'mdast';
import type { NumberRun } from '../tree/types.js';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { MatnError } from '../errors.js';
import { metadataSchema, type MetadataInput } from '../read/metadata-schema.js';
import { parseMarker } from '../structure/numbered-points.js';
import { eachNode } from '../tree/walk.js';

/**
 * GFM as remark-gfm gives it (the same micromark and mdast extensions), less one step: the mdast
 * transform that links every address-like run of text again after parsing, even one written
 * with an escape (`legal\\@example.org`). The parser's own autolink literals are kept, and an
 * escape keeps an address as text, as matn's Markdown writer writes it.
 */
const gfmTree = gfmFromMarkdown().map((extension) => ({ ...extension, transforms: [] }));
const parser = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(function gfmSyntax() {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(gfm({ singleTilde: false }));
    (data.fromMarkdownExtensions ??= []).push(gfmTree);
  });

export interface ParsedMarkdown {
  tree: Root;
  frontMatter: MetadataInput;
  warnings: string[];
}

export function parseMarkdown(text: string, file: string): ParsedMarkdown {
  const tree = parser.parse(text) as Root;
  const warnings: string[] = [];
  let frontMatter: MetadataInput = {};
  const first = tree.children[0];
  if (first?.type === 'yaml' || first?.type === 'toml') {
    frontMatter = readFrontMatter(first.type, first.value, file, warnings);
    tree.children.shift();
  }
  siteSyntax(tree, warnings, { mdx: /\.mdx$/iu.test(file), liquid: /\{%-?\s*\w/u.test(text) });
  eachNode(tree, (node) => {
    if (node.type === 'list') numberedList(node as List, text);
  });
  return { tree, frontMatter, warnings };
}

/** Other names site generators give the keys matn knows. */
const ALIASES: Record<string, keyof MetadataInput> = {
  tags: 'keywords',
  categories: 'keywords',
  summary: 'description',
  excerpt: 'description',
  authors: 'author',
  language: 'lang',
  locale: 'lang',
  lastmod: 'modified',
  last_modified_at: 'modified',
  updated: 'modified',
  sidebar_label: 'title',
};

function readFrontMatter(kind: 'yaml' | 'toml', source: string, file: string, warnings: string[]): MetadataInput {
  let value: unknown;
  try {
    value = kind === 'yaml' ? (parseYaml(source) ?? {}) : parseToml(source);
  } catch (error) {
    throw new MatnError('front-matter', file, `front matter is not valid ${kind === 'yaml' ? 'YAML' : 'TOML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MatnError('front-matter', file, `front matter must be a mapping of keys to values, not ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  const known = metadataSchema.shape;
  const result: Record<string, unknown> = {};
  const ignored: string[] = [];
  const invalid: string[] = [];
  const entries = Object.entries(value as Record<string, unknown>);
  // A key's own name wins over an alias of it.
  entries.sort(([a], [b]) => Number(a in known) - Number(b in known));
  for (const [rawKey, rawValue] of entries) {
    const key = (rawKey in known ? rawKey : ALIASES[rawKey]) as keyof typeof known | undefined;
    if (!key) {
      ignored.push(rawKey);
      continue;
    }
    // An empty value says nothing (`title: ''` in a Jekyll page whose layout writes the title).
    if (rawValue === '' || rawValue === null) continue;
    const parsed = known[key].safeParse(normalizeValue(key, rawValue));
    if (parsed.success) {
      if (parsed.data !== undefined) result[key] = parsed.data;
    } else invalid.push(`${rawKey} (${parsed.error.issues[0]?.message ?? 'not usable'})`);
  }
  if (ignored.length) warnings.push(`front matter: ${ignored.length === 1 ? 'a key' : `${ignored.length} keys`} matn does not use ${ignored.length === 1 ? 'was' : 'were'} ignored: ${ignored.map((k) => `"${k}"`).join(', ')}`);
  if (invalid.length) warnings.push(`front matter: ${invalid.length === 1 ? 'a value' : 'values'} matn cannot use ${invalid.length === 1 ? 'was' : 'were'} ignored: ${invalid.join('; ')}`);
  return result as MetadataInput;
}

/** Dates with a time ("2021-03-04 10:00:00 +0300", TOML dates), "ar_SA" locales, lists of names. */
function normalizeValue(key: keyof MetadataInput, value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().slice(0, 10);
  if ((key === 'date' || key === 'modified') && typeof value === 'string') return /^\d{4}(-\d{2}){0,2}/u.exec(value.trim())?.[0] ?? value;
  if (key === 'lang' && typeof value === 'string') return value.replace(/_/gu, '-');
  if ((key === 'author' || key === 'title' || key === 'description' || key === 'subject' || key === 'publisher') && Array.isArray(value)) return value.map(String).join('، ');
  if (key === 'keywords' && Array.isArray(value)) return value.map(String);
  if (typeof value === 'number' && key !== 'keywords') return String(value);
  return value;
}

const HEADING_ATTRIBUTES = /\s*\{\s*((?:[#.][^\s{}]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}]*))(?:\s+(?:[#.][^\s{}]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}]*)))*)\s*\}\s*$/u;
/** An MDX/JSX component tag: a capitalized or dotted name, or a fragment. */
const JSX_TAG = /<\/?(?:[A-Z][\w.]*|[a-z]+\.[\w.]+)(?:\s+(?:[^<>{}"']|"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\})*)?\s*\/?>|<\/?>/gu;
const JSX_IMAGE = /<img\b[^>]*\ssrc=\{/u;
const JSX_IMAGE_ALL = /<img\b(?:[^>{}]|\{(?:[^{}]|\{[^{}]*\})*\})*>/gu;
const MDX_HEADING_ID = /\s*\{\/\*\s*#([^\s*]+)\s*\*\/\}\s*$/u;
/** Docusaurus admonition fences (`:::info`, `:::`), in .md and .mdx alike. */
const ADMONITION = /(^|\s):::(?:[a-z]+)?(?=\s|$)/gu;
const MDX_COMMENT = /\{\/\*[\s\S]*?\*\/\}/gu;
const MDX_STATEMENT = /^(?:import\s[\s\S]*?from\s*['"][^'"]+['"];?|import\s*['"][^'"]+['"];?|export\s+(?:const|let|var|function|default)\s[\s\S]*)$/u;
const LIQUID_TAG = /\{%-?[\s\S]*?-?%\}/gu;
const HUGO_SHORTCODE = /\{\{[<%][\s\S]*?[>%]\}\}/gu;
const TEMPLATE_EXPRESSION = /\{\{[<%]?[\s\S]*?[>%]?\}\}/gu;

/**
 * Removes what site generators add: heading attributes, components, template tags. Code is
 * left as written.
 */
function siteSyntax(tree: Root, warnings: string[], context: Context): void {
  const found: Found = { ...context, attributes: 0, jsx: new Set<string>(), statements: 0, liquidTags: new Set<string>(), shortcodes: new Set<string>(), expressions: 0, admonitions: 0 };
  walk(tree, found);
  // MDX's import and export lines, in an MDX file or one with components.
  if (found.mdx || found.jsx.size) {
    tree.children = tree.children.filter((node) => {
      const statement = node.type === 'paragraph' && node.children.length === 1 && node.children[0]?.type === 'text' && MDX_STATEMENT.test(node.children[0].value.trim());
      if (statement) found.statements++;
      return !statement;
    });
  }
  if (found.attributes) warnings.push(`Markdown: ${found.attributes} heading attribute${found.attributes > 1 ? 's' : ''} ({#id}) became the heading's id and left its text`);
  if (found.jsx.size) warnings.push(`Markdown: MDX/JSX components reduced to their text: ${[...found.jsx].map((n) => `<${n}>`).join(', ')}`);
  if (found.statements) warnings.push(`Markdown: ${found.statements} MDX import/export line${found.statements > 1 ? 's' : ''} left out`);
  if (found.liquidTags.size) warnings.push(`Markdown: Liquid tags left out: ${[...found.liquidTags].map((n) => `{% ${n} %}`).join(', ')}`);
  if (found.shortcodes.size) warnings.push(`Markdown: Hugo shortcodes left out: ${[...found.shortcodes].map((n) => `{{< ${n} >}}`).join(', ')}`);
  if (found.admonitions) warnings.push(`Markdown: ${found.admonitions} admonition marker${found.admonitions > 1 ? 's' : ''} (:::) left out, their text kept`);
  if (found.expressions) warnings.push(`Markdown: ${found.expressions} template expression${found.expressions > 1 ? 's' : ''} ({{ … }}) left out`);
}

/**
 * What the document is: an MDX file; a Liquid (Jekyll) page. Only then are `{{ … }}` expressions
 * template syntax: elsewhere (Vue's or Angular's documentation) they are text the page shows.
 * Hugo's shortcodes (`{{< … >}}`, `{{% … %}}`) are always template syntax.
 */
interface Context {
  mdx: boolean;
  liquid: boolean;
}

type Found = Context & { attributes: number; jsx: Set<string>; statements: number; liquidTags: Set<string>; shortcodes: Set<string>; expressions: number; admonitions: number };

function walk(parent: Parent, found: Found): void {
  for (let i = 0; i < parent.children.length; i++) {
    const node = parent.children[i] as RootContent;
    if (node.type === 'code' || node.type === 'inlineCode') continue;
    if (node.type === 'html') {
      const replacement = reduceHtml(node, parent, found);
      if (replacement) {
        parent.children.splice(i, 1, ...(replacement as typeof parent.children));
        i += replacement.length - 1;
        continue;
      }
    }
    if (node.type === 'heading') headingAttributes(node, found);
    if (node.type === 'text') {
      node.value = reduceText(node.value, found);
    }
    if ('children' in node) walk(node, found);
    // A paragraph or heading left with nothing but white space goes.
    if ((node.type === 'paragraph' || node.type === 'heading') && node.children.every((c) => c.type === 'text' && c.value.trim() === '')) {
      parent.children.splice(i--, 1);
    }
  }
}


function reduceText(value: string, found: Found): string {
  let out = value;
  if (found.liquid && out.includes('{%')) {
    out = out.replace(LIQUID_TAG, (tag) => {
      found.liquidTags.add(/^\{%-?\s*(\w+)/u.exec(tag)?.[1] ?? '…');
      return '';
    });
  }
  if (out.includes('{{')) {
    out = out.replace(found.liquid || found.mdx ? TEMPLATE_EXPRESSION : HUGO_SHORTCODE, (expression) => {
      const shortcode = /^\{\{[<%]\s*\/?\s*([\w-]+)/u.exec(expression)?.[1];
      if (shortcode) {
        found.shortcodes.add(shortcode);
        return '';
      }
      found.expressions++;
      return '';
    });
  }
  if (found.mdx && out.includes('{/*')) out = out.replace(MDX_COMMENT, '');
  if (out.includes(':::')) {
    out = out.replace(ADMONITION, (_all, before: string) => {
      found.admonitions++;
      return before;
    });
  }
  return out;
}

/** Raw HTML holding components: the components go, the text between them is read as Markdown. */
function reduceHtml(node: Html, parent: Parent, found: Found): RootContent[] | undefined {
  JSX_TAG.lastIndex = 0;
  const jsxImage = JSX_IMAGE.test(node.value);
  if (!jsxImage && !JSX_TAG.test(node.value) && !node.value.includes('{/*')) return undefined;
  // An image whose address is a JavaScript expression (`src={require('…').default}`): its alternative text.
  const value = jsxImage
    ? node.value.replace(JSX_IMAGE_ALL, (tag) => {
        found.jsx.add('img src={…}');
        return ` ${/\balt=(?:"([^"]*)"|'([^']*)')/u.exec(tag)?.slice(1).find((v) => v !== undefined) ?? ''} `;
      })
    : node.value;
  const rest = reduceText(
    value.replace(JSX_TAG, (tag) => {
      found.jsx.add(/^<\/?([\w.]*)/u.exec(tag)?.[1] || 'fragment');
      return '\n';
    }),
    found,
  );
  if (rest.trim() === '') return [];
  const inline = parent.type === 'paragraph' || parent.type === 'heading' || parent.type === 'tableCell' || parent.type === 'emphasis' || parent.type === 'strong' || parent.type === 'link' || parent.type === 'delete';
  if (inline) return [{ type: 'text', value: rest }];
  const inner = parser.parse(rest.replace(/^[ \t]+/gmu, '')) as Root;
  walk(inner, found);
  return inner.children.filter((c) => c.type !== 'yaml' && c.type !== 'toml');
}

/** `## عنوان {#id}`: the id is kept for the heading, the braces leave its text. */
function headingAttributes(heading: Heading, found: Found): void {
  const last = heading.children[heading.children.length - 1];
  if (last?.type !== 'text') return;
  // Docusaurus's MDX form: `## عنوان {/* #id */}`
  const comment = MDX_HEADING_ID.exec(last.value);
  if (comment) {
    last.value = last.value.slice(0, comment.index);
    if (last.value === '') heading.children.pop();
    found.attributes++;
    heading.data = { ...heading.data, matnExplicitId: comment[1]! };
    return;
  }
  const match = HEADING_ATTRIBUTES.exec(last.value);
  if (!match) return;
  last.value = last.value.slice(0, match.index);
  if (last.value === '') heading.children.pop();
  found.attributes++;
  const id = /(?:^|\s)#([^\s{}]+)/u.exec(match[1]!)?.[1];
  if (id) heading.data = { ...heading.data, matnExplicitId: id };
}

/**
 * An ordered list as the numbered-points step leaves one: each item's number, and its style —
 * labels kept in the text ("1-a …"), or Markdown's own ")" marker read as the "1)" style.
 */
function numberedList(list: List, source: string): void {
  if (!list.ordered || list.children.length === 0) return;
  if (!labelledList(list)) {
    const start = list.start ?? 1;
    list.children.forEach((item, i) => (item.data = { ...item.data, matnValue: start + i }));
    const at = list.position?.start.offset;
    if (at !== undefined && /^\d{1,9}\)/u.test(source.slice(at, at + 10))) list.data = { ...list.data, matnStyle: 'paren' };
  }
}

/** Marks an ordered list whose items all carry their own label in the text, as numbered points do. */
function labelledList(list: List): boolean {
  const markers = list.children.map((item) => {
    const paragraph = item.children[0];
    const text = paragraph?.type === 'paragraph' && paragraph.children[0]?.type === 'text' ? paragraph.children[0].value : '';
    return parseMarker(text);
  });
  if (markers.some((m) => m === undefined || m.style === 'paren')) return false;
  const first = markers[0]!;
  list.data = { ...list.data, matnStyle: `${first.style}${first.digits === 'arabic-indic' ? '-arabic-indic' : ''}` };
  list.children.forEach((item, i) => {
    const m = markers[i]!;
    item.data = { ...item.data, matnMarker: m.text, matnMarkerInText: true, ...(m.value !== undefined ? { matnValue: m.value } : {}) };
    // "1-a" must read left to right, or it shows as "a-1" (as numbered points keep it).
    const paragraph = item.children[0] as Paragraph;
    const first = paragraph.children[0] as Text;
    if (/[a-zA-Z]/u.test(m.text)) {
      const label: NumberRun = { type: 'matnNumber', children: [{ type: 'text', value: m.text }] };
      paragraph.children.splice(0, 1, label, { type: 'text', value: first.value.slice(m.text.length) });
    }
  });
  return true;
}
