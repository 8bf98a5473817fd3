/**
 * What Chromium's PDF lacks, added with pdf-lib. The structure tree Chromium writes (the tagging)
 * is kept as it is; page content only changes where said below.
 *
 * - bookmarks rebuilt from the document's outline (Chromium's own are titled in visual order,
 *   "الدولي التعاون تعزيز", and include the title and the contents heading), each pointing where
 *   Chromium placed the heading; contents links point at their pages directly (Chromium's named
 *   destinations are percent-encoded twice, too long for readers);
 * - the running heads that change with the section, laid over the pages as artifacts;
 * - replacement text (/ActualText) inside right-to-left words in the words' own order
 *   (reversed-chars.ts), so diacritics come back after their letters;
 * - document information (Title, Author, Subject, Keywords, Creator, dates) and the same as XMP;
 * - catalog /Lang, viewer preferences /Direction /R2L and /DisplayDocTitle, bookmarks pane open;
 * - fixed dates and a document ID computed from the content, so the same inputs give the same bytes.
 */
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  ReadingDirection,
  beginMarkedContent,
  decodePDFRawStream,
  endMarkedContent,
  type PDFObject,
} from 'pdf-lib';
import type { OutlineEntry } from '../../tree/outline.js';
import { flattenOutline } from '../../tree/outline.js';
import { reverseActualTextInReversedChars } from './reversed-chars.js';
import { INVISIBLE } from '../../unicode.js';

const INVISIBLE_OR_TATWEEL = new RegExp(`[${INVISIBLE}\\u0640]`, 'gu');

/** Where a heading landed: 0-based page index and the top of the heading in PDF units. */
export interface Destination {
  page: number;
  top: number | undefined;
}

interface ChromiumBookmark {
  title: string;
  page: number | undefined;
  top: number | undefined;
}

function pageIndexOf(doc: PDFDocument): Map<string, number> {
  const map = new Map<string, number>();
  doc.getPages().forEach((p, i) => map.set(p.ref.toString(), i));
  return map;
}

function decodeText(obj: PDFObject | undefined): string {
  if (obj instanceof PDFHexString || obj instanceof PDFString) return obj.decodeText();
  return '';
}

function lookupDict(doc: PDFDocument, obj: PDFObject | undefined): PDFDict | undefined {
  const value = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
  return value instanceof PDFDict ? value : undefined;
}

/** Chromium's bookmarks, depth first (the order of the headings in the page). */
function readChromiumBookmarks(doc: PDFDocument): { items: ChromiumBookmark[]; refs: PDFRef[] } {
  const pages = pageIndexOf(doc);
  const items: ChromiumBookmark[] = [];
  const refs: PDFRef[] = [];
  const outlinesRef = doc.catalog.get(PDFName.of('Outlines'));
  const outlines = lookupDict(doc, outlinesRef);
  if (outlinesRef instanceof PDFRef) refs.push(outlinesRef);
  const seen = new Set<string>();
  const walk = (firstRef: PDFObject | undefined): void => {
    let ref = firstRef;
    while (ref instanceof PDFRef && !seen.has(ref.toString())) {
      seen.add(ref.toString());
      refs.push(ref);
      const item = lookupDict(doc, ref);
      if (!item) break;
      let page: number | undefined;
      let top: number | undefined;
      const dest = item.lookup(PDFName.of('Dest'));
      if (dest instanceof PDFArray && dest.size() >= 1) {
        const target = dest.get(0);
        if (target instanceof PDFRef) page = pages.get(target.toString());
        const y = dest.size() >= 4 ? dest.lookup(3) : undefined;
        if (y instanceof PDFNumber) top = y.asNumber();
      }
      items.push({ title: decodeText(item.lookup(PDFName.of('Title'))), page, top });
      walk(item.get(PDFName.of('First')));
      ref = item.get(PDFName.of('Next'));
    }
  };
  walk(outlines?.get(PDFName.of('First')));
  return { items, refs };
}

function normalizeTitle(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE_OR_TATWEEL, '');
}

