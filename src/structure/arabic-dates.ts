/**
 * Arabic date expressions: month names in their Egyptian/Gulf ("نوفمبر"), Levantine/Iraqi
 * ("تشرين الثاني") and Maghrebi ("نونبر", "جوان") forms, alone or paired ("تشرين الثاني/نوفمبر"),
 * with Western or Arabic-Indic digits. Shared by the update-line and dates plugins.
 */
import { isSpace } from './lines.js';

const MONTHS: Array<[number, string[]]> = [
  [1, ['يناير', 'كانون الثاني', 'جانفي', 'يناىر']],
  [2, ['فبراير', 'شباط', 'فيفري', 'فبرير']],
  [3, ['مارس', 'آذار', 'اذار']],
  [4, ['أبريل', 'إبريل', 'ابريل', 'نيسان', 'أفريل', 'افريل']],
  [5, ['مايو', 'أيار', 'ايار', 'ماي']],
  [6, ['يونيو', 'يونيه', 'حزيران', 'جوان']],
  [7, ['يوليو', 'يوليه', 'تموز', 'جويلية', 'يوليوز']],
  [8, ['أغسطس', 'اغسطس', 'آب', 'اب', 'أوت', 'غشت']],
  [9, ['سبتمبر', 'أيلول', 'ايلول', 'شتنبر']],
  [10, ['أكتوبر', 'اكتوبر', 'تشرين الأول', 'تشرين الاول', 'أكتوبر']],
  [11, ['نوفمبر', 'تشرين الثاني', 'نونبر']],
  [12, ['ديسمبر', 'كانون الأول', 'كانون الاول', 'دجنبر']],
];

const monthByName = new Map<string, number>();
for (const [n, names] of MONTHS) for (const name of names) monthByName.set(name, n);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest names first, so "تشرين الثاني" wins over a shorter prefix.
const MONTH = [...monthByName.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
const DIGIT = '[0-9\\u0660-\\u0669\\u06f0-\\u06f9]';
const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}\\p{M}_])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}\\p{M}_])';

/**
 * A date: optional day, a month (optionally paired "A/B" or "A (B)"), optional comma, a year.
 * Groups: day, month1, month2, year.
 */
export const DATE_PATTERN = new RegExp(
  `${NOT_WORD_BEFORE}(?:(${DIGIT}{1,2})\\s+)?(${MONTH})(?:\\s*[/(]\\s*(${MONTH})\\s*\\)?)?${NOT_WORD_AFTER}[،,]?\\s+(${DIGIT}{4})${NOT_WORD_AFTER}`,
  'gu',
);

export function westernDigits(s: string): string {
  return s
    .replace(/[\u0660-\u0669]/gu, (d) => String(d.charCodeAt(0) - 0x660))
    .replace(/[\u06f0-\u06f9]/gu, (d) => String(d.charCodeAt(0) - 0x6f0));
}

export interface FoundDate {
  index: number;
  text: string;
  /** ISO 8601: YYYY-MM or YYYY-MM-DD. */
  datetime: string;
}

function iso(day: string | undefined, month: number, year: string): string | undefined {
  const y = westernDigits(year);
  const m = String(month).padStart(2, '0');
  if (day === undefined) return `${y}-${m}`;
  const d = Number(westernDigits(day));
  if (d < 1 || d > 31) return undefined;
  return `${y}-${m}-${String(d).padStart(2, '0')}`;
}

/** Western, Arabic-Indic or Persian digit. */
function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9);
}

/** Four digits in a row (a year), found without a regular expression: every text is tested. */
function hasFourDigits(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = isDigit(text.charCodeAt(i)) ? run + 1 : 0;
    if (run === 4) return true;
  }
  return false;
}
/** A month name anywhere, even inside a word. */
const MONTH_NAME = new RegExp(MONTH, 'gu');

/**
 * Where the next date may start, at or after `from`: at the next month name, or before it at the
 * day and the white space between (a date's only text before its month); -1 when no month name
 * follows. The long pattern is run from there, not tried at every character before it.
 */
function nextDateStart(text: string, from: number): number {
  MONTH_NAME.lastIndex = from;
  const month = MONTH_NAME.exec(text);
  if (month === null) return -1;
  let start = month.index;
  while (start > from && isSpace(text.charCodeAt(start - 1))) start--;
  for (let digits = 0; digits < 2 && start > from && isDigit(text.charCodeAt(start - 1)); digits++) start--;
  return start;
}

/** Every date in a text, in order. */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  // Every date has a year and a month name: skip the long pattern when either is missing.
  if (!hasFourDigits(text)) return found;
  for (let from = nextDateStart(text, 0); from !== -1; ) {
    DATE_PATTERN.lastIndex = from;
    const m = DATE_PATTERN.exec(text);
    if (m === null) break;
    from = nextDateStart(text, m.index + m[0].length);
    const month = monthByName.get(m[2]!);
    const second = m[3] === undefined ? month : monthByName.get(m[3]);
    if (month === undefined || second !== month) continue; // "نيسان/مايو" is not one month
    let day: string | undefined = m[1];
    let start = m.index!;
    let matched = m[0];
    let datetime = iso(day, month, m[4]!);
    if (datetime === undefined) {
      // Not a day of the month: keep only "month year".
      const cut = matched.indexOf(m[2]!);
      start += cut;
      matched = matched.slice(cut);
      day = undefined;
      datetime = iso(undefined, month, m[4]!)!;
    }
    found.push({ index: start, text: matched, datetime });
  }
  return found;
}
