/**
 * remark plugin: lists without markers. A browser's text of a page (`innerText`, select-all and
 * copy) has no "•" before list items: they are consecutive short lines. Lines the line
 * classifier took for list items (`data.matnGuess`) become items of one bullet list while they
 * follow each other; a line of body text between two items of the run (a second paragraph of an
 * item, separated by blank lines) stays inside the item above it.
 */
import type { List, ListItem, Paragraph, Root, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import { isLine, type LineParagraph } from './lines.js';

function guessed(node: RootContent | undefined, role: string): node is LineParagraph {
  return isLine(node) && node.data.matnForced === undefined && node.data.matnGuess?.role === role;
}

function paragraph(node: LineParagraph): Paragraph {
  return { type: 'paragraph', children: node.children, position: node.position, data: node.data };
}

export const plainLists: Plugin<[], Root> = () => (tree) => {
  const out: RootContent[] = [];
  const nodes = tree.children;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (!guessed(node, 'item')) {
      out.push(node);
      continue;
    }
    const list: List = { type: 'list', ordered: false, spread: false, children: [], data: {} };
    while (i < nodes.length) {
      const current = nodes[i];
      if (guessed(current, 'item')) {
        const item: ListItem = { type: 'listItem', spread: false, children: [paragraph(current)], position: current.position, data: {} };
        list.children.push(item);
        i++;
        continue;
      }
      // a paragraph between two items, set off by blank lines: the item's second paragraph
      const next = nodes[i + 1];
      if (guessed(current, 'p') && current.data.matnLine.blankBefore && guessed(next, 'item') && list.children.length > 0) {
        const last = list.children[list.children.length - 1]!;
        last.children.push(paragraph(current));
        last.spread = true;
        i++;
        continue;
      }
      break;
    }
    i--;
    out.push(list);
  }
  tree.children = out;
};
