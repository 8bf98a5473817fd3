/**
 * remark plugin: reads a browser's text of a page (`innerText`, select all and copy) line by line
 * with the line classifier (`line-model.ts`), then settles the guesses on the whole page:
 * - the main content is found as two change points: where the run of chrome-like lines that
 *   opens the page ends, and where the one that closes it begins. The main content's first line
 *   is the title (with the title ranker's say), and it starts no later than the first paragraph
 *   of prose;
 * - a short line before the title is dropped as site chrome when the classifier gives chrome 85%,
 *   one in the closing run 80%, one inside the main content only at 99%: dropping is the
 *   dangerous direction;
 * - every other line takes its likeliest role (heading, list item, body text).
 * The later plugins (boilerplate, title, lists, headings) read the guess from `data.matnGuess`;
 * `data.matnWhy` says why, for `matn inspect`. Lines the user forced keep their role. A typed
 * document (blank lines between blocks, markers before items) is left to the hand rules.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import { isLine, forcedRole, wordCount, type LineParagraph } from './lines.js';
import { isDateLine, lineFacts, lineFeatures, type LineFacts } from './line-features.js';
import { titleEvidence, titleInputs } from './title-evidence.js';
import { isUpdateLine } from './update-line.js';
import { BULLET_MARKER } from './bullet-lists.js';
import { NUMBER_MARKER } from './numbered-points.js';
import { predict, titleScore, SHIPPED_LINE_MODEL, type LineClass, type LineModel } from './line-model.js';

export interface ClassifyLinesOptions {
  /** The classifier's weights (default: the shipped model); `false` turns guessing off. */
  model?: LineModel | false | undefined;
  /** Probability of "chrome" above which a short line before the title is dropped (0.85). */
  dropHeadAt?: number;
  /** … a short line in the page's closing run of chrome-like lines (0.8). */
  dropAt?: number;
  /** … a short line inside the main content (0.99). */
  dropInsideAt?: number;
  /** Probability of "chrome" every line of the closing run has at least (0.5). */
  tailRunAt?: number;
  /** How much the title ranker weighs against the chrome/content split in finding the title (1). */
  titleWeight?: number;
  /** Longer lines are never dropped (12 words). */
  dropMaxWords?: number;
}

export interface LineGuess {
  role: LineClass;
  p: Record<LineClass, number>;
}

/** The chance of chrome a line has at least when it repeats a line of the page's opening chrome. */
export const REPEATED_CHROME = 0.95;

/** The chance of chrome every line before the title of a typed document needs to be dropped. */
export const TYPED_OPENING_DROP = 0.97;

/** Lines that do not look like chrome (a copyright line, a slogan) the closing run may hold. */
export const TAIL_RUN_SKIPS = 2;

/** The title is looked for in this first share of the lines. */
export const TITLE_HORIZON = 0.6;

function reasons(node: LineParagraph, facts: LineFacts, guess: LineGuess, outside: 'before' | 'after' | undefined, runLength: number): string {
  const text = node.data.matnLine.raw;
  const n = facts.wordCount;
  const parts = [`${guess.role} ${Math.round(guess.p[guess.role] * 100)}%`, `${n} word${n === 1 ? '' : 's'}`];
  if (facts.endsSentence) parts.push('ends a sentence');
  if (outside === 'before') parts.push('before the main content');
  if (outside === 'after') parts.push('after the main content');
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
  let marked = 0;
  for (const l of lines) {
    const { raw, blankBefore, blankAfter } = l.data.matnLine;
    const isMarked = BULLET_MARKER.test(raw) || NUMBER_MARKER.test(raw);
    if (isMarked) marked++;
    else if (!blankBefore && !blankAfter && wordCount(raw) <= 8) packed++;
  }
  // A browser writes no marker before list items: fewer packed lines tell a capture then.
  const needed = marked < UNMARKED_SHARE * lines.length ? Math.min(share, UNMARKED_BROWSER_TEXT_SHARE) : share;
  return packed >= needed * lines.length;
}

/** The share of packed short lines above which a text is read as a browser's capture. */
export const BROWSER_TEXT_SHARE = 0.2;
/** … when hardly a line has a marker ("•", "1."), as in a browser's text of a page. */
export const UNMARKED_BROWSER_TEXT_SHARE = 0.08;
/** Below this share of lines with markers, a text is unmarked. */
export const UNMARKED_SHARE = 0.05;
/** Fewer lines than this (a short note) are never read as a browser's capture. */
export const BROWSER_TEXT_MIN_LINES = 10;

