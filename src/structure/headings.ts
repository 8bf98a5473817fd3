/**
 * remark plugin: headings of plain-text captures, and their levels.
 *
 * A heading is a short stand-alone line that introduces content: at most `maxWords` words, in
 * the document's script, not ending a sentence, followed by a blank line (or a label such as
 * "الفصل 3" directly followed by its text), and followed by more content.
 *
 * Levels come from context, as a reader infers them:
 * - a heading followed directly by another heading is its parent (the next is one level deeper);
 * - a heading is never more than one level below the heading it follows;
 * - a heading with a label word ("الباب", "القسم", "الفصل") is a sibling of an open heading with
 *   the same word, else a child of the deepest open heading that is not of a leaf kind (a word
 *   met several times with nothing labelled under it), so the hierarchy is the document's;
 * - headings of the same numbering ("1.") share a level, the one that kind last had;
 * - after body text, an unlabelled heading is a sibling of the deepest open sub-section when it
 *   looks like its siblings (as short as they are), and a main section (level 2) otherwise —
 *   a heading that directly opens a group of sub-headings is a sub-section of the current
 *   section; always a main section when it repeats an item of a list that announced the
 *   sections.
 */
import type { Heading, List, Root, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import { ARABIC_LETTER, comparable, forcedRole, isLine, TERMINAL_PUNCTUATION, textOf, wordCount, type LineParagraph } from './lines.js';
import { parseMarker } from './numbered-points.js';
import { findDates } from './arabic-dates.js';

export const SECTION_WORDS = ['الباب', 'القسم', 'الفرع', 'الفصل', 'المادة', 'الجزء', 'الكتاب', 'العنوان', 'البند', 'الملحق', 'Article', 'Chapter', 'Part', 'Section', 'Annex'];

export interface HeadingsOptions {
  maxWords?: number;
  maxLength?: number;
  /** Label words whose lines are headings even without a blank line after them. */
  sectionWords?: string[];
}

interface Candidate {
  index: number;
  node: LineParagraph;
  text: string;
  kind: string;
  words: number;
}

/** About the first `length` characters of the document's text (whole nodes, so perhaps more). */
function openingText(nodes: RootContent[], length: number): string {
  const parts: string[] = [];
  let total = 0;
  for (const node of nodes) {
    if (total >= length) break;
    const text = textOf(node);
    parts.push(text);
    total += text.length + 1;
  }
  return parts.join(' ').slice(0, length);
}

function kindOf(text: string, sectionWords: string[]): string {
  const first = text.split(/[\s:：]+/u)[0] ?? '';
  if (sectionWords.includes(first)) return `word:${first}`;
  const marker = parseMarker(text);
  if (marker) return `number:${marker.style}`;
  if (/^(أولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا|ثامنا|تاسعا|عاشرا)[ً:\s-]/u.test(text)) return 'ordinal';
  return 'plain';
}

export const headings: Plugin<[HeadingsOptions?], Root> = (options = {}) => {
  const maxWords = options.maxWords ?? 14;
  const maxLength = options.maxLength ?? 120;
  const sectionWords = options.sectionWords ?? SECTION_WORDS;
  const labelPattern = new RegExp(`^(${sectionWords.join('|')})\\s+\\S+`, 'u');

  return (tree) => {
    const nodes = tree.children;
    const documentIsArabic = ARABIC_LETTER.test(openingText(nodes, 5000));

    const isCandidate = (node: RootContent, next: RootContent | undefined): node is LineParagraph => {
      if (!isLine(node)) return false;
      const forced = forcedRole(node);
      if (forced === 'heading') return true;
      if (forced !== undefined && forced !== 'keep') return false;
      // A line the classifier has read is a heading when it says so, wherever it stands.
      const guess = node.data.matnGuess?.role;
      if (guess !== undefined) return guess === 'heading';
      const text = node.data.matnLine.raw.trim();
      if (!next) return false;
      // Cheapest tests first: this runs on every line.
      if (text.length > maxLength || TERMINAL_PUNCTUATION.test(text)) return false;
      // a line that opens with a quotation mark is a quotation (an oath, a saying), not a heading
      if (/^["«“„]/u.test(text)) return false;
      if (!node.data.matnLine.blankAfter && !labelPattern.test(text)) return false;
      if (wordCount(text) > maxWords) return false;
      if (documentIsArabic && !ARABIC_LETTER.test(text)) return false;
      const dates = findDates(text);
      if (dates.length === 1 && dates[0]!.text.length >= text.length - 2) return false; // a date line
      return true;
    };

    const candidates: Candidate[] = [];
    nodes.forEach((node, index) => {
      if (isCandidate(node, nodes[index + 1])) {
        const text = node.data.matnLine.raw.trim();
        candidates.push({ index, node, text, kind: kindOf(text, sectionWords), words: wordCount(text) });
      }
    });
    if (candidates.length === 0) return;

    // Items of lists before the first heading: they often announce the main sections.
    const firstHeading = candidates[0]!.index;
    const announced: string[] = [];
    for (const node of nodes.slice(0, firstHeading)) {
      if (node.type === 'list') for (const item of (node as List).children) announced.push(comparable(textOf(item)));
    }
    const isAnnounced = (text: string): boolean => {
      const key = comparable(text);
      if (key.length < 4) return false;
      return announced.some((item) => item === key || item.startsWith(key) || key.startsWith(item) || item.endsWith(key));
    };

    const levelOfKind = new Map<string, number>();
    /** Open headings, outermost first. */
    const open: Candidate[] = [];
    const levels = new Map<Candidate, number>();

    // Label words nest as the document uses them: "الباب" > "القسم" > "الفرع" > "الفصل" in one
    // constitution, "الباب" > "الفصل" > "المادة" in another law.
    const kindCount = new Map<string, number>();
    const parentKinds = new Set<string>();
    /** Plain headings right under a labelled one: its subtitle ("الباب الأول" then "المبادئ العامة"). */
    const subtitles = new Set<Candidate>();
    /** A label word met several times that never had a labelled heading under it ("الفصل 12"). */
    const isLeafKind = (kind: string) => (kindCount.get(kind) ?? 0) >= 2 && !parentKinds.has(kind);
    const labelledLevel = (c: Candidate): number => {
      // a heading with the label of an open one is its sibling ("الباب الثالث" after "الباب الثاني")
      const same = open.find((o) => o.kind === c.kind);
      if (same) return levels.get(same)!;
      // else it sits under the deepest open labelled heading that can hold others (a leaf such as
      // "الفصل 12" cannot), or under its subtitle
      const parent = [...open].reverse().find((o) => (o.kind.startsWith('word:') && !isLeafKind(o.kind)) || subtitles.has(o));
      if (!parent) return levelOfKind.get(c.kind) ?? 2;
      parentKinds.add(parent.kind);
      return levels.get(parent)! + 1;
    };

    candidates.forEach((c, n) => {
      kindCount.set(c.kind, (kindCount.get(c.kind) ?? 0) + 1);
      const prev = candidates[n - 1];
      const chained = prev !== undefined && prev.index === c.index - 1;
      const forcedLevel = c.node.data.matnForced?.level;
      let level: number;
      if (forcedLevel !== undefined) {
        level = forcedLevel;
      } else if (c.kind.startsWith('word:')) {
        level = labelledLevel(c);
      } else if (chained) {
        const parentLevel = levels.get(prev)!;
        if (c.kind === 'plain' && prev.kind.startsWith('word:')) subtitles.add(c);
        const known = levelOfKind.get(c.kind);
        level = c.kind !== 'plain' && known !== undefined && known > parentLevel ? known : parentLevel + 1;
      } else if (c.kind !== 'plain' && levelOfKind.has(c.kind)) {
        level = levelOfKind.get(c.kind)!;
      } else if (c.kind !== 'plain' || open.length === 0) {
        level = 2;
      } else {
        const deepest = open[open.length - 1]!;
        const deepestLevel = levels.get(deepest)!;
        const looksLikeSibling = deepest.kind === 'plain' && c.words <= Math.max(4, deepest.words * 2);
        const opensGroup = candidates[n + 1]?.index === c.index + 1;
        if (isAnnounced(c.text)) level = 2;
        else if (deepestLevel > 2 && looksLikeSibling) level = deepestLevel;
        else if (opensGroup) level = levels.get(open[0]!)! + 1; // a group of sub-sections inside the current section
        else level = 2;
      }
      // Never skip a level: at most one below the deepest open heading (unless the user said so).
      const deepestOpen = open.length > 0 ? levels.get(open[open.length - 1]!)! : 1;
      level = forcedLevel ?? Math.min(6, deepestOpen + 1, Math.max(2, level));
      levels.set(c, level);
      if (c.kind !== 'plain') levelOfKind.set(c.kind, level);
      while (open.length > 0 && levels.get(open[open.length - 1]!)! >= level) open.pop();
      open.push(c);
    });

    for (const c of candidates) {
      // The anchor link a page shows after a heading ("#", "¶") is not part of it.
      const last = c.node.children[c.node.children.length - 1];
      if (last?.type === 'text' && /\S\s*[#¶]$/u.test(last.value)) last.value = last.value.replace(/\s*[#¶]$/u, '');
      const heading: Heading = {
        type: 'heading',
        depth: levels.get(c)! as Heading['depth'],
        children: c.node.children,
        position: c.node.position,
        data: { ...c.node.data },
      };
      nodes[c.index] = heading;
    }
  };
};
