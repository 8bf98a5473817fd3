/** Structure types PDF 1.7 does not know (Chromium's Em and Strong) get a role map entry. */
import { describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { isStandardType, mapRoles } from '../../src/render/pdf/finish/role-map.js';

async function tagged(roleMap?: Record<string, string>): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const root = doc.context.obj({ Type: 'StructTreeRoot' }) as PDFDict;
  if (roleMap) root.set(PDFName.of('RoleMap'), doc.context.obj(Object.fromEntries(Object.entries(roleMap).map(([k, v]) => [k, PDFName.of(v)]))));
  doc.catalog.set(PDFName.of('StructTreeRoot'), doc.context.register(root));
  return doc;
}

const roleMap = (doc: PDFDocument): Record<string, string> => {
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const map = root.lookup(PDFName.of('RoleMap'));
  if (!(map instanceof PDFDict)) return {};
  return Object.fromEntries(map.entries().map(([k, v]) => [k.decodeText(), (v as PDFName).decodeText()]));
};

describe('mapRoles', () => {
  it('maps Em and Strong to Span and an unknown type to NonStruct, standard types not at all', async () => {
    const doc = await tagged();
    expect(mapRoles(doc, ['P', 'Em', 'Strong', 'Em', 'Marquee', 'Table', 'TH'])).toEqual(['Em', 'Strong', 'Marquee']);
    expect(roleMap(doc)).toEqual({ Em: 'Span', Strong: 'Span', Marquee: 'NonStruct' });
  });

  it('adds no role map when every type is standard, and keeps entries already there', async () => {
    const plain = await tagged();
    expect(mapRoles(plain, ['Document', 'H1', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Link', 'Figure', 'Note'])).toEqual([]);
    expect(plain.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict).has(PDFName.of('RoleMap'))).toBe(false);
    const mapped = await tagged({ Em: 'Quote' });
    mapRoles(mapped, ['Em', 'Strong']);
    expect(roleMap(mapped)).toEqual({ Em: 'Quote', Strong: 'Span' });
  });

  it('knows the standard types of PDF 1.7', () => {
    expect(['Document', 'BlockQuote', 'TOCI', 'Code', 'Reference', 'Formula'].every(isStandardType)).toBe(true);
    expect(['Em', 'Strong', 'Title', 'Aside', ''].some(isStandardType)).toBe(false);
  });
});
