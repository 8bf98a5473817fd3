/**
 * The WOFF2 transforms of TrueType outlines (W3C WOFF 2.0, §5.1–5.4): `glyf` split into seven
 * streams (contour counts, point counts, point flags, coordinate triplets with instruction
 * lengths, composite records, bounding boxes, instructions) that Brotli compresses far better
 * than glyf itself, `loca` left out (the decoder rebuilds it), and `hmtx` without the left side
 * bearings that equal the glyphs' xMin.
 *
 * Lossless for what a rasterizer reads: every point and whether it is on the curve, the overlap
 * flag (of a glyph's first point, as the spec keeps it), every instruction, composite record and
 * bounding box. The decoder rebuilds simple glyphs from their points (its own flag compression,
 * glyphs padded to 4 bytes), so the glyf bytes may differ while the outlines are the same; a
 * simple glyph's bounding box is written only when it is not the one its points give. A glyph
 * record shorter than its 10-byte header, or with no contours, comes back empty.
 */

/** A growable byte buffer. */
export class Bytes {
  buf: Uint8Array;
  length = 0;
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v;
  }
  u16(v: number): void {
    this.room(2);
    this.buf[this.length++] = (v >> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }
  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v & 0xffff);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  /** 255UInt16 (§4.1). */
  u255(v: number): void {
    if (v < 253) {
      this.u8(v);
    } else if (v < 506) {
      this.u8(255);
      this.u8(v - 253);
    } else if (v < 762) {
      this.u8(254);
      this.u8(v - 506);
    } else {
      this.u8(253);
      this.u16(v);
    }
  }
  get view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export class Woff2TransformError extends Error {}

const ON_CURVE = 0x01;
const X_SHORT = 0x02;
const Y_SHORT = 0x04;
const REPEAT = 0x08;
const X_SAME = 0x10;
const Y_SAME = 0x20;
const OVERLAP_SIMPLE = 0x40;
const ARG_1_AND_2_ARE_WORDS = 0x01;
const WE_HAVE_A_SCALE = 0x08;
const MORE_COMPONENTS = 0x20;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x40;
const WE_HAVE_A_TWO_BY_TWO = 0x80;
const WE_HAVE_INSTRUCTIONS = 0x100;

export interface GlyfTransform {
  /** The transformed glyf table. */
  glyf: Uint8Array;
  /** The length of the glyf table the decoder rebuilds (glyphs padded to 4 bytes). */
  glyfLength: number;
  /** The length of the loca table it rebuilds. */
  locaLength: number;
  /** Each glyph's xMin as the decoder sees it (0 for an empty glyph): what the hmtx transform leaves out. */
  xMins: Int16Array;
  /** Where in `glyf` the point counts, flags, triplets, composite records and bounding boxes start. */
  streamStarts: number[];
}

/**
 * glyf and loca transformed (§5.1–5.3). `indexFormat` is head.indexToLocFormat and `numGlyphs`
 * maxp.numGlyphs. Throws Woff2TransformError on a glyf/loca it cannot read.
 */
/**
 * One axis of a simple glyph's coordinates (OpenType glyf: a byte with its sign in the flag, the
 * same as the last point, or a 16-bit delta), as absolute values into `out`; returns where the
 * next data starts.
 */
function readCoordinates(g: DataView, glyf: Uint8Array, p: number, end: number, flags: Uint8Array, nPoints: number, short: number, same: number, out: Int32Array, past: () => never): number {
  let v = 0;
  for (let i = 0; i < nPoints; i++) {
    const f = flags[i]!;
    if (f & short) {
      if (p >= end) past();
      v += f & same ? glyf[p++]! : -glyf[p++]!;
    } else if (!(f & same)) {
      if (p + 2 > end) past();
      v += g.getInt16(p);
      p += 2;
    }
    out[i] = v;
  }
  return p;
}

