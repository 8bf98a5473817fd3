/** Replacement text inside right-to-left words follows the words' reversed glyph order. */
import { describe, expect, it } from 'vitest';
import { reverseActualTextInReversedChars } from '../../src/render/pdf/reversed-chars.js';

const run = (content: string): string => Buffer.from(reverseActualTextInReversedChars(Buffer.from(content, 'latin1'))).toString('latin1');

describe('reverseActualTextInReversedChars', () => {
  it('reverses a letter and its diacritic inside a right-to-left word', () => {
    const content = 'BT\n/ReversedChars BMC\n/F4 16 Tf\n<05a4> Tj\n/Span<</ActualText <feff064a0651> >> BDC\n3.3 0 Td <0056> Tj\n-.5 0 Td (\\f#) Tj\nEMC\n<12f7> Tj\nEMC\nET\n';
    expect(run(content)).toBe(content.replace('<feff064a0651>', '<FEFF0651064A>'));
  });

  it('leaves replacement text outside right-to-left words alone', () => {
    const content = 'BT /Span<</ActualText <feff00660069> >> BDC <0001> Tj EMC ET';
    expect(run(content)).toBe(content);
  });

  it('is not fooled by operator names inside show strings', () => {
    // "(EMC)" and "<454d43>" are glyph codes, not operators: the span is still inside the word.
    const content = '/ReversedChars BMC (EMC) Tj <454d43> Tj (a\\) EMC) Tj /Span<</ActualText <FEFF06310651>>> BDC <0001> Tj EMC EMC';
    expect(run(content)).toBe(content.replace('<FEFF06310651>', '<FEFF06510631>'));
  });

  it('stops at the end of the word', () => {
    const content = '/ReversedChars BMC <01> Tj EMC /Span<</ActualText <FEFF06310651>>> BDC <0001> Tj EMC';
    expect(run(content)).toBe(content);
  });

  it('keeps single characters and returns the same bytes when nothing changes', () => {
    const bytes = Buffer.from('/ReversedChars BMC /Span<</ActualText <FEFF0631>>> BDC <01> Tj EMC EMC', 'latin1');
    expect(reverseActualTextInReversedChars(bytes)).toBe(bytes);
  });
});
