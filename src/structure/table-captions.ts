/**
 * remark plugin: a table's caption, from the paragraph just before or after it that says so —
 * pandoc's `Table: …` or `: …`, or a label as documents write them ("جدول 3: …", "الجدول ٢ – …",
 * "Table 2: …"). pandoc's markers are syntax and are left out of the caption; a label is the
 * document's own words and is kept. The paragraph moves into the table (every output then has a
 * `<caption>`), and the Markdown writer writes it back where it stood.
 */
import type { Paragraph, PhrasingContent, Root, RootContent, Table, Text } from 'mdast';
import type { Plugin } from 'unified';
import { toString } from 'mdast-util-to-string';
import type { TableCaption } from '../tree/types.js';

export interface TableCaptionsOptions {
  /** Longest caption, in characters (default 300): a longer paragraph is text about the table. */
  maxLength?: number;
}

const DIGITS = '[0-9\\u0660-\\u0669\\u06f0-\\u06f9]+';
/** pandoc's caption markers: dropped from the caption. */
const MARKER = /^(?:table\s*:|:)\s+/iu;
/** A document's own label: kept. */
const LABEL = new RegExp(`^(?:(?:ال)?جدول|table)\\s*(?:رقم\\s*)?(?:${DIGITS}|[\\p{L}]\\b)?\\s*[:：\\-–—.]\\s*\\S`, 'iu');

/** The caption a paragraph gives, if it is one. */
function captionOf(node: RootContent | undefined, maxLength: number): PhrasingContent[] | undefined {
  if (node?.type !== 'paragraph' || node.data?.matnForced !== undefined) return undefined;
  const text = toString(node).trim();
  if (text.length > maxLength || text.includes('\n')) return undefined;
  const first = node.children[0];
  if (first?.type !== 'text') return undefined;
  const marker = MARKER.exec(first.value);
  if (marker) {
    const rest: Text = { type: 'text', value: first.value.slice(marker[0].length) };
    return [...(rest.value ? [rest] : []), ...node.children.slice(1)];
  }
  return LABEL.test(text) ? node.children : undefined;
}

export const tableCaptions: Plugin<[TableCaptionsOptions?], Root> = (options = {}) => {
  const maxLength = options.maxLength ?? 300;
  const visit = (parent: { children: RootContent[] }): void => {
    const nodes = parent.children;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.type === 'table' && !node.data?.matnCaption) {
        for (const [side, at] of [['before', i - 1], ['after', i + 1]] as const) {
          const children = captionOf(nodes[at], maxLength);
          if (!children) continue;
          const caption: TableCaption = { children, source: nodes[at] as Paragraph, side };
          (node as Table).data = { ...node.data, matnCaption: caption };
          nodes.splice(at, 1);
          if (side === 'before') i--;
          break;
        }
      } else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading') {
        visit(node as { children: RootContent[] });
      }
    }
  };
  return (tree) => visit(tree);
};
