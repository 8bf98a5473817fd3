/**
 * Two or more TrueType programs of one face (Chromium embeds a subset per font file the page
 * used: Amiri's Arabic file and its Latin file) joined into one, glyph after glyph: the first
 * font's glyphs keep their ids, each next font's glyphs follow (ids offset by the glyphs before
 * it). Only what a PDF's CIDFontType2 with an identity CID-to-glyph map needs is written: the
 * outlines (`glyf`, `loca`), metrics (`hmtx`, `hhea`), `head`, `maxp`, and the first font's
 * `OS/2`, `name`, `post`, `cmap`, `gasp`, `prep`, `cvt `, `fpgm` (merging is refused when the
 * fonts' hinting programs differ, so every glyph renders as it did). Shaping tables are left out:
 * the page's glyphs are shaped already.
 */

interface Sfnt {
  tables: Map<string, Buffer>;
  glyphs: number;
}

function readSfnt(bytes: Uint8Array): Sfnt | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 12) return undefined;
  const version = b.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x74727565) return undefined;
  const count = b.readUInt16BE(4);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = b.toString('latin1', at, at + 4);
    const offset = b.readUInt32BE(at + 8);
    const length = b.readUInt32BE(at + 12);
    if (offset + length > b.length) return undefined;
    tables.set(tag, b.subarray(offset, offset + length));
  }
  const maxp = tables.get('maxp');
  for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'glyf']) if (!tables.has(tag)) return undefined;
  return { tables, glyphs: maxp!.readUInt16BE(4) };
}

/** Each glyph's bytes, from `loca` and `glyf`. */
function glyphData(font: Sfnt): Buffer[] {
  const head = font.tables.get('head')!;
  const loca = font.tables.get('loca')!;
  const glyf = font.tables.get('glyf')!;
  const long = head.readInt16BE(50) === 1;
  const at = (i: number): number => (long ? loca.readUInt32BE(4 * i) : 2 * loca.readUInt16BE(2 * i));
  const out: Buffer[] = [];
  for (let i = 0; i < font.glyphs; i++) out.push(glyf.subarray(at(i), Math.max(at(i), at(i + 1))));
  return out;
}

/** A composite glyph with its components' ids moved by `offset` (a copy); simple glyphs as they are. */
function offsetComponents(glyph: Buffer, offset: number): Buffer {
  if (offset === 0 || glyph.length < 10 || glyph.readInt16BE(0) >= 0) return glyph;
  const out = Buffer.from(glyph);
  let at = 10;
  for (;;) {
    const flags = out.readUInt16BE(at);
    out.writeUInt16BE(out.readUInt16BE(at + 2) + offset, at + 2);
    at += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) at += 2;
    else if (flags & 0x0040) at += 4;
    else if (flags & 0x0080) at += 8;
    if (!(flags & 0x0020)) break;
  }
  return out;
}

/** Each glyph's advance width and left side bearing. */
function metrics(font: Sfnt): Array<[number, number]> {
  const hmtx = font.tables.get('hmtx')!;
  const long = font.tables.get('hhea')!.readUInt16BE(34);
  const out: Array<[number, number]> = [];
  let advance = 0;
  for (let i = 0; i < font.glyphs; i++) {
    if (i < long) {
      advance = hmtx.readUInt16BE(4 * i);
      out.push([advance, hmtx.readInt16BE(4 * i + 2)]);
    } else out.push([advance, hmtx.readInt16BE(4 * long + 2 * (i - long))]);
  }
  return out;
}

