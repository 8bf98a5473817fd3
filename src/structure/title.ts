/**
 * remark plugin: the document title and its `h1`.
 * - a line the sidecar marks `role: title` becomes the h1;
 * - else, with a title in front matter or the sidecar, the source's own h1 is kept when it has
 *   one, or an h1 with that title is put first (the first line then stays body text);
 * - else a Markdown document's first h1, or a plain-text document's first line unless it is a
 *   sentence or a date (then the title comes from the file name, with a warning).
 * There is exactly one h1 afterwards; the document title is on `file.data.matn.title`.
 */
import type { Root, Heading, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import { forcedRole, isLine, meta, textOf } from './lines.js';
import { mayBeTitle } from './classify-lines.js';

function toH1(node: RootContent): Heading | undefined {
  if (node.type !== 'paragraph' && node.type !== 'heading') return undefined;
  return { type: 'heading', depth: 1, children: node.children, position: node.position, data: { ...node.data } };
}

export const title: Plugin<[], Root> = () => (tree, file) => {
  const info = meta(file);
  const forced = tree.children.findIndex((n) => forcedRole(n) === 'title');
  const firstH1 = tree.children.findIndex((n) => n.type === 'heading' && n.depth === 1);
  let index = forced !== -1 ? forced : firstH1;
  // A capture the line classifier has read: its title is the line it took for one, never just
  // the first line (a menu label or an update line as often as not).
  const guessing = tree.children.some((n) => n.data?.matnGuess !== undefined);
  if (index === -1 && !info.title && guessing) index = tree.children.findIndex((n) => n.data?.matnGuess?.role === 'title');
  if (index === -1 && !info.title && !guessing) {
    index = tree.children.findIndex((n) => n.type === 'paragraph');
    // a typed document that opens with a sentence or a date has no title line
    const first = tree.children[index];
    if (isLine(first) && forcedRole(first) === undefined && !mayBeTitle(first.data.matnLine.raw)) index = -1;
  }
  const h1 = index === -1 ? undefined : toH1(tree.children[index]!);
  if (h1) {
    tree.children[index] = h1;
    info.title ||= textOf(h1).trim();
  } else {
    if (!info.title) {
      const heading = tree.children.find((n) => n.data?.matnGuess?.role === 'heading');
      info.title = heading ? textOf(heading).trim() : (file.stem ?? 'Untitled');
      info.warnings.push(`${file.path ?? 'document'}: no title line found; the title "${info.title}" comes from the ${heading ? 'first heading' : 'file name'} (set one with "title:" in a sidecar or front matter)`);
    }
    tree.children.unshift({ type: 'heading', depth: 1, children: [{ type: 'text', value: info.title }] });
    index = 0;
  }
  // One h1 only: any other level-1 heading of a Markdown source becomes a section.
  tree.children.forEach((node, i) => {
    if (i !== index && node.type === 'heading' && node.depth === 1) node.depth = 2;
  });
};
