/**
 * Markdown sources: remark-parse with YAML front matter (remark-frontmatter) and GFM tables. The
 * front matter is validated (title, author, date, lang, publisher, subject, keywords, description)
 * and then removed from the tree; a wrong key is an error naming the file.
 *
 * An ordered list whose every item opens with its own label ("1. 1. …", "1. 1-a …", as matn's
 * Markdown writer writes numbered points that keep their labels) is read as such a list: the
 * label stays in the text and the list is not numbered twice.
 */
import type { List, Paragraph, Root, Text } from 'mdast';
import type { NumberRun } from '../tree/types.js';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { parse as parseYaml } from 'yaml';
import { MatnError } from '../errors.js';
import { parseMetadata, type MetadataInput } from '../read/metadata-schema.js';
import { parseMarker } from '../structure/numbered-points.js';
import { eachNode } from '../tree/walk.js';

const parser = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(function gfmTables() {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(gfmTable());
    (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
  });

export interface ParsedMarkdown {
  tree: Root;
  frontMatter: MetadataInput;
}

export function parseMarkdown(text: string, file: string): ParsedMarkdown {
  const tree = parser.parse(text) as Root;
  let frontMatter: MetadataInput = {};
  const first = tree.children[0];
  if (first?.type === 'yaml') {
    let value: unknown;
    try {
      value = parseYaml(first.value) ?? {};
    } catch (error) {
      throw new MatnError('front-matter', file, `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    frontMatter = parseMetadata(value, file, 'front-matter');
    tree.children.shift();
  }
  eachNode(tree, (node) => {
    if (node.type === 'list') numberedList(node as List, text);
  });
  return { tree, frontMatter };
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
