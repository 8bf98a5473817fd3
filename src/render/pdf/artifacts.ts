/**
 * Page furniture as artifacts (PDF/UA-1 7.1, Matterhorn 01-005: content is either tagged or an
 * artifact).
 *
 * Chromium tags the document's content (marked content with an /MCID) and leaves what it draws
 * in the page's margin boxes untagged: the running title and the folio «صفحة ٣ من ١٢», and the
 * rules under the running heads. This module wraps every text object drawn outside any marked
 * content as `/Artifact <</Type /Pagination>>`, and every painted path outside any marked
 * content as `/Artifact <</Type /Layout>>`. It also reports which marked-content ids hold text,
 * which the structure step reads (a list label drawn as text is a number; one drawn as a path,
 * a bullet).
 */
import { eachOperator, tokenize } from './reversed-chars.js';
import { latin1 } from './pdf-strings.js';

const PAGINATION = '/Artifact <</Type /Pagination>> BDC\n';
const LAYOUT = '/Artifact <</Type /Layout>> BDC\n';
const END = '\nEMC';

const PATH_START = new Set(['m', 're']);
const PAINT = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*']);
const SHOW = new Set(['Tj', 'TJ', "'", '"']);

export interface Marked {
  bytes: Uint8Array;
  /** Marked-content ids whose content shows text. */
  textIds: Set<number>;
}

/** Text-showing operators in no tagged marked content (no MCID) and no artifact. */
export function untaggedShows(bytes: Uint8Array): number {
  const list = tokenize(bytes);
  const text = (k: number): string => latin1(bytes, { kind: 'other', start: list.starts[k]!, end: list.ends[k]! });
  const open: boolean[] = [];
  let count = 0;
  eachOperator(bytes, list, (i, op, first) => {
    if (op === 'BDC' || op === 'BMC') {
      let tags = first < i && text(first) === '/Artifact';
      for (let k = first; k < i && !tags; k++) if (list.kinds[k] === 1 && text(k) === '/MCID') tags = true;
      open.push(tags);
    } else if (op === 'EMC') open.pop();
    else if (SHOW.has(op) && !open.some(Boolean)) count++;
  });
  return count;
}

/** The content stream with its untagged text and paths marked as artifacts. */
export function markArtifacts(bytes: Uint8Array): Marked {
  const inserts: Array<{ at: number; text: string }> = [];
  const textIds = new Set<number>();
  // The open marked content: for each, its MCID (or undefined), and whether it tags (an MCID
  // or an artifact) or only describes (a span with replacement text).
  const open: Array<{ mcid: number | undefined; tags: boolean }> = [];
  const list = tokenize(bytes);
  const { kinds, starts, ends } = list;
  const text = (k: number): string => latin1(bytes, { kind: 'other', start: starts[k]!, end: ends[k]! });
  // An untagged run of text objects being wrapped (with the spans around them): where it began,
  // where it ends so far, and how much marked content was open when it began.
  let textRun: { start: number; end: number; level: number } | undefined;
  let inText = false;
  let pathStart: number | undefined;
  let clip = false;
  const closeText = (): void => {
    if (textRun) inserts.push({ at: textRun.start, text: PAGINATION }, { at: textRun.end, text: END });
    textRun = undefined;
  };
  eachOperator(bytes, list, (i, op, first) => {
    const token = { start: starts[i]!, end: ends[i]! };
    const start = first < i ? starts[first]! : token.start;
    const untagged = !open.some((m) => m.tags);
    if (op === 'BDC' || op === 'BMC') {
      let mcid: number | undefined;
      for (let k = first; k + 1 < i; k++) {
        if (kinds[k] === 1 && text(k) === '/MCID') mcid = Number(text(k + 1));
      }
      const tags = mcid !== undefined || (first < i && text(first) === '/Artifact');
      if (!inText && untagged) {
        if (tags) closeText();
        else textRun ??= { start, end: token.end, level: open.length };
      }
      open.push({ mcid, tags });
    } else if (op === 'EMC') {
      open.pop();
      if (!inText && textRun) {
        if (open.length < textRun.level) closeText();
        else textRun.end = token.end;
      }
    } else if (op === 'BT') {
      inText = true;
      if (untagged) textRun ??= { start: token.start, end: token.end, level: open.length };
      else closeText();
    } else if (op === 'ET') {
      inText = false;
      if (textRun && untagged) textRun.end = token.end;
    } else if (SHOW.has(op)) {
      for (const m of open) if (m.mcid !== undefined) textIds.add(m.mcid);
    } else if (!inText) {
      // Anything else between text objects ends a run of them.
      if (op !== 'q' && op !== 'Q') closeText();
      if (PATH_START.has(op) && pathStart === undefined) {
        pathStart = start;
        clip = false;
      } else if (op === 'W' || op === 'W*') clip = true;
      else if (PAINT.has(op) || op === 'n') {
        if (pathStart !== undefined && untagged && !clip && op !== 'n') inserts.push({ at: pathStart, text: LAYOUT }, { at: token.end, text: END });
        pathStart = undefined;
      }
    }
  });
  closeText();
  if (inserts.length === 0) return { bytes, textIds };
  inserts.sort((a, b) => a.at - b.at);
  const parts: Buffer[] = [];
  let at = 0;
  for (const insert of inserts) {
    parts.push(Buffer.from(bytes.subarray(at, insert.at)), Buffer.from(insert.text, 'latin1'));
    at = insert.at;
  }
  parts.push(Buffer.from(bytes.subarray(at)));
  return { bytes: new Uint8Array(Buffer.concat(parts)), textIds };
}
