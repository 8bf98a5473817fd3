/**
 * The PDF's text layer: touches to the print's HTML tree that change nothing on the page but make
 * what a reader extracts from the PDF (pdftotext, a viewer's copy and search) come back as the
 * words were written. Pure functions of the tree; no browser needed to test them.
 */
import type { Root as HastRoot, Element, ElementContent, RootContent, Text } from 'hast';
import { isElement } from './hast.js';
import { ISOLATES } from '../../unicode.js';

const ANY_ISOLATE = new RegExp(`[${ISOLATES}]`, 'u');

const RLM = '\u200f';

/** Elements that stay within a line; anything else starts a new run of text. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);
const SKIP = new Set(['script', 'style', 'pre', 'template', 'svg', 'math']);
/** A character poppler reads left to right: a letter of a left-to-right script, or a digit. */
const LEFT_TO_RIGHT = /[\p{N}]|(?![\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}])\p{L}/u;
const RIGHT_TO_LEFT_LETTER = /(?=\p{L})[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
/** Punctuation and symbols: neither letters, digits, marks nor spaces. */
const NEUTRAL = /[^\s\p{L}\p{N}\p{M}]/u;
const MARK = /\p{M}/u;

interface Segment {
  node: Text;
  /** Inside a left-to-right element (a Latin phrase, an isolated number). */
  ltr: boolean;
}

/**
 * pdftotext (poppler) rebuilds each line of right-to-left text from glyph positions and hands a
 * left-to-right run (a number, a Latin word) to an embedding together with the space after it:
 * "عام 2018 جهود" comes back as "عام  2018جهود", and "Mozilla أو" as "Mozillaأو", the run
 * glued to the next word. A RIGHT-TO-LEFT MARK between such a run and the space before an
 * Arabic word ends the run without changing what is drawn (that space is already set right to
 * left), so the words come back apart. The mark only goes where the next word is right to left:
 * between two Latin words it would reorder them.
 */
export function tuneTextLayer(tree: HastRoot): void {
  isolatesAsElements(tree);
  const runs: Segment[][] = [];
  const walk = (node: { children: Array<RootContent | ElementContent> }, ltr: boolean, run: Segment[]): void => {
    for (const child of node.children) {
      if (child.type === 'text') run.push({ node: child, ltr });
      else if (isElement(child) && !SKIP.has(child.tagName)) {
        const childLtr = child.properties?.['dir'] === 'ltr' ? true : child.properties?.['dir'] === 'rtl' ? false : ltr;
        if (INLINE.has(child.tagName)) walk(child, childLtr, run);
        else {
          const inner: Segment[] = [];
          runs.push(inner);
          walk(child, childLtr, inner);
        }
      }
    }
  };
  const top: Segment[] = [];
  runs.push(top);
  walk(tree, false, top);
  for (const run of runs) markRun(run);
}

/** The same for a line of plain text set right to left (the running head). */
export function tuneText(text: string): string {
  const node: Text = { type: 'text', value: text };
  markRun([{ node, ltr: false }]);
  return node.value;
}

const ISOLATE_OPEN: Record<string, string> = { '\u2066': 'ltr', '\u2067': 'rtl', '\u2068': 'auto' };
const PDI = '\u2069';

/**
 * Bidi isolate controls in the text (LRI … PDI around "Facebook" in "و⁦Facebook⁩") become
 * elements with the same effect: Chromium writes the controls into the PDF's text, where
 * pdftotext treats them as word breaks ("و" "Facebook").
 */
function isolatesAsElements(tree: HastRoot): void {
  const walk = (parent: { children: Array<RootContent | ElementContent> }): void => {
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i]!;
      if (child.type === 'text' && ANY_ISOLATE.test(child.value)) {
        const parts = splitIsolates(child.value);
        parent.children.splice(i, 1, ...parts);
        i += parts.length - 1;
      } else if (isElement(child) && !SKIP.has(child.tagName)) walk(child);
    }
  };
  walk(tree);
}

function splitIsolates(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  const stack: Array<{ children: ElementContent[] }> = [{ children: out }];
  let buffer = '';
  const flush = (): void => {
    if (buffer) stack[stack.length - 1]!.children.push({ type: 'text', value: buffer });
    buffer = '';
  };
  for (const ch of value) {
    const dir = ISOLATE_OPEN[ch];
    if (dir) {
      flush();
      const span: Element = { type: 'element', tagName: 'bdi', properties: { dir }, children: [] };
      stack[stack.length - 1]!.children.push(span);
      stack.push(span);
    } else if (ch === PDI) {
      flush();
      if (stack.length > 1) stack.pop();
    } else buffer += ch;
  }
  flush();
  return out;
}