/** A title has words, not too many, is not a sentence, and is not a date, a number or a symbol. */
export function mayBeTitle(text: string, facts?: Pick<LineFacts, 'wordCount' | 'dateLine'>): boolean {
  const words = facts?.wordCount ?? wordCount(text);
  if (words > 20 || !/\p{L}{2,}/u.test(text)) return false;
  // a sentence is no title (a question or an exclamation may be)
  if (words >= 8 && /[.،,:;؛]$/u.test(text.trim())) return false;
  return !(facts?.dateLine ?? isDateLine(text));
}

const clamp = (p: number) => Math.min(0.98, Math.max(0.02, p));

/**
 * The main content [start, end) of a page given each line's probability of being chrome:
 * `start` maximises the likelihood that lines before it are chrome and lines after it are not,
 * plus the title score of line `start`; `end` likewise splits the content from the closing chrome.
 */
export function mainContent(pDrop: number[], titleScores: number[]): { start: number; end: number } {
  const n = pDrop.length;
  const chrome = pDrop.map((p) => Math.log(clamp(p)));
  const content = pDrop.map((p) => Math.log(1 - clamp(p)));
  // prefix sums
  const chromeBefore = [0];
  const contentBefore = [0];
  for (let i = 0; i < n; i++) {
    chromeBefore.push(chromeBefore[i]! + chrome[i]!);
    contentBefore.push(contentBefore[i]! + content[i]!);
  }
  let start = 0;
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    if (titleScores[i] === -Infinity) continue;
    const score = chromeBefore[i]! + (contentBefore[n]! - contentBefore[i]!) + titleScores[i]!;
    if (score > best) {
      best = score;
      start = i;
    }
  }
  let end = n;
  best = -Infinity;
  for (let k = start + 1; k <= n; k++) {
    const score = (contentBefore[k]! - contentBefore[start]!) + (chromeBefore[n]! - chromeBefore[k]!);
    if (score > best) {
      best = score;
      end = k;
    }
  }
  return { start, end };
}

