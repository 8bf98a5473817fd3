/**
 * Images in the print PDF (Chromium) and in EPUBs checked by epubcheck (Java): the Markdown
 * report and the Word file of test/fixtures/images. The report's remote image points at a local
 * HTTP server that counts every request: nothing may reach it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrinter } from '../../src/render/pdf/printer.js';
import { decodeDocument, readSource } from '../../src/read/source.js';
import { processSource, type MatnDocument } from '../../src/pipeline.js';
import { renderEpub } from '../../src/render/epub/render-epub.js';
import { ROOT, words } from '../helpers.js';
import { hasTool, haveBrowser, poppler } from '../pdf/pdf-helpers.js';
import { epubcheckAll, epubcheckMissing } from '../epub/helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'images');
const REPORT = join(FIXTURES, 'markdown', 'report.md');
const EPOCH = 1_700_000_000;
const PDFUA = join(ROOT, '..', 'shared', 'tools', 'pdfua-check.py');
const canPrint = haveBrowser() && hasTool('pdfimages') && hasTool('qpdf') && hasTool('pdftotext');

let server: Server;
const requests: string[] = [];
let dir: string;
let report: MatnDocument;
let word: MatnDocument;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(readFileSync(join(FIXTURES, 'markdown', 'images', 'chart.png')));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'matn-images-print-'));
  // The report as it is, but its remote image is on the counting server.
  const text = readFileSync(REPORT, 'utf8').replace('https://example.com/x.png', `${base}/x.png`);
  report = processSource(decodeDocument(Buffer.from(text), REPORT, 'md'));
  word = processSource(await readSource(join(FIXTURES, 'word', 'with-image.docx')));
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

/** pdfimages -list: width × height of every image drawn. */
function imageSizes(pdf: Uint8Array): string[] {
  return poppler('pdfimages', pdf, ['-list'])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/u))
    .map((cols) => `${cols[3]}x${cols[4]}`);
}

/** The /Alt of every Figure structure element (qpdf's uncompressed form). */
function figureAlts(pdf: Uint8Array): string[] {
  const file = join(dir, 'alts.pdf');
  writeFileSync(file, pdf);
  const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 64 << 20 }).toString('latin1');
  return qdf
    .split(/\n\d+ 0 obj\n/u)
    .filter((object) => /\/S \/Figure\b/u.test(object))
    .map((object) => {
      const hex = /\/Alt <feff([0-9a-f]*)>/iu.exec(object)?.[1];
      return hex === undefined ? '(none)' : Buffer.from(hex, 'hex').swap16().toString('utf16le');
    });
}

describe.skipIf(!canPrint)('images in the print PDF', () => {
  let printer: PdfPrinter;
  let reportPdf: Uint8Array;
  let wordPdf: Uint8Array;

  beforeAll(async () => {
    printer = await PdfPrinter.launch({ pages: 1 });
    reportPdf = await printer.print(report, { sourceDateEpoch: EPOCH });
    wordPdf = await printer.print(word, { sourceDateEpoch: EPOCH });
  }, 120_000);

  afterAll(async () => {
    await printer?.close();
  });

  it('fetches nothing: the remote image never reaches the server', () => {
    expect(requests).toEqual([]);
  });

  it('draws the local images (the SVG as vector paths), and the Word picture', () => {
    expect(imageSizes(reportPdf)).toEqual(['240x140', '48x48', '240x140']);
    expect(imageSizes(wordPdf)).toEqual(['240x140']);
  });

  it('tags each image as a Figure with its description as /Alt (the one without description is left untagged)', () => {
    expect(figureAlts(reportPdf)).toEqual(['مخطط أعمدة يبين نمو القراءة أربع سنوات متتالية', 'ثلاث دوائر ملونة على خلفية زرقاء', 'المخطط نفسه']);
    expect(figureAlts(wordPdf)).toEqual(['مخطط أعمدة من ملف وورد']);
  });

  it.skipIf(!existsSync(PDFUA))('passes the PDF/UA hand checks', () => {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, reportPdf);
    expect(execFileSync('python3', [PDFUA, file], { encoding: 'utf8' })).toMatch(/\tPASS\t/u);
  });

  it('prints the descriptions of the images it left out, and the caption', () => {
    const text = words(poppler('pdftotext', reportPdf, ['-enc', 'UTF-8']));
    for (const shown of ['شعار الموقع البعيد', 'صورة غير موجودة', 'ملف من خارج المجلد', 'الشكل ١: نمو القراءة']) {
      const expected = words(shown);
      expect(text.some((_, i) => expected.every((w, j) => text[i + j] === w)), shown).toBe(true);
    }
  });
});

describe.skipIf(epubcheckMissing() !== undefined)('epubcheck', () => {
  it('finds no error and no warning in EPUBs with PNG, SVG and Word images', async () => {
    const page = processSource(await readSource(join(FIXTURES, 'saved-page', 'page.html')));
    const files = [];
    for (const [name, doc] of [['report', report], ['word', word], ['page', page]] as const) {
      const file = join(dir, `${name}.epub`);
      writeFileSync(file, await renderEpub(doc, { sourceDateEpoch: EPOCH }));
      files.push(file);
    }
    const results = await epubcheckAll(files);
    for (const file of files) {
      const r = results.get(file)!;
      expect({ file, errors: r.errors, warnings: r.warnings, fatals: r.fatals }, r.output).toEqual({ file, errors: 0, warnings: 0, fatals: 0 });
    }
  }, 180_000);
});
