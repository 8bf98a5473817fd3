/**
 * What a line looks like, as numbers a line classifier can weigh: its length, punctuation,
 * share of Arabic stop words (from the `stopword` package), script, markers, blank lines around
 * it, where it sits in the document and in its run of lines, and the same for its neighbours.
 * Pure: the same lines always give the same features.
 */
import { ara } from 'stopword';
import { comparable, isSpace, wordCount } from './lines.js';
import { BULLET_MARKER } from './bullet-lists.js';
import { NUMBER_MARKER } from './numbered-points.js';
import { SECTION_WORDS } from './headings.js';
import { findDates } from './arabic-dates.js';

export interface FeatureLine {
  /** The line's text without its indentation. */
  text: string;
  blankBefore: boolean;
  blankAfter: boolean;
  indent: number;
}

/**
 * What the line features, the title evidence and the classifier read of a line's text, several
 * times each: computed once per line by `lineFacts`.
 */
export interface LineFacts {
  /** The text as `comparable` writes it. */
  key: string;
  /** The words of `key`. */
  words: string[];
  /** Each of `words` without a joined article or conjunction, lower-cased (`stem`). */
  stems: string[];
  /** Words of the text, as `wordCount` counts them. */
  wordCount: number;
  /** The text ends a sentence (`TERMINAL`). */
  endsSentence: boolean;
  /** A line of running text (`isProse`). */
  prose: boolean;
  /** A date and nothing else (`isDateLine`). */
  dateLine: boolean;
}

export const STOP_WORDS = new Set([...ara.map((w: string) => comparable(w)), 'في', 'من', 'على', 'إلى', 'الى', 'عن', 'أن', 'ان', 'التي', 'الذي', 'هذا', 'هذه', 'مع', 'كما', 'قد', 'لا', 'ما', 'او', 'أو', 'و'].map(comparable));
/** Conjunctions and prepositions written joined to the next word: "وفي", "بالإضافة", "للمزيد". */
const CLITICS = ['و', 'ف', 'ب', 'ل', 'ك'];
/** A sentence's end: full stop, question or exclamation mark, ellipsis, before closing quotes. */
export const TERMINAL = /[.!?؟…]["'”’»)\]]?$/u;
/** Separator symbols, as UTF-16 code units (all of them are one). */
const SYMBOLS = new Set([...'|»«›‹>/\\©®™•·@#¶'].map((symbol) => symbol.charCodeAt(0)));
const ORDINAL = /^(أولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا|ثامنا|تاسعا|عاشرا)[ًٌ]?[:\s\-–]/u;
const SECTION = new RegExp(`^(${SECTION_WORDS.join('|')})\\s+\\S+`, 'u');

/**
 * Letters of each script, digits, separator symbols and white space in a text, in one pass
 * (every line of every capture): Arabic (U+0600–06FF, 0750–077F, FB50–FDFF, FE70–FEFF), Latin
 * (A–Z, a–z, U+00C0–024F), Western, Arabic-Indic and Persian digits; white space is what `\s`
 * matches (U+FEFF is counted both as Arabic and as space, as it always was).
 */
function scripts(text: string): { arabic: number; latin: number; digits: number; symbols: number; spaces: number } {
  let arabic = 0;
  let latin = 0;
  let digits = 0;
  let symbols = 0;
  let spaces = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) spaces++;
    if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) {
      arabic++;
      if ((c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9)) digits++;
    } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
    else if (c >= 0x30 && c <= 0x39) digits++;
    else if (SYMBOLS.has(c)) symbols++;
  }
  return { arabic, latin, digits, symbols, spaces };
}

/** A stop word, alone or joined to a conjunction or preposition ("وفي"). */
function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || (word.length > 5 && joinedPrefix(word, CLITICS) !== undefined && STOP_WORDS.has(word.slice(1)));
}

const COPYRIGHT = /[©]|جميع الحقوق|حقوق النشر|all rights/iu;

/** What any match of `COPYRIGHT` holds ("l " of "all rights", in either case): most lines have none of it. */
function mayBeCopyright(text: string): boolean {
  return text.includes('©') || text.includes('حقوق') || text.includes('l ') || text.includes('L ');
}

