/**
 * The PDF's page box is written once (templates/print/page-box.partial.hbs) for both prints of a
 * document, and its labels live in templates; the finishing steps run alone. No browser needed.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName } from 'pdf-lib';
import { buildPrintPage, buildRunningHeadsPage } from '../../src/render/pdf/print-page.js';
import { FINISH_STEPS, finishPdf, type FinishOptions } from '../../src/render/pdf/finish.js';
import { TemplateSet } from '../../src/render/templates.js';
import { processText } from '../helpers.js';

const doc = processText('عنوان التقرير\n\nالقسم الأول\n\nنص القسم الأول هنا.\n\nالقسم الثاني\n\nنص القسم الثاني هنا.\n', { name: 'r.txt' });
const pageBlock = (html: string) => /@page \{[\s\S]*?\n\}/u.exec(html)![0];

describe('the page model', () => {
  it('gives the document and its running heads the same page box; only the document prints the folio', () => {
    const templates = new TemplateSet();
    const page = buildPrintPage(doc, { templates, pageSize: 'Letter', digits: 'western', toc: false });
    const heads = buildRunningHeadsPage(doc, { templates, pageSize: 'Letter', digits: 'western' }, ['القسم الأول']);
    expect(pageBlock(page.html)).toContain('size: Letter;');
    expect(pageBlock(heads.html)).toContain('size: Letter;');
    expect(pageBlock(page.html)).toContain('counter(page, decimal)');
    expect(pageBlock(heads.html)).not.toContain('counter(page');
    expect(pageBlock(page.html)).toContain('@top-right { content: "عنوان التقرير"');
  });

  it('a user changes the page box in one template, and both prints follow', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-page-box-'));
    mkdirSync(join(dir, 'print'));
    const builtin = readFileSync('templates/print/page-box.partial.hbs', 'utf8');
    writeFileSync(join(dir, 'print', 'page-box.partial.hbs'), builtin.replace('size: {{pageSize}};', 'size: {{pageSize}}; margin: 31mm 17mm;'));
    const templates = new TemplateSet(dir);
    const page = buildPrintPage(doc, { templates, pageSize: 'A4', digits: 'arabic-indic', toc: false });
    const heads = buildRunningHeadsPage(doc, { templates, pageSize: 'A4', digits: 'arabic-indic' }, ['القسم الأول']);
    expect(page.html).toContain('margin: 31mm 17mm;');
    expect(heads.html).toContain('margin: 31mm 17mm;');
  });

  it('takes the date label from the template: «آخر تحديث» for an update date, «التاريخ» for a date', () => {
    const updated = processText('عنوان\n\nتم تحديث الصفحة في نوفمبر 2019\n\nنص.\n', { name: 'u.txt' });
    const dated = processText('---\ntitle: عنوان\ndate: 2020-03-05\n---\n\nنص.\n', { name: 'd.md' });
    const html = (d: typeof doc) => buildPrintPage(d, { templates: new TemplateSet(), pageSize: 'A4', digits: 'arabic-indic', toc: false }).html;
    expect(html(updated)).toMatch(/آخر تحديث: <time datetime="2019-11">نوفمبر ٢٠١٩<\/time>/u);
    expect(html(dated)).toMatch(/التاريخ: <time datetime="2020-03-05">٥ مارس ٢٠٢٠<\/time>/u);
  });
});

describe('PDF finishing steps, each alone', () => {
  const options: FinishOptions = { title: 'عنوان', lang: 'ar', creator: 'matn test', date: new Date(Date.UTC(2020, 0, 1)), outline: [] };
  const blank = async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    return pdf.save();
  };
  const step = (name: string) => FINISH_STEPS.filter((s) => s.name === name);

  it('lists its steps in order', () => {
    expect(FINISH_STEPS.map((s) => s.name)).toEqual(['bookmarks', 'links to pages', 'one font per face', 'one marked-content sequence per line', 'glyph text', 'replacement text', 'reading order', 'structure', 'running heads', 'document information', 'language and direction', 'XMP metadata']);
  });

  it('"language and direction" sets /Lang and right-to-left viewer preferences, and nothing else', async () => {
    const out = await PDFDocument.load((await finishPdf(await blank(), options, step('language and direction'))).bytes);
    expect(out.catalog.lookup(PDFName.of('Lang'))?.toString()).toBe('(ar)');
    const prefs = out.catalog.lookup(PDFName.of('ViewerPreferences'))!.toString();
    expect(prefs).toContain('/Direction /R2L');
    expect(prefs).toContain('/DisplayDocTitle true');
    expect(out.getTitle()).toBeUndefined();
  });

  it('"document information" writes the title and fixed dates, and the bytes do not depend on the clock', async () => {
    const once = await finishPdf(await blank(), options, step('document information'));
    const out = await PDFDocument.load(once.bytes, { updateMetadata: false });
    expect(out.getTitle()).toBe('عنوان');
    expect(out.getCreationDate()?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    const again = await finishPdf(await blank(), options, step('document information'));
    expect(Buffer.from(again.bytes).equals(Buffer.from(once.bytes))).toBe(true);
  });
});
