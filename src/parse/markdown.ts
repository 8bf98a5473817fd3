/**
 * Markdown sources: remark-parse with YAML front matter (remark-frontmatter). The front matter
 * is validated (title, author, date, lang, publisher, subject, keywords, description) and then
 * removed from the tree; a wrong key is an error naming the file.
 */
import type { Root } from 'mdast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { parse as parseYaml } from 'yaml';
import { MatnError } from '../errors.js';
import { parseMetadata, type MetadataInput } from '../read/metadata-schema.js';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

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
  return { tree, frontMatter };
}
