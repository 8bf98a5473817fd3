/**
 * The print PDF, read back: document properties, tagging, bookmarks, fonts, page box, folio and
 * running heads, reproducibility, and the text layer measured with the shared fidelity tool.
 * One printer (one Chromium) serves the whole file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFBool, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from 'pdf-lib';
import { PdfPrinter } from '../../src/render/pdf/printer.js';
import { readSource } from '../../src/read/source.js';
import { processSource, type MatnDocument } from '../../src/pipeline.js';
import type { OutlineEntry } from '../../src/tree/outline.js';
import { CORPUS, SEED, SEED_BOILERPLATE, processText, words } from '../helpers.js';
import { FIDELITY_TOOL, fidelity, hasTool, haveBrowser, pdffonts, pdfinfo, poppler, readBookmarks, type Bookmark } from './pdf-helpers.js';

const EPOCH = 1_700_000_000; // 2023-11-14T22:13:20Z
const canPrint = haveBrowser();
const poppler_ = hasTool('pdfinfo') && hasTool('pdffonts') && hasTool('pdftotext');
const fidelityTool = existsSync(FIDELITY_TOOL) && hasTool('python3') && hasTool('pdftotext');
if (!poppler_) console.warn('poppler-utils (pdfinfo, pdffonts, pdftotext) not found: PDF read-back checks skipped');
if (!fidelityTool) console.warn(`${FIDELITY_TOOL} or pdftotext not found: text-layer fidelity checks skipped`);

let printer: PdfPrinter;
let seedDoc: MatnDocument;
let seedPdf: Uint8Array;

beforeAll(async () => {
  if (!canPrint) return;
  printer = await PdfPrinter.launch({ pages: 2 });
  seedDoc = processSource(await readSource(SEED));
  seedPdf = await printer.print(seedDoc, { sourceDateEpoch: EPOCH });
}, 120_000);

afterAll(async () => {
  await printer?.close();
});

function outlineShape(entries: OutlineEntry[]): unknown[] {
  return entries.map((e) => ({ title: e.text, children: outlineShape(e.children) }));
}

function bookmarkShape(entries: Bookmark[]): unknown[] {
  return entries.map((b) => ({ title: b.title, children: bookmarkShape(b.children) }));
}

function flatPages(entries: Bookmark[]): number[] {
  return entries.flatMap((b) => [b.page, ...flatPages(b.children)]);
}

/** The words of a PDF's text layer, as a search sees them, one space apart. */
function pdfText(pdf: Uint8Array, pages?: [number, number]): string {
  const args = ['-enc', 'UTF-8', ...(pages ? ['-f', String(pages[0]), '-l', String(pages[1])] : [])];
  return ` ${words(poppler('pdftotext', pdf, args)).join(' ')} `;
}

/** The same for a phrase. */
function phrase(text: string): string {
  return ` ${words(text).join(' ')} `;
}

