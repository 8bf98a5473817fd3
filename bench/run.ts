/**
 * matn's benchmark (`npm run bench`): prints tables, asserts nothing. Every run is a separate
 * process, on this machine, in one sitting, so the figures compare with each other.
 *
 *  1. N copies of the seed (N = 1, 50, 200) built to HTML, EPUB, PDF and all three: documents per
 *     second, time per document in each stage, peak memory of matn and of Chromium.
 *  2. The floor, measured in the same run: a bare Puppeteer loop printing the same HTML in one
 *     reused page. matn's PDF time is printed as a ratio of it.
 *  3. A second build with nothing changed (200 documents, all formats): time, browser launched?
 *  4. pandoc on the same documents (HTML and EPUB), when pandoc is installed; and on six different
 *     documents (the seed and the corpus), whose fonts are each cut for their own text.
 *  5. One large document of 1, 5 and 20 MB: time per stage, to show it grows linearly.
 *
 * HTML and EPUB builds are measured twice: with an empty font cache ("cold": every font subset is
 * shaped, cut and packed) and with the cache a previous build filled ("warm", font-cache.ts). The
 * bench's cache is a folder of its own (MATN_CACHE_DIR), never the user's.
 *
 * Builds without PDF take a second or two and vary by ±10% from run to run on a shared machine:
 * each is run --repeat times (default 3) and the median run is reported, with the range. PDF
 * runs take minutes and drift with the machine's load over minutes: the PDF-only build and the
 * floor are run --pdf-repeat times (default 2) in turns (floor, matn, floor, matn), and the
 * ratio is that of their medians; the all-formats build is compared with the same floor.
 *
 * Options: --sizes 1,50,200   --repeat 3   --pdf-repeat 2   --formats html,epub,pdf,all (which builds; the floor
 * runs when pdf or all is among them)   --quick (sizes 1,20 and 1/5 MB)   --skip-large   --skip-pandoc
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const SEED = join(ROOT, 'source', 'france-counter-terrorism.txt');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
/** The font cache every child build uses (inherited through the environment). */
const FONT_CACHE = mkdtempSync(join(tmpdir(), 'matn-bench-font-cache-'));
process.env.MATN_CACHE_DIR = FONT_CACHE;
delete process.env.MATN_CACHE;
function emptyFontCache(): void {
  rmSync(FONT_CACHE, { recursive: true, force: true });
  mkdirSync(FONT_CACHE);
}
type FontCache = 'cold' | 'warm';
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizeArg = args[args.indexOf('--sizes') + 1];
const sizes = args.includes('--sizes') && sizeArg ? sizeArg.split(',').map(Number) : quick ? [1, 20] : [1, 50, 200];
const largeSizes = quick ? [1, 5] : [1, 5, 20];
const formatsArg = args[args.indexOf('--formats') + 1];
const buildFormats = (args.includes('--formats') && formatsArg ? formatsArg.split(',') : ['html', 'epub', 'pdf', 'all']).map((f) => (f === 'all' ? 'html,epub,pdf' : f));
const withPdf = buildFormats.some((f) => f.includes('pdf'));
const repeatArg = args[args.indexOf('--repeat') + 1];
const repeats = args.includes('--repeat') && repeatArg ? Math.max(1, Number(repeatArg)) : 3;
const pdfRepeatArg = args[args.indexOf('--pdf-repeat') + 1];
const pdfRepeats = args.includes('--pdf-repeat') && pdfRepeatArg ? Math.max(1, Number(pdfRepeatArg)) : 2;

interface Measured<T> {
  result: T;
  chromiumPeakMB: number;
}

/** Resident memory of every Chromium process on the machine, in MB. */
function chromiumRssMB(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/chrom/i.test(cmd.split('\0')[0] ?? '')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) / 1024;
    } catch {
      /* the process ended */
    }
  }
  return total;
}

function runChild<T>(script: string, childArgs: string[]): Promise<Measured<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'bench', script), ...childArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMB())), 100);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      clearInterval(sampler);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ result: JSON.parse(line) as T, chromiumPeakMB: peak });
      } catch {
        reject(new Error(`${script} exited ${code}: ${err.slice(-2000)}`));
      }
    });
  });
}

/** The seed and the corpus: six different documents. */
function distinctDocuments(): string {
  const dir = mkdtempSync(join(tmpdir(), 'matn-bench-distinct-'));
  mkdirSync(join(dir, 'source'));
  copyFileSync(SEED, join(dir, 'source', basename(SEED)));
  for (const f of readdirSync(CORPUS).filter((f) => f.endsWith('.txt'))) copyFileSync(join(CORPUS, f), join(dir, 'source', f));
  return dir;
}

function corpusOf(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), `matn-bench-${n}-`));
  mkdirSync(join(dir, 'source'));
  for (let i = 0; i < n; i++) copyFileSync(SEED, join(dir, 'source', `seed-${String(i).padStart(4, '0')}.txt`));
  return dir;
}

