/**
 * Document information (Title, Author, Subject, Keywords, Creator, fixed dates) and the same as
 * XMP; catalog /Lang and the viewer preferences a right-to-left document needs.
 */
import { type PDFDocument, PDFName, PDFRef, ReadingDirection } from 'pdf-lib';
import type { FinishOptions } from '../finish.js';

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function xmpPacket(o: FinishOptions, producer: string, pdfUa = false): string {
  const lang = xmlEscape(o.lang);
  const alt = (value: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(value)}</rdf:li><rdf:li xml:lang="${lang}">${xmlEscape(value)}</rdf:li></rdf:Alt>`;
  const lines = [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(o.title)}</dc:title>`,
    `<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>`,
  ];
  if (o.author) lines.push(`<dc:creator><rdf:Seq><rdf:li>${xmlEscape(o.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (o.subject) lines.push(`<dc:description>${alt(o.subject)}</dc:description>`);
  if (o.keywords?.length) {
    lines.push(`<dc:subject><rdf:Bag>${o.keywords.map((k) => `<rdf:li>${xmlEscape(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`);
    lines.push(`<pdf:Keywords>${xmlEscape(o.keywords.join(', '))}</pdf:Keywords>`);
  }
  lines.push(
    `<pdf:Producer>${xmlEscape(producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${xmlEscape(o.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${xmpDate(o.date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(o.date)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(o.date)}</xmp:MetadataDate>`,
    '</rdf:Description>',
    ...(pdfUa ? ['<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">', '<pdfuaid:part>1</pdfuaid:part>', '</rdf:Description>'] : []),
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  );
  return lines.join('\n');
}


/** Title (shown in the window title bar), author, subject, keywords, creator, producer, dates. */
export function documentInfo(doc: PDFDocument, o: FinishOptions, producer: string): void {
  doc.setTitle(o.title, { showInWindowTitleBar: true });
  if (o.author) doc.setAuthor(o.author);
  if (o.subject) doc.setSubject(o.subject);
  // pdf-lib would join keywords with spaces; Arabic keywords are phrases, so commas.
  if (o.keywords?.length) doc.setKeywords([o.keywords.join(', ')]);
  doc.setCreator(o.creator);
  doc.setProducer(producer);
  doc.setCreationDate(o.date);
  doc.setModificationDate(o.date);
}

/** Catalog /Lang, and viewer preferences: the title in the window, pages read right to left. */
export function languageAndDirection(doc: PDFDocument, o: FinishOptions): void {
  doc.setLanguage(o.lang);
  const prefs = doc.catalog.getOrCreateViewerPreferences();
  prefs.setDisplayDocTitle(true);
  prefs.setReadingDirection(ReadingDirection.R2L);
}

/** The XMP metadata stream, replacing Chromium's. */
export function xmpMetadata(doc: PDFDocument, o: FinishOptions, producer: string, pdfUa = false): void {
  const { context, catalog } = doc;
  const xmp = new TextEncoder().encode(xmpPacket(o, producer, pdfUa));
  const metadata = context.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.length });
  const old = catalog.get(PDFName.of('Metadata'));
  if (old instanceof PDFRef) context.delete(old);
  catalog.set(PDFName.of('Metadata'), context.register(metadata));
}
