/**
 * matn's WOFF2 encoder (W3C WOFF File Format 2.0): TrueType (or CFF) OpenType bytes to WOFF2,
 * on Node's own Brotli. glyf/loca are transformed (§5.1–5.3) and hmtx when its left side
 * bearings are the glyphs' xMin (§5.4); every table's bytes, in directory order, are one Brotli
 * stream in font mode. A font whose glyf cannot be read is packed with null transforms.
 */
import { brotliCompress, constants, createBrotliCompress } from 'node:zlib';
import { Bytes, transformGlyf, transformHmtx, Woff2TransformError } from './glyf-transform.js';

export interface Woff2Options {
  /** Brotli quality, 0–11 (default: `WOFF2_QUALITY`). */
  quality?: number;
  /** Brotli window, log2 of its size, 10–24 (default: `WOFF2_WINDOW`). */
  window?: number;
  /** The hmtx transform when it applies (default true). */
  hmtx?: boolean;
}

/**
 * Brotli's quality, chosen by measurement on the subsets of the seed's and corpus's pages
 * (README, "WOFF2: matn's encoder"; `bench/woff2.ts`): 10 is 0.5% smaller than wawoff2 (Google's
 * encoder at 11) and 3× faster; 11 is 1.5% smaller at about wawoff2's time; 9 is 30–40× faster
 * but 3% larger, which takes the seed page over 80,000 bytes.
 */
export const WOFF2_QUALITY = 10;
/** The largest window; a stream shorter than it gets the smallest that holds it. */
export const WOFF2_WINDOW = 22;
/** Streams shorter than this are compressed without meta-block breaks (their headers cost more than they win). */
const BREAKS_FROM = 16 * 1024;

/** The tags a table directory entry names by index (§4.2, "Known Table Tags"). */
const KNOWN_TAGS = [
  'cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ', 'VORG', 'EBDT',
  'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH',
  'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar',
  'gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill',
];
const knownIndex = new Map(KNOWN_TAGS.map((tag, i) => [tag, i]));

export interface Entry {
  tag: string;
  /** The table as stored (transformed or not). */
  data: Uint8Array;
  /** The length of the table the decoder writes. */
  origLength: number;
  /** The transform version, bits 6–7 of the flag byte. */
  version: number;
  /** Whether the entry carries a transformLength. */
  transformed: boolean;
  /** Offsets in `data` where a new Brotli meta-block should start (the transformed glyf's streams). */
  breaks?: number[];
}

/** The sfnt's tables by tag (a TrueType collection is not taken). */
function readTables(font: Uint8Array): { flavor: number; tables: Map<string, Uint8Array> } {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  if (font.length < 12) throw new Error('WOFF2: not an OpenType font');
  const flavor = v.getUint32(0);
  if (flavor !== 0x00010000 && flavor !== 0x4f54544f && flavor !== 0x74727565) throw new Error('WOFF2: not an OpenType font (or a collection)');
  const numTables = v.getUint16(4);
  if (font.length < 12 + 16 * numTables) throw new Error('WOFF2: table directory past the end');
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < numTables; i++) {
    const e = 12 + 16 * i;
    const tag = String.fromCharCode(font[e]!, font[e + 1]!, font[e + 2]!, font[e + 3]!);
    const offset = v.getUint32(e + 8);
    const length = v.getUint32(e + 12);
    if (offset + length > font.length) throw new Error(`WOFF2: table ${tag} past the end`);
    tables.set(tag, font.subarray(offset, offset + length));
  }
  return { flavor, tables };
}

/** A font made ready for WOFF2: its tables in directory order, transformed, and their bytes as one stream. */
export interface Woff2Tables {
  flavor: number;
  entries: Entry[];
  /** What Brotli compresses: every entry's bytes, in directory order. */
  stream: Uint8Array;
  /** Offsets in `stream` where a new meta-block pays (see `compressStream`). */
  breaks: number[];
  /** head.fontRevision, the WOFF2 header's version. */
  revision: Uint8Array | undefined;
}