describe.skipIf(!canPrint)('the seed as a print PDF', () => {
  it('has the document properties: Arabic title, creator, fixed dates, language, reading direction', async () => {
    const pdf = await PDFDocument.load(seedPdf, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('الإرهاب، أنشطة فرنسا الدولية');
    expect(pdf.getCreator()).toMatch(/^matn \d/);
    expect(pdf.getSubject()).toBe(seedDoc.meta.description);
    expect(pdf.getCreationDate()?.getTime()).toBe(EPOCH * 1000);
    expect(pdf.getModificationDate()?.getTime()).toBe(EPOCH * 1000);
    const catalog = pdf.catalog;
    expect(catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('ar');
    const prefs = catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(prefs.lookup(PDFName.of('Direction'))).toBe(PDFName.of('R2L'));
    expect(prefs.lookup(PDFName.of('DisplayDocTitle'))).toBe(PDFBool.True);
    // Tagged: the structure tree Chromium writes is kept.
    const markInfo = catalog.lookup(PDFName.of('MarkInfo'), PDFDict);
    expect(markInfo.lookup(PDFName.of('Marked'))).toBe(PDFBool.True);
    expect(catalog.lookup(PDFName.of('StructTreeRoot'))).toBeInstanceOf(PDFDict);
    // XMP metadata says the same.
    const stream = catalog.lookup(PDFName.of('Metadata'));
    expect(stream).toBeInstanceOf(PDFRawStream);
    const xmp = Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('utf8');
    expect(xmp).toContain('<rdf:li xml:lang="x-default">الإرهاب، أنشطة فرنسا الدولية</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>');
  });

  it.skipIf(!poppler_)('pdfinfo: the Arabic title, tagged, A4; pdffonts: only the bundled face, embedded and subset', () => {
    const info = pdfinfo(seedPdf);
    expect(info.get('Title')).toBe('الإرهاب، أنشطة فرنسا الدولية');
    expect(info.get('Tagged')).toBe('yes');
    expect(info.get('Page size')).toMatch(/^594\.9\d x 841\.9\d pts \(A4\)/);
    const fonts = pdffonts(seedPdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font, font.name).toMatchObject({ embedded: true, subset: true });
      expect(font.name).toMatch(/^[A-Z]{6}\+Amiri-(Regular|Bold)$/);
    }
  });

  it('bookmarks mirror the outline and point at the pages where the headings are', async () => {
    const bookmarks = await readBookmarks(seedPdf);
    expect(bookmarkShape(bookmarks)).toEqual(outlineShape(seedDoc.outline));
    const pages = flatPages(bookmarks);
    expect(pages.every((p) => p >= 1)).toBe(true);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
    expect(pages.at(-1)).toBeGreaterThan(pages[0]!);
  });

  it.skipIf(!poppler_)('folio in Arabic-Indic digits, running head with the title and the current section', async () => {
    const count = Number(pdfinfo(seedPdf).get('Pages'));
    expect(count).toBeGreaterThan(2);
    const first = pdfText(seedPdf, [1, 1]);
    expect(first).toContain(phrase(`صفحة ١ من ${count.toLocaleString('ar-u-nu-arab')}`));
    expect(first).toContain(phrase('آخر تحديث: نوفمبر ٢٠١٩'));
    // The contents, with page numbers.
    expect(first).toContain(phrase('المحتويات'));
    // From page 2 on: the title, and the section that page is in.
    const bookmarks = await readBookmarks(seedPdf);
    const last = bookmarks.at(-1)!;
    const lastPage = pdfText(seedPdf, [count, count]);
    expect(lastPage).toContain(phrase('الإرهاب، أنشطة فرنسا الدولية'));
    expect(lastPage).toContain(phrase(last.title));
    expect(lastPage).toContain(phrase(`صفحة ${count.toLocaleString('ar-u-nu-arab')} من`));
  });

  it('is reproducible: the same inputs and SOURCE_DATE_EPOCH give the same bytes, also from another browser', async () => {
    const again = await printer.print(seedDoc, { sourceDateEpoch: EPOCH });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(seedPdf))).toBe(0);
    // A second build: another browser, the date from the environment.
    const saved = process.env['SOURCE_DATE_EPOCH'];
    process.env['SOURCE_DATE_EPOCH'] = String(EPOCH);
    const other = await PdfPrinter.launch({ pages: 1 });
    try {
      const fromOther = await other.print(seedDoc);
      expect(Buffer.compare(Buffer.from(fromOther), Buffer.from(seedPdf))).toBe(0);
    } finally {
      await other.close();
      if (saved === undefined) delete process.env['SOURCE_DATE_EPOCH'];
      else process.env['SOURCE_DATE_EPOCH'] = saved;
    }
  });

  it.skipIf(!fidelityTool)('text layer: at most 1% of the words missing without diacritics, 3% with', () => {
    const drops = SEED_BOILERPLATE.flatMap((line) => ['--drop', line]);
    const stripped = fidelity(SEED, seedPdf, [...drops, '--strip-marks']);
    expect(stripped.missing / stripped.total, stripped.report).toBeLessThanOrEqual(0.01);
    const exact = fidelity(SEED, seedPdf, drops);
    expect(exact.missing / exact.total, exact.report).toBeLessThanOrEqual(0.03);
  });
});