export const classifyLines: Plugin<[ClassifyLinesOptions?], Root> = (options = {}) => {
  const model = options.model === undefined ? SHIPPED_LINE_MODEL : options.model;
  const dropHeadAt = options.dropHeadAt ?? 0.85;
  const dropAt = options.dropAt ?? 0.8;
  const titleWeight = options.titleWeight ?? 2;
  const tailRunAt = options.tailRunAt ?? 0.5;
  const dropInsideAt = options.dropInsideAt ?? 0.99;
  const dropMaxWords = options.dropMaxWords ?? 12;
  return (tree) => {
    if (!model) return;
    const lines = tree.children.filter(isLine);
    if (lines.length === 0) return;
    // A typed document keeps the hand rules, all but an opening of site chrome (below).
    const browser = looksLikeBrowserText(lines);
    if (!browser && lines.length < BROWSER_TEXT_MIN_LINES) return;
    const featureLines = lines.map((l) => ({ text: l.data.matnLine.raw, blankBefore: l.data.matnLine.blankBefore, blankAfter: l.data.matnLine.blankAfter, indent: l.data.matnLine.indent }));
    // what the features, the evidence and the settling below read of each line, found once
    const facts = lineFacts(featureLines);
    const features = lineFeatures(featureLines, facts);
    const evidence = titleEvidence(featureLines, facts);
    const guesses: LineGuess[] = features.map((f) => {
      const p = predict(model, f);
      // the likeliest class, the first of equals (in the order predict writes them)
      const role = model.classes.reduce((a, b) => (p[b] > p[a] ? b : a));
      return { role, p };
    });
    const prose = facts.map((f) => f.prose);
    const runLengths: number[] = [];
    for (let i = 0, start = 0; i < lines.length; i++) {
      if (i === lines.length - 1 || lines[i]!.data.matnLine.blankAfter) {
        for (let j = start; j <= i; j++) runLengths[j] = i - start + 1;
        start = i + 1;
      }
    }
    // The page's main content: where the chrome before it ends and where the chrome after it
    // begins, each the change point that best splits chrome-like lines from content-like ones.
    // Its first line is the title (weighed with the title ranker's score).
    // The main content starts at its first paragraph of prose at the latest (prose the classifier
    // does not take for chrome: a banner may have sentences too).
    const firstProse = prose.findIndex((isProse, i) => isProse && guesses[i]!.p.drop < 0.5);
    const horizon = firstProse !== -1 ? firstProse + 1 : Math.max(10, Math.ceil(lines.length * TITLE_HORIZON));
    const split = mainContent(
      guesses.map((g) => g.p.drop),
      features.map((f, i) => (i < horizon && mayBeTitle(lines[i]!.data.matnLine.raw, facts[i]) ? titleWeight * titleScore(model, titleInputs(f, evidence[i]!)) : -Infinity)),
    );
    // the main content's first line is the title
    const title = split.start;
    const start = split.start;
    if (!browser) {
      // A typed document opened by site chrome (a menu line, a language switch): only when every
      // line before the title is chrome on very strong evidence are they dropped and the title taken.
      const opening = guesses.slice(0, title);
      if (title === 0 || opening.some((g, i) => g.p.drop < TYPED_OPENING_DROP || facts[i]!.wordCount > dropMaxWords)) return;
      lines.slice(0, title + 1).forEach((node, i) => {
        if (forcedRole(node) !== undefined) return;
        const guess: LineGuess = { ...guesses[i]!, role: i === title ? 'title' : 'drop' };
        node.data.matnGuess = guess;
        node.data.matnWhy = `${reasons(node, facts[i]!, guess, i < title ? 'before' : undefined, runLengths[i]!)}, in the opening of a typed document`;
      });
      return;
    }
    // A line that repeats one of the page's opening chrome (a footer repeating the header's
    // menu) is chrome as likely as the original, and helps find where the closing chrome begins.
    const keys = facts.map((f) => f.key);
    const openingChrome = new Set(keys.filter((k, i) => i < start && k.length > 0 && guesses[i]!.p.drop >= dropHeadAt));
    const repeats = keys.map((k, i) => i > start && openingChrome.has(k));
    guesses.forEach((g, i) => {
      if (repeats[i]) g.p.drop = Math.max(g.p.drop, REPEATED_CHROME);
    });
    const closingSplit = mainContent(
      guesses.map((g) => g.p.drop),
      guesses.map((_, i) => (i === start ? 0 : -Infinity)),
    );
    // The closing chrome is also a run: from its first line to the end, lines look like chrome,
    // but for at most TAIL_RUN_SKIPS (a copyright line or a slogan among them does not end it).
    let closing = lines.length;
    let skipped = 0;
    for (let c = lines.length - 1; c > start && skipped <= TAIL_RUN_SKIPS; c--) {
      if (guesses[c]!.p.drop >= tailRunAt) closing = c;
      else skipped++;
    }
    const end = Math.max(closingSplit.end, closing);
    guesses.forEach((g, i) => {
      if (g.role === 'title') g.role = g.p.heading >= g.p.p ? 'heading' : 'p';
      // a date alone on its line (a post's date) is no heading
      if (g.role === 'heading' && facts[i]!.dateLine) g.role = 'p';
    });
    guesses[title]!.role = 'title';
    // Chrome is dropped where chrome sits (before the title, after the main content) on weaker
    // evidence, inside the main content only when all but certain. Never a long line, never
    // the title.
    guesses.forEach((g, i) => {
      if (i === title) return;
      const words = facts[i]!.wordCount;
      const head = i < start;
      const tail = i >= end;
      // a line that ends a sentence or a question is rarely chrome (menus have no full stops):
      // it needs the evidence a line inside the main content needs
      const needed = (!head && !tail) || facts[i]!.endsSentence ? dropInsideAt : head ? dropHeadAt : dropAt;
      // an update line carries the page's date: never dropped
      if (g.p.drop >= needed && words <= dropMaxWords && !isUpdateLine(lines[i]!.data.matnLine.raw)) g.role = 'drop';
      else if (g.role === 'drop') g.role = (['heading', 'item', 'p'] as const).reduce((a, b) => (g.p[b] > g.p[a] ? b : a));
      // a line kept before the title heads no section: the document's first section starts after it
      if (head && g.role === 'heading') g.role = 'p';
    });
    lines.forEach((node, i) => {
      if (forcedRole(node) !== undefined) return;
      const outside = i < start ? 'before' : i >= end ? 'after' : undefined;
      node.data.matnGuess = guesses[i]!;
      node.data.matnWhy = reasons(node, facts[i]!, guesses[i]!, outside, runLengths[i]!) + (repeats[i] ? ', repeats a line of the opening menu' : '');
    });
  };
};