/** The font's tables transformed and laid out for WOFF2 (`encodeWoff2` without the compression). */
export function woff2Tables(font: Uint8Array, options: Pick<Woff2Options, 'hmtx'> = {}): Woff2Tables {
  const { flavor, tables } = readTables(font);
  // Tags in byte order, loca right after glyf (the order Google's encoder writes and the decoder
  // needs: glyf, and hhea, before a transformed hmtx).
  const tags = [...tables.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (tables.has('glyf') && tables.has('loca')) {
    tags.splice(tags.indexOf('loca'), 1);
    tags.splice(tags.indexOf('glyf') + 1, 0, 'loca');
  }
  const entries = new Map<string, Entry>(tags.map((tag) => [tag, { tag, data: tables.get(tag)!, origLength: tables.get(tag)!.length, version: 0, transformed: false }]));

  const glyf = tables.get('glyf');
  const loca = tables.get('loca');
  const head = tables.get('head');
  const maxp = tables.get('maxp');
  let transformedGlyf = false;
  if (glyf && loca && head && head.length >= 54 && maxp && maxp.length >= 6) {
    const numGlyphs = (maxp[4]! << 8) | maxp[5]!;
    try {
      const t = transformGlyf(glyf, loca, numGlyphs, (head[50]! << 8) | head[51]!);
      // Glyph streams one after another: each in its own meta-block, with its own codes.
      const breaks = t.streamStarts.filter((at) => at > 0 && at < t.glyf.length);
      entries.set('glyf', { tag: 'glyf', data: t.glyf, origLength: t.glyfLength, version: 0, transformed: true, breaks });
      entries.set('loca', { tag: 'loca', data: new Uint8Array(0), origLength: t.locaLength, version: 0, transformed: true });
      transformedGlyf = true;
      const hmtx = tables.get('hmtx');
      const hhea = tables.get('hhea');
      if (options.hmtx !== false && hmtx && hhea && hhea.length >= 36) {
        const h = transformHmtx(hmtx, (hhea[34]! << 8) | hhea[35]!, t.xMins);
        if (h) entries.set('hmtx', { tag: 'hmtx', data: h, origLength: hmtx.length, version: 1, transformed: true });
      }
    } catch (e) {
      if (!(e instanceof Woff2TransformError)) throw e;
    }
  }
  if (!transformedGlyf) {
    // Null transform: version 3 for glyf and loca.
    for (const tag of ['glyf', 'loca']) {
      const e = entries.get(tag);
      if (e) e.version = 3;
    }
  } else if (head) {
    // head.flags bit 11: the font has been through a lossless modifying transform.
    const h = head.slice();
    h[16]! |= 0x08;
    entries.get('head')!.data = h;
  }

  const ordered = tags.map((tag) => entries.get(tag)!);
  const streamLength = ordered.reduce((n, e) => n + e.data.length, 0);
  const stream = new Uint8Array(streamLength);
  const breaks: number[] = [];
  let at = 0;
  for (const e of ordered) {
    stream.set(e.data, at);
    for (const b of e.breaks ?? []) breaks.push(at + b);
    at += e.data.length;
  }
  return { flavor, entries: ordered, stream, breaks, revision: head && head.length >= 8 ? head.subarray(4, 8) : undefined };
}

/** Brotli's parameters for a stream. */
function brotliParams(length: number, options: Woff2Options): Record<number, number> {
  // The window need not be larger than the stream (a smaller one is faster to set up).
  let window = options.window ?? WOFF2_WINDOW;
  while (window > 10 && 1 << (window - 1) >= length + 16) window--;
  return {
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_FONT,
    [constants.BROTLI_PARAM_QUALITY]: options.quality ?? WOFF2_QUALITY,
    [constants.BROTLI_PARAM_LGWIN]: window,
    [constants.BROTLI_PARAM_SIZE_HINT]: length,
  };
}

/**
 * The stream as one Brotli stream. Below quality 10 Brotli splits its input into meta-blocks
 * greedily and gives the glyph streams shared codes: ending a meta-block (a flush) where each
 * glyph stream starts gives each its own, 1.3% smaller in all. From quality 10 Brotli splits
 * well itself (breaks there cost 0.5%).
 */
async function compressStream(stream: Uint8Array, breaks: number[], options: Woff2Options): Promise<Buffer> {
  const params = brotliParams(stream.length, options);
  if ((options.quality ?? WOFF2_QUALITY) >= 10 || breaks.length === 0 || stream.length < BREAKS_FROM) {
    // In the thread pool: the faces of a page are compressed side by side.
    return new Promise((resolve, reject) => brotliCompress(stream, { params }, (error, result) => (error ? reject(error) : resolve(result))));
  }
  const brotli = createBrotliCompress({ params });
  const chunks: Buffer[] = [];
  brotli.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    brotli.on('end', resolve);
    brotli.on('error', reject);
  });
  let from = 0;
  for (const at of breaks) {
    brotli.write(stream.subarray(from, at));
    await new Promise<void>((resolve) => brotli.flush(constants.BROTLI_OPERATION_FLUSH, resolve));
    from = at;
  }
  brotli.end(stream.subarray(from));
  await ended;
  return Buffer.concat(chunks);
}

/** The font as WOFF2. */
export async function encodeWoff2(font: Uint8Array, options: Woff2Options = {}): Promise<Buffer> {
  const { flavor, entries: ordered, stream, breaks, revision } = woff2Tables(font, options);
  const compressed = await compressStream(stream, breaks, options);

  const directory = new Bytes(ordered.length * 8);
  for (const e of ordered) {
    const index = knownIndex.get(e.tag) ?? 63;
    directory.u8((e.version << 6) | index);
    if (index === 63) for (let i = 0; i < 4; i++) directory.u8(e.tag.charCodeAt(i));
    base128(directory, e.origLength);
    if (e.transformed) base128(directory, e.data.length);
  }
  const sfntSize = 12 + 16 * ordered.length + ordered.reduce((n, e) => n + ((e.origLength + 3) & ~3), 0);
  const length = (48 + directory.length + compressed.length + 3) & ~3;
  const out = Buffer.alloc(length);
  out.write('wOF2', 0, 'latin1');
  out.writeUInt32BE(flavor, 4);
  out.writeUInt32BE(length, 8);
  out.writeUInt16BE(ordered.length, 12);
  out.writeUInt32BE(sfntSize, 16);
  out.writeUInt32BE(compressed.length, 20);
  // majorVersion.minorVersion: the font's revision (head.fontRevision), as Google's encoder does.
  if (revision) out.set(revision, 24);
  // metaOffset, metaLength, metaOrigLength, privOffset, privLength: none.
  out.set(directory.view, 48);
  out.set(compressed, 48 + directory.length);
  return out;
}

/** UIntBase128 (§4.1): 7 bits a byte, most significant first. */
function base128(out: Bytes, value: number): void {
  let n = 1;
  while (n < 5 && value >= 2 ** (7 * n)) n++;
  for (let i = n - 1; i >= 0; i--) out.u8((Math.floor(value / 2 ** (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
}
