/**
 * What the recovered tree made of each source line, in the vocabulary of the line-role gold files
 * (`../shared/tools/roles_score.py`): title, h2–h6, p, ulN/olN, cont, drop, meta, see-more, row.
 * `matn inspect` prints it and `npm run eval` scores it.
 */
import type { Root, RootContent, ListItem } from 'mdast';
import type { DocumentMeta } from './types.js';

export interface LineRole {
  /** title, h2…h6, p, ul1/ol2…, cont, drop, meta, see-more, row. */
  role: string;
  /** The block this line belongs to (lines of one block share it). */
  block: number;
  /** Why the pipeline decided so, when a plugin said. */
  why?: string | undefined;
}

type Positioned = { position?: { start: { line: number }; end: { line: number } } | undefined; data?: unknown };

function linesOf(node: Positioned): number[] {
  if (!node.position) return [];
  const out: number[] = [];
  for (let l = node.position.start.line; l <= node.position.end.line; l++) out.push(l);
  return out;
}

function whyOf(node: Positioned): string | undefined {
  const data = node.data as { matnWhy?: string } | undefined;
  return data?.matnWhy;
}

/** Role of every source line the tree shows, plus the dropped ones. */
export function lineRoles(tree: Root, meta: Pick<DocumentMeta, 'dropped'>): Map<number, LineRole> {
  const roles = new Map<number, LineRole>();
  let block = 0;
  const mark = (node: Positioned, role: string, why = whyOf(node)) => {
    block++;
    linesOf(node).forEach((line, i) => {
      if (!roles.has(line)) roles.set(line, { role: i === 0 ? role : 'cont', block, why });
    });
  };
  const item = (node: ListItem, kind: string, depth: number) => {
    block++;
    const itemBlock = block;
    let first = true;
    for (const child of node.children) {
      if (child.type === 'list') {
        list(child, depth + 1);
        continue;
      }
      for (const line of linesOf(child)) {
        if (!roles.has(line)) roles.set(line, { role: first ? `${kind}${depth}` : 'cont', block: itemBlock, why: whyOf(child) ?? whyOf(node) });
        first = false;
      }
    }
  };
  const list = (node: Extract<RootContent, { type: 'list' }>, depth: number) => {
    for (const child of node.children) item(child, node.ordered ? 'ol' : 'ul', depth);
  };
  for (const node of tree.children) {
    switch (node.type) {
      case 'heading':
        mark(node, node.depth === 1 ? 'title' : `h${node.depth}`);
        break;
      case 'list':
        list(node, 1);
        break;
      case 'table':
        for (const row of node.children) mark(row, 'row', whyOf(node));
        break;
      case 'matnUpdated':
        mark(node, 'meta');
        break;
      case 'matnSeeMore':
        mark(node, 'see-more', whyOf(node.children[0] ?? node));
        break;
      default:
        mark(node as Positioned, 'p');
    }
  }
  for (const dropped of meta.dropped) {
    if (dropped.line !== undefined && !roles.has(dropped.line)) roles.set(dropped.line, { role: 'drop', block: ++block, why: dropped.reason });
  }
  return roles;
}
