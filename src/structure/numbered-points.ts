/**
 * remark plugin: numbered points — "1)", "(1)", "1.", "1-", Arabic-Indic "١)" — become ordered
 * lists that keep their numbers, with what belongs to a point nested under it:
 * - the bullet list that follows a point (more indented, or after a point ending with ":");
 * - sub-points whose label extends the point's number ("1-1", "1-a", "1.2") or abjad letters "أ)".
 * A bracket marker ("1)") becomes the list's own numbering; any other marker ("1.", "1-a") is a
 * label readers cite, so it stays in the text. A short numbered line followed by body text is a
 * numbered heading ("1. مقدمة"), left for the headings plugin.
 */
import type { List, ListItem, Root, RootContent, Paragraph } from 'mdast';
import type { Plugin } from 'unified';
import type { NumberRun } from '../tree/types.js';
import { forcedRole, isLine, mayBe, TERMINAL_PUNCTUATION, wordCount, type LineParagraph } from './lines.js';

const D = '[0-9\u0660-\u0669\u06f0-\u06f9]';
const ABJAD = '(?:هـ|[أبجدهوزحطي])';

export const NUMBER_MARKER = new RegExp(
  `^(?:\\((${D}{1,3})\\)|(${D}{1,3})\\)|(${D}{1,3})[.\\-](${D}{1,3}|[a-zA-Z])[.)]?|(${D}{1,3})\\.|(${D}{1,3}) ?[-–]|(${ABJAD})[)\\-])\\s+(?=\\S)`,
  'u',
);

export type MarkerStyle = 'paren' | 'dot' | 'dash' | 'sub' | 'abjad';

export interface Marker {
  /** The marker as written, without the space after it. */
  text: string;
  style: MarkerStyle;
  /** The point's number (for sub-points, the last part when numeric). */
  value: number | undefined;
  /** For sub-points "1-2": the number of the point they belong to. */
  parent: number | undefined;
  digits: 'western' | 'arabic-indic';
}

function toNumber(digits: string): number {
  return Number(digits.replace(/[\u0660-\u0669]/gu, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[\u06f0-\u06f9]/gu, (d) => String(d.charCodeAt(0) - 0x6f0)));
}

export function parseMarker(raw: string): Marker | undefined {
  const m = NUMBER_MARKER.exec(raw);
  if (!m) return undefined;
  const text = m[0].trimEnd();
  const digits = /[\u0660-\u0669\u06f0-\u06f9]/u.test(text) ? 'arabic-indic' : 'western';
  if (m[1] ?? m[2]) return { text, style: 'paren', value: toNumber((m[1] ?? m[2])!), parent: undefined, digits };
  if (m[3]) {
    const last = m[4]!;
    return { text, style: 'sub', value: /^[a-zA-Z]$/.test(last) ? undefined : toNumber(last), parent: toNumber(m[3]), digits };
  }
  if (m[5]) return { text, style: 'dot', value: toNumber(m[5]), parent: undefined, digits };
  if (m[6]) return { text, style: 'dash', value: toNumber(m[6]), parent: undefined, digits };
  return { text, style: 'abjad', value: undefined, parent: undefined, digits };
}

function markerOf(node: RootContent | undefined): Marker | undefined {
  if (!isLine(node)) return undefined;
  const forced = forcedRole(node);
  if (forced !== undefined && forced !== 'numbered' && forced !== 'keep') return undefined;
  return parseMarker(node.data.matnLine.raw);
}

/** "1. مقدمة" followed by body text: a numbered heading, not a list. */
function isNumberedHeading(node: LineParagraph, next: RootContent | undefined, marker: Marker): boolean {
  if (forcedRole(node) === 'numbered') return false;
  if (marker.style === 'sub' || marker.style === 'abjad') return false;
  // The line classifier weighs more than a line's own shape: what follows, what the page is.
  const guess = node.data.matnGuess?.role;
  if (guess === 'item' || guess === 'p') return false;
  if (guess === 'heading' || guess === 'title') return true;
  const rest = node.data.matnLine.raw.slice(marker.text.length).trim();
  return (
    node.data.matnLine.blankAfter &&
    wordCount(rest) <= 8 &&
    !TERMINAL_PUNCTUATION.test(rest) &&
    (next?.type === 'matnSeeMore' || (isLine(next) && markerOf(next) === undefined))
  );
}

function paragraphWithout(node: LineParagraph, marker: Marker, keepMarker: boolean): Paragraph {
  const first = node.children[0];
  const at = first?.type === 'text' ? first.value.indexOf(marker.text) : -1;
  if (first?.type === 'text' && at !== -1) {
    const rest = first.value.slice(at + marker.text.length);
    if (!keepMarker) first.value = rest.trimStart();
    else if (/[a-zA-Z]/u.test(marker.text)) {
      // "1-a" must read left to right, or it shows as "a-1".
      const label: NumberRun = { type: 'matnNumber', children: [{ type: 'text', value: marker.text }] };
      node.children.splice(0, 1, ...(at > 0 ? [{ type: 'text' as const, value: first.value.slice(0, at) }] : []), label, { type: 'text', value: rest });
    }
  }
  return { type: 'paragraph', children: node.children, position: node.position, data: node.data };
}

