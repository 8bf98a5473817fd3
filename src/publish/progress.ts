/**
 * How a build reports: a progress bar on a terminal; one plain line per document when not on a
 * terminal or with CI=true; nothing but errors with --quiet; JSON lines with --json.
 */
import type { DocumentEntry } from './manifest.js';

export type ProgressMode = 'bar' | 'lines' | 'quiet' | 'json';

export interface Summary {
  total: number;
  built: number;
  unchanged: number;
  failed: number;
  seconds: number;
  browserLaunched: boolean;
  /** Time spent in each stage, summed over documents (stages overlap: PDFs print while HTML and EPUB render). */
  stageMs: Record<string, number>;
}

export interface Progress {
  start(total: number): void;
  document(entry: DocumentEntry, ms: number): void;
  warn(message: string): void;
  finish(summary: Summary): void;
}

export function chooseMode(options: { quiet?: boolean; json?: boolean; stream?: NodeJS.WriteStream }): ProgressMode {
  if (options.json) return 'json';
  if (options.quiet) return 'quiet';
  const stream = options.stream ?? process.stderr;
  return stream.isTTY && !process.env.CI ? 'bar' : 'lines';
}

function line(entry: DocumentEntry, ms: number): string {
  if (entry.status === 'failed') return `✗ ${entry.error ?? entry.source}`;
  const what = entry.status === 'unchanged' ? 'unchanged' : `${Math.round(ms)} ms`;
  return `✓ ${entry.source} → ${entry.artifacts.map((a) => a.path).join(', ')} (${what})`;
}

/** A document's warning as printed: after its source's path, unless the warning names it already (images' do). */
export function namingSource(source: string, warning: string): string {
  return warning.startsWith(`${source}: `) || warning.includes(`: ${source}: `) ? warning : `${source}: ${warning}`;
}

export function createProgress(mode: ProgressMode, out: NodeJS.WritableStream = process.stderr, stdout: NodeJS.WritableStream = process.stdout): Progress {
  let total = 0;
  let done = 0;
  const bar = (current: string) => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    out.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${current}`);
  };
  return {
    start(n) {
      total = n;
      if (mode === 'json') stdout.write(`${JSON.stringify({ event: 'start', total: n })}\n`);
      if (mode === 'bar') bar('');
    },
    document(entry, ms) {
      done++;
      if (mode === 'json') stdout.write(`${JSON.stringify({ event: 'document', ms: Math.round(ms), ...entry })}\n`);
      else if (mode === 'lines') out.write(`${line(entry, ms)}\n`);
      else if (mode === 'quiet' && entry.status === 'failed') out.write(`${line(entry, ms)}\n`);
      else if (mode === 'bar') {
        if (entry.status === 'failed') out.write(`\r\x1b[2K${line(entry, ms)}\n`);
        bar(entry.source);
      }
      for (const w of entry.warnings) if (mode !== 'json' && mode !== 'quiet') out.write(`${mode === 'bar' ? '\r\x1b[2K' : ''}  ! ${namingSource(entry.source, w)}\n`);
    },
    warn(message) {
      if (mode === 'json') stdout.write(`${JSON.stringify({ event: 'warning', message })}\n`);
      else out.write(`${mode === 'bar' ? '\r\x1b[2K' : ''}! ${message}\n`);
    },
    finish(s) {
      if (mode === 'json') {
        stdout.write(`${JSON.stringify({ event: 'finish', ...s })}\n`);
        return;
      }
      if (mode === 'bar') out.write('\r\x1b[2K');
      if (mode !== 'quiet' || s.failed > 0) {
        out.write(`${s.total} document${s.total === 1 ? '' : 's'}: ${s.built} built, ${s.unchanged} unchanged, ${s.failed} failed in ${s.seconds.toFixed(2)} s\n`);
      }
    },
  };
}
