import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { comparable } from '../../src/structure/lines.js';

describe('comparable', () => {
  it('drops marks, tatweel and bidi controls, and writes hamza-carrying alefs as bare alef', () => {
    expect(comparable('إِطْلَاقُ  الـمـبادرة')).toBe('اطلاق المبادرة');
    expect(comparable('\u2067آخر\u2069 تحديث')).toBe('اخر تحديث');
  });

  it('turns each run of punctuation and spaces into one space, and none at the ends', () => {
    expect(comparable(' — للاطلاع على المزيد: (انظر) ... ')).toBe('للاطلاع على المزيد انظر');
    expect(comparable('Opération « Chammal », 2019!')).toBe('Opération Chammal 2019');
    expect(comparable('...')).toBe('');
  });

  it('keeps letters and numbers of any script, outside the Basic Multilingual Plane too', () => {
    expect(comparable('𝟘𝐀 ٣؛x')).toBe('𝟘𝐀 ٣ x');
  });

  it('agrees with its definition written as regular expressions, on any text', () => {
    const byRegex = (text: string) =>
      text
        .normalize('NFC')
        .replace(/[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
        .replace(/[أإآ]/gu, 'ا')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const pieces = fc.constantFrom('a', 'Z', '1', '٣', ' ', '\t', '.', '،', 'أ', 'إ', 'آ', 'ب', '\u064e', '\u0670', '\u0640', '\u200f', '\u2067', '😀', '𝐀', 'é', 'e\u0301', '-', '\u00a0', '\u06d6');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 16 }), (parts) => comparable(parts.join('')) === byRegex(parts.join(''))), { numRuns: 2000 });
  });
});