const keepsMarker = (m: Marker) => m.style !== 'paren';

function newList(m: Marker, indent: number): List {
  return {
    type: 'list',
    ordered: true,
    start: m.value ?? 1,
    spread: false,
    children: [],
    data: { matnIndent: indent, matnStyle: `${m.style}${m.digits === 'arabic-indic' ? '-arabic-indic' : ''}` },
  };
}

function newItem(node: LineParagraph, m: Marker): ListItem {
  const keep = keepsMarker(m);
  const data: ListItem['data'] = { matnMarker: m.text, matnMarkerInText: keep };
  if (m.value !== undefined) data.matnValue = m.value;
  return { type: 'listItem', spread: false, children: [paragraphWithout(node, m, keep)], position: node.position, data };
}

export interface NumberedPointsOptions {
  /** Treat short numbered lines followed by text as headings (default true). */
  numberedHeadings?: boolean;
}

export const numberedPoints: Plugin<[NumberedPointsOptions?], Root> = (options = {}) => {
  const numberedHeadings = options.numberedHeadings ?? true;
  return (tree) => {
    const nodes = tree.children;
    const out: RootContent[] = [];
    let i = 0;
    while (i < nodes.length) {
      const node = nodes[i]!;
      const m = markerOf(node);
      if (!m || !isLine(node) || (numberedHeadings && isNumberedHeading(node, nodes[i + 1], m))) {
        out.push(node);
        i++;
        continue;
      }
      const list = newList(m, node.data.matnLine.indent);
      i = fill(list, nodes, i, m.style === 'sub' || m.style === 'abjad' ? undefined : m.style, numberedHeadings);
      out.push(list);
    }
    tree.children = out;
  };
};

/**
 * Adds items of one style to `list` from nodes[i…], nesting what belongs to each item, and
 * returns the index of the first node it did not take.
 */
function fill(list: List, nodes: RootContent[], i: number, style: MarkerStyle | undefined, numberedHeadings: boolean): number {
  while (i < nodes.length) {
    const node = nodes[i]!;
    const m = markerOf(node);
    if (!m || !isLine(node)) break;
    const sameKind = style === undefined ? m.style === 'sub' || m.style === 'abjad' : m.style === style;
    if (!sameKind) break;
    const lastValue = list.children[list.children.length - 1]?.data?.matnValue;
    const continues = m.value !== undefined && lastValue !== undefined && m.value === lastValue + 1;
    // the next number of a running list is its last item, even with a paragraph after it
    if (list.children.length > 0 && numberedHeadings && !continues && isNumberedHeading(node, nodes[i + 1], m)) break;
    // a point less indented than this list's own: it belongs to an outer list
    if (node.data.matnLine.indent < (list.data?.matnIndent ?? 0)) break;
    const item = newItem(node, m);
    list.children.push(item);
    i++;
    // What belongs to this item.
    while (i < nodes.length) {
      const next = nodes[i]!;
      const itemIndent = (node as LineParagraph).data.matnLine.indent;
      const leadsIn = /[:：]\s*$/u.test((node as LineParagraph).data.matnLine.raw);
      if (next.type === 'list' && !next.ordered && ((next.data?.matnIndent ?? 0) > itemIndent || leadsIn)) {
        item.children.push(next);
        i++;
        continue;
      }
      const sub = markerOf(next);
      // a point indented under this one, numbered on its own: a nested list
      if (sub && isLine(next) && next.data.matnLine.indent > itemIndent && sub.style !== 'sub' && style !== undefined) {
        const subList = newList(sub, next.data.matnLine.indent);
        i = fill(subList, nodes, i, sub.style, numberedHeadings);
        item.children.push(subList);
        continue;
      }
      // a paragraph between this point and the next one ("English version: …"): more of this point
      const after = markerOf(nodes[i + 1]);
      if (
        !sub &&
        isLine(next) &&
        next.data.matnForced === undefined &&
        (next.data.matnGuess?.role ?? 'p') === 'p' &&
        after &&
        after.style === m.style &&
        m.value !== undefined &&
        after.value === m.value + 1
      ) {
        item.children.push({ type: 'paragraph', children: next.children, position: next.position, data: next.data });
        item.spread = true;
        i++;
        continue;
      }
      if (
        style !== undefined &&
        sub &&
        ((sub.style === 'sub' && sub.parent === m.value) || (sub.style === 'abjad' && mayBe(next, 'numbered')))
      ) {
        const subList = newList(sub, (next as LineParagraph).data.matnLine.indent);
        i = fill(subList, nodes, i, undefined, numberedHeadings);
        item.children.push(subList);
        continue;
      }
      break;
    }
  }
  return i;
}
