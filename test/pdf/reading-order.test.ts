/**
 * The content-stream rewrites of the PDF finishing, on small hand-written streams in Chromium's
 * shape (one text object per run, each with its own font and matrix): the line's runs in reading
 * order, the furniture as artifacts.
 */
import { describe, expect, it } from 'vitest';
import { readingOrder } from '../../src/render/pdf/reading-order.js';
import { classify, logicalOrder } from '../../src/render/pdf/bidi-order.js';
import { parseToUnicode, type Decoder } from '../../src/render/pdf/to-unicode.js';
import { markArtifacts, untaggedShows } from '../../src/render/pdf/artifacts.js';

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const dec = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** Glyph code → text: <00NN> shows the letter NN of this little alphabet. */
const ALPHABET: Record<string, string> = { '0001': ' ', '0010': 'ب', '0011': 'ت', '0012': 'ث', '0020': 'A', '0021': 'B', '0030': '2', '0031': '0', '0040': 'ّ' };
const decode: Decoder = (_font, code) => {
  let out = '';
  for (let i = 0; i + 1 < code.length; i += 2) out += ALPHABET[((code[i]! << 8) | code[i + 1]!).toString(16).padStart(4, '0')] ?? '';
  return out;
};

/** One of Chromium's text objects: a right-to-left word is wrapped in /ReversedChars. */
function run(codes: string, x: number, { font = '/F4 16 Tf', reversed = false, y = 100, extra = '' } = {}): string {
  const shows = codes
    .split(' ')
    .map((c, i) => `${i === 0 ? '' : '5 0 Td '}<${c}> Tj`)
    .join('\n');
  return ['BT', reversed ? '/ReversedChars BMC' : '', font, `1 0 0 -1 ${x} ${y} Tm`, extra, shows, reversed ? 'EMC' : '', 'ET'].filter(Boolean).join('\n');
}

/** The order the runs' first glyph codes come in. */
const shown = (stream: string): string[] => [...stream.matchAll(/BT[\s\S]*?<([0-9A-F]{4})> Tj[\s\S]*?ET/gi)].map((m) => m[1]!);

describe('logicalOrder', () => {
  it('reverses a right-to-left line', () => {
    expect(logicalOrder(['R', 'N', 'R', 'N', 'R'])).toEqual([4, 3, 2, 1, 0]);
  });
  it('keeps a number or a Latin phrase left to right inside it', () => {
    // visual: [جهود] [ ] [2018] [ ] [عام] → reading: عام, 2018, جهود
    expect(logicalOrder(['R', 'N', 'EN', 'N', 'R'])).toEqual([4, 3, 2, 1, 0]);
    // visual: [هو] [ ] [Firefox] [ ] [Mozilla] [ ] [متصفح]: the Latin words keep their order
    expect(logicalOrder(['R', 'N', 'L', 'N', 'L', 'N', 'R'])).toEqual([6, 5, 2, 3, 4, 1, 0]);
  });
  it('reads a number after a Latin word with it (W7)', () => {
    // visual: [ب] [Windows] [ ] [10] → reading: Windows 10, ب
    expect(logicalOrder(['R', 'L', 'N', 'EN'])).toEqual([1, 2, 3, 0]);
  });
  it('classifies runs by their letters', () => {
    expect(classify('بت', false)).toBe('R');
    expect(classify('AB', false)).toBe('L');
    expect(classify('2018', false)).toBe('EN');
    expect(classify('٢٠١٩', false)).toBe('AN');
    expect(classify('،', false)).toBe('N');
    expect(classify('', true)).toBe('R');
  });
});

describe('readingOrder', () => {
  it('draws the pieces of a line (runs of one font) right to left, without /ReversedChars', () => {
    // On the page, left to right: "ثت" and "ب" in the regular face, a space in another font,
    // "بت" in the bold face (the first word).
    const stream = [
      run('0012 0011', 10, { reversed: true }),
      run('0010', 20, { reversed: true }),
      run('0001', 25, { font: '/F5 16 Tf' }),
      run('0011 0010', 30, { reversed: true, font: '/F6 16 Tf' }),
    ].join('\n');
    const out = dec(readingOrder(enc(stream), decode));
    // The bold word first, then the space (a font of its own), then the regular piece, its runs
    // left to right (pdf.js turns the whole run around); the font the line left is set again.
    expect(shown(out)).toEqual(['0011', '0001', '0012', '0010']);
    expect(out).not.toContain('ReversedChars');
    expect(out.endsWith('BT\n/F6 16 Tf\nET')).toBe(true);
    // Each object is written as it was: its own font, matrix and moves.
    expect(out).toContain('/F6 16 Tf\n1 0 0 -1 30 100 Tm\n<0011> Tj\n5 0 Td <0010> Tj');
  });

  it('leaves a left-to-right line alone, and returns the same bytes', () => {
    const bytes = enc([run('0020', 10), run('0001', 20, { font: '/F5 16 Tf' }), run('0021', 30)].join('\n'));
    expect(readingOrder(bytes, decode)).toBe(bytes);
  });

  it('never moves text across other operators, lines or text state', () => {
    const colour = [run('0010', 10), '0 0 1 rg', run('0011', 30)].join('\n');
    expect(shown(dec(readingOrder(enc(colour), decode)))).toEqual(['0010', '0011']);
    const lines = [run('0010', 10, { y: 100 }), run('0011', 30, { y: 120 })].join('\n');
    expect(shown(dec(readingOrder(enc(lines), decode)))).toEqual(['0010', '0011']);
    const spacing = [run('0010', 10), run('0011', 30, { extra: '2 Tc' })].join('\n');
    expect(shown(dec(readingOrder(enc(spacing), decode)))).toEqual(['0010', '0011']);
  });

  it('keeps a number left to right between Arabic words', () => {
    // On the page: [ب] [20] [ت]; the number's two runs keep their order.
    const stream = [run('0010', 10, { reversed: true }), run('0030', 20, { font: '/F5 16 Tf' }), run('0031', 25, { font: '/F5 16 Tf' }), run('0011', 40, { reversed: true })].join('\n');
    expect(shown(dec(readingOrder(enc(stream), decode)))).toEqual(['0011', '0030', '0031', '0010']);
  });

  it('puts one replacement text around a piece holding a cluster, in place of the cluster spans', () => {
    const cluster = 'BT\n/ReversedChars BMC\n/F4 16 Tf\n1 0 0 -1 30 100 Tm\n<0010> Tj\n/Span<</ActualText <FEFF0651062B> >> BDC\n5 0 Td <0040> Tj\n1 0 Td <0012> Tj\nEMC\nEMC\nET';
    // The space in the words' font, as the fonts of a face are joined (merge-fonts.ts).
    const stream = [run('0011', 10, { reversed: true }), run('0001', 20), cluster].join('\n');
    const out = dec(readingOrder(enc(stream), decode));
    expect(out.match(/ActualText/g)).toHaveLength(1);
    // The piece's text as drawn (the space between its words included): the cluster's
    // replacement text in place of its glyphs.
    expect(out).toContain('/Span <</ActualText <FEFF062A002006280651062B>>> BDC');
  });
});