function words(text: string): string[] {
  return normalizeTitle(text)
    .split(/[\s\p{P}]+/u)
    .filter(Boolean);
}

/**
 * Whether a Chromium bookmark is this heading. Chromium writes bookmark titles in visual
 * order ("الدولي التعاون تعزيز"), sometimes twice over, so the test is that every word of the
 * heading is in the title.
 */
function sameHeading(bookmarkTitle: string, headingText: string): boolean {
  const title = normalizeTitle(bookmarkTitle);
  const wanted = words(headingText);
  return wanted.length > 0 && wanted.every((w) => title.includes(w));
}

/**
 * Where each heading of the outline landed, matched against Chromium's bookmarks in order
 * (headings Chromium lists that are not in the outline, like the title or the contents heading,
 * are skipped).
 */
export async function headingDestinations(pdf: Uint8Array, outline: OutlineEntry[]): Promise<Map<string, Destination>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return matchHeadings(readChromiumBookmarks(doc).items, outline);
}

function matchHeadings(bookmarks: ChromiumBookmark[], outline: OutlineEntry[]): Map<string, Destination> {
  const result = new Map<string, Destination>();
  let at = 0;
  for (const entry of flattenOutline(outline)) {
    for (let j = at; j < bookmarks.length; j++) {
      const b = bookmarks[j]!;
      if (b.page !== undefined && sameHeading(b.title, entry.text)) {
        result.set(entry.id, { page: b.page, top: b.top });
        at = j + 1;
        break;
      }
    }
  }
  return result;
}

export interface FinishOptions {
  title: string;
  lang: string;
  author?: string | undefined;
  subject?: string | undefined;
  keywords?: string[] | undefined;
  creator: string;
  /** Creation and modification date. */
  date: Date;
  outline: OutlineEntry[];
  /**
   * Running heads to lay over the pages, made once the headings' pages are known: a PDF with one
   * page per head, and for each page of the document the index of its head's page (or undefined).
   */
  overlay?: (destinations: Map<string, Destination>, pageCount: number) => Promise<Overlay | undefined>;
}

export interface Overlay {
  pdf: Uint8Array;
  pages: Array<number | undefined>;
}

export interface Finished {
  bytes: Uint8Array;
  /** Page (0-based) of each heading id. */
  destinations: Map<string, Destination>;
  pageCount: number;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function xmpPacket(o: FinishOptions, producer: string): string {
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
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  );
  return lines.join('\n');
}

/** Writes the outline as bookmarks; returns the /Outlines dictionary's reference. */
function writeBookmarks(doc: PDFDocument, outline: OutlineEntry[], destinations: Map<string, Destination>): PDFRef | undefined {
  if (outline.length === 0) return undefined;
  const { context } = doc;
  const pages = doc.getPages();
  const total = flattenOutline(outline).length;
  // Short outlines open fully; long ones (a constitution's hundred articles) show the top level.
  const openAll = total <= 40;
  const rootRef = context.nextRef();
  let lastPage = 0;

  const build = (entries: OutlineEntry[], parentRef: PDFRef): { first: PDFRef; last: PDFRef; visible: number } => {
    const refs = entries.map(() => context.nextRef());
    let visible = 0;
    entries.forEach((entry, i) => {
      const ref = refs[i]!;
      const dest = destinations.get(entry.id);
      const pageIndex = dest?.page ?? lastPage;
      lastPage = pageIndex;
      const page = pages[Math.min(pageIndex, pages.length - 1)]!;
      const item = context.obj({}) as PDFDict;
      item.set(PDFName.of('Title'), PDFHexString.fromText(entry.text));
      item.set(PDFName.of('Parent'), parentRef);
      if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!);
      const top = dest?.top;
      item.set(
        PDFName.of('Dest'),
        context.obj([page.ref, PDFName.of('XYZ'), PDFNull, top === undefined ? PDFNull : PDFNumber.of(Math.round(top * 100) / 100), PDFNull]),
      );
      visible += 1;
      if (entry.children.length > 0) {
        const kids = build(entry.children, ref);
        item.set(PDFName.of('First'), kids.first);
        item.set(PDFName.of('Last'), kids.last);
        item.set(PDFName.of('Count'), PDFNumber.of(openAll ? kids.visible : -entry.children.length));
        if (openAll) visible += kids.visible;
      }
      context.assign(ref, item);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, visible };
  };

  const top = build(outline, rootRef);
  const root = context.obj({ Type: 'Outlines' }) as PDFDict;
  root.set(PDFName.of('First'), top.first);
  root.set(PDFName.of('Last'), top.last);
  root.set(PDFName.of('Count'), PDFNumber.of(top.visible));
  context.assign(rootRef, root);
  return rootRef;
}