export function transformGlyf(glyf: Uint8Array, loca: Uint8Array, numGlyphs: number, indexFormat: number): GlyfTransform {
  const fail = (why: string, gid?: number): never => {
    throw new Woff2TransformError(gid === undefined ? why : `glyph ${gid}: ${why}`);
  };
  if (indexFormat !== 0 && indexFormat !== 1) fail(`indexToLocFormat ${indexFormat}`);
  if (loca.length < (numGlyphs + 1) * (indexFormat ? 4 : 2)) fail('loca too short');
  const locaView = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
  const at = indexFormat ? (i: number) => locaView.getUint32(i * 4) : (i: number) => locaView.getUint16(i * 2) * 2;
  const g = new DataView(glyf.buffer, glyf.byteOffset, glyf.byteLength);

  const nContourStream = new Bytes(numGlyphs * 2 + 2);
  const nPointsStream = new Bytes(1024);
  const flagStream = new Bytes(glyf.length >> 2);
  const glyphStream = new Bytes(glyf.length >> 1);
  const compositeStream = new Bytes(256);
  const bboxBitmap = new Uint8Array(((numGlyphs + 31) >> 5) << 2);
  const bboxStream = new Bytes(256);
  const instructionStream = new Bytes(64);
  const overlapBitmap = new Uint8Array((numGlyphs + 7) >> 3);
  let hasOverlap = false;
  const xMins = new Int16Array(numGlyphs);
  let glyfLength = 0;
  // Scratch for one glyph's points.
  let xs = new Int32Array(256);
  let ys = new Int32Array(256);
  let fl = new Uint8Array(256);

  for (let gid = 0; gid < numGlyphs; gid++) {
    const start = at(gid);
    const end = at(gid + 1);
    if (end < start || end > glyf.length) fail('loca out of range', gid);
    if (end - start < 10) {
      // Empty (a glyph record too short to hold a header is no outline either).
      nContourStream.u16(0);
      continue;
    }
    const nContours = g.getInt16(start);
    const xMin = g.getInt16(start + 2);
    const yMin = g.getInt16(start + 4);
    const xMax = g.getInt16(start + 6);
    const yMax = g.getInt16(start + 8);
    const writeBbox = () => {
      bboxBitmap[gid >> 3]! |= 0x80 >> (gid & 7);
      bboxStream.u16(xMin);
      bboxStream.u16(yMin);
      bboxStream.u16(xMax);
      bboxStream.u16(yMax);
    };
    if (nContours === 0) {
      nContourStream.u16(0);
      continue;
    }
    xMins[gid] = xMin;
    if (nContours < 0) {
      // Composite: its component records copied whole, the bounding box always written.
      nContourStream.u16(0xffff);
      writeBbox();
      let p = start + 10;
      let flags = MORE_COMPONENTS;
      let instructions = false;
      while (flags & MORE_COMPONENTS) {
        if (p + 4 > end) fail('composite record past the glyph', gid);
        flags = g.getUint16(p);
        instructions ||= (flags & WE_HAVE_INSTRUCTIONS) !== 0;
        p += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        if (flags & WE_HAVE_A_SCALE) p += 2;
        else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) p += 4;
        else if (flags & WE_HAVE_A_TWO_BY_TWO) p += 8;
      }
      if (p > end) fail('composite record past the glyph', gid);
      compositeStream.bytes(glyf.subarray(start + 10, p));
      let size = p - start;
      if (instructions) {
        if (p + 2 > end) fail('instruction length past the glyph', gid);
        const n = g.getUint16(p);
        if (p + 2 + n > end) fail('instructions past the glyph', gid);
        glyphStream.u255(n);
        instructionStream.bytes(glyf.subarray(p + 2, p + 2 + n));
        size += 2 + n;
      }
      glyfLength += (size + 3) & ~3;
      continue;
    }

    // Simple glyph.
    nContourStream.u16(nContours);
    let p = start + 10;
    if (p + 2 * nContours + 2 > end) fail('contour ends past the glyph', gid);
    let last = -1;
    for (let c = 0; c < nContours; c++) {
      const endPt = g.getUint16(p);
      p += 2;
      if (endPt < last) fail('contour ends out of order', gid);
      nPointsStream.u255(endPt - last);
      last = endPt;
    }
    const nPoints = last + 1;
    const nInstructions = g.getUint16(p);
    p += 2;
    if (p + nInstructions > end) fail('instructions past the glyph', gid);
    const instructions = glyf.subarray(p, p + nInstructions);
    p += nInstructions;
    if (nPoints > xs.length) {
      xs = new Int32Array(nPoints * 2);
      ys = new Int32Array(nPoints * 2);
      fl = new Uint8Array(nPoints * 2);
    }
    for (let i = 0; i < nPoints; ) {
      if (p >= end) fail('flags past the glyph', gid);
      const f = glyf[p++]!;
      let repeat = 1;
      if (f & REPEAT) {
        if (p >= end) fail('flags past the glyph', gid);
        repeat += glyf[p++]!;
      }
      if (i + repeat > nPoints) fail('flag repeat past the last point', gid);
      for (; repeat > 0; repeat--) fl[i++] = f;
    }
    p = readCoordinates(g, glyf, p, end, fl, nPoints, X_SHORT, X_SAME, xs, () => fail('x coordinates past the glyph', gid));
    readCoordinates(g, glyf, p, end, fl, nPoints, Y_SHORT, Y_SAME, ys, () => fail('y coordinates past the glyph', gid));

    // The points as triplets, and what the decoder will write for them (its size, its bbox).
    let lastX = 0;
    let lastY = 0;
    let minX = nPoints ? xs[0]! : 0;
    let maxX = minX;
    let minY = nPoints ? ys[0]! : 0;
    let maxY = minY;
    let flagBytes = 0;
    let xyBytes = 0;
    let lastFlag = -1;
    let run = 0;
    for (let i = 0; i < nPoints; i++) {
      const px = xs[i]!;
      const py = ys[i]!;
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
      const dx = px - lastX;
      const dy = py - lastY;
      lastX = px;
      lastY = py;
      const onCurve = (fl[i]! & ON_CURVE) !== 0;
      triplet(flagStream, glyphStream, onCurve, dx, dy);
      // The decoder's flag byte, with its repeats (StorePoints).
      let f = onCurve ? ON_CURVE : 0;
      if (i === 0 && fl[0]! & OVERLAP_SIMPLE) f |= OVERLAP_SIMPLE;
      if (dx === 0) f |= X_SAME;
      else if (dx > -256 && dx < 256) f |= X_SHORT | (dx > 0 ? X_SAME : 0);
      if (dy === 0) f |= Y_SAME;
      else if (dy > -256 && dy < 256) f |= Y_SHORT | (dy > 0 ? Y_SAME : 0);
      xyBytes += (dx === 0 ? 0 : f & X_SHORT ? 1 : 2) + (dy === 0 ? 0 : f & Y_SHORT ? 1 : 2);
      if (f === lastFlag && run !== 255) {
        if (run === 0) flagBytes++;
        run++;
      } else {
        flagBytes++;
        run = 0;
      }
      lastFlag = f;
    }
    if (nPoints > 0 && fl[0]! & OVERLAP_SIMPLE) {
      overlapBitmap[gid >> 3]! |= 0x80 >> (gid & 7);
      hasOverlap = true;
    }
    if (minX !== xMin || minY !== yMin || maxX !== xMax || maxY !== yMax) writeBbox();
    glyphStream.u255(nInstructions);
    instructionStream.bytes(instructions);
    glyfLength += (10 + 2 * nContours + 2 + nInstructions + flagBytes + xyBytes + 3) & ~3;
  }

  const lengths = [nContourStream.length, nPointsStream.length, flagStream.length, glyphStream.length, compositeStream.length];
  const streamStarts = lengths.map((_, i) => 36 + lengths.slice(0, i + 1).reduce((a, b) => a + b, 0));
  const out = new Bytes(36 + nContourStream.length + nPointsStream.length + flagStream.length + glyphStream.length + compositeStream.length + bboxBitmap.length + bboxStream.length + instructionStream.length + overlapBitmap.length);
  out.u16(0); // reserved
  out.u16(hasOverlap ? 1 : 0); // optionFlags: overlapSimpleBitmap present
  out.u16(numGlyphs);
  out.u16(indexFormat);
  for (const n of [nContourStream.length, nPointsStream.length, flagStream.length, glyphStream.length, compositeStream.length, bboxBitmap.length + bboxStream.length, instructionStream.length]) out.u32(n);
  for (const s of [nContourStream.view, nPointsStream.view, flagStream.view, glyphStream.view, compositeStream.view, bboxBitmap, bboxStream.view, instructionStream.view]) out.bytes(s);
  if (hasOverlap) out.bytes(overlapBitmap);
  return { glyf: out.view, glyfLength, locaLength: (numGlyphs + 1) * (indexFormat ? 4 : 2), xMins, streamStarts };
}

