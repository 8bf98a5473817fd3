/**
 * remark plugin: the page's update line ("تم تحديث الصفحة في نوفمبر 2019", "آخر تحديث: …")
 * becomes a `matnUpdated` block and its date the document's modified date. A stand-alone date
 * line near the top ("28 فبراير 2022") becomes the document's date when none is set.
 */
import type { Root, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import type { Updated } from '../tree/types.js';
import { findDates } from './arabic-dates.js';
import { forcedRole, meta, textOf, wordCount } from './lines.js';

const UPDATE_WORDS = /(تحديث|حدثت|حُدّثت|حدّثت|تحدیث|آخر تعديل|اخر تعديل|أخر تعديل|[لآأا]خر مرة)/u;

/** "آخر تحديث: 3 مايو 2020": a short line with update wording and one date. */
export function isUpdateLine(text: string): boolean {
  return text.length <= 160 && wordCount(text) <= 12 && UPDATE_WORDS.test(text) && findDates(text).length === 1;
}

export const updateLine: Plugin<[], Root> = () => (tree, file) => {
  const info = meta(file);
  tree.children = tree.children.map((node, index): RootContent => {
    if (node.type !== 'paragraph' || (forcedRole(node) !== undefined && forcedRole(node) !== 'keep')) return node;
    const text = textOf(node).trim();
    if (text.length > 160 || wordCount(text) > 12) return node;
    const dates = findDates(text);
    if (dates.length !== 1) return node;
    const date = dates[0]!;
    // `isUpdateLine(text)`, of which the length, the word count and the one date are known by now
    if (UPDATE_WORDS.test(text)) {
      if (!info.modified) {
        info.modified = date.datetime;
        info.modifiedText = date.text;
      }
      const updated: Updated = { type: 'matnUpdated', children: node.children, position: node.position };
      return updated;
    }
    // A line that is only a date, in the first few blocks: the document's date.
    if (index <= 4 && date.text.length >= text.replace(/[.،,]$/u, '').length - 1 && !info.date) info.date = date.datetime;
    return node;
  });
};
