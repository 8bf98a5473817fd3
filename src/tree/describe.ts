/** A one-sentence description of a document for `<meta name="description">`: its first paragraph, shortened. */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';

export function describe(tree: Root, maxLength = 200): string | undefined {
  const first = tree.children.find((n) => n.type === 'paragraph');
  if (!first) return undefined;
  const text = toString(first).replace(/\s+/gu, ' ').trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxLength - 20))}…`;
}
