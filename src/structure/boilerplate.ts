/**
 * remark plugin: drops site boilerplate — share buttons and trailing navigation captured with
 * the page ("حصة", "في نفس الموضوع", "روابط هامة"). Only a line whose whole text is one of the
 * configured lines is dropped; nothing else ever is. Every drop is recorded on the file so
 * `matn inspect` can show it.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { comparable, forcedRole, meta, textOf } from './lines.js';

export const DEFAULT_BOILERPLATE = [
  'حصة',
  'شارك',
  'مشاركة',
  'طباعة',
  'في نفس الموضوع',
  'روابط هامة',
  'روابط مفيدة',
  'اقرأ أيضا',
  'اقرأ أيضًا',
  'العودة إلى أعلى الصفحة',
];

export interface BoilerplateOptions {
  /** Whole lines to drop. Compared without diacritics, punctuation or case. */
  lines?: string[];
}

export const boilerplate: Plugin<[BoilerplateOptions?], Root> = (options = {}) => {
  const lines = options.lines ?? DEFAULT_BOILERPLATE;
  const drop = new Set(lines.map(comparable).filter(Boolean));
  // Longer lines cannot be boilerplate: skip normalising them.
  const longest = Math.max(0, ...lines.map((l) => l.length)) * 2 + 8;
  return (tree, file) => {
    const chrome: number[] = [];
    tree.children = tree.children.filter((node) => {
      if (node.type !== 'paragraph' || forcedRole(node) !== undefined) return true;
      if (node.data?.matnGuess?.role === 'drop') {
        meta(file).dropped.push({ line: node.position?.start.line, text: textOf(node).trim(), reason: `site chrome (${node.data.matnWhy ?? 'line classifier'})` });
        if (node.position) chrome.push(node.position.start.line);
        return false;
      }
      const text = textOf(node);
      if (text.length > longest || !drop.has(comparable(text))) return true;
      meta(file).dropped.push({ line: node.position?.start.line, text: text.trim(), reason: 'boilerplate' });
      return false;
    });
    if (chrome.length > 0) {
      const shown = chrome.slice(0, 12).map((l) => `L${l}`).join(', ');
      meta(file).warnings.push(
        `${file.path ?? 'document'}: ${chrome.length} line${chrome.length === 1 ? '' : 's'} dropped as site chrome (${shown}${chrome.length > 12 ? ', …' : ''}); \`matn inspect\` lists them, and a sidecar rule "keep" brings one back`,
      );
    }
  };
};
