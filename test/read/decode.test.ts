import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { decodeSource, firstInvalidUtf8 } from '../../src/read/decode.js';
import { MatnError } from '../../src/errors.js';
import { SEED } from '../helpers.js';

const seed = readFileSync(SEED, 'utf8');
const arabic = 'الإرهاب، أنشطة فرنسا الدولية\nتم تحديث الصفحة في نوفمبر 2019\n';

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (endian === 'le') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

function errorOf(fn: () => unknown): MatnError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MatnError) return error;
    throw error;
  }
  throw new Error('expected a MatnError');
}

describe('decodeSource: encodings users hand matn', () => {
  it('reads UTF-8 without a BOM', () => {
    const r = decodeSource(Buffer.from(arabic), 'a.txt');
    expect(r.text).toBe(arabic);
    expect(r.encoding).toBe('utf-8');
  });

  it('reads UTF-8 with a BOM and drops the mark', () => {
    const r = decodeSource(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(arabic)]), 'a.txt');
    expect(r.text).toBe(arabic);
    expect(r.encoding).toBe('utf-8-bom');
  });

  it.each(['le', 'be'] as const)('reads UTF-16%s with a BOM', (endian) => {
    const r = decodeSource(utf16(seed, endian), 'a.txt');
    expect(r.text).toBe(seed);
    expect(r.encoding).toBe(`utf-16${endian}`);
  });

  it('reads Windows-1256 Arabic and says so', () => {
    const bytes = iconv.encode(seed, 'win1256');
    const r = decodeSource(bytes, 'old.txt');
    expect(r.encoding).toBe('windows-1256');
    expect(r.text).toBe(seed.normalize('NFC'));
    expect(r.warnings.join(' ')).toMatch(/Windows-1256/);
  });

  it('turns CRLF and CR line ends into LF', () => {
    expect(decodeSource(Buffer.from('سطر\r\nسطر\rسطر'), 'a.txt').text).toBe('سطر\nسطر\nسطر');
  });

  it('normalises to NFC (a decomposed hamza becomes one character)', () => {
    const decomposed = 'ا\u0654'; // alef + hamza above → أ
    expect(decodeSource(Buffer.from(decomposed), 'a.txt').text).toBe('أ');
  });
});

describe('decodeSource: bad input is refused with the file and the reason', () => {
  it('refuses a binary file', () => {
    const e = errorOf(() => decodeSource(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), 'image.txt'));
    expect(e.code).toBe('binary');
    expect(e.message).toMatch(/^image\.txt: .*binary/);
  });

  it('refuses a file that mixes UTF-8 Arabic with stray bytes, and says where', () => {
    const bytes = Buffer.concat([Buffer.from('سطر أول\nسطر '), Buffer.from([0xe1, 0xe4]), Buffer.from('\n')]);
    const e = errorOf(() => decodeSource(bytes, 'mixed.txt'));
    expect(e.code).toBe('encoding');
    expect(e.message).toMatch(/mixed\.txt: mixes encodings.*line 2/);
  });

  it('refuses a UTF-8 BOM in front of bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode('مرحبا', 'win1256')]);
    expect(errorOf(() => decodeSource(bytes, 'bom.txt')).message).toMatch(/bom\.txt: .*byte-order mark but is not valid UTF-8/);
  });

  it('refuses a UTF-16 BOM in front of UTF-8 text', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed.slice(0, 400))]);
    expect(errorOf(() => decodeSource(bytes, 'label.txt')).message).toMatch(/label\.txt: .*UTF-16LE/);
  });

  it('refuses a cut UTF-16 file (odd length)', () => {
    const bytes = utf16('مرحبا', 'le').subarray(0, 7);
    expect(errorOf(() => decodeSource(bytes, 'cut.txt')).message).toMatch(/odd number of bytes/);
  });

  it('refuses Latin-1 bytes that are neither UTF-8 nor Arabic', () => {
    const bytes = Buffer.from('caf\xe9 cr\xe8me br\xfbl\xe9e', 'latin1');
    expect(errorOf(() => decodeSource(bytes, 'fr.txt')).code).toBe('encoding');
  });
});

describe('firstInvalidUtf8', () => {
  it('finds overlong encodings and surrogates', () => {
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from('سلام'))).toBe(-1);
  });
});