describe('parseToUnicode', () => {
  it('reads bfchar and bfrange entries', () => {
    const map = parseToUnicode('beginbfchar\n<0003> <0020>\nendbfchar\nbeginbfrange\n<0010> <0012> <0628>\n<0020> <0021> [<0041> <00660069>]\nendbfrange');
    expect(map.get('0003')).toBe(' ');
    expect(map.get('0011')).toBe('\u0629');
    expect(map.get('0021')).toBe('fi');
  });
});

describe('markArtifacts', () => {
  it('wraps untagged text as pagination and untagged painted paths as layout, leaves tagged content alone', () => {
    const stream = [
      run('0010', 10),
      '0 0 10 1 re\nf',
      '0 0 10 1 re\nW n',
      '/P <</MCID 0>> BDC',
      run('0011', 10, { y: 200 }),
      'EMC',
    ].join('\n');
    expect(untaggedShows(enc(stream))).toBe(1);
    const marked = markArtifacts(enc(stream));
    const out = dec(marked.bytes);
    expect(out.match(/\/Artifact <<\/Type \/Pagination>> BDC/g)).toHaveLength(1);
    expect(out.match(/\/Artifact <<\/Type \/Layout>> BDC/g)).toHaveLength(1);
    expect(untaggedShows(marked.bytes)).toBe(0);
    expect([...marked.textIds]).toEqual([0]);
  });

  it('takes the replacement-text spans around an untagged line into the artifact', () => {
    const stream = ['/Span <</ActualText <FEFF0628>>> BDC', run('0010', 10), 'EMC'].join('\n');
    const out = dec(markArtifacts(enc(stream)).bytes);
    expect(out.startsWith('/Artifact <</Type /Pagination>> BDC\n/Span')).toBe(true);
    expect(out.endsWith('EMC\nEMC')).toBe(true);
    expect(untaggedShows(enc(out))).toBe(0);
  });

});

describe('readingOrder, as pdf.js reads a line', () => {
  it('keeps a line drawn left to right as one run when its font names name one font', () => {
    // [ب] [space] [20] [space] [ت]: F4 and F5 are one font (a face's fonts joined): nothing moves.
    const stream = [run('0010', 10, { reversed: true }), run('0001', 15, { font: '/F5 16 Tf' }), run('0030 0031', 20, { font: '/F5 16 Tf' }), run('0001', 35, { font: '/F5 16 Tf' }), run('0011', 40, { reversed: true })].join('\n');
    const out = dec(readingOrder(enc(stream), decode, new Map([['F4', '4 0 R'], ['F5', '4 0 R']])));
    expect(shown(out)).toEqual(['0010', '0001', '0030', '0001', '0011']);
    expect(out).not.toContain('ReversedChars');
  });

  it('gives a word\'s leading mark to the piece on its left, after the space, so pdf.js reads "جاهدةً على"', () => {
    // On the page: [ت] [space] [mark, ب] — the word on the right ends with a mark, drawn first.
    const word = 'BT\n/F4 16 Tf\n1 0 0 -1 30 100 Tm\n<0040> Tj\n2 0 Td <0010> Tj\nET';
    const stream = [run('0011', 10, { reversed: true }), run('0001', 20), word].join('\n');
    const out = dec(readingOrder(enc(stream), decode));
    // First the word without its mark (the move to its letter kept whole), then the word on
    // the left, the space and the mark.
    const objects = [...out.matchAll(/BT[\s\S]*?ET/g)].map((m) => m[0]);
    expect(objects[0]).toContain('1 0 0 -1 30 100 Tm\n2 0 Td <0010> Tj');
    expect(objects.slice(1).map((o) => /<([0-9A-F]{4})> Tj/i.exec(o)?.[1])).toEqual(['0011', '0001', '0040']);
    expect(objects[3]).toContain('1 0 0 -1 30 100 Tm\n<0040> Tj');
    // poppler reads the mark with its word: the replacement texts.
    expect(out).toContain(`/ActualText <FEFF${'0651'}${'0628'}>`);
  });
});
