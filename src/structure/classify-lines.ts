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
import { BULLET_MARKER } from './bullet-lists.js';
import { NUMBER_MARKER } from './numbered-points.js';
import { predict, titleScore, SHIPPED_LINE_MODEL, type LineClass, type LineModel } from './line-model.js';

export interface ClassifyLinesOptions {
  /** The classifier's weights (default: the shipped model); `false` turns guessing off. */
  model?: LineModel | false | undefined;
  /** Probability of "chrome" above which a short line before the title is dropped. */
  dropHeadAt?: number;
  /** … after the running text. */
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

/** The title is looked for in this first share of the lines. */
export const TITLE_HORIZON = 0.6;

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

/**
 * A browser's text of a page: many short unmarked lines with no blank line around them (menus,
 * list items, table rows). A document typed or converted with a blank line between its blocks
 * and markers before its items is read well by the hand rules alone, and is left to them.
 */
export function looksLikeBrowserText(lines: LineParagraph[], share = BROWSER_TEXT_SHARE): boolean {
  // A page with menus, a body and a footer has some length; a short note is left to the rules.
  if (lines.length < BROWSER_TEXT_MIN_LINES) return false;
  let packed = 0;
  for (const l of lines) {
    const { raw, blankBefore, blankAfter } = l.data.matnLine;
    if (!blankBefore && !blankAfter && wordCount(raw) <= 8 && !BULLET_MARKER.test(raw) && !NUMBER_MARKER.test(raw)) packed++;
  }
  return packed >= share * lines.length;
}

/** The share of packed short lines above which a text is read as a browser's capture. */
export const BROWSER_TEXT_SHARE = 0.2;
/** Fewer lines than this are never read as a browser's capture. */
export const BROWSER_TEXT_MIN_LINES = 20;

export const classifyLines: Plugin<[ClassifyLinesOptions?], Root> = (options = {}) => {
  const model = options.model === undefined ? SHIPPED_LINE_MODEL : options.model;
  const dropHeadAt = options.dropHeadAt ?? 0.85;
  const dropAt = options.dropAt ?? 0.95;
  const dropInsideAt = options.dropInsideAt ?? 0.99;
  const dropMaxWords = options.dropMaxWords ?? 12;
  const titleAt = options.titleAt ?? 0.05;
  return (tree) => {
    if (!model) return;
    const lines = tree.children.filter(isLine);
    if (lines.length === 0 || !looksLikeBrowserText(lines)) return;
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
    // One title: the likeliest line in the first part of the page.
    let title = -1;
    let bestScore = -Infinity;
    const horizon = Math.max(10, Math.ceil(lines.length * TITLE_HORIZON));
    guesses.forEach((g, i) => {
      if (g.role === 'title') g.role = g.p.heading >= g.p.p ? 'heading' : 'p';
      if (i >= horizon || wordCount(lines[i]!.data.matnLine.raw) > 20) return;
      const score = titleScore(model, features[i]!);
      if (score > bestScore) {
        bestScore = score;
        title = i;
      }
    });
    if (title !== -1 && !model.title && guesses[title]!.p.title < titleAt) title = -1;
    if (title !== -1) guesses[title]!.role = 'title';
    // Chrome only on strong evidence: surer inside the running text than before the title or
    // after the last paragraph of prose; never a long line, never the title.
    guesses.forEach((g, i) => {
      if (i === title) return;
      const words = wordCount(lines[i]!.data.matnLine.raw);
      const head = title !== -1 ? i < title : first === -1 || i < first;
      const tail = !head && (first === -1 || i > last);
      const needed = head ? dropHeadAt : tail ? dropAt : dropInsideAt;
      if (g.p.drop >= needed && words <= dropMaxWords) g.role = 'drop';
      else if (g.role === 'drop') g.role = (['heading', 'item', 'p'] as const).reduce((a, b) => (g.p[b] > g.p[a] ? b : a));
    });
    lines.forEach((node, i) => {
      if (forcedRole(node) !== undefined) return;
      const outside = first === -1 ? undefined : i < first ? 'before' : i > last ? 'after' : undefined;
      node.data.matnGuess = guesses[i]!;
      node.data.matnWhy = reasons(node, guesses[i]!, outside, runLengths[i]!);
    });
  };
};