interface BuildRun {
  seconds: number;
  ok: boolean;
  maxRssMB: number;
  summary: { total: number; built: number; unchanged: number; failed: number; browserLaunched: boolean; stageMs: Record<string, number> };
}

/**
 * A build of the corpus in `dir`, from a clean output folder: run `times` times, the median
 * run returned with the range of all.
 */
async function medianBuild(dir: string, formats: string, times: number, cache: FontCache): Promise<Measured<BuildRun> & { range: string }> {
  const runs: Array<Measured<BuildRun>> = [];
  if (cache === 'warm') await runChild<BuildRun>('child-build.ts', [dir, formats, '--force']);
  for (let i = 0; i < times; i++) {
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    if (cache === 'cold') emptyFontCache();
    runs.push(await runChild<BuildRun>('child-build.ts', [dir, formats, '--force']));
  }
  runs.sort((a, b) => a.result.seconds - b.result.seconds);
  const range = times > 1 ? `${times}: ${f2(runs[0]!.result.seconds)}–${f2(runs.at(-1)!.result.seconds)}` : '1';
  return { ...runs[Math.floor((runs.length - 1) / 2)]!, range };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

function table(head: string[], rows: Array<Array<string | number>>): void {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells.slice(1)) console.log(line(r));
  console.log('');
}