describe.skipIf(!canPrint)('page options', () => {
  it.skipIf(!poppler_)('Letter, Western digits, no contents', async () => {
    const doc = processText('عنوان الوثيقة\n\nفقرة أولى.\n\nقسم أول\n\nنص القسم.\n\nقسم ثان\n\nنص آخر.\n');
    const pdf = await printer.print(doc, { pageSize: 'Letter', digits: 'western', toc: false, sourceDateEpoch: EPOCH });
    expect(pdfinfo(pdf).get('Page size')).toMatch(/^612 x 792 pts \(letter\)/);
    const text = pdfText(pdf);
    expect(text).toContain(phrase('صفحة 1 من 1'));
    expect(text).not.toContain(phrase('المحتويات'));
  });

  it.skipIf(!poppler_)('Author, Subject and Keywords from the document metadata', async () => {
    const md = '---\ntitle: تقرير موجز\nauthor: وزارة الخارجية\nsubject: مكافحة الإرهاب\nkeywords: [الإرهاب, التعاون الدولي]\n---\n\nنص التقرير.\n';
    const doc = processText(md, { name: 'brief.md' });
    const info = pdfinfo(await printer.print(doc, { sourceDateEpoch: EPOCH }));
    expect(info.get('Title')).toBe('تقرير موجز');
    expect(info.get('Author')).toBe('وزارة الخارجية');
    expect(info.get('Subject')).toBe('مكافحة الإرهاب');
    expect(info.get('Keywords')).toBe('الإرهاب, التعاون الدولي');
    expect(info.get('Creator')).toMatch(/^matn /);
  });

  it('prints several documents at once through the pool', async () => {
    const docs = ['أول', 'ثان', 'ثالث'].map((w) => processText(`وثيقة ${w}\n\nنص الوثيقة ${w}.\n`));
    const pdfs = await Promise.all(docs.map((d) => printer.print(d, { sourceDateEpoch: EPOCH })));
    for (const [i, pdf] of pdfs.entries()) {
      expect((await PDFDocument.load(pdf)).getTitle()).toBe(docs[i]!.meta.title);
    }
  });
});

describe.skipIf(!canPrint || !poppler_)('page breaks', () => {
  it('no heading alone at the foot of a page, nothing painted in the bottom margin but the folio', async () => {
    const sentence = (i: number) => `جملة رقم ${i} في فقرة طويلة نسبيا تملأ السطر بالكلمات العربية.`;
    const names = ['الأول', 'الثاني', 'الثالث', 'الرابع', 'الخامس'];
    let text = 'وثيقة اختبار العناوين\n\n';
    for (let s = 1; s <= 40; s++) {
      text += `القسم ${names[s % 5]} عدد ${s}\n\n${Array.from({ length: 2 + ((s * 7) % 9) }, (_, i) => sentence(i + 1)).join(' ')}\n\n`;
    }
    const doc = processText(text, { name: 'headings.txt' });
    expect(doc.outline).toHaveLength(40);
    const pdf = await printer.print(doc, { toc: false, sourceDateEpoch: EPOCH });
    const count = Number(pdfinfo(pdf).get('Pages'));
    expect(count).toBeGreaterThan(4);
    const headings = new Set(doc.outline.map((e) => phrase(e.text)));
    const height = 841.92;
    for (let page = 1; page <= count; page++) {
      const lines = poppler('pdftotext', pdf, ['-enc', 'UTF-8', '-f', String(page), '-l', String(page)])
        .split('\n')
        .map((l) => phrase(l))
        .filter((l) => l.trim() && !l.includes(' صفحة '));
      expect(headings.has(lines.at(-1)!), `page ${page} ends with a heading`).toBe(false);
      // Words in the bottom margin (below 760 pt from the top): only the folio.
      const low = [...poppler('pdftotext', pdf, ['-bbox', '-f', String(page), '-l', String(page)]).matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)]
        .filter((m) => Number(m[1]) > 760 && Number(m[1]) < height)
        // A line drawn with replacement text (the folio) is one "word" to poppler: its words apart.
        .flatMap((m) => m[2]!.replace(/[\u200e\u200f]/g, '').split(/\s+/).filter(Boolean));
      expect(low.every((w) => /^(ةحفص|صفحة|نم|من|[٠-٩]*)$/.test(w)), `page ${page}: ${low.join(" ")}`).toBe(true);
    }
  });
});

const corpus = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort() : [];

describe.skipIf(!canPrint || corpus.length === 0)('the corpus as print PDFs', () => {
  it.each(corpus)('%s: title, tagging, embedded fonts, bookmarks, text layer', async (name) => {
    const path = join(CORPUS, name);
    const doc = processSource(await readSource(path));
    const pdf = await printer.print(doc, { sourceDateEpoch: EPOCH });
    expect(bookmarkShape(await readBookmarks(pdf))).toEqual(outlineShape(doc.outline));
    if (poppler_) {
      const info = pdfinfo(pdf);
      expect(info.get('Title')).toBe(doc.meta.title);
      expect(info.get('Tagged')).toBe('yes');
      expect(pdffonts(pdf).every((f) => f.embedded && f.subset)).toBe(true);
    }
    if (fidelityTool) {
      const stripped = fidelity(path, pdf, ['--strip-marks']);
      expect(stripped.missing / stripped.total, stripped.report).toBeLessThanOrEqual(0.01);
      const exact = fidelity(path, pdf, []);
      expect(exact.missing / exact.total, exact.report).toBeLessThanOrEqual(0.03);
    }
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });
});