/**
 * Chromium names the target of an internal link (a contents entry) after the URL fragment,
 * percent-encoded twice: an Arabic heading id becomes a name of 180 bytes and more, past the
 * 127 readers are required to accept (pdfinfo warns about each). The links get the destination
 * itself instead, and the name dictionary goes.
 */
function inlineNamedDestinations(doc: PDFDocument): void {
  const { context, catalog } = doc;
  const destsRef = catalog.get(PDFName.of('Dests'));
  const dests = lookupDict(doc, destsRef);
  if (!dests) return;
  const resolveName = (name: PDFObject | undefined): PDFObject | undefined => {
    if (!(name instanceof PDFName)) return undefined;
    const target = dests.lookup(name);
    if (target instanceof PDFArray) return target;
    if (target instanceof PDFDict) return target.lookup(PDFName.of('D'));
    return undefined;
  };
  for (const page of doc.getPages()) {
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      const dest = resolveName(annot.get(PDFName.of('Dest')));
      if (dest) annot.set(PDFName.of('Dest'), dest);
      const action = annot.lookup(PDFName.of('A'));
      if (action instanceof PDFDict) {
        const d = resolveName(action.get(PDFName.of('D')));
        if (d) action.set(PDFName.of('D'), d);
      }
    }
  }
  catalog.delete(PDFName.of('Dests'));
  if (destsRef instanceof PDFRef) context.delete(destsRef);
}

/**
 * Rewrites the pages' content streams so that replacement text inside right-to-left words reads in
 * the same order as the words' glyphs (see reversed-chars.ts).
 */
function orderReplacementText(doc: PDFDocument): void {
  const { context } = doc;
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs: PDFRef[] = [];
    if (contents instanceof PDFRef) refs.push(contents);
    else if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++) {
        const ref = contents.get(i);
        if (ref instanceof PDFRef) refs.push(ref);
      }
    }
    for (const ref of refs) {
      const stream = context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      // Chromium's content streams are Flate-compressed: Node's zlib is many times faster than
      // pdf-lib's JavaScript inflate and deflate.
      const flate = stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'));
      const bytes = flate ? new Uint8Array(inflateSync(stream.contents)) : decodePDFRawStream(stream).decode();
      const fixed = reverseActualTextInReversedChars(bytes);
      if (fixed !== bytes) context.assign(ref, context.stream(deflateSync(fixed), { Filter: 'FlateDecode' }));
    }
  }
}

/**
 * Draws pages of another PDF over this one's pages, as artifacts (running heads are not part of
 * the document's logical content; tagged-PDF readers skip them). The other PDF's pages are
 * copied once (so the fonts they share are embedded once), turned into form XObjects, and the
 * copies themselves dropped.
 */
