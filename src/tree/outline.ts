/** The document's outline: its headings below the title, nested by level. */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';

export interface OutlineEntry {
  id: string;
  level: number;
  text: string;
  children: OutlineEntry[];
}

export function buildOutline(tree: Root): OutlineEntry[] {
  const top: OutlineEntry[] = [];
  const stack: OutlineEntry[] = [];
  for (const node of tree.children) {
    if (node.type !== 'heading' || node.depth < 2) continue;
    const entry: OutlineEntry = { id: node.data?.id ?? '', level: node.depth, text: toString(node).trim(), children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.level >= entry.level) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1]!.children : top).push(entry);
    stack.push(entry);
  }
  return top;
}

/** Every entry, depth first. */
export function flattenOutline(entries: OutlineEntry[]): OutlineEntry[] {
  return entries.flatMap((e) => [e, ...flattenOutline(e.children)]);
}