/** Own features of one line (no context). */
function own(line: FeatureLine, facts: LineFacts): number[] {
  const t = line.text;
  const n = facts.wordCount;
  const counts = scripts(t);
  // the length of the text without its white space
  const letters = Math.max(1, t.length - counts.spaces);
  let stops = 0;
  for (const w of facts.words) if (isStopWord(w)) stops++;
  return [
    Math.log1p(t.length) / 5,
    Math.log1p(n) / 3,
    n <= 2 ? 1 : 0,
    n <= 5 ? 1 : 0,
    n <= 12 ? 1 : 0,
    n > 25 ? 1 : 0,
    facts.endsSentence ? 1 : 0,
    /[:：]$/u.test(t) ? 1 : 0,
    /[،,؛;]$/u.test(t) ? 1 : 0,
    n === 0 ? 0 : stops / n,
    stops > 0 ? 1 : 0,
    counts.arabic / letters,
    counts.latin / letters,
    counts.digits / letters,
    counts.symbols > 0 ? 1 : 0,
    t.includes('\t') ? 1 : 0,
    BULLET_MARKER.test(t) ? 1 : 0,
    NUMBER_MARKER.test(t) ? 1 : 0,
    SECTION.test(t) || ORDINAL.test(t) ? 1 : 0,
    line.blankBefore ? 1 : 0,
    line.blankAfter ? 1 : 0,
    /\b(19|20)\d\d\b|[\u0661\u06f1][\u0669\u0660\u06f9\u06f0]/u.test(t) ? 1 : 0,
    mayBeCopyright(t) && COPYRIGHT.test(t) ? 1 : 0,
    t.includes('http://') || t.includes('https://') || t.includes('www.') || t.includes('@') ? 1 : 0,
    /[#¶]$/u.test(t) ? 1 : 0,
    line.indent > 0 ? 1 : 0,
    facts.dateLine ? 1 : 0,
  ];
}

export const OWN_FEATURES = 27;

/** Words hashed into this many buckets: the vocabulary of menus and footers ("الرئيسية", "اتصل", "حقوق"). */
export const WORD_BUCKETS = 64;

/** FNV-1a of a word, for the hashing trick. */
function bucket(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % WORD_BUCKETS;
}

/** Separators inside a line: a menu or breadcrumb written on one line ("أ • ب • ج", "أ > ب"). */
const INLINE_SEPARATOR = /\s[•·|»›>\/]\s/gu;

/** The line's words (compared without marks, "ال" and joined conjunctions) in hashed buckets. */
function wordBuckets(text: string, stems: string[]): number[] {
  const out = new Array<number>(WORD_BUCKETS + 1).fill(0);
  const weight = 1 / Math.sqrt(stems.length);
  for (const stem of stems) out[bucket(stem)]! += weight;
  out[WORD_BUCKETS] = Math.min(3, (text.slice(1).match(INLINE_SEPARATOR) ?? []).length) / 3;
  return out;
}

/** "ال" or a conjunction joined to a word of three letters or more, in the order they are tried. */
const JOINED_ARTICLES = ['وال', 'بال', 'لل', 'ال', 'و'];

/**
 * The first of `prefixes` the word opens with and that three characters or more other than white
 * space follow: what `^(a|b|…)(?=\S{3,})` matches, without a regular expression on every word.
 */
function joinedPrefix(word: string, prefixes: readonly string[]): string | undefined {
  for (const prefix of prefixes) if (word.startsWith(prefix) && threeNonSpaceFrom(word, prefix.length)) return prefix;
  return undefined;
}

/** Three characters (code points, as `\S` with the `u` flag counts them) from `at`, none white space. */
function threeNonSpaceFrom(word: string, at: number): boolean {
  let count = 0;
  for (let i = at; i < word.length && count < 3; i++) {
    const c = word.charCodeAt(i);
    if (isSpace(c)) return false;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < word.length && (word.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    count++;
  }
  return count === 3;
}

/** Is a word left as it is by `toLowerCase`: Arabic letters and digits have no case. */
function caseless(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x600 && c <= 0x6ff))) return false;
  }
  return true;
}

/**
 * A word of a `comparable` key without a joined "ال" or conjunction, lower-cased: how the
 * hashed buckets and the title evidence compare words. (`toLowerCase` is slow on Arabic text
 * and changes nothing there: it is left out for caseless words.)
 */
export function stem(word: string): string {
  const article = joinedPrefix(word, JOINED_ARTICLES);
  const bare = article === undefined ? word : word.slice(article.length);
  return caseless(bare) ? bare : bare.toLowerCase();
}

const EN_MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const EN_DAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';
const D = '[0-9\\u0660-\\u0669\\u06f0-\\u06f9]';
/** A date and nothing else: "2022-05-28", "Fri Aug 21 2015", "21 August 2015", "3/5/2020", "3 مايو 2020". */
const DATE_ONLY = new RegExp(
  `^(?:${D}{4}-${D}{1,2}-${D}{1,2}(?:[T ][0-9:.+Z-]+)?|${EN_DAY}${EN_MONTH}\\s+${D}{1,2}(?:st|nd|rd|th)?,?\\s+${D}{4}|${EN_DAY}${D}{1,2}\\s+${EN_MONTH}\\s+${D}{4}|${D}{1,2}[/.-]${D}{1,2}[/.-]${D}{2,4})$`,
  'iu',
);

/** Is this line a date and nothing else (a byline's date, a post's date): never a heading or a title. */
export function isDateLine(text: string): boolean {
  const t = text.trim();
  if (t.length > 40) return false;
  if (DATE_ONLY.test(t)) return true;
  const dates = findDates(t);
  return dates.length === 1 && dates[0]!.text.length >= t.length - 3;
}

