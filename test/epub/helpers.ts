/**
 * Test helpers: read an EPUB back (a small zip reader that also reports how each entry was
 * stored), parse its XML with saxes, run epubcheck and the fidelity tool when present.
 */
import { inflateRawSync } from 'node:zlib';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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

function summarize(output: string, code: number): EpubcheckResult {
  const m = /Messages:\s*(\d+) fatals?\s*\/\s*(\d+) errors?\s*\/\s*(\d+) warnings?/.exec(output);
  return {
    code,
    output,
    fatals: m ? Number(m[1]) : -1,
    errors: m ? Number(m[2]) : -1,
    warnings: m ? Number(m[3]) : -1,
  };
}

export function epubcheck(file: string): Promise<EpubcheckResult> {
  return new Promise((done) => {
    execFile('java', ['-Xss1024k', '-jar', EPUBCHECK_JAR, file], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      done(summarize(`${stdout}\n${stderr}`, error ? Number((error as { code?: number }).code ?? 1) : 0));
    });
  });
}

/** Runs epubcheck's own command-line checker on each file in one JVM (a JVM start costs seconds here). */
const BATCH = `public class MatnEpubcheck {
  public static void main(String[] args) {
    for (String f : args) {
      System.out.println("@@@ begin " + f);
      System.out.flush();
      int code = new com.adobe.epubcheck.tool.EpubChecker().run(new String[] { f });
      System.out.flush();
      System.err.flush();
      System.out.println("@@@ end " + code);
    }
  }
}
`;

/** epubcheck for several files; falls back to one JVM per file if the batch runner cannot start. */
export async function epubcheckAll(files: string[]): Promise<Map<string, EpubcheckResult>> {
  const dir = mkdtempSync(join(tmpdir(), 'matn-epubcheck-java-'));
  const source = join(dir, 'MatnEpubcheck.java');
  writeFileSync(source, BATCH);
  const output = await new Promise<string>((done) => {
    execFile('java', ['-Xss1024k', '-XX:TieredStopAtLevel=1', '-cp', EPUBCHECK_JAR, source, ...files], { maxBuffer: 64 << 20 }, (_e, stdout, stderr) =>
      // epubcheck prints its messages on stderr and its summary on stdout; 2>&1 order is not
      // kept, so the summary (stdout) decides and stderr is attached for the failure message.
      done(`${stdout}\n@@@ stderr\n${stderr}`),
    );
  });
  const results = new Map<string, EpubcheckResult>();
  const [stdout, stderr = ''] = output.split('\n@@@ stderr\n');
  for (const file of files) {
    const start = stdout!.indexOf(`@@@ begin ${file}\n`);
    const end = start === -1 ? -1 : stdout!.indexOf('@@@ end ', start);
    if (start === -1 || end === -1) {
      results.set(file, await epubcheck(file));
      continue;
    }
    const segment = stdout!.slice(start, stdout!.indexOf('\n', end));
    const code = Number(/@@@ end (-?\d+)/.exec(segment)?.[1] ?? 1);
    const messages = stderr.split('\n').filter((line) => line.includes(basename(file))).join('\n');
    results.set(file, summarize(`${segment}\n${messages}`, code));
  }
  return results;
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
