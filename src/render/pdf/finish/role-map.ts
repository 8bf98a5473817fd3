/**
 * A role map for the structure types PDF 1.7 (ISO 32000-1, which PDF/UA-1 builds on) does not
 * know. Chromium tags `<em>` and `<strong>` as `Em` and `Strong`, PDF 2.0's types; a PDF/UA-1
 * reader needs them mapped to a standard type (PDF/UA-1 7.1).
 */
import { PDFDict, type PDFDocument, PDFName } from 'pdf-lib';

/** ISO 32000-1, 14.8.4: the standard structure types. */
const STANDARD = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody',
  'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP',
  'Figure', 'Formula', 'Form',
]);

/** PDF 2.0's types as the nearest PDF 1.7 type; anything else is a grouping without meaning. */
const NEAREST: Record<string, string> = { Em: 'Span', Strong: 'Span', Sub: 'Span', Title: 'P', FENote: 'Note', Aside: 'Div', DocumentFragment: 'Div', Artifact: 'NonStruct' };

export function isStandardType(type: string): boolean {
  return STANDARD.has(type);
}

/**
 * Adds to the structure tree root's /RoleMap every type used in the tree that is neither standard
 * nor mapped yet; returns the types mapped.
 */
export function mapRoles(doc: PDFDocument, types: Iterable<string>): string[] {
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return [];
  let roleMap = root.lookup(PDFName.of('RoleMap'));
  const added: string[] = [];
  for (const type of new Set(types)) {
    if (isStandardType(type)) continue;
    if (!(roleMap instanceof PDFDict)) {
      roleMap = doc.context.obj({});
      root.set(PDFName.of('RoleMap'), roleMap);
    }
    const dict = roleMap as PDFDict;
    if (dict.has(PDFName.of(type))) continue;
    dict.set(PDFName.of(type), PDFName.of(NEAREST[type] ?? 'NonStruct'));
    added.push(type);
  }
  return added;
}
