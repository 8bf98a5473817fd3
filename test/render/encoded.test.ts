import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConstantPart, encodeText, joinedBytes } from '../../src/render/encoded.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('ConstantPart', () => {
  const constant = new ConstantPart(`@font-face{src:url(data:font/woff2;base64,${'QUJD'.repeat(5000)})}\nبسم`);

  it('gives the bytes of head + constant + tail and their true SHA-256, whatever order heads come in', () => {
    const pages: Array<[string, string]> = [
      ['<html lang="ar"><style>', '</style><title>أ</title>'],
      ['<html lang="ar"><style>', '</style><title>ب — عنوان آخر</title>'],
      ['<html lang="fr"><style>', '</style><title>Titre</title>'],
      ['<html lang="ar"><style>', '</style><title>أ</title>'],
      ['', ''],
    ];
    for (const [head, tail] of pages) {
      const encoded = constant.encode(head, tail);
      const expected = Buffer.from(head + constant.text + tail, 'utf8');
      expect(joinedBytes(encoded).equals(expected)).toBe(true);
      expect(encoded.byteLength).toBe(expected.byteLength);
      expect(encoded.sha256).toBe(sha(expected));
    }
  });

  it('does not let one page change the hash of the next', () => {
    const a = constant.encode('<x>', 'one');
    constant.encode('<x>', 'two');
    expect(constant.encode('<x>', 'one').sha256).toBe(a.sha256);
  });
});

describe('encodeText', () => {
  it('encodes to UTF-8 and hashes those bytes', () => {
    const e = encodeText('متن');
    expect([...joinedBytes(e)]).toEqual([...Buffer.from('متن')]);
    expect(e.sha256).toBe(sha(Buffer.from('متن')));
  });
});
