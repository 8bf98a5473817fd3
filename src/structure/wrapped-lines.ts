/**
 * remark plugin: rejoins a sentence that the capture hard-wrapped over two lines. A line is
 * continued by the next when both are in the same block (no blank line between), the first is
 * long and does not end a sentence, and the next is not a list item or label.
 */
import type { Root, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import { isLine, mayBe, TERMINAL_PUNCTUATION, wordCount, type LineParagraph } from './lines.js';
import { BULLET_MARKER } from './bullet-lists.js';
import { NUMBER_MARKER } from './numbered-points.js';

export interface WrappedLinesOptions {
  /** A line shorter than this many words is never continued (it may be a heading or label). */
  minWords?: number;
}

export const wrappedLines: Plugin<[WrappedLinesOptions?], Root> = (options = {}) => {
  const minWords = options.minWords ?? 8;
  return (tree) => {
    const out: RootContent[] = [];
    for (const node of tree.children) {
      const prev = out[out.length - 1];
      if (
        isLine(prev) &&
        isLine(node) &&
        !prev.data.matnLine.blankAfter &&
        prev.data.matnForced === undefined &&
        node.data.matnForced === undefined &&
        mayBe(node, 'paragraph') &&
        (prev.data.matnGuess?.role ?? 'p') === 'p' &&
        (node.data.matnGuess?.role ?? 'p') === 'p' &&
        wordCount(prev.data.matnLine.raw) >= minWords &&
        !TERMINAL_PUNCTUATION.test(prev.data.matnLine.raw) &&
        !BULLET_MARKER.test(node.data.matnLine.raw) &&
        !NUMBER_MARKER.test(node.data.matnLine.raw) &&
        !BULLET_MARKER.test(prev.data.matnLine.raw) &&
        !NUMBER_MARKER.test(prev.data.matnLine.raw)
      ) {
        join(prev, node);
        continue;
      }
      out.push(node);
    }
    tree.children = out;
  };
};

function join(prev: LineParagraph, next: LineParagraph): void {
  prev.children.push({ type: 'text', value: '\n' }, ...next.children);
  prev.data.matnLine = { ...prev.data.matnLine, raw: `${prev.data.matnLine.raw} ${next.data.matnLine.raw}`, blankAfter: next.data.matnLine.blankAfter };
  if (prev.position && next.position) prev.position.end = next.position.end;
}