async function layOver(doc: PDFDocument, pdf: Uint8Array, pageFor: Array<number | undefined>): Promise<void> {
  const source = await PDFDocument.load(pdf, { updateMetadata: false });
  orderReplacementText(source);
  const indices = source.getPageIndices();
  const copies = await doc.copyPages(source, indices);
  // The copies' own content streams, before embedding wraps them in pdf-lib's shared q/Q streams
  // (which the document's pages use too, and must stay).
  const copiedContents: PDFRef[] = [];
  for (const copy of copies) {
    const contents = copy.node.get(PDFName.of('Contents'));
    if (contents instanceof PDFRef) copiedContents.push(contents);
    else if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++) {
        const ref = contents.get(i);
        if (ref instanceof PDFRef) copiedContents.push(ref);
      }
    }
  }
  const forms = await doc.embedPages(copies);
  // Embed now (pdf-lib would at save), while the copies the forms are made from still exist.
  for (const form of forms) await form.embed();
  for (const ref of copiedContents) doc.context.delete(ref);
  for (const copy of copies) doc.context.delete(copy.ref);
  doc.getPages().forEach((page, i) => {
    const index = pageFor[i];
    const form = index === undefined ? undefined : forms[index];
    if (!form) return;
    // pdf-lib wraps the page's own content in q … Q first, so the state it leaves (Chromium flips
    // the y axis) does not affect what is drawn after it.
    page.pushOperators(beginMarkedContent('Artifact'));
    page.drawPage(form, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    page.pushOperators(endMarkedContent());
  });
}

const ID_PLACEHOLDER = '0'.repeat(32);

export async function finishPdf(pdf: Uint8Array, o: FinishOptions): Promise<Finished> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { context, catalog } = doc;

  // Bookmarks: read where Chromium put the headings, then replace its outline with ours.
  const chromium = readChromiumBookmarks(doc);
  const destinations = matchHeadings(chromium.items, o.outline);
  for (const ref of chromium.refs) context.delete(ref);
  catalog.delete(PDFName.of('Outlines'));
  const outlinesRef = writeBookmarks(doc, o.outline, destinations);
  if (outlinesRef) {
    catalog.set(PDFName.of('Outlines'), outlinesRef);
    catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }

  inlineNamedDestinations(doc);
  orderReplacementText(doc);
  const overlay = await o.overlay?.(destinations, doc.getPageCount());
  if (overlay) await layOver(doc, overlay.pdf, overlay.pages);

  // Document information.
  const producer = doc.getProducer() ?? 'Chromium';
  doc.setTitle(o.title, { showInWindowTitleBar: true });
  if (o.author) doc.setAuthor(o.author);
  if (o.subject) doc.setSubject(o.subject);
  // pdf-lib would join keywords with spaces; Arabic keywords are phrases, so commas.
  if (o.keywords?.length) doc.setKeywords([o.keywords.join(', ')]);
  doc.setCreator(o.creator);
  doc.setProducer(producer);
  doc.setCreationDate(o.date);
  doc.setModificationDate(o.date);
  doc.setLanguage(o.lang);
  const prefs = catalog.getOrCreateViewerPreferences();
  prefs.setDisplayDocTitle(true);
  prefs.setReadingDirection(ReadingDirection.R2L);

  const xmp = new TextEncoder().encode(xmpPacket(o, producer));
  const metadata = context.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.length });
  const oldMetadata = catalog.get(PDFName.of('Metadata'));
  if (oldMetadata instanceof PDFRef) context.delete(oldMetadata);
  catalog.set(PDFName.of('Metadata'), context.register(metadata));

  // A document ID from the content: saved once with a placeholder, hashed, then filled in.
  const placeholder = PDFHexString.of(ID_PLACEHOLDER);
  context.trailerInfo.ID = context.obj([placeholder, placeholder]);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  const id = createHash('md5').update(bytes).digest('hex').toUpperCase();
  fillPlaceholder(bytes, `<${ID_PLACEHOLDER}>`, `<${id}>`);
  return { bytes, destinations, pageCount: doc.getPageCount() };
}

/** Replaces (in place, same length) every occurrence of the placeholder in the trailer. */
function fillPlaceholder(bytes: Uint8Array, placeholder: string, value: string): void {
  const needle = Buffer.from(placeholder, 'latin1');
  const replacement = Buffer.from(value, 'latin1');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The trailer is at the end: search from there.
  let from = buffer.lastIndexOf(Buffer.from('trailer', 'latin1'));
  if (from < 0) from = 0;
  for (let i = buffer.indexOf(needle, from); i !== -1; i = buffer.indexOf(needle, i + needle.length)) {
    replacement.copy(buffer, i);
  }
}
