/**
 * PDF string values in content streams: a token's bytes as Latin-1, a literal `( … )` or hex
 * `< … >` string's bytes, and UTF-16BE replacement text (`/ActualText`) written and read.
 */
import type { Token } from './reversed-chars.js';

/** A token's text (the bytes as Latin-1), without a Buffer for short tokens (operators). */
export function latin1(bytes: Uint8Array, t: Token): string {
  const length = t.end - t.start;
  if (length <= 4) {
    let s = '';
    for (let i = t.start; i < t.end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset + t.start, length).toString('latin1');
}

/** The bytes of a show string operand (literal or hex). */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

export function stringBytes(bytes: Uint8Array, t: Token): Uint8Array {
  if (t.kind === 'hex') {
    const out: number[] = [];
    let high = -1;
    for (let i = t.start + 1; i < t.end - 1; i++) {
      const v = hexValue(bytes[i]!);
      if (v < 0) continue;
      if (high < 0) high = v;
      else {
        out.push((high << 4) | v);
        high = -1;
      }
    }
    if (high >= 0) out.push(high << 4);
    return new Uint8Array(out);
  }
  const raw = latin1(bytes, t);
  const out: number[] = [];
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const next = raw[++i] ?? '';
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (next in simple) out.push(simple[next]!);
    else if (/[0-7]/.test(next)) {
      let oct = next;
      while (oct.length < 3 && /[0-7]/.test(raw[i + 1] ?? '')) oct += raw[++i];
      out.push(parseInt(oct, 8) & 0xff);
    } else if (next === '\r' || next === '\n') {
      if (next === '\r' && raw[i + 1] === '\n') i++;
    } else out.push(next.charCodeAt(0));
  }
  return new Uint8Array(out);
}

/** Text as `<FEFF…>` UTF-16BE hex. */
export function utf16Hex(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** The replacement text of a `/Span <</ActualText <FEFF…>>> BDC`, or undefined. */
export function actualText(span: string): string | undefined {
  const m = /\/ActualText\s*<([0-9a-fA-F\s]*)>/.exec(span);
  const hex = m?.[1]?.replace(/\s+/g, '');
  if (!hex || !/^feff/i.test(hex)) return undefined;
  let out = '';
  for (let i = 4; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}