console.log(`# matn benchmark — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);

// 1–3: builds of N copies, the floor, the unchanged rebuild.
const buildRows: Array<Array<string | number>> = [];
const ratioRows: Array<Array<string | number>> = [];
let unchangedRow: Array<string | number> | undefined;
for (const n of sizes) {
  const dir = corpusOf(n);
  const runs: Record<string, Measured<BuildRun>> = {};
  type Floor = { seconds: number; launchSeconds: number; maxRssMB: number };
  const floors: number[] = [];
  const runFloor = async () => floors.push((await runChild<Floor>('child-floor.ts', [SEED, String(n)])).result.seconds);
  for (const formats of buildFormats) {
    let measured: Measured<BuildRun> & { range: string };
    if (formats === 'pdf') {
      // In turns with the floor, so both see the same machine.
      const pdfRuns: Array<Measured<BuildRun>> = [];
      for (let i = 0; i < pdfRepeats; i++) {
        await runFloor();
        rmSync(join(dir, 'dist'), { recursive: true, force: true });
        pdfRuns.push(await runChild<BuildRun>('child-build.ts', [dir, 'pdf', '--force']));
      }
      pdfRuns.sort((a, b) => a.result.seconds - b.result.seconds);
      measured = { ...pdfRuns[Math.floor((pdfRuns.length - 1) / 2)]!, range: pdfRepeats > 1 ? `${pdfRepeats}: ${f2(pdfRuns[0]!.result.seconds)}–${f2(pdfRuns.at(-1)!.result.seconds)}` : '1' };
      measured.result.seconds = median(pdfRuns.map((r) => r.result.seconds));
    } else {
      measured = await medianBuild(dir, formats, formats.includes('pdf') ? 1 : repeats, 'warm');
    }
    const row = (m: Measured<BuildRun> & { range: string }, cache: string) => {
      const { result, chromiumPeakMB } = m;
      const s = result.summary.stageMs;
      const per = (ms: number) => (ms ? f2(ms / n) : '–');
      buildRows.push([n, formats, cache, f2(result.seconds), m.range, f1(n / result.seconds), per(s.read!), per(s.parse!), per(s.html!), per(s.epub!), per(s.pdf!), f1(result.maxRssMB), chromiumPeakMB ? f1(chromiumPeakMB) : '–', result.ok ? 'ok' : 'FAILED']);
    };
    // PDFs embed whole faces: the font cache does not concern them.
    if (formats !== 'pdf' && !formats.includes('pdf')) row(await medianBuild(dir, formats, repeats, 'cold'), 'cold');
    runs[formats] = measured;
    row(measured, formats === 'pdf' ? '–' : 'warm');
  }
  if (n === Math.max(...sizes) && runs['html,epub,pdf']) {
    const again = await runChild<BuildRun>('child-build.ts', [dir, 'html,epub,pdf']);
    unchangedRow = [n, f2(again.result.seconds), again.result.summary.unchanged, again.result.summary.browserLaunched ? 'yes' : 'no'];
  }
  if (withPdf) {
    if (floors.length === 0) await runFloor();
    const floor = median(floors);
    const ratio = (formats: string) => {
      const run = runs[formats];
      return run ? [f2(run.result.seconds), f2(run.result.seconds / floor)] : ['–', '–'];
    };
    ratioRows.push([n, f2(floor), floors.length > 1 ? `${floors.length}: ${f2(Math.min(...floors))}–${f2(Math.max(...floors))}` : '1', f1(n / floor), ...ratio('pdf'), ...ratio('html,epub,pdf')]);
  }
  rmSync(dir, { recursive: true, force: true });
}

console.log('## Builds of N copies of the seed\n');
console.log('seconds: the median run; runs: how many, and the fastest–slowest. Stage columns: milliseconds per document, summed over documents: reading and decoding, parsing and tagging, rendering each format (writing files overlaps them). EPUB includes laying out the cover (once per title, read from the font cache when warm); PDF is the time from asking for a PDF to having it, which overlaps everything else. Font cache: cold, emptied before each run; warm, filled by an earlier build of the same documents.\n');
table(['N', 'formats', 'font cache', 'seconds', 'runs', 'docs/s', 'read', 'parse+tag', 'HTML', 'EPUB', 'PDF', 'matn peak MB', 'Chromium peak MB', 'result'], buildRows);
if (ratioRows.length > 0) console.log('## PDF against the floor (a bare Puppeteer loop printing the same HTML in one reused page; both include starting Chromium; PDF-only and floor run in turns, medians compared)\n');
if (ratioRows.length > 0) table(['N', 'floor s', 'floor runs', 'floor docs/s', 'matn PDF s', 'PDF ÷ floor', 'matn all formats s', 'all ÷ floor'], ratioRows);
if (unchangedRow) {
  console.log('## Second build, nothing changed (all formats)\n');
  table(['N', 'seconds', 'unchanged', 'browser launched'], [unchangedRow]);
}

// 4: pandoc.
if (!args.includes('--skip-pandoc') && spawnSync('pandoc', ['--version']).status === 0) {
  const n = Math.min(50, Math.max(...sizes));
  const rows: Array<Array<string | number>> = [];
  for (const [documents, dir] of [[`${n} copies of the seed`, corpusOf(n)], ['the seed and the corpus (6 different)', distinctDocuments()]] as const) {
    const files = readdirSync(join(dir, 'source')).map((f) => join(dir, 'source', f));
    for (const [format, ext] of [['html', 'html'], ['epub', 'epub']] as const) {
      const t0 = performance.now();
      // pandoc's pages go beside the sources, not among them: matn reads saved .html pages too
      const pandocOut = join(dir, 'pandoc');
      mkdirSync(pandocOut, { recursive: true });
      for (const f of files) spawnSync('pandoc', ['-f', 'markdown', '-t', format, '--metadata', 'title=t', '-s', '-o', join(pandocOut, basename(f).replace(/\.txt$/, `.${ext}`)), f]);
      const pandocSeconds = (performance.now() - t0) / 1000;
      const speed = (m: Measured<BuildRun>) => [f2(m.result.seconds), f1(files.length / m.result.seconds), f1(pandocSeconds / m.result.seconds)];
      const cold = await medianBuild(dir, format, repeats, 'cold');
      const warm = await medianBuild(dir, format, repeats, 'warm');
      rows.push([documents, format, f2(pandocSeconds), f1(files.length / pandocSeconds), ...speed(cold), ...speed(warm)]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('## pandoc on the same documents (one pandoc process per document, as a shell loop would); matn with an empty and with a filled font cache\n');
  table(['documents', 'format', 'pandoc s', 'pandoc docs/s', 'matn cold s', 'cold docs/s', 'cold × pandoc', 'matn warm s', 'warm docs/s', 'warm × pandoc'], rows);
} else {
  console.log(args.includes('--skip-pandoc') ? '## pandoc: skipped (--skip-pandoc)\n' : '## pandoc: not installed, skipped\n');
}

// 5: one large document.
if (!args.includes('--skip-large')) {
  const seed = readFileSync(SEED, 'utf8');
  const body = seed.split('\n').slice(2).join('\n');
  const rows: Array<Array<string | number>> = [];
  for (const mb of largeSizes) {
    const dir = mkdtempSync(join(tmpdir(), `matn-bench-large-${mb}-`));
    mkdirSync(join(dir, 'source'));
    let text = `${seed.split('\n')[0]}\n\n`;
    for (let i = 0; Buffer.byteLength(text) < mb * 1024 * 1024; i++) text += `قسم رقم ${i}\n\n${body}\n\n`;
    writeFileSync(join(dir, 'source', 'large.txt'), text);
    emptyFontCache();
    const run = await runChild<BuildRun>('child-build.ts', [dir, 'html,epub', '--force']);
    const s = run.result.summary.stageMs;
    const size = Buffer.byteLength(text) / 1024 / 1024;
    rows.push([f1(size), f2(run.result.seconds), f2(run.result.seconds / size), f2(s.read! / 1000), f2(s.parse! / 1000), f2(s.html! / 1000), f2(s.epub! / 1000), f1(run.result.maxRssMB), run.result.ok ? 'ok' : 'FAILED']);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('## One large document (HTML and EPUB; seconds, and seconds per MB to show linear growth)\n');
  table(['MB', 'seconds', 's per MB', 'read s', 'parse+tag s', 'HTML s', 'EPUB s', 'matn peak MB', 'result'], rows);
}

rmSync(FONT_CACHE, { recursive: true, force: true });
