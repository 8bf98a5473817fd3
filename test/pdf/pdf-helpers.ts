/** Helpers for the PDF tests: poppler tools, reading a PDF back, and finding Chromium processes. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { ROOT } from '../helpers.js';

export const FIDELITY_TOOL = join(ROOT, '..', 'shared', 'tools', 'fidelity.py');

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Any Chromium to print with on this machine (the tests need one). */
export function haveBrowser(): boolean {
  return [process.env['PUPPETEER_EXECUTABLE_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome'].some(
    (p) => Boolean(p && existsSync(p)),
  );
}

/** Runs a poppler tool on PDF bytes (written to a temporary file). */
export function poppler(tool: string, pdf: Uint8Array, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'matn-pdf-test-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdfinfo's "Key: value" lines as a map. */
export function pdfinfo(pdf: Uint8Array): Map<string, string> {
  const info = new Map<string, string>();
  for (const line of poppler('pdfinfo', pdf).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) info.set(m[1]!.trim(), m[2]!.trim());
  }
  return info;
}

export interface FontRow {
  name: string;
  embedded: boolean;
  subset: boolean;
}

export function pdffonts(pdf: Uint8Array): FontRow[] {
  const lines = poppler('pdffonts', pdf).split('\n').slice(2).filter((l) => l.trim());
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type… encoding emb sub uni object ID: read the yes/no columns from the end.
    const n = cols.length;
    return { name: cols[0]!, embedded: cols[n - 5] === 'yes', subset: cols[n - 4] === 'yes' };
  });
}

/** Runs the shared fidelity tool on a PDF; returns the missing count and the source word count. */
export function fidelity(source: string, pdf: Uint8Array, args: string[]): { missing: number; total: number; report: string } {
  const dir = mkdtempSync(join(tmpdir(), 'matn-pdf-test-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const run = spawnSync('python3', [FIDELITY_TOOL, source, file, ...args], { encoding: 'utf8' });
    const m = /source (\d+) words, missing (\d+)/.exec(run.stdout);
    if (!m) throw new Error(`fidelity tool failed: ${run.stdout}${run.stderr}`);
    return { total: Number(m[1]), missing: Number(m[2]), report: run.stdout.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Bookmark {
  title: string;
  page: number;
  children: Bookmark[];
}

function text(obj: PDFObject | undefined): string {
  return obj instanceof PDFHexString || obj instanceof PDFString ? obj.decodeText() : '';
}

/** The bookmarks of a PDF, nested, with 1-based page numbers. */
export async function readBookmarks(pdf: Uint8Array): Promise<Bookmark[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const walk = (first: PDFObject | undefined): Bookmark[] => {
    const out: Bookmark[] = [];
    let ref = first;
    while (ref instanceof PDFRef) {
      const item = doc.context.lookup(ref, PDFDict);
      const dest = item.lookup(PDFName.of('Dest'));
      const target = dest instanceof PDFArray ? dest.get(0) : undefined;
      out.push({
        title: text(item.lookup(PDFName.of('Title'))),
        page: target instanceof PDFRef ? (pages.get(target.toString()) ?? 0) : 0,
        children: walk(item.get(PDFName.of('First'))),
      });
      ref = item.get(PDFName.of('Next'));
    }
    return out;
  };
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'));
  return outlines instanceof PDFDict ? walk(outlines.get(PDFName.of('First'))) : [];
}

export { processes, type ProcInfo } from '../helpers.js';
import { processes, type ProcInfo } from '../helpers.js';

/**
 * Live (not zombie) processes that belong to a browser: the browser itself or any process whose
 * command line names its profile folder (its helpers get --user-data-dir, its crash handler a
 * --database inside it).
 */
export function liveBrowserProcesses(browserPid: number | undefined, profile: string | undefined): ProcInfo[] {
  return processes().filter(
    (p) => p.state !== 'Z' && p.state !== 'X' && ((browserPid !== undefined && p.pid === browserPid) || (profile !== undefined && p.pid !== process.pid && p.cmdline.includes(profile))),
  );
}

/** Waits until a condition holds, checking every 50 ms (no timing is asserted: only the end state). */
export async function eventually(check: () => boolean, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
