/**
 * The PDF/UA-1 structure of a printed GFM document (test/fixtures/gfm: a table, footnotes, links,
 * task-list checkboxes, emphasis), read back with pdf-lib: tables as Table › TR › TH/TD with
 * /Scope on the headers, footnotes as Note with an /ID, links with their annotation (OBJR) and
 * /Contents, figures with /Alt, every structure type standard or in the role map.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString, PDFHexString, type PDFObject } from 'pdf-lib';
import { PdfPrinter } from '../../src/render/pdf/printer.js';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { isStandardType } from '../../src/render/pdf/finish/role-map.js';
import { ROOT } from '../helpers.js';
import { haveBrowser } from './pdf-helpers.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'gfm', 'gfm-ar.md');
const canPrint = haveBrowser();

interface Elem {
  type: string;
  dict: PDFDict;
  kids: Elem[];
  /** Annotations referred to (OBJR). */
  objects: PDFDict[];
}

let doc: PDFDocument;
let tree: Elem[] = [];
let printer: PdfPrinter;

function read(pdf: PDFDocument): Elem[] {
  const lookup = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? pdf.context.lookup(o) : o);
  const walk = (o: PDFObject | undefined): Elem[] => {
    const d = lookup(o);
    if (d instanceof PDFArray) return d.asArray().flatMap(walk);
    if (!(d instanceof PDFDict) || d.get(PDFName.of('Type')) === PDFName.of('OBJR') || d.get(PDFName.of('Type')) === PDFName.of('MCR')) return [];
    const s = d.get(PDFName.of('S'));
    const k = lookup(d.get(PDFName.of('K')));
    const kidList = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [d.get(PDFName.of('K'))!];
    const objects = kidList.map(lookup).flatMap((x) => (x instanceof PDFDict && x.get(PDFName.of('Type')) === PDFName.of('OBJR') ? [lookup(x.get(PDFName.of('Obj'))) as PDFDict] : []));
    return [{ type: s instanceof PDFName ? s.decodeText() : '', dict: d, kids: kidList.flatMap(walk), objects }];
  };
  const root = pdf.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  return walk(root.get(PDFName.of('K')));
}

const all = (elems: Elem[]): Elem[] => elems.flatMap((e) => [e, ...all(e.kids)]);
const ofType = (type: string): Elem[] => all(tree).filter((e) => e.type === type);
const text = (o: PDFObject | undefined): string | undefined => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

beforeAll(async () => {
  if (!canPrint) return;
  printer = await PdfPrinter.launch({ pages: 1 });
  doc = await PDFDocument.load(await printer.print(processSource(await readSource(FIXTURE)), { sourceDateEpoch: 1_700_000_000 }));
  tree = read(doc);
}, 120_000);

afterAll(async () => {
  await printer?.close();
});

describe.skipIf(!canPrint)('structure of a printed GFM document', () => {
  it('tags the table as Table › TR › TH/TD, each header with a /Scope', () => {
    const [table, ...others] = ofType('Table');
    expect(table).toBeDefined();
    expect(others).toHaveLength(0);
    const rows = table!.kids.filter((k) => k.type === 'TR');
    expect(rows).toHaveLength(4);
    expect(rows[0]!.kids.map((c) => c.type)).toEqual(['TH', 'TH', 'TH', 'TH']);
    for (const row of rows.slice(1)) expect(row.kids.map((c) => c.type)).toEqual(['TD', 'TD', 'TD', 'TD']);
    for (const th of rows[0]!.kids) {
      const attrs = th.dict.lookup(PDFName.of('A'));
      const list = attrs instanceof PDFArray ? attrs.asArray().map((a) => doc.context.lookup(a) ?? a) : [attrs];
      const scope = list.map((a) => (a instanceof PDFDict ? a.get(PDFName.of('Scope')) : undefined)).find(Boolean);
      expect(scope).toBe(PDFName.of('Column'));
    }
  });

  it('tags each footnote as a Note with its own /ID, inside the notes list', () => {
    const notes = ofType('Note');
    expect(notes).toHaveLength(2);
    const ids = notes.map((n) => text(n.dict.get(PDFName.of('ID'))));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(2);
    for (const note of notes) expect(all(note.kids).some((e) => e.type === 'Link')).toBe(true);
    const bodies = all(tree).filter((e) => e.type === 'LBody' && e.kids.some((k) => k.type === 'Note'));
    expect(bodies).toHaveLength(2);
  });

  it('ties every link to its annotation (OBJR), and each annotation says where it goes', () => {
    const links = ofType('Link');
    expect(links.length).toBeGreaterThanOrEqual(6);
    for (const link of links) {
      expect(link.objects).toHaveLength(1);
      expect(text(link.objects[0]!.get(PDFName.of('Contents')))).toMatch(/\S/);
    }
  });

  it('describes the checkboxes (figures) with /Alt', () => {
    const figures = ofType('Figure');
    expect(figures.length).toBe(4);
    expect(figures.map((f) => text(f.dict.get(PDFName.of('Alt'))))).toEqual(['منجز', 'منجز', 'غير منجز', 'غير منجز']);
  });

  it('uses only standard structure types, or maps the others in /RoleMap', () => {
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const roleMap = root.lookup(PDFName.of('RoleMap'));
    const mapped = (t: string): boolean => roleMap instanceof PDFDict && roleMap.get(PDFName.of(t)) instanceof PDFName;
    const types = new Set(all(tree).map((e) => e.type));
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((t) => !isStandardType(t) && !mapped(t))).toEqual([]);
  });
});
