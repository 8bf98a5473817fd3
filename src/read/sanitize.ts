/**
 * Characters no output may carry, made visible instead of silently dropped: C0/C1 control
 * characters (but tab and line feed), Unicode non-characters (U+FFFE, U+FFFF, U+FDD0–U+FDEF …)
 * and lone surrogates become U+FFFD, with a warning naming the lines. And bidi embeddings and
 * overrides (U+202A–U+202E, U+2066–U+2068) left open at the end of a line are closed there, so a
 * stray RLO can never flip the text that follows it.
 */

const PLANE_ENDS = Array.from({ length: 16 }, (_, k) => `\\u{${(k + 1).toString(16)}fffe}\\u{${(k + 1).toString(16)}ffff}`).join('');
/** Controls but tab and LF, non-characters, and (the "u" flag sees them as code points) lone surrogates. */
export const FORBIDDEN_CHARACTERS = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufdd0-\\ufdef\\ufffe\\uffff${PLANE_ENDS}\\ud800-\\udfff]`, 'gu');

import { EMBEDDINGS, ISOLATES } from '../unicode.js';

const EXPLICIT = new RegExp(`[${EMBEDDINGS}${ISOLATES}]`, 'u');

export interface Sanitized {
  text: string;
  warnings: string[];
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Close the explicit bidi embeddings and isolates a line opens and does not close. */
export function closeBidi(line: string): string {
  if (!EXPLICIT.test(line)) return line;
  const stack: string[] = [];
  for (const ch of line) {
    if (ch === '\u202a' || ch === '\u202b' || ch === '\u202d' || ch === '\u202e') stack.push('\u202c');
    else if (ch >= '\u2066' && ch <= '\u2068') stack.push('\u2069');
    else if (ch === '\u202c' && stack.at(-1) === '\u202c') stack.pop();
    else if (ch === '\u2069') {
      // PDI closes the nearest isolate and every embedding opened inside it.
      const i = stack.lastIndexOf('\u2069');
      if (i !== -1) stack.length = i;
    }
  }
  return line + stack.reverse().join('');
}

/** FORBIDDEN_CHARACTERS, for a yes-or-no test (no "g" flag, so no lastIndex). */
const ANY_FORBIDDEN = new RegExp(FORBIDDEN_CHARACTERS.source, 'u');
/**
 * The same class in UTF-16 code units, where every surrogate matches, paired or not: a test
 * without the "u" flag runs seven times faster, and only a text it finds something in (a
 * forbidden character, or any character outside the Basic Multilingual Plane) needs the real one.
 */
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]/;

/** Whether the text has a character no output may carry. */
export function hasForbiddenCharacters(text: string): boolean {
  return MAYBE_FORBIDDEN.test(text) && ANY_FORBIDDEN.test(text);
}

export function sanitizeText(text: string): Sanitized {
  // Most texts have nothing to replace or close: test once rather than line by line.
  if (!hasForbiddenCharacters(text) && !EXPLICIT.test(text)) return { text, warnings: [] };
  const warnings: string[] = [];
  const replaced = new Map<string, number[]>();
  const lines = text.split('\n').map((line, i) => {
    const clean = line.replace(FORBIDDEN_CHARACTERS, (ch) => {
      const key = codePoint(ch);
      const at = replaced.get(key) ?? [];
      if (at.at(-1) !== i + 1) at.push(i + 1);
      replaced.set(key, at);
      return '\ufffd';
    });
    return closeBidi(clean);
  });
  for (const [key, at] of replaced) {
    const where = at.length > 5 ? `lines ${at.slice(0, 5).join(', ')} and ${at.length - 5} more` : `line${at.length > 1 ? 's' : ''} ${at.join(', ')}`;
    warnings.push(`replaced ${key} (a character no output may carry) with U+FFFD on ${where}`);
  }
  return { text: lines.join('\n'), warnings };
}
