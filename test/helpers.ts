/** Helpers shared by the tests: run the pipeline on a string, and compare words like a reader. */
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeDocument, type SourceFormat } from '../src/read/source.js';
import { processSource, type MatnDocument, type PipelineOptions } from '../src/pipeline.js';
import type { Sidecar } from '../src/read/sidecar.js';
import { loadReader } from '../src/parse/readers.js';
import { toHtml } from 'hast-util-to-html';
import { Writable } from 'node:stream';
import { createProgress, type Progress } from '../src/publish/progress.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SEED = join(ROOT, 'source', 'france-counter-terrorism.txt');
export const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
export const SEED_BOILERPLATE = ['حصة', 'في نفس الموضوع', 'روابط هامة'];

// processText parses Markdown in memory: the Markdown reader loads as readSource would load it.
await loadReader('md');

export function processText(text: string, options: PipelineOptions & { name?: string; sidecar?: Sidecar } = {}): MatnDocument {
  const name = options.name ?? 'doc.txt';
  const format: SourceFormat = name.endsWith('.md') ? 'md' : 'txt';
  const source = decodeDocument(Buffer.from(text, 'utf8'), name, format, options.sidecar);
  return processSource(source, options);
}

/** The body HTML (no page template) for a text. */
export function bodyHtml(text: string, options: PipelineOptions & { name?: string } = {}): string {
  return toHtml(processText(text, options).hast);
}

/** Words as a reader or a search engine sees them: NFC, no bidi controls or tatweel, no punctuation. */
export function words(text: string): string[] {
  return text
    .normalize('NFC')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u0640\u00ad]/gu, '')
    .replace(/[\u060c\u061b\u061f\u066a-\u066d\u06d4]/gu, ' ')
    .replace(/[^\p{L}\p{N}\p{M}_]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
}

/** The words of a plain-text source that must reach every output: all lines but dropped ones, without bullets and "N)" markers. */
export function sourceWords(text: string, dropped: string[] = []): string[] {
  const lines = text
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l && !dropped.includes(l))
    .map((l) => l.replace(/^[•·]\s*/u, '').replace(/^\d+\)\s*/u, ''));
  return words(lines.join(' '));
}

/** Visible text of an HTML page: body without nav, head, script, style. */
export function visibleText(html: string): string {
  return html
    .replace(/<(nav|head|script|style|template)\b[\s\S]*?<\/\1>/giu, ' ')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

/** Source words missing from the output (multiset difference). */
export function missingWords(source: string[], output: string[]): string[] {
  const counts = new Map<string, number>();
  for (const w of output) counts.set(w, (counts.get(w) ?? 0) + 1);
  const missing: string[] = [];
  for (const w of source) {
    const n = counts.get(w) ?? 0;
    if (n === 0) missing.push(w);
    else counts.set(w, n - 1);
  }
  return missing;
}

import { unified, type Plugin } from 'unified';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { parsePlainText } from '../src/parse/plain-text.js';

/** Run chosen structure plugins alone on a plain text, as the pipeline would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runPlugins(text: string, plugins: Array<Plugin<any[], Root> | [Plugin<any[], Root>, unknown]>): { tree: Root; file: VFile } {
  const file = new VFile({ path: 'doc.txt', value: text });
  file.data.matn = { title: '', lang: 'ar', dropped: [], warnings: [] };
  const processor = unified();
  for (const p of plugins) {
    if (Array.isArray(p)) processor.use(p[0], p[1]);
    else processor.use(p);
  }
  const tree = processor.runSync(parsePlainText(text), file) as Root;
  return { tree, file };
}

/** Wait until `check()` holds, polling every 50 ms; fail after `ms`. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
  /** The command line, arguments joined by spaces. */
  cmdline: string;
}

/** Every process on the machine (Linux /proc), with its parent, state and command line. */
export function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      out.push({ pid: Number(entry), ppid: Number(fields[1]), state: fields[0] ?? '?', cmdline });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** A build's progress in "lines" mode, printed into a string instead of the terminal. */
export function printedProgress(): { progress: Progress; printed: () => string } {
  let printed = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      printed += String(chunk);
      done();
    },
  });
  return { progress: createProgress('lines', stream, stream), printed: () => printed };
}
