/**
 * remark plugin: bullet lists. Lines that start with a bullet ("•", "·", "-", "*", "▪", "◦",
 * "●") become list items; consecutive bullet lines form one list, blank lines between them
 * allowed; a more indented bullet opens a list nested in the item above it.
 */
import type { List, ListItem, Root, RootContent, Paragraph } from 'mdast';
import type { Plugin } from 'unified';
import { isLine, mayBe, forcedRole, type LineParagraph } from './lines.js';

export const BULLET_MARKER = /^[•·*\-–▪◦●○■□►▸‣⁃]\s+(?=\S)/u;

export interface BulletListsOptions {
  /** Characters accepted as bullets (a space must follow). */
  markers?: string;
}

/** Strip the bullet from the paragraph's first text node. */
function stripMarker(node: LineParagraph, marker: RegExp): Paragraph {
  const first = node.children[0];
  if (first?.type === 'text') first.value = first.value.replace(marker, '');
  return { type: 'paragraph', children: node.children, position: node.position, data: node.data };
}

export function isBulletLine(node: RootContent | undefined, marker = BULLET_MARKER): node is LineParagraph {
  if (!isLine(node)) return false;
  if (forcedRole(node) === 'bullet') return true;
  return mayBe(node, 'bullet') && forcedRole(node) === undefined && marker.test(node.data.matnLine.raw);
}

export const bulletLists: Plugin<[BulletListsOptions?], Root> = (options = {}) => {
  const marker = options.markers
    ? new RegExp(`^[${options.markers.replace(/[\]\\^-]/g, '\\$&')}]\\s+(?=\\S)`, 'u')
    : BULLET_MARKER;
  return (tree) => {
    const out: RootContent[] = [];
    let i = 0;
    const nodes = tree.children;
    while (i < nodes.length) {
      const node = nodes[i];
      if (!isBulletLine(node, marker)) {
        out.push(node!);
        i++;
        continue;
      }
      // Collect the run of bullet lines.
      const run: LineParagraph[] = [];
      while (i < nodes.length && isBulletLine(nodes[i], marker)) run.push(nodes[i++] as LineParagraph);
      out.push(buildList(run, marker));
    }
    tree.children = out;
  };
};

function newList(indent: number): List {
  return { type: 'list', ordered: false, spread: false, children: [], data: { matnIndent: indent } };
}

/** Nest by indentation: a line more indented than its predecessor opens a sub-list in it. */
function buildList(run: LineParagraph[], marker: RegExp): List {
  const root = newList(run[0]!.data.matnLine.indent);
  const stack: List[] = [root];
  for (const line of run) {
    const indent = line.data.matnLine.indent;
    let top = stack[stack.length - 1]!;
    if (indent > (top.data!.matnIndent ?? 0) && top.children.length > 0) {
      const parentItem = top.children[top.children.length - 1]!;
      const sub = newList(indent);
      parentItem.children.push(sub);
      stack.push(sub);
      top = sub;
    } else {
      while (stack.length > 1 && indent < (top.data!.matnIndent ?? 0)) {
        stack.pop();
        top = stack[stack.length - 1]!;
      }
    }
    const item: ListItem = { type: 'listItem', spread: false, children: [stripMarker(line, marker)], position: line.position, data: {} };
    top.children.push(item);
  }
  return root;
}