function markRun(run: Segment[]): void {
  dropStrayLeftToRightMarks(run);
  // The run's text as one string, remembering where each node starts.
  const starts: number[] = [];
  let text = '';
  for (const seg of run) {
    starts.push(text.length);
    text += seg.node.value;
  }
  const inserts = new Map<number, Set<number>>();
  const insert = (where: { segment: number; offset: number }): void => {
    const set = inserts.get(where.segment) ?? new Set<number>();
    set.add(where.offset);
    inserts.set(where.segment, set);
  };
  for (let i = 0; i < run.length; i++) {
    const seg = run[i]!;
    if (seg.ltr) continue;
    const value = seg.node.value;
    for (let k = 0; k < value.length; k++) {
      if (!/\s/.test(value[k]!)) continue;
      const at = starts[i]! + k;
      if (at === 0 || /\s/.test(text[at - 1]!)) continue;
      const next = nextStrong(text, at);
      const prev = previousStrong(text, at);
      if (prev === undefined || next === undefined) continue;
      if (prev.ltr && !next.ltr) {
        // "2018 جهود", "Mozilla، والتي": the mark goes right after the run (before punctuation
        // such as "،"), in text set right to left: after the element when the run ends in one.
        insert(rightToLeftPosition(run, starts, prev.index + 1, i, k));
      } else if (!prev.ltr && next.ltr && prev.index < at - 1) {
        // "المثال، (1)", "يونيو، 2016": poppler reads the Arabic comma as part of a number, so
        // it starts a left-to-right run that takes the space and the number along; the mark
        // after the punctuation ends that run.
        insert({ segment: i, offset: k });
      }
    }
  }
  // "(… وStripe)." closing the paragraph: poppler reads the closing punctuation with the Latin
  // run ("و.)Stripe", the word cut at the full stop); a mark right after the run keeps it out.
  const end = text.trimEnd().length;
  const last = previousStrong(text, end);
  if (last?.ltr && last.index < end - 1 && RIGHT_TO_LEFT_LETTER.test(text)) {
    let i = run.length - 1;
    while (i > 0 && starts[i]! >= end) i--;
    const at = rightToLeftPosition(run, starts, last.index + 1, i, end - starts[i]!);
    if (!run[at.segment]!.ltr) insert(at);
  }
  for (const [i, offsets] of inserts) {
    const node = run[i]!.node;
    let value = node.value;
    for (const k of [...offsets].sort((x, y) => y - x)) value = value.slice(0, k) + RLM + value.slice(k);
    node.value = value;
  }
}

/** The first position in right-to-left text at or after `end` (at the latest: segment i, offset k). */
function rightToLeftPosition(run: Segment[], starts: number[], end: number, i: number, k: number): { segment: number; offset: number } {
  for (let j = 0; j <= i; j++) {
    const seg = run[j]!;
    const from = starts[j]!;
    const to = from + seg.node.value.length;
    if (seg.ltr || end > to || (end === to && j < i)) continue;
    const offset = Math.max(0, end - from);
    if (j === i) return { segment: i, offset: Math.min(offset, k) };
    return { segment: j, offset };
  }
  return { segment: i, offset: k };
}

const LRM = '\u200e';

/**
 * A LEFT-TO-RIGHT MARK between two Arabic words (web captures carry them) changes nothing on the
 * page, but poppler starts a left-to-right run at it and glues the words: "الالتزام‎بسياسة".
 * Such marks are left out of the print; marks next to Latin text or numbers stay.
 */
function dropStrayLeftToRightMarks(run: Segment[]): void {
  const text = run.map((s) => s.node.value).join('');
  if (!text.includes(LRM)) return;
  let at = 0;
  for (const seg of run) {
    const value = seg.node.value;
    if (!seg.ltr && value.includes(LRM)) {
      let out = '';
      for (let k = 0; k < value.length; k++) {
        const ch = value[k]!;
        if (ch === LRM && strongAround(text, at + k) === 'rtl') continue;
        out += ch;
      }
      seg.node.value = out;
    }
    at += value.length;
  }
}

/** 'rtl' when the nearest letters or digits on both sides of `at` are right-to-left letters. */
function strongAround(text: string, at: number): 'rtl' | undefined {
  const skip = (ch: string): boolean => /\s/.test(ch) || NEUTRAL.test(ch) || MARK.test(ch);
  let i = at - 1;
  while (i >= 0 && skip(text[i]!)) i--;
  let j = at + 1;
  while (j < text.length && skip(text[j]!)) j++;
  if (i < 0 || j >= text.length) return undefined;
  return RIGHT_TO_LEFT_LETTER.test(text[i]!) && RIGHT_TO_LEFT_LETTER.test(text[j]!) ? 'rtl' : undefined;
}

interface Strong {
  index: number;
  /** A left-to-right letter or a digit (poppler reads digits left to right). */
  ltr: boolean;
}

/** The nearest letter or digit before `at`, past punctuation and marks (a mark stops the search). */
function previousStrong(text: string, at: number): Strong | undefined {
  let i = at - 1;
  while (i >= 0 && (NEUTRAL.test(text[i]!) || MARK.test(text[i]!)) && text[i] !== RLM) i--;
  if (i < 0) return undefined;
  if (LEFT_TO_RIGHT.test(text[i]!)) return { index: i, ltr: true };
  if (RIGHT_TO_LEFT_LETTER.test(text[i]!)) return { index: i, ltr: false };
  return undefined;
}

/** The nearest letter or digit from `at` on, past spaces and punctuation. */
function nextStrong(text: string, at: number): Strong | undefined {
  let i = at;
  while (i < text.length && (/\s/.test(text[i]!) || NEUTRAL.test(text[i]!))) i++;
  if (i >= text.length) return undefined;
  if (LEFT_TO_RIGHT.test(text[i]!)) return { index: i, ltr: true };
  if (RIGHT_TO_LEFT_LETTER.test(text[i]!)) return { index: i, ltr: false };
  return undefined;
}
