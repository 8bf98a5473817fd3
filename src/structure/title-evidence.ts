/**
 * What speaks for a line being the page's title, beyond how the line looks (`line-features.ts`),
 * as numbers the title ranker weighs. Evidence any page gives, whatever its site:
 * - the title's words come back in the text: the share of its content words (stop words aside)
 *   met again in the running text after it;
 * - the breadcrumb ends with it: a line just before it says the same (or the start of it, cut
 *   with "…");
 * - a byline follows it: a date within the next two lines;
 * - the lede opens with its words (and a line that opens with the words of one just before it
 *   is the lede, not the title).
 * Pure: the same lines always give the same evidence.
 */
import { lineFacts, STOP_WORDS, WORD_BUCKETS, type FeatureLine, type LineFacts } from './line-features.js';
import { findDates } from './arabic-dates.js';

/** How many lines back a breadcrumb's last item may stand before the title. */
const BREADCRUMB_REACH = 6;

/** A line's content words: its words without marks, joined "ال"/conjunctions or stop words. */
function contentWords({ words, stems }: LineFacts): string[] {
  return stems.filter((_, k) => words[k]!.length >= 3 && !STOP_WORDS.has(words[k]!));
}

/** A line cut short with an ellipsis. */
const CUT = /(…|\.\.\.)\s*$/u;

/** A breadcrumb's last item says the title, or its start cut with an ellipsis: "عنوان المقال…". */
function sameOrCut(crumb: string, crumbCut: boolean, title: string): boolean {
  if (crumb === title) return crumb.length > 0;
  return crumbCut && crumb.length >= 8 && title.startsWith(crumb);
}

export const TITLE_EVIDENCE = 7;

export function titleEvidence(lines: FeatureLine[], facts: LineFacts[] = lineFacts(lines)): number[][] {
  const cut = lines.map((l) => CUT.test(l.text));
  // each line's key is also the key of the line without its closing ellipsis: `comparable`
  // leaves out punctuation and spaces at the end
  const keys = facts.map((f) => f.key);
  const words = facts.map(contentWords);
  // the last line of running text each content word is met in
  const lastInProse = new Map<string, number>();
  facts.forEach((f, i) => {
    if (f.wordCount >= 5) for (const w of words[i]!) lastInProse.set(w, i);
  });
  // a short line with a date on it (a byline's), each line tested once
  const hasDate = lines.map(({ text }, i) => text.length < 80 && (facts[i]!.dateLine || findDates(text).length > 0));
  return lines.map((_, i) => {
    const own = words[i]!;
    let met = 0;
    for (const w of own) if ((lastInProse.get(w) ?? -1) > i) met++;
    let breadcrumb = 0;
    for (let j = Math.max(0, i - BREADCRUMB_REACH); j < i; j++) if (sameOrCut(keys[j]!, cut[j]!, keys[i]!)) breadcrumb = 1;
    // a lede that opens with the title's words
    const echoedAfter = [1, 2, 3].some((k) => keys[i + k] !== undefined && keys[i]!.length >= 8 && keys[i + k]!.length > keys[i]!.length && keys[i + k]!.startsWith(keys[i]!));
    const echoesBefore = [1, 2, 3].some((k) => i - k >= 0 && keys[i - k]!.length >= 8 && keys[i]!.length > keys[i - k]!.length && keys[i]!.startsWith(keys[i - k]!));
    const dated = hasDate[i + 1] === true || hasDate[i + 2] === true;
    return [own.length === 0 ? 0 : met / own.length, Math.min(3, met) / 3, own.length === 0 ? 1 : 0, breadcrumb, dated ? 1 : 0, echoedAfter ? 1 : 0, echoesBefore ? 1 : 0];
  });
}

/**
 * What the title ranker reads of a line: its look, its neighbours' and its place, and the
 * evidence; not its words (hashed words tie a ranker trained on a few pages to their sites).
 */
export function titleInputs(features: number[], evidence: number[]): number[] {
  return [...features.slice(0, features.length - WORD_BUCKETS - 1), ...evidence];
}
