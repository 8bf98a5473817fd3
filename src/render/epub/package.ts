/**
 * The OCF container: the zip an EPUB is. `mimetype` comes first, stored (not compressed) and
 * without extra fields; every entry gets the same fixed timestamp and file mode, and entries
 * are written in the order given, so equal inputs give byte-identical EPUBs.
 *
 * The zip is written here, on node:zlib (raw deflate and CRC-32, both native), rather than with
 * a zip library: every EPUB of a build carries the same fonts, stylesheet and container file,
 * and matn packs those entries once (`SharedEntries`), then starts each EPUB with the packed
 * bytes and the SHA-256 state after them. yazl, used before, computed every CRC in JavaScript
 * and deflated each entry through its own stream, and cost more than parsing the document.
 * The format written is the plain subset of PKWARE's APPNOTE that EPUB needs: no ZIP64, no
 * data descriptors, no encryption, no extra fields.
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import type { EncodedArtifact } from '../encoded.js';

export interface ZipEntry {
  path: string;
  data: Uint8Array | string;
  /** Deflate the entry (default true; already-compressed fonts and images gain nothing). */
  compress?: boolean;
}

const DOS_MIN = Date.UTC(1980, 0, 1);
const DOS_MAX = Date.UTC(2107, 11, 31, 23, 59, 58);
/** Regular file, rw-r--r--, in the high half of "external attributes" (made by Unix). */
const FILE_MODE = 0o100644;
const MADE_BY_UNIX = (3 << 8) | 20;
const VERSION_NEEDED = 20;
const UTF8_NAMES = 1 << 11;
const LIMIT = 0xffffffff;
/**
 * zlib's fastest level. On an EPUB's text it deflates 40% faster than the default (6) and the
 * book grows by under 1 KB (0.3%): its size is mostly the fonts, which are stored as they are.
 */
const DEFLATE_LEVEL = 1;

