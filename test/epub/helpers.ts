/**
 * Test helpers: read an EPUB back (a small zip reader that also reports how each entry was
 * stored), parse its XML with saxes, run epubcheck and the fidelity tool when present.
 */
import { inflateRawSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface ZipItem {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Length of the local header's extra field. */
  localExtra: number;
  data: Buffer;
  /** Where the entry's local header starts. */
  offset: number;
}

/** Entries in the order they are stored. */
export function readZip(bytes: Uint8Array): ZipItem[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const items: ZipItem[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const localName = buf.readUInt16LE(local + 26);
    const localExtra = buf.readUInt16LE(local + 28);
    const start = local + 30 + localName + localExtra;
    const raw = buf.subarray(start, start + compressedSize);
    items.push({ name, method, localExtra, offset: local, data: method === 0 ? Buffer.from(raw) : inflateRawSync(raw) });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return items.sort((a, b) => a.offset - b.offset);
}

export function entryMap(bytes: Uint8Array): Map<string, string> {
  return new Map(readZip(bytes).map((e) => [e.name, e.data.toString('utf8')]));
}

export interface XmlElement {
  name: string;
  local: string;
  uri: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** All text inside, in order. */
  text: string;
  parent: XmlElement | undefined;
}

/** Parses XML with saxes (namespaces on); throws on anything not well-formed. */
export function parseXml(xml: string, name = 'document'): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  parser.on('error', (e) => {
    throw new Error(`${name}: ${e.message}`);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) attributes[a.prefix ? `${a.prefix}:${a.local}` : a.local] = a.value;
    const el: XmlElement = { name: tag.name, local: tag.local, uri: tag.uri, attributes, children: [], text: '', parent: stack[stack.length - 1] };
    if (el.parent) el.parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    for (const el of stack) el.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error(`${name}: no root element`);
  return root;
}

export function findAll(el: XmlElement, test: (e: XmlElement) => boolean, out: XmlElement[] = []): XmlElement[] {
  if (test(el)) out.push(el);
  for (const c of el.children) findAll(c, test, out);
  return out;
}

export const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';

/** Why epubcheck cannot run here, or undefined when it can. */
export function epubcheckMissing(): string | undefined {
  if (!existsSync(EPUBCHECK_JAR)) return `${EPUBCHECK_JAR} not found`;
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    return 'java is not installed';
  }
  return undefined;
}

export interface EpubcheckResult {
  code: number;
  output: string;
  fatals: number;
  errors: number;
  warnings: number;
}

export function epubcheck(file: string): Promise<EpubcheckResult> {
  return new Promise((done) => {
    execFile('java', ['-jar', EPUBCHECK_JAR, file], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const output = `${stdout}\n${stderr}`;
      const m = /Messages:\s*(\d+) fatals?\s*\/\s*(\d+) errors?\s*\/\s*(\d+) warnings?/.exec(output);
      done({
        code: error ? Number((error as { code?: number }).code ?? 1) : 0,
        output,
        fatals: m ? Number(m[1]) : -1,
        errors: m ? Number(m[2]) : -1,
        warnings: m ? Number(m[3]) : -1,
      });
    });
  });
}

export const FIDELITY = fileURLToPath(new URL('../../../shared/tools/fidelity.py', import.meta.url));

export function fidelityMissing(): string | undefined {
  if (!existsSync(FIDELITY)) return `${FIDELITY} not found`;
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'python3 is not installed';
  }
  return undefined;
}

export function fidelity(source: string, epub: string, drops: string[] = []): Promise<{ code: number; output: string }> {
  const args = [FIDELITY, source, epub, ...drops.flatMap((d) => ['--drop', d])];
  return new Promise((done) => {
    execFile('python3', args, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}
