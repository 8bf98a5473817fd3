/**
 * A font's /ToUnicode CMap read into a decoder: glyph codes of show strings → the text they stand
 * for. Used by the finishing steps that need a page's text (reading order, artifacts).
 */
/** Glyph codes of a font's show strings → text (from the font's /ToUnicode). */
export type Decoder = (font: string, code: Uint8Array) => string;

/** A /ToUnicode CMap's mappings: code (as bytes, hex) → text. Two-byte codes unless told. */
export function parseToUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string): string => {
    const units: number[] = [];
    for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(m[1]!.toUpperCase(), utf16(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const width = m[1]!.length;
      if (hi - lo > 0xffff) continue;
      if (m[3]!.startsWith('[')) {
        const targets = [...m[3]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((t) => t[1]!);
        targets.forEach((t, k) => map.set((lo + k).toString(16).toUpperCase().padStart(width, '0'), utf16(t)));
      } else {
        const base = m[3]!.slice(1, -1);
        const last = parseInt(base.slice(-4) || '0', 16);
        for (let code = lo; code <= hi; code++) {
          const target = base.slice(0, -4) + (last + code - lo).toString(16).padStart(4, '0');
          map.set(code.toString(16).toUpperCase().padStart(width, '0'), utf16(target));
        }
      }
    }
  }
  return map;
}

/** Decodes show strings with per-font code maps (two-byte codes, as Chromium's Type0 fonts). */
export function cmapDecoder(maps: Map<string, Map<string, string>>): Decoder {
  const numeric = new Map<string, Map<number, string>>();
  for (const [font, map] of maps) numeric.set(font, numericCodes(map));
  return codeDecoder(numeric);
}

/** The same map keyed by the codes' numbers. */
export function numericCodes(map: Map<string, string>): Map<number, string> {
  return new Map([...map].map(([code, text]) => [parseInt(code, 16), text]));
}

/** Decodes two-byte codes with per-font maps keyed by number. */
export function codeDecoder(numeric: Map<string, Map<number, string>>): Decoder {
  return (font, code) => {
    const map = numeric.get(font);
    if (!map) return '';
    let out = '';
    for (let i = 0; i + 1 < code.length; i += 2) out += map.get((code[i]! << 8) | code[i + 1]!) ?? '';
    return out;
  };
}
