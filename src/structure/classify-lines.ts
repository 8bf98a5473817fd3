/**
 * remark plugin: guesses what each line of a plain-text capture is — site chrome, the title, a
 * heading, a list item or body text — with the line classifier (`line-model.ts`), then settles
 * the guesses on the whole document:
 * - a line is dropped as site chrome only on strong evidence: the classifier is sure
 *   (`dropAt`), the line is short, and it lies outside the running text (before the first or
 *   after the last paragraph of prose) unless the classifier is surer still (`dropInsideAt`);
 * - one line at most is the title: the likeliest, when likely enough;
 * - every other line takes its likeliest role.
 * The later plugins (boilerplate, title, lists, headings) read the guess from `data.matnGuess`;
 * `data.matnWhy` says why, for `matn inspect`. Lines the user forced keep their role.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { isLine, forcedRole, wordCount, type LineParagraph } from './lines.js';
import { lineFeatures } from './line-features.js';
import { predict, SHIPPED_LINE_MODEL, type LineClass, type LineModel } from './line-model.js';

export interface ClassifyLinesOptions {
  /** The classifier's weights (default: the shipped model); `false` turns guessing off. */
  model?: LineModel | false | undefined;
  /** Probability of "chrome" above which a short line outside the running text is dropped. */
  dropAt?: number;
  /** … and above which a short line inside it is. */
  dropInsideAt?: number;
  /** Longer lines are never dropped. */
  dropMaxWords?: number;
  /** Probability the title line must reach. */
  titleAt?: number;
}

export interface LineGuess {
  role: LineClass;
  p: Record<LineClass, number>;
}

const TERMINAL = /[.!?؟…]["'”’»)\]]?$/u;

function isProse(text: string): boolean {
  const n = wordCount(text);
  return n >= 12 && (TERMINAL.test(text) || /[،,:]$/u.test(text) || n >= 25);
}

function reasons(node: LineParagraph, guess: LineGuess, outside: 'before' | 'after' | undefined, runLength: number): string {
  const text = node.data.matnLine.raw;
  const n = wordCount(text);
  const parts = [`${guess.role} ${Math.round(guess.p[guess.role] * 100)}%`, `${n} word${n === 1 ? '' : 's'}`];
  if (TERMINAL.test(text)) parts.push('ends a sentence');
  if (outside === 'before') parts.push('before the running text');
  if (outside === 'after') parts.push('after the running text');
  if (runLength > 2) parts.push(`in a run of ${runLength} lines with no blank line`);
  if (text.includes('\t')) parts.push('tab-separated cells');
  return parts.join(', ');
}

export const classifyLines: Plugin<[ClassifyLinesOptions?], Root> = (options = {}) => {
  const model = options.model === undefined ? SHIPPED_LINE_MODEL : options.model;
  const dropAt = options.dropAt ?? 0.6;
  const dropInsideAt = options.dropInsideAt ?? 0.95;
  const dropMaxWords = options.dropMaxWords ?? 12;
  const titleAt = options.titleAt ?? 0.25;
  return (tree) => {
    if (!model) return;
    const lines = tree.children.filter(isLine);
    if (lines.length === 0) return;
    const features = lineFeatures(lines.map((l) => ({ text: l.data.matnLine.raw, blankBefore: l.data.matnLine.blankBefore, blankAfter: l.data.matnLine.blankAfter, indent: l.data.matnLine.indent })));
    const guesses: LineGuess[] = features.map((f) => {
      const p = predict(model, f);
      const role = (Object.keys(p) as LineClass[]).reduce((a, b) => (p[b] > p[a] ? b : a));
      return { role, p };
    });
    const prose = lines.map((l) => isProse(l.data.matnLine.raw));
    const first = prose.indexOf(true);
    const last = prose.lastIndexOf(true);
    const runLengths: number[] = [];
    for (let i = 0, start = 0; i < lines.length; i++) {
      if (i === lines.length - 1 || lines[i]!.data.matnLine.blankAfter) {
        for (let j = start; j <= i; j++) runLengths[j] = i - start + 1;
        start = i + 1;
      }
    }
    // Chrome only on strong evidence.
    guesses.forEach((g, i) => {
      if (g.role !== 'drop' && g.p.drop < dropAt) return;
      const outside = first === -1 || i < first || i > last;
      const sure = g.p.drop >= (outside ? dropAt : dropInsideAt) && wordCount(lines[i]!.data.matnLine.raw) <= dropMaxWords;
      if (sure) g.role = 'drop';
      else if (g.role === 'drop') {
        const rest = (['title', 'heading', 'item', 'p'] as const).reduce((a, b) => (g.p[b] > g.p[a] ? b : a));
        g.role = rest;
      }
    });
    // One title: the likeliest line that is not chrome.
    let best = -1;
    guesses.forEach((g, i) => {
      if (g.role === 'title') g.role = g.p.heading >= g.p.p ? 'heading' : 'p';
      if (g.role !== 'drop' && g.p.title >= titleAt && (best === -1 || g.p.title > guesses[best]!.p.title)) best = i;
    });
    if (best !== -1) guesses[best]!.role = 'title';
    lines.forEach((node, i) => {
      if (forcedRole(node) !== undefined) return;
      const outside = first === -1 ? undefined : i < first ? 'before' : i > last ? 'after' : undefined;
      node.data.matnGuess = guesses[i]!;
      node.data.matnWhy = reasons(node, guesses[i]!, outside, runLengths[i]!);
    });
  };
};
