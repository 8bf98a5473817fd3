/**
 * Small helpers the structure plugins share: what a line's text is, whether it was forced by
 * the user, and what Arabic text looks like.
 */
import type { Paragraph, RootContent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ForcedRole } from '../tree/types.js';
import type { VFile } from 'vfile';

/** A paragraph that came from one line of a plain-text source. */
export type LineParagraph = Paragraph & { data: { matnLine: NonNullable<NonNullable<Paragraph['data']>['matnLine']> } };

export function isLine(node: RootContent | undefined): node is LineParagraph {
  return node?.type === 'paragraph' && node.data?.matnLine !== undefined;
}

export function textOf(node: RootContent | Root): string {
  return toString(node);
}

export function forcedRole(node: RootContent | undefined): ForcedRole | undefined {
  return node?.data?.matnForced?.role;
}

/** The line may be given this role: nothing forced, or forced to exactly this. */
export function mayBe(node: RootContent | undefined, role: ForcedRole): boolean {
  const forced = forcedRole(node);
  return forced === undefined || forced === 'keep' || forced === role;
}

/** Sentence-ending or list-introducing punctuation, Arabic and Latin. */
export const TERMINAL_PUNCTUATION = /[.:;!?…,،؛؟۔]["'”’»)\]]?$/u;

export const ARABIC_LETTER = /[\u0620-\u064a\u066e-\u06d3\u06fa-\u06fc]/u;

export function wordCount(text: string): number {
  return text.split(/\s+/u).filter(Boolean).length;
}

/** Normalise for comparing texts: no marks, tatweel, punctuation, bidi controls; one space. */
export function comparable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/[أإآ]/gu, 'ا')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function meta(file: VFile) {
  return file.data.matn!;
}
