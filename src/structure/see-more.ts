/**
 * remark plugin: "see more" lines — "للاطلاع على المزيد من المعلومات عن …" and the like —
 * become their own block (`matnSeeMore`), rendered as an aside pointing to further reading.
 */
import type { Root, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import type { SeeMore } from '../tree/types.js';
import { comparable, forcedRole, isLine, textOf, wordCount } from './lines.js';

export const DEFAULT_SEE_MORE_PREFIXES = [
  'للاطلاع على المزيد',
  'للإطلاع على المزيد',
  'لمزيد من المعلومات',
  'للمزيد من المعلومات',
  'لمعرفة المزيد',
  'للتعرف على المزيد',
  'اقرأ المزيد',
  'المزيد من المعلومات عن',
  'انظر أيضا',
  'انظر أيضًا',
];

export interface SeeMoreOptions {
  prefixes?: string[];
  /** Longer lines are body text even when they open with a prefix. */
  maxWords?: number;
}

export const seeMore: Plugin<[SeeMoreOptions?], Root> = (options = {}) => {
  const prefixes = (options.prefixes ?? DEFAULT_SEE_MORE_PREFIXES).map(comparable);
  const maxWords = options.maxWords ?? 25;
  // Enough of a line's start to hold any prefix, with room for diacritics and punctuation.
  const longest = Math.max(0, ...(options.prefixes ?? DEFAULT_SEE_MORE_PREFIXES).map((p) => p.length)) * 2 + 8;
  const matches = (node: RootContent): boolean => {
    if (node.type !== 'paragraph') return false;
    const forced = forcedRole(node);
    if (forced === 'see-more') return true;
    if (forced !== undefined && forced !== 'keep') return false;
    if (node.data?.matnGuess?.role === 'heading' || node.data?.matnGuess?.role === 'title') return false;
    // A line of a plain-text source carries its text; only a paragraph that opens with a prefix is read whole.
    const opening = isLine(node) ? node.data.matnLine.raw : textOf(node);
    const key = comparable(opening.slice(0, longest));
    return prefixes.some((p) => key.startsWith(p)) && wordCount(textOf(node)) <= maxWords;
  };
  return (tree) => {
    tree.children = tree.children.map((node): RootContent => {
      if (!matches(node) || node.type !== 'paragraph') return node;
      const block: SeeMore = { type: 'matnSeeMore', children: [node], position: node.position };
      return block;
    });
  };
};