/** The DOS date and time fields of an instant, read in UTC (so every time zone writes the same bytes). */
export function dosDateTime(epochMs: number): { date: number; time: number } {
  const d = new Date(Math.min(Math.max(epochMs, DOS_MIN), DOS_MAX));
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

/** What the central directory needs to know of an entry already written. */
interface Written {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header from the start of the zip. */
  offset: number;
}

function packed(raw: Uint8Array, compress: boolean): { data: Uint8Array; crc: number } {
  return { data: compress ? deflateRawSync(raw, { level: DEFLATE_LEVEL }) : raw, crc: crc32(raw) };
}

/**
 * Byte entries deflated once per process: a font subset is one object shared by every book whose
 * text it was cut for (font-subset.ts), and its bytes are never changed.
 */
const packedBytes = new WeakMap<Uint8Array, { data: Uint8Array; crc: number; compress: boolean }>();
function packedOnce(raw: Uint8Array, compress: boolean): { data: Uint8Array; crc: number } {
  let entry = packedBytes.get(raw);
  if (!entry || entry.compress !== compress) {
    entry = { ...packed(raw, compress), compress };
    packedBytes.set(raw, entry);
  }
  return entry;
}

/** Local headers and data, appended in order; then the central directory. */
class ZipWriter {
  readonly chunks: Buffer[] = [];
  readonly written: Written[] = [];
  length = 0;

  constructor(private readonly stamp: { date: number; time: number }) {}

  add(entry: ZipEntry): void {
    const name = Buffer.from(entry.path, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const compress = entry.compress ?? true;
    const { data, crc } = typeof entry.data === 'string' ? packed(raw, compress) : packedOnce(entry.data, compress);
    const record: Written = {
      name,
      flags: /[^\x20-\x7e]/u.test(entry.path) ? UTF8_NAMES : 0,
      method: compress ? 8 : 0,
      crc,
      compressedSize: data.byteLength,
      size: raw.byteLength,
      offset: this.length,
    };
    if (record.size > LIMIT || record.compressedSize > LIMIT || this.length + 30 + name.length + data.byteLength > LIMIT) {
      throw new Error(`EPUB: ${entry.path} makes the container larger than 4 GiB, which matn does not write`);
    }
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    this.describe(header, 4, record);
    this.push(header, name, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.written.push(record);
  }

  /** Entries packed earlier, placed at the current end (their offsets moved accordingly). */
  addPacked(shared: SharedEntries): void {
    const base = this.length;
    this.push(shared.bytes);
    for (const w of shared.written) this.written.push({ ...w, offset: base + w.offset });
  }

  /** The central directory and its end record, after everything added. */
  finish(): Buffer[] {
    if (this.written.length > 0xffff) throw new Error('EPUB: more than 65,535 files, which matn does not write');
    const start = this.length;
    const directory: Buffer[] = [];
    for (const w of this.written) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(MADE_BY_UNIX, 4);
      this.describe(record, 6, w);
      // Comment, disk number and internal attributes: all zero.
      record.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
      record.writeUInt32LE(w.offset, 42);
      directory.push(record, w.name);
    }
    const size = directory.reduce((n, b) => n + b.length, 0);
    if (start + size > LIMIT) throw new Error('EPUB: the container would be larger than 4 GiB, which matn does not write');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.written.length, 8);
    end.writeUInt16LE(this.written.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    return [...directory, end];
  }

  /**
   * The fields a local header and a central directory record share, in the same order: version
   * needed, flags, method, time, date, CRC-32, sizes, name length, extra field length (0).
   */
  private describe(buffer: Buffer, at: number, w: Written): void {
    buffer.writeUInt16LE(VERSION_NEEDED, at);
    buffer.writeUInt16LE(w.flags, at + 2);
    buffer.writeUInt16LE(w.method, at + 4);
    buffer.writeUInt16LE(this.stamp.time, at + 6);
    buffer.writeUInt16LE(this.stamp.date, at + 8);
    buffer.writeUInt32LE(w.crc, at + 10);
    buffer.writeUInt32LE(w.compressedSize, at + 14);
    buffer.writeUInt32LE(w.size, at + 18);
    buffer.writeUInt16LE(w.name.length, at + 22);
    buffer.writeUInt16LE(0, at + 24);
  }

  private push(...buffers: Buffer[]): void {
    for (const b of buffers) {
      this.chunks.push(b);
      this.length += b.length;
    }
  }
}

/**
 * Entries every EPUB of a build starts with (after `mimetype`), packed once: their bytes, what
 * the central directory needs of them, and the SHA-256 state after `mimetype` and them.
 */
export class SharedEntries {
  readonly bytes: Buffer;
  readonly written: Written[];
  private readonly hashed: Hash;

  constructor(
    entries: ZipEntry[],
    readonly mtimeMs: number,
  ) {
    const writer = new ZipWriter(dosDateTime(mtimeMs));
    for (const entry of entries) writer.add(entry);
    this.bytes = Buffer.concat(writer.chunks);
    this.written = writer.written;
    this.hashed = createHash('sha256').update(packedMimetype(mtimeMs)).update(this.bytes);
  }

  /** A copy of the hash state after `mimetype` and these entries. */
  hashState(): Hash {
    return this.hashed.copy();
  }
}

const mimetypes = new Map<number, Buffer>();
/** The `mimetype` entry, as it opens every EPUB with this timestamp. */
function packedMimetype(mtimeMs: number): Buffer {
  let packed = mimetypes.get(mtimeMs);
  if (!packed) {
    const writer = new ZipWriter(dosDateTime(mtimeMs));
    writer.add(MIMETYPE);
    packed = Buffer.concat(writer.chunks);
    if (mimetypes.size >= 16) mimetypes.delete(mimetypes.keys().next().value!);
    mimetypes.set(mtimeMs, packed);
  }
  return packed;
}

const MIMETYPE: ZipEntry = { path: 'mimetype', data: 'application/epub+zip', compress: false };

/**
 * The EPUB container: `mimetype`, then the shared entries (when given, packed with the same
 * timestamp), then the document's own entries; with its SHA-256.
 */
export function zipEpub(entries: ZipEntry[], mtimeMs: number, shared?: SharedEntries): EncodedArtifact {
  if (shared && shared.mtimeMs !== mtimeMs) throw new Error('EPUB: shared entries packed with another timestamp');
  const writer = new ZipWriter(dosDateTime(mtimeMs));
  writer.add(MIMETYPE);
  if (shared) writer.addPacked(shared);
  const own = writer.chunks.length;
  for (const entry of entries) writer.add(entry);
  const tail = [...writer.chunks.slice(own), ...writer.finish()];
  const hash = shared ? shared.hashState() : createHash('sha256').update(Buffer.concat(writer.chunks.slice(0, own)));
  for (const chunk of tail) hash.update(chunk);
  const chunks = [...writer.chunks.slice(0, own), ...tail];
  return { chunks, byteLength: chunks.reduce((n, c) => n + c.byteLength, 0), sha256: hash.digest('hex') };
}
