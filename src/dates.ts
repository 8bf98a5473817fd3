/**
 * Dates every format records or shows, defined once: SOURCE_DATE_EPOCH, the ISO date forms a
 * document may carry (YYYY, YYYY-MM, YYYY-MM-DD), their time, and how matn writes them in Arabic
 * with the digits the user chose (`digits` in the config).
 */

export type Digits = 'arabic-indic' | 'western';

/** SOURCE_DATE_EPOCH (whole seconds since 1970) from the environment; undefined when unset or not a number. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env['SOURCE_DATE_EPOCH']?.trim();
  if (!raw || !/^\d+(\.\d+)?$/u.test(raw)) return undefined;
  return Math.floor(Number(raw));
}

/** An ISO 8601 calendar date as documents carry it: YYYY, YYYY-MM or YYYY-MM-DD. */
export const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u;

/** Milliseconds since the epoch for an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or a full timestamp). */
export function parseIsoDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = ISO_DATE.exec(value.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
    return Date.UTC(y, mo - 1, d);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/u.test(value.trim())) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A number in the chosen digits, without grouping: 2019 or ٢٠١٩. */
export function formatNumber(n: number, digits: Digits): string {
  const western = String(n);
  return digits === 'western' ? western : western.replace(/[0-9]/gu, (d) => String.fromCharCode(0x660 + Number(d)));
}

const MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];

/** "2019-11" → "نوفمبر 2019", "2016-06-23" → "23 يونيو 2016", digits as chosen; undefined when not an ISO date. */
export function formatDate(iso: string | undefined, digits: Digits): string | undefined {
  const m = iso ? ISO_DATE.exec(iso.trim()) : null;
  if (!m || parseIsoDate(m[0]) === undefined) return undefined;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  const day = m[3] ? formatNumber(Number(m[3]), digits) : undefined;
  return [day, month, formatNumber(Number(m[1]), digits)].filter(Boolean).join(' ');
}