/** Is this a line of running text: long, ending a sentence. */
export function isProse(text: string): boolean {
  return proseOf(text, wordCount(text), TERMINAL.test(text));
}

function proseOf(text: string, words: number, endsSentence: boolean): boolean {
  return words >= 12 && (endsSentence || /[،,:]$/u.test(text) || words >= 25);
}

/** What is read of a line's text more than once (see `LineFacts`). */
export function textFacts(text: string): LineFacts {
  const key = comparable(text);
  // `comparable` writes one space between words and none at the ends
  const words = key === '' ? [] : key.split(' ');
  const n = wordCount(text);
  const endsSentence = TERMINAL.test(text);
  return { key, words, stems: words.map(stem), wordCount: n, endsSentence, prose: proseOf(text, n, endsSentence), dateLine: isDateLine(text) };
}

export function lineFacts(lines: FeatureLine[]): LineFacts[] {
  return lines.map((l) => textFacts(l.text));
}

/**
 * The feature vectors of every line: its own features, the same of the two lines before and
 * after it, and its place in the document and in its run of consecutive lines.
 */
export function lineFeatures(lines: FeatureLine[], facts: LineFacts[] = lineFacts(lines)): number[][] {
  const keys = facts.map((f) => f.key);
  const owns = lines.map((l, i) => own(l, facts[i]!));
  const zero = new Array<number>(OWN_FEATURES).fill(0);
  const prose = facts.map((f) => f.prose);
  const firstProse = prose.indexOf(true);
  const lastProse = prose.lastIndexOf(true);
  // runs of lines with no blank line between them
  const runStart: number[] = [];
  const runEnd: number[] = [];
  for (let i = 0; i < lines.length; i++) runStart[i] = i > 0 && !lines[i]!.blankBefore ? runStart[i - 1]! : i;
  for (let i = lines.length - 1; i >= 0; i--) runEnd[i] = i < lines.length - 1 && !lines[i]!.blankAfter ? runEnd[i + 1]! : i;
  const n = Math.max(1, lines.length - 1);
  // short lines before each line, to count those of a run in one step
  const shortBefore = [0];
  facts.forEach((f, i) => shortBefore.push(shortBefore[i]! + (f.wordCount <= 8 ? 1 : 0)));
  // lines ending a sentence before each line: items of a list in the text end with a full stop,
  // a menu's never do
  const endsBefore = [0];
  facts.forEach((f, i) => endsBefore.push(endsBefore[i]! + (f.endsSentence ? 1 : 0)));
  // where a line's text is met first and last (a contents entry comes before its heading)
  const firstAt = new Map<string, number>();
  const lastAt = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!firstAt.has(key)) firstAt.set(key, i);
    lastAt.set(key, i);
  });
  return lines.map((line, i) => {
    const key = keys[i]!;
    const toProse = firstProse === -1 ? 99 : firstProse - i;
    const runLength = runEnd[i]! - runStart[i]! + 1;
    const shortInRun = shortBefore[runEnd[i]! + 1]! - shortBefore[runStart[i]!]!;
    const endsInRun = endsBefore[runEnd[i]! + 1]! - endsBefore[runStart[i]!]!;
    // the line that introduces the run ("… على عدة أشكال:")
    const opener = lines[runStart[i]! - 1]?.text ?? '';
    const context = [
      i / n,
      i < 3 ? 1 : 0,
      i > lines.length - 4 ? 1 : 0,
      firstProse === -1 || i < firstProse ? 1 : 0,
      lastProse === -1 || i > lastProse ? 1 : 0,
      Math.log1p(runLength) / 3,
      runLength === 1 ? 1 : 0,
      i === runStart[i] ? 1 : 0,
      i === runEnd[i] ? 1 : 0,
      shortInRun / runLength,
      endsInRun / runLength,
      /[:：]$/u.test(opener) || (i > runStart[i]! && /[:：]$/u.test(lines[runStart[i]!]!.text)) ? 1 : 0,
      i + 1 < lines.length && prose[i + 1] ? 1 : 0,
      i > 0 && prose[i - 1] ? 1 : 0,
      toProse === 1 ? 1 : 0,
      toProse === 2 ? 1 : 0,
      toProse >= 3 && toProse <= 5 ? 1 : 0,
      toProse > 5 && toProse < 99 ? 1 : 0,
      firstAt.get(key)! < i ? 1 : 0,
      lastAt.get(key)! > i ? 1 : 0,
    ];
    const parts = [owns[i]!, owns[i - 1] ?? zero, owns[i + 1] ?? zero, owns[i - 2] ?? zero, owns[i + 2] ?? zero, context, wordBuckets(line.text, facts[i]!.stems)];
    // one constant, then the parts: the vector is made at its length rather than grown
    const vector = new Array<number>(parts.reduce((length, part) => length + part.length, 1));
    vector[0] = 1;
    let at = 1;
    for (const part of parts) for (let k = 0; k < part.length; k++) vector[at++] = part[k]!;
    return vector;
  });
}

