/**
 * Bookmarks. Chromium's own are titled in visual order ("الدولي التعاون تعزيز") and include the
 * title and the contents heading: they tell where each heading landed, and are then replaced by
 * the document's outline, each bookmark pointing where Chromium placed its heading. Contents links
 * point at their pages directly (Chromium's named destinations are percent-encoded twice, too long
 * for readers).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import type { OutlineEntry } from '../../../tree/outline.js';
import { flattenOutline } from '../../../tree/outline.js';
import { INVISIBLE } from '../../../unicode.js';

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

export function lookupDict(doc: PDFDocument, obj: PDFObject | undefined): PDFDict | undefined {
  const value = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
  return value instanceof PDFDict ? value : undefined;
}

/** Chromium's bookmarks, depth first (the order of the headings in the page). */
export function readChromiumBookmarks(doc: PDFDocument): { items: ChromiumBookmark[]; refs: PDFRef[] } {
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

export function matchHeadings(bookmarks: ChromiumBookmark[], outline: OutlineEntry[]): Map<string, Destination> {
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

/** Writes the outline as bookmarks; returns the /Outlines dictionary's reference. */
export function writeBookmarks(doc: PDFDocument, outline: OutlineEntry[], destinations: Map<string, Destination>): PDFRef | undefined {
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
 * itself instead, and the name dictionary goes. Returns the name each link annotation pointed at
 * (by the annotation's reference), decoded: the URL fragment ("fnref-1").
 */
export function inlineNamedDestinations(doc: PDFDocument): Map<string, string> {
  const { context, catalog } = doc;
  const names = new Map<string, string>();
  const destsRef = catalog.get(PDFName.of('Dests'));
  const dests = lookupDict(doc, destsRef);
  if (!dests) return names;
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
      const action = annot.lookup(PDFName.of('A'));
      const name = annot.get(PDFName.of('Dest')) ?? (action instanceof PDFDict ? action.get(PDFName.of('D')) : undefined);
      const dest = resolveName(annot.get(PDFName.of('Dest')));
      if (dest) annot.set(PDFName.of('Dest'), dest);
      if (action instanceof PDFDict) {
        const d = resolveName(action.get(PDFName.of('D')));
        if (d) action.set(PDFName.of('D'), d);
      }
      const ref = annots.get(i);
      if (name instanceof PDFName && ref instanceof PDFRef) names.set(ref.toString(), fragment(name.decodeText()));
    }
  }
  catalog.delete(PDFName.of('Dests'));
  if (destsRef instanceof PDFRef) context.delete(destsRef);
  return names;
}

/** A destination name as the URL fragment it was made from (percent-decoded until it stays the same). */
function fragment(name: string): string {
  let text = name;
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(text);
      if (next === text) break;
      text = next;
    } catch {
      break;
    }
  }
  return text;
}