const HINTING = ['prep', 'cvt ', 'fpgm'];

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 ? Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]) : data;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function writeSfnt(tables: Map<string, Buffer>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  let search = 1;
  let selector = 0;
  while (search * 2 <= count) {
    search *= 2;
    selector++;
  }
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(search * 16, 6);
  header.writeUInt16BE(selector, 8);
  header.writeUInt16BE(count * 16 - search * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  let headAt = -1;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + 16 * i;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(checksum(data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    if (tag === 'head') headAt = offset;
    const pad = (4 - (data.length % 4)) % 4;
    parts.push(data, Buffer.alloc(pad));
    offset += data.length + pad;
  });
  const out = Buffer.concat(parts);
  if (headAt >= 0) out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headAt + 8);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * The fonts joined into one, and the id offset of each font's glyphs; undefined when one is not
 * a TrueType program this can read, their hinting differs, or the glyphs would not fit 65,535.
 */
export function mergeTrueType(programs: Uint8Array[]): { font: Uint8Array; offsets: number[] } | undefined {
  const fonts: Sfnt[] = [];
  for (const program of programs) {
    const font = readSfnt(program);
    if (!font) return undefined;
    fonts.push(font);
  }
  const first = fonts[0]!;
  for (const font of fonts.slice(1)) {
    for (const tag of HINTING) {
      const a = first.tables.get(tag);
      const b = font.tables.get(tag);
      if ((a === undefined) !== (b === undefined) || (a && b && !a.equals(b))) return undefined;
    }
  }
  const offsets: number[] = [];
  const glyphs: Buffer[] = [];
  const hmetrics: Array<[number, number]> = [];
  for (const font of fonts) {
    offsets.push(glyphs.length);
    const offset = glyphs.length;
    for (const glyph of glyphData(font)) glyphs.push(offsetComponents(glyph, offset));
    hmetrics.push(...metrics(font));
  }
  if (glyphs.length > 0xffff) return undefined;

  const loca = Buffer.alloc(4 * (glyphs.length + 1));
  const glyfParts: Buffer[] = [];
  let at = 0;
  glyphs.forEach((glyph, i) => {
    loca.writeUInt32BE(at, 4 * i);
    const pad = (4 - (glyph.length % 4)) % 4;
    glyfParts.push(glyph, Buffer.alloc(pad));
    at += glyph.length + pad;
  });
  loca.writeUInt32BE(at, 4 * glyphs.length);
  const hmtx = Buffer.alloc(4 * hmetrics.length);
  hmetrics.forEach(([advance, lsb], i) => {
    hmtx.writeUInt16BE(advance, 4 * i);
    hmtx.writeInt16BE(lsb, 4 * i + 2);
  });

  const head = Buffer.from(first.tables.get('head')!);
  head.writeUInt32BE(0, 8);
  head.writeInt16BE(1, 50);
  for (const font of fonts.slice(1)) {
    const h = font.tables.get('head')!;
    head.writeInt16BE(Math.min(head.readInt16BE(36), h.readInt16BE(36)), 36);
    head.writeInt16BE(Math.min(head.readInt16BE(38), h.readInt16BE(38)), 38);
    head.writeInt16BE(Math.max(head.readInt16BE(40), h.readInt16BE(40)), 40);
    head.writeInt16BE(Math.max(head.readInt16BE(42), h.readInt16BE(42)), 42);
  }
  const hhea = Buffer.from(first.tables.get('hhea')!);
  hhea.writeUInt16BE(Math.max(...hmetrics.map(([advance]) => advance)), 10);
  hhea.writeUInt16BE(hmetrics.length, 34);
  const maxp = Buffer.from(first.tables.get('maxp')!);
  maxp.writeUInt16BE(glyphs.length, 4);
  if (maxp.length >= 32) {
    for (const font of fonts.slice(1)) {
      const m = font.tables.get('maxp')!;
      if (m.length < 32) continue;
      for (let field = 6; field < 32; field += 2) maxp.writeUInt16BE(Math.max(maxp.readUInt16BE(field), m.readUInt16BE(field)), field);
    }
  }

  const tables = new Map<string, Buffer>([
    ['head', head],
    ['hhea', hhea],
    ['maxp', maxp],
    ['hmtx', hmtx],
    ['loca', loca],
    ['glyf', Buffer.concat(glyfParts)],
  ]);
  for (const tag of ['OS/2', 'name', 'post', 'cmap', 'gasp', ...HINTING]) {
    const data = first.tables.get(tag);
    if (data) tables.set(tag, data);
  }
  return { font: writeSfnt(tables), offsets };
}