/** One point as a flag byte and 1–4 bytes of coordinate deltas (§5.2, the triplet encoding). */
function triplet(flags: Bytes, data: Bytes, onCurve: boolean, dx: number, dy: number): void {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  const off = onCurve ? 0 : 128;
  const xs = dx < 0 ? 0 : 1;
  const ys = dy < 0 ? 0 : 1;
  const xys = xs + 2 * ys;
  if (dx === 0 && ay < 1280) {
    flags.u8(off + ((ay & 0xf00) >> 7) + ys);
    data.u8(ay & 0xff);
  } else if (dy === 0 && ax < 1280) {
    flags.u8(off + 10 + ((ax & 0xf00) >> 7) + xs);
    data.u8(ax & 0xff);
  } else if (ax < 65 && ay < 65) {
    flags.u8(off + 20 + ((ax - 1) & 0x30) + (((ay - 1) & 0x30) >> 2) + xys);
    data.u8((((ax - 1) & 0xf) << 4) | ((ay - 1) & 0xf));
  } else if (ax < 769 && ay < 769) {
    flags.u8(off + 84 + 12 * (((ax - 1) & 0x300) >> 8) + (((ay - 1) & 0x300) >> 6) + xys);
    data.u8((ax - 1) & 0xff);
    data.u8((ay - 1) & 0xff);
  } else if (ax < 4096 && ay < 4096) {
    flags.u8(off + 120 + xys);
    data.u8(ax >> 4);
    data.u8(((ax & 0xf) << 4) | (ay >> 8));
    data.u8(ay & 0xff);
  } else {
    flags.u8(off + 124 + xys);
    data.u16(ax);
    data.u16(ay);
  }
}

