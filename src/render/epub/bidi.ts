/**
 * Enough of the Unicode Bidirectional Algorithm (UAX #9) to set one right-to-left line of a
 * title: Arabic text with Latin words and numbers in it. Resolves weak types (W1, W4–W7) and
 * neutrals (N1–N2) for a paragraph of level 1, gives each character level 1 (right to left) or
 * 2 (left to right). Mirroring brackets in right-to-left runs (L4) is left to the shaper,
 * which knows whether the font has the mirrored glyph. No explicit
 * embeddings: bidi controls are removed before the title is set.
 */

type BidiClass = 'R' | 'L' | 'EN' | 'AN' | 'ES' | 'ET' | 'CS' | 'NSM' | 'ON';
import { BIDI_CONTROLS as BIDI, ZERO_WIDTH } from '../../unicode.js';


/** Bidi controls and invisible marks that only steer layout: removed before shaping. */
export const BIDI_CONTROLS = new RegExp(`[${BIDI}${ZERO_WIDTH}]`, 'gu');

function classify(ch: string): BidiClass {
  if (/[0-9\u06f0-\u06f9]/u.test(ch)) return 'EN';
  if (/[\u0660-\u0669\u066b\u066c]/u.test(ch)) return 'AN';
  if (/[\p{M}\u200c\u200d]/u.test(ch)) return 'NSM';
  if (ch === '\u060c' || /[,.:/\u00a0]/u.test(ch)) return 'CS';
  if (/[+\-\u2212]/u.test(ch)) return 'ES';
  if (/[#$%\u00b0\u00a2-\u00a5\u066a\u2030\u2031\u20a0-\u20cf]/u.test(ch)) return 'ET';
  if (/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u.test(ch)) {
    return /[\p{L}\u061b\u061f\u06d4]/u.test(ch) ? 'R' : 'ON';
  }
  if (/\p{L}/u.test(ch)) return 'L';
  return 'ON';
}

export interface BidiRun {
  text: string;
  /** 1: right to left; 2: left to right inside the right-to-left line. */
  level: 1 | 2;
}

/** The line's characters resolved to levels, as runs in logical order. */
export function resolveLevels(line: string): BidiRun[] {
  const chars = [...line];
  const types = chars.map(classify);
  // W1: marks take the type of what they follow.
  for (let i = 0; i < types.length; i++) {
    if (types[i] === 'NSM') types[i] = i === 0 ? 'R' : types[i - 1]!;
  }
  // W4: one separator between two numbers of the same type joins them.
  for (let i = 1; i + 1 < types.length; i++) {
    const [a, t, b] = [types[i - 1], types[i], types[i + 1]];
    if (t === 'ES' && a === 'EN' && b === 'EN') types[i] = 'EN';
    else if (t === 'CS' && a === b && (a === 'EN' || a === 'AN')) types[i] = a!;
  }
  // W5: terminators next to European numbers become numbers.
  for (let i = 0; i < types.length; i++) {
    if (types[i] !== 'ET') continue;
    let j = i;
    while (j < types.length && types[j] === 'ET') j++;
    if (types[i - 1] === 'EN' || types[j] === 'EN') for (let k = i; k < j; k++) types[k] = 'EN';
    i = j - 1;
  }
  // W6: what is left of separators and terminators is neutral.
  for (let i = 0; i < types.length; i++) if (types[i] === 'ES' || types[i] === 'ET' || types[i] === 'CS') types[i] = 'ON';
  // W7: European numbers after left-to-right text are left to right.
  let strong: BidiClass = 'R';
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    if (t === 'L' || t === 'R') strong = t;
    else if (t === 'EN' && strong === 'L') types[i] = 'L';
  }
  // N1/N2: neutrals between two runs of one direction take it; otherwise the line's (R).
  const direction = (t: BidiClass | undefined): 'L' | 'R' | undefined =>
    t === 'L' ? 'L' : t === 'R' || t === 'EN' || t === 'AN' ? 'R' : undefined;
  for (let i = 0; i < types.length; i++) {
    if (types[i] !== 'ON') continue;
    let j = i;
    while (j < types.length && types[j] === 'ON') j++;
    const before = i === 0 ? 'R' : direction(types[i - 1]);
    const after = j === types.length ? 'R' : direction(types[j]);
    const resolved = before === after && before !== undefined ? before : 'R';
    for (let k = i; k < j; k++) types[k] = resolved === 'L' ? 'L' : 'R';
    i = j - 1;
  }
  const runs: BidiRun[] = [];
  chars.forEach((ch, i) => {
    const level: 1 | 2 = types[i] === 'R' ? 1 : 2;
    const last = runs[runs.length - 1];
    if (last && last.level === level) last.text += ch;
    else runs.push({ text: ch, level });
  });
  return runs;
}
