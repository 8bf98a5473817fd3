/**
 * remark plugin: dates in running text ("28 آذار/مارس 2019", "في آب/أغسطس 2014") become
 * `matnDate` nodes with an ISO `datetime`, rendered as `<time>`. A date never starts or ends
 * inside a word ("و26 نيسان" tags only "نيسان …").
 */
import type { Root, Text, PhrasingContent, Parent } from 'mdast';
import type { Plugin } from 'unified';
import type { DateMark } from '../tree/types.js';
import { findDates } from './arabic-dates.js';
import { splitText } from './split-text.js';

export const dates: Plugin<[], Root> = () => (tree) => {
  splitText(tree, (node: Text): PhrasingContent[] | undefined => {
    const found = findDates(node.value);
    if (found.length === 0) return undefined;
    const parts: PhrasingContent[] = [];
    let at = 0;
    for (const d of found) {
      if (d.index > at) parts.push({ type: 'text', value: node.value.slice(at, d.index) });
      const mark: DateMark = { type: 'matnDate', datetime: d.datetime, children: [{ type: 'text', value: d.text }] };
      parts.push(mark);
      at = d.index + d.text.length;
    }
    if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) });
    return parts;
  }, new Set<Parent['type']>(['matnDate', 'matnForeign', 'matnNumber', 'link', 'inlineCode', 'code']));
};