/**
 * hmtx without the left side bearings that equal xMin (§5.4), or undefined when none can be
 * left out or the table is not the length hhea.numberOfHMetrics and the glyph count give.
 */
export function transformHmtx(hmtx: Uint8Array, numHMetrics: number, xMins: Int16Array): Uint8Array | undefined {
  const numGlyphs = xMins.length;
  if (numHMetrics < 1 || numHMetrics > numGlyphs || hmtx.length !== 2 * numGlyphs + 2 * numHMetrics) return undefined;
  const h = new DataView(hmtx.buffer, hmtx.byteOffset, hmtx.byteLength);
  const lsb = (i: number) => (i < numHMetrics ? h.getInt16(i * 4 + 2) : h.getInt16(numHMetrics * 4 + (i - numHMetrics) * 2));
  let proportional = true;
  for (let i = 0; i < numHMetrics && proportional; i++) proportional = lsb(i) === xMins[i];
  let monospace = true;
  for (let i = numHMetrics; i < numGlyphs && monospace; i++) monospace = lsb(i) === xMins[i];
  // Worth it only when it leaves bearings out: the monospaced ones, or the proportional ones.
  if (!proportional && !(monospace && numGlyphs > numHMetrics)) return undefined;
  const out = new Bytes(1 + hmtx.length);
  out.u8((proportional ? 1 : 0) | (monospace ? 2 : 0));
  for (let i = 0; i < numHMetrics; i++) out.u16(h.getUint16(i * 4));
  if (!proportional) for (let i = 0; i < numHMetrics; i++) out.u16(lsb(i));
  if (!monospace) for (let i = numHMetrics; i < numGlyphs; i++) out.u16(lsb(i));
  return out.view;
}
