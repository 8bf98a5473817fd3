/**
 * Package metadata that is computed rather than copied: the identifier, the modification time,
 * the date shown on the cover.
 */
import { createHash } from 'node:crypto';

/** matn's namespace for name-based (version 5) UUIDs: uuidv5(URL namespace, "https://matn.dev/epub"). */
export const MATN_NAMESPACE = uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://matn.dev/epub');

/** RFC 9562 version 5 UUID (SHA-1 of namespace + name). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The publication's identifier, from the source's name only: the same document keeps its
 * identifier when its text is corrected and rebuilt, so reading systems treat the new build as
 * a new version of the same book (the release is told apart by dcterms:modified), keeping a
 * reader's place and notes. The name is already the base of every artifact's file name, so two
 * documents that share it would collide anyway.
 */
export function publicationId(sourceName: string): string {
  return uuidV5(MATN_NAMESPACE, sourceName);
}

/** Milliseconds since the epoch for an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or a full timestamp). */
export function parseIsoDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
    return Date.UTC(y, mo - 1, d);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value.trim())) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** CCYY-MM-DDThh:mm:ssZ, the form dcterms:modified requires. */
export function w3cdtf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A dc:date value (W3CDTF), or undefined when the given date is not one. */
export function dcDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v) && parseIsoDate(v) !== undefined) return v;
  const ms = parseIsoDate(v);
  return ms === undefined ? undefined : w3cdtf(ms);
}

/** SOURCE_DATE_EPOCH (seconds) from the option or the environment, as milliseconds. */
export function sourceDateEpoch(option: number | undefined): number | undefined {
  if (option !== undefined) return Number.isFinite(option) ? option * 1000 : undefined;
  const env = process.env.SOURCE_DATE_EPOCH;
  if (env === undefined || !/^\d+$/.test(env.trim())) return undefined;
  return Number(env.trim()) * 1000;
}

const MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];

/** "نوفمبر 2019", "28 فبراير 2022": an ISO date as the cover shows it. */
export function arabicDate(iso: string | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso.trim());
  if (!m) return '';
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  if (m[2] && !month) return m[1]!;
  return [m[3] ? String(Number(m[3])) : '', month ?? '', m[1]].filter(Boolean).join(' ');
}
