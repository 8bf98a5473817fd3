/**
 * remark plugin: numbers inside Arabic sentences ("1.25", "100,000", "2030/2031") become
 * `matnNumber` nodes, isolated left-to-right so a number can never reorder the words next to
 * it. Only whole tokens are isolated: a digit run glued to a letter ("و26") stays as written.
 */
import type { Root, Text, PhrasingContent } from 'mdast';
import type { Plugin } from 'unified';
import type { NumberRun } from '../tree/types.js';
import { splitText } from './split-text.js';
import { allMatches } from './lines.js';

const DIGIT = '[0-9\\u0660-\\u0669\\u06f0-\\u06f9]';
export const NUMBER_RUN = new RegExp(
  `(?<![\\p{L}\\p{N}\\p{M}_])${DIGIT}+(?:[.,:/\\-\\u066b\\u066c]${DIGIT}+)*(?![\\p{L}\\p{N}\\p{M}_])`,
  'gu',
);

/** Every run has one: texts without a digit are skipped before the long pattern runs. */
const ANY_DIGIT = new RegExp(DIGIT, 'u');

export interface NumberRunsOptions {
  /** Isolate only numbers with separators (1.25, 2030/2031), not plain ones like 2019. */
  onlyCompound?: boolean;
}

export const numberRuns: Plugin<[NumberRunsOptions?], Root> = (options = {}) => {
  const onlyCompound = options.onlyCompound ?? false;
  return (tree) => {
    splitText(tree, (node: Text): PhrasingContent[] | undefined => {
      const value = node.value;
      if (!ANY_DIGIT.test(value)) return undefined;
      const parts: PhrasingContent[] = [];
      let at = 0;
      for (const m of allMatches(NUMBER_RUN, value)) {
        if (onlyCompound && !/[^0-9\u0660-\u0669\u06f0-\u06f9]/u.test(m[0])) continue;
        if (m.index! > at) parts.push({ type: 'text', value: value.slice(at, m.index) });
        const run: NumberRun = { type: 'matnNumber', children: [{ type: 'text', value: m[0] }] };
        parts.push(run);
        at = m.index! + m[0].length;
      }
      if (parts.length === 0) return undefined;
      if (at < value.length) parts.push({ type: 'text', value: value.slice(at) });
      return parts;
    }, new Set(['matnForeign', 'matnNumber', 'matnDate', 'link', 'inlineCode', 'code']));
  };
};
