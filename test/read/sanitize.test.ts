import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORBIDDEN_CHARACTERS, hasForbiddenCharacters, sanitizeText } from '../../src/read/sanitize.js';

describe('hasForbiddenCharacters', () => {
  it('finds controls, noncharacters and lone surrogates, and passes tabs, line ends and pairs', () => {
    for (const bad of ['\u0000', '\u0007', '\u007f', '\u0085', '\ufdd0', '\uffff', '\ud800', 'x\udc00', '\u{1fffe}', '\u{10ffff}']) {
      expect(hasForbiddenCharacters(`نص ${bad} نص`)).toBe(true);
    }
    for (const good of ['\t', '\n', '😀', '𝐀', '\u{1fffd}', '\u200f', 'é']) expect(hasForbiddenCharacters(`نص ${good} نص`)).toBe(false);
  });

  it('agrees with the full pattern on any text', () => {
    const full = new RegExp(FORBIDDEN_CHARACTERS.source, 'u');
    // Whole code points of every plane, and single UTF-16 code units (so lone surrogates too).
    const unit = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)));
    fc.assert(fc.property(fc.array(unit, { maxLength: 20 }), (units) => hasForbiddenCharacters(units.join('')) === full.test(units.join(''))), { numRuns: 5000 });
  });
});

describe('sanitizeText', () => {
  it('returns a clean text as it is, and replaces what no output may carry with a warning naming the line', () => {
    expect(sanitizeText('سطر\nسطر 😀')).toEqual({ text: 'سطر\nسطر 😀', warnings: [] });
    const dirty = sanitizeText('سطر\nس\u0007طر');
    expect(dirty.text).toBe('سطر\nس\ufffdطر');
    expect(dirty.warnings).toEqual(['replaced U+0007 (a character no output may carry) with U+FFFD on line 2']);
  });
});
