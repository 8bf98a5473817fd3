/**
 * Ace by DAISY, the EPUB accessibility checker publishers and distributors use, run on the EPUBs of
 * the seed, the corpus and a Markdown sample (GFM notes, tables, task items) with the machine's
 * Chromium: 0 violations of any impact. Ace also reads the package's accessibility metadata.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { CORPUS, ROOT, SEED } from '../helpers.js';
import { testBrowserPath } from '../browser-helpers.js';

const require = createRequire(import.meta.url);
const GFM = join(ROOT, 'test', 'fixtures', 'gfm');
const sources = [
  SEED,
  ...readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => join(CORPUS, f)),
  ...readdirSync(GFM).filter((f) => f.endsWith('.md')).map((f) => join(GFM, f)),
];

interface AceAssertion {
  'earl:test': { 'dct:title': string; 'earl:impact': string; 'dct:description'?: string };
}
interface AceReport {
  'earl:result': { 'earl:outcome': string };
  assertions: Array<{ 'earl:testSubject': { url: string }; assertions: AceAssertion[] }>;
}

describe.skipIf(testBrowserPath() === undefined)('Ace by DAISY', () => {
  let dir: string;
  const reports = new Map<string, AceReport>();

  beforeAll(async () => {
    process.env.PUPPETEER_EXECUTABLE_PATH ??= testBrowserPath()!;
    const ace = require('@daisy/ace-core') as (epub: string, options: object, runner: unknown) => Promise<[string, AceReport]>;
    const runner = require('@daisy/ace-axe-runner-puppeteer') as { launch(): Promise<void>; close(): Promise<void> };
    dir = mkdtempSync(join(tmpdir(), 'matn-ace-'));
    await runner.launch();
    try {
      for (const [i, source] of sources.entries()) {
        const epub = join(dir, `${i}.epub`);
        writeFileSync(epub, await renderEpub(processSource(await readSource(source)), { sourceDateEpoch: 1_700_000_000 }));
        const outdir = join(dir, `${i}-report`);
        await ace(epub, { cwd: dir, outdir, silent: true, jobId: '' }, runner);
        reports.set(source, JSON.parse(readFileSync(join(outdir, 'report.json'), 'utf8')) as AceReport);
      }
    } finally {
      await runner.close();
    }
  }, 600_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(sources.map((s) => [s.slice(ROOT.length + 1)]))('%s: 0 violations', (source) => {
    const report = reports.get(join(ROOT, source))!;
    const found = report.assertions.flatMap((doc) =>
      doc.assertions.map((a) => `${doc['earl:testSubject'].url}: ${a['earl:test']['dct:title']} (${a['earl:test']['earl:impact']})`),
    );
    expect(found).toEqual([]);
    expect(report['earl:result']['earl:outcome']).toBe('pass');
  });
});
