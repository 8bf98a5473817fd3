/**
 * remark plugin: a link that ends inside a word takes the rest of the word ("[سامي الحلب](…)ي",
 * as a site's editor selected it). Split, the word is two words to search, to copy and to a
 * screen reader, and its letters may not join across the link's edge.
 */
import type { Link, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { Plugin } from 'unified';
import { eachNode } from '../tree/walk.js';

/** The letters and marks a word goes on with (Arabic letters join through marks and tatweel). */
const WORD_START = /^[\p{L}\p{M}\u0640]+/u;
const WORD_END = /[\p{L}\p{M}\u0640]$/u;

function lastText(link: Link): Text | undefined {
  let node: PhrasingContent | undefined = link.children.at(-1);
  while (node && 'children' in node) node = (node.children as PhrasingContent[]).at(-1);
  return node?.type === 'text' ? node : undefined;
}

export const linkWords: Plugin<[], Root> = () => (tree) => {
  eachNode<Parent>(tree, (parent) => {
    if (!('children' in parent) || !Array.isArray(parent.children)) return;
    const children = parent.children as PhrasingContent[];
    for (let i = 0; i + 1 < children.length; i++) {
      const link = children[i]!;
      const next = children[i + 1]!;
      if (link.type !== 'link' || next.type !== 'text') continue;
      const end = lastText(link);
      const rest = WORD_START.exec(next.value)?.[0];
      if (!end || !rest || !WORD_END.test(end.value)) continue;
      end.value += rest;
      next.value = next.value.slice(rest.length);
      if (next.value === '') children.splice(i + 1, 1);
    }
  });
};
