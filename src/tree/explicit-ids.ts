/**
 * A heading's id given by its source (`## عنوان {#intro}` in Markdown) replaces the one made from
 * its text, in every output (HTML anchors, the contents box, PDF bookmarks, EPUB navigation).
 * Another heading that was given the same id by its text gets a "-1" suffix, so ids stay unique.
 */
import type { Heading, Root } from 'mdast';
import { eachNode } from './walk.js';

export function explicitHeadingIds(tree: Root): void {
  const headings: Heading[] = [];
  eachNode(tree, (node) => {
    if (node.type === 'heading') headings.push(node as Heading);
  });
  const explicit = new Set(headings.map((h) => h.data?.matnExplicitId).filter((id): id is string => id !== undefined));
  if (explicit.size === 0) return;
  const used = new Set<string>();
  const set = (heading: Heading, id: string) => {
    heading.data = { ...heading.data, id, hProperties: { ...(heading.data?.hProperties ?? {}), id } };
    used.add(id);
  };
  for (const heading of headings) {
    const id = heading.data?.matnExplicitId;
    if (id !== undefined && !used.has(id)) set(heading, id);
  }
  for (const heading of headings) {
    const own = heading.data?.matnExplicitId;
    if (own !== undefined && heading.data?.id === own) continue;
    const id = heading.data?.id;
    if (id === undefined || !used.has(id)) {
      if (id !== undefined) used.add(id);
      continue;
    }
    let n = 1;
    while (used.has(`${id}-${n}`)) n++;
    set(heading, `${id}-${n}`);
  }
}
