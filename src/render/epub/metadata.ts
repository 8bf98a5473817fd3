/**
 * Package metadata that is computed rather than copied: the identifier, the modification time,
 * the date shown on the cover.
 */
import { createHash } from 'node:crypto';
import { formatDate, ISO_DATE, parseIsoDate, sourceDateEpoch as envEpoch, type Digits } from '../../dates.js';

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

export { parseIsoDate };

/** CCYY-MM-DDThh:mm:ssZ, the form dcterms:modified requires. */
export function w3cdtf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A dc:date value (W3CDTF), or undefined when the given date is not one. */
export function dcDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (ISO_DATE.test(v) && parseIsoDate(v) !== undefined) return v;
  const ms = parseIsoDate(v);
  return ms === undefined ? undefined : w3cdtf(ms);
}

/** SOURCE_DATE_EPOCH (seconds) from the option or the environment, as milliseconds. */
export function sourceDateEpoch(option: number | undefined): number | undefined {
  if (option !== undefined) return Number.isFinite(option) ? option * 1000 : undefined;
  const env = envEpoch();
  return env === undefined ? undefined : env * 1000;
}

/** "نوفمبر 2019", "28 فبراير 2022": an ISO date as the cover shows it, in the chosen digits. */
export function arabicDate(iso: string | undefined, digits: Digits = 'western'): string {
  return formatDate(iso, digits) ?? '';
}
