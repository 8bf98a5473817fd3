/**
 * Bytes → text. Accepts UTF-8 (with or without BOM), UTF-16 with a BOM, and Windows-1256;
 * refuses what it cannot decode faithfully, naming the file, the reason and where.
 * Line ends become LF and the text is put in Unicode NFC.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { MatnError } from '../errors.js';

export type SourceEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1256';

export interface DecodedText {
  text: string;
  encoding: SourceEncoding;
  /** Things the user should know (for example a fallback decoding). */
  warnings: string[];
}

const ARABIC_LETTER = /[\u0621-\u064A]/g;

function lineAndColumn(bytes: Uint8Array, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, byte ${offset - lineStart + 1} of the line (offset ${offset})`;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** How many valid multi-byte UTF-8 Arabic letters (D8–DB lead bytes) the bytes contain. */
function utf8ArabicSequences(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 1 < bytes.length; i++) {
    const b = bytes[i]!;
    const c = bytes[i + 1]!;
    if (b >= 0xd8 && b <= 0xdb && (c & 0xc0) === 0x80) n++;
  }
  return n;
}

function isProbablyBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** LF line ends and NFC, the form every later stage relies on. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

export function decodeSource(bytes: Uint8Array, file: string): DecodedText {
  const warnings: string[] = [];
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: normalizeText(decodeUtf16(bytes.subarray(2), 'utf-16le', file)), encoding: 'utf-16le', warnings };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: normalizeText(decodeUtf16(bytes.subarray(2), 'utf-16be', file)), encoding: 'utf-16be', warnings };
  }
  let body = bytes;
  let encoding: SourceEncoding = 'utf-8';
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
    encoding = 'utf-8-bom';
  }
  if (isProbablyBinary(body)) {
    throw new MatnError('binary', file, 'looks like a binary file (it contains NUL or control bytes), not a text document');
  }
  // Node's native check first; the byte-by-byte scan only runs to say where a bad file goes wrong.
  const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
  if (bad === -1) {
    // Valid UTF-8 (checked above): Buffer's native decoder is the fastest way to a string.
    return { text: normalizeText(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')), encoding, warnings };
  }
  if (encoding === 'utf-8-bom') {
    throw new MatnError(
      'encoding',
      file,
      `starts with a UTF-8 byte-order mark but is not valid UTF-8 at ${lineAndColumn(body, bad)}; re-save it as UTF-8`,
    );
  }
  if (utf8ArabicSequences(body) > 0) {
    throw new MatnError(
      'encoding',
      file,
      `mixes encodings: it has UTF-8 Arabic text but an invalid UTF-8 byte at ${lineAndColumn(body, bad)}; re-save it in one encoding (UTF-8)`,
    );
  }
  // No valid UTF-8 Arabic anywhere: try Windows-1256, the old Arabic Windows code page.
  const text = iconv.decode(Buffer.from(body), 'win1256');
  const letters = text.match(ARABIC_LETTER)?.length ?? 0;
  const nonAscii = [...text].filter((c) => c.charCodeAt(0) > 0x7f).length;
  if (letters > 0 && letters / Math.max(1, nonAscii) >= 0.6) {
    warnings.push('decoded as Windows-1256 (it is not valid UTF-8)');
    return { text: normalizeText(text), encoding: 'windows-1256', warnings };
  }
  throw new MatnError(
    'encoding',
    file,
    `is not valid UTF-8 (first bad byte at ${lineAndColumn(body, bad)}) and does not read as Windows-1256 Arabic either; re-save it as UTF-8`,
  );
}

function decodeUtf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be', file: string): string {
  if (body.length % 2 !== 0) {
    throw new MatnError('encoding', file, `has a ${encoding.toUpperCase()} byte-order mark but an odd number of bytes; the file is cut or mislabelled`);
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw new MatnError('encoding', file, `has a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()} (an unpaired surrogate)`);
  }
  // A UTF-8 file with a stray FF FE in front decodes to CJK-looking noise: refuse it.
  const arabicOrAscii = [...text].filter((c) => /[\u0000-\u007f\u0600-\u06ff\u00a0-\u024f\u2000-\u206f]/.test(c)).length;
  if (text.length > 0 && arabicOrAscii / [...text].length < 0.5) {
    throw new MatnError('encoding', file, `has a ${encoding.toUpperCase()} byte-order mark but its text does not read as ${encoding.toUpperCase()}; the mark is probably wrong`);
  }
  return text;
}
