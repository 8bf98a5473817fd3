/**
 * The OCF container: a zip written with yazl. `mimetype` comes first, stored (not compressed)
 * and without extra fields; every entry gets the same fixed timestamp and file mode, and entries
 * are written in the order given, so equal inputs give byte-identical EPUBs.
 */
import yazl from 'yazl';

export interface ZipEntry {
  path: string;
  data: Uint8Array | string;
  /** Deflate the entry (default true; already-compressed fonts and images gain nothing). */
  compress?: boolean;
}

const DOS_MIN = Date.UTC(1980, 0, 1);
const DOS_MAX = Date.UTC(2107, 11, 31, 23, 59, 58);

/**
 * The Date yazl should be given so the zip's DOS timestamp reads `epochMs` in UTC. yazl reads
 * local-time fields, so the same instant would otherwise give different bytes in another time zone.
 */
function dosDate(epochMs: number): Date {
  const utc = new Date(Math.min(Math.max(epochMs, DOS_MIN), DOS_MAX));
  return new Date(
    utc.getUTCFullYear(),
    utc.getUTCMonth(),
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds(),
  );
}

export function zipEpub(entries: ZipEntry[], mtimeMs: number): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  const mtime = dosDate(mtimeMs);
  const common = { mtime, mode: 0o100644, forceDosTimestamp: true };
  zip.addBuffer(Buffer.from('application/epub+zip', 'ascii'), 'mimetype', { ...common, compress: false });
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    zip.addBuffer(data, entry.path, { ...common, compress: entry.compress ?? true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.end();
  });
}
