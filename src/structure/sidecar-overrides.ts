/**
 * remark plugin: applies a sidecar's line rules before any recovery runs. A rule marks the
 * matching line with the role the user chose (`data.matnForced`); every later plugin respects
 * it. Rules that match no line are reported as warnings, never silently ignored.
 * The rules come from the options, or else from the file (`file.data.matnSidecar`), so one
 * processor serves every document of a build.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import type { LineRule } from '../read/sidecar.js';
import { isLine, meta } from './lines.js';

export interface SidecarOverridesOptions {
  rules?: LineRule[];
  /** Where the rules came from, for messages. */
  source?: string;
}

export const sidecarOverrides: Plugin<[SidecarOverridesOptions?], Root> = (fixed = {}) => {
  return (tree, file) => {
    const options = fixed.rules ? fixed : (file.data.matnSidecar ?? {});
    const rules = options.rules ?? [];
    if (rules.length === 0) return;
    const used = new Set<number>();
    tree.children = tree.children.filter((node) => {
      if (!isLine(node)) return true;
      const line = node.data.matnLine;
      const index = rules.findIndex((r) => (r.line !== undefined ? r.line === line.number : r.text === line.raw.trim()));
      if (index === -1) return true;
      used.add(index);
      const rule = rules[index]!;
      if (rule.role === 'drop') {
        meta(file).dropped.push({ line: line.number, text: line.raw, reason: 'sidecar' });
        return false;
      }
      node.data.matnForced = rule.level === undefined ? { role: rule.role } : { role: rule.role, level: rule.level };
      return true;
    });
    rules.forEach((rule, i) => {
      if (!used.has(i)) {
        meta(file).warnings.push(
          `${options.source ?? 'sidecar'}: rule ${i + 1} (${rule.line !== undefined ? `line ${rule.line}` : `text "${rule.text}"`}) matches no line`,
        );
      }
    });
  };
};
