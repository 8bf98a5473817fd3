/**
 * PDF/UA-1 structure on top of Chromium's tagging:
 * - untagged page furniture (running title, folio, rules) marked as artifacts (../artifacts.ts);
 * - list items as `LI` › `Lbl` + `LBody` (Chromium writes the body as `NonStruct`), and each
 *   list's `/ListNumbering` from its labels: `/Decimal` when they are drawn as text (numbers),
 *   `/Disc` when drawn as shapes (bullets), `/None` without labels (Chromium declares `/Disc`
 *   for every list);
 * - link annotations described with `/Contents` (PDF/UA-1 7.18.5), from their text;
 * - footnotes as `Note` (PDF/UA-1 7.9), with an /ID: the list item a footnote's back link
 *   ("fnref-1") sits in gets its body wrapped in a `Note`;
 * - a role map for the types PDF 1.7 does not know (role-map.ts).
 */
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString, type PDFObject } from 'pdf-lib';
import { markArtifacts, untaggedShows } from '../artifacts.js';
import { rewriteContents } from './content-streams.js';
import { mapRoles } from './role-map.js';

export interface StructureReport {
  listItemsFixed: number;
  /** List items still without an LBody (none expected). */
  listItemsWithoutBody: number;
  listsNumbered: number;
  linksDescribed: number;
  notes: number;
  /** Types given a role map entry. */
  rolesMapped: string[];
}

export interface PageMarks {
  /** Per page reference, the MCIDs whose content shows text. */
  textIds: Map<string, Set<number>>;
  /** Text-showing operators left neither tagged nor artifacts, counted again after marking. */
  untaggedText: number;
}

/** Marks page furniture as artifacts. */
export function markPageArtifacts(doc: PDFDocument): PageMarks {
  const textIds = new Map<string, Set<number>>();
  let untaggedText = 0;
  rewriteContents(doc, (bytes, page) => {
    const marked = markArtifacts(bytes);
    const set = textIds.get(page.ref.toString()) ?? new Set<number>();
    for (const id of marked.textIds) set.add(id);
    textIds.set(page.ref.toString(), set);
    untaggedText += untaggedShows(marked.bytes);
    return marked.bytes;
  });
  return { textIds, untaggedText };
}

function kids(elem: PDFDict): PDFObject[] {
  const k = elem.get(PDFName.of('K'));
  if (k instanceof PDFArray) return k.asArray();
  return k === undefined ? [] : [k];
}

function role(doc: PDFDocument, ref: PDFObject): string | undefined {
  const elem = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(elem instanceof PDFDict)) return undefined;
  const s = elem.get(PDFName.of('S'));
  return s instanceof PDFName ? s.decodeText() : undefined;
}

/** The MCIDs of an element and its descendants, with the page each is on. */
function markedContent(doc: PDFDocument, elem: PDFDict, page: PDFObject | undefined, out: Array<{ page: string; id: number }>): void {
  const pg = elem.get(PDFName.of('Pg')) ?? page;
  for (const kid of kids(elem)) {
    if (kid instanceof PDFNumber) {
      if (pg) out.push({ page: pg.toString(), id: kid.asNumber() });
    } else {
      const child = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      if (!(child instanceof PDFDict)) continue;
      const type = child.get(PDFName.of('Type'));
      if (type === PDFName.of('MCR')) {
        const id = child.get(PDFName.of('MCID'));
        const cpg = child.get(PDFName.of('Pg')) ?? pg;
        if (id instanceof PDFNumber && cpg) out.push({ page: cpg.toString(), id: id.asNumber() });
      } else if (type !== PDFName.of('OBJR')) markedContent(doc, child, pg, out);
    }
  }
}

/** Every structure element, depth first. */
function* elements(doc: PDFDocument, root: PDFDict): Generator<{ ref: PDFRef; elem: PDFDict }> {
  const stack: PDFObject[] = [...kids(root)].reverse();
  const seen = new Set<string>();
  while (stack.length) {
    const ref = stack.pop()!;
    if (!(ref instanceof PDFRef) || seen.has(ref.toString())) continue;
    seen.add(ref.toString());
    const elem = doc.context.lookup(ref);
    if (!(elem instanceof PDFDict)) continue;
    yield { ref, elem };
    stack.push(...kids(elem).reverse());
  }
}

export function fixStructure(doc: PDFDocument, textIds: Map<string, Set<number>>, linkTargets = new Map<string, string>()): StructureReport {
  const report: StructureReport = { listItemsFixed: 0, listItemsWithoutBody: 0, listsNumbered: 0, linksDescribed: 0, notes: 0, rolesMapped: [] };
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return report;
  const { context } = doc;
  for (const { ref, elem } of [...elements(doc, root)]) {
    const s = role(doc, elem);
    if (s === 'LI') {
      const children = kids(elem);
      const labels = children.filter((k) => role(doc, k) === 'Lbl');
      const rest = children.filter((k) => role(doc, k) !== 'Lbl');
      if (rest.length === 0 || rest.some((k) => role(doc, k) === 'LBody' || !(k instanceof PDFRef))) continue;
      if (rest.length === 1 && role(doc, rest[0]!) === 'NonStruct') {
        (context.lookup(rest[0]!) as PDFDict).set(PDFName.of('S'), PDFName.of('LBody'));
      } else {
        const body = context.obj({ Type: 'StructElem', S: 'LBody', P: ref, K: rest });
        const pg = elem.get(PDFName.of('Pg'));
        if (pg) body.set(PDFName.of('Pg'), pg);
        const bodyRef = context.register(body);
        for (const k of rest) (context.lookup(k) as PDFDict).set(PDFName.of('P'), bodyRef);
        elem.set(PDFName.of('K'), context.obj([...labels, bodyRef]));
      }
      report.listItemsFixed++;
    } else if (s === 'L') {
      // The labels of the list's own items: drawn as text (numbers) or as shapes (bullets).
      let text = 0;
      let shapes = 0;
      for (const item of kids(elem)) {
        if (role(doc, item) !== 'LI') continue;
        const li = context.lookup(item as PDFRef) as PDFDict;
        for (const label of kids(li).filter((k) => role(doc, k) === 'Lbl')) {
          const content: Array<{ page: string; id: number }> = [];
          markedContent(doc, context.lookup(label as PDFRef) as PDFDict, li.get(PDFName.of('Pg')), content);
          if (content.some((c) => textIds.get(c.page)?.has(c.id))) text++;
          else if (content.length) shapes++;
        }
      }
      const numbering = text > 0 ? 'Decimal' : shapes > 0 ? 'Disc' : 'None';
      elem.set(PDFName.of('A'), context.obj({ O: 'List', ListNumbering: numbering }));
      report.listsNumbered++;
    }
  }
  for (const { elem } of elements(doc, root)) {
    if (role(doc, elem) === 'LI' && !kids(elem).some((k) => role(doc, k) === 'LBody')) report.listItemsWithoutBody++;
  }
  report.linksDescribed = describeLinks(doc);
  report.notes = tagNotes(doc, root, linkTargets);
  report.rolesMapped = mapRoles(doc, [...elements(doc, root)].flatMap(({ elem }) => role(doc, elem) ?? []));
  return report;
}

/** `/Contents` for every link annotation: where it goes. */
function describeLinks(doc: PDFDocument): number {
  let described = 0;
  const pages = doc.getPages();
  const pageIndex = new Map(pages.map((p, i) => [p.ref.toString(), i]));
  for (const page of pages) {
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype')) !== PDFName.of('Link') || annot.has(PDFName.of('Contents'))) continue;
      let description: string | undefined;
      const action = annot.lookup(PDFName.of('A'));
      const dest = annot.lookup(PDFName.of('Dest')) ?? (action instanceof PDFDict ? action.lookup(PDFName.of('D')) : undefined);
      const uri = action instanceof PDFDict ? action.lookup(PDFName.of('URI')) : undefined;
      if (uri instanceof PDFString || uri instanceof PDFHexString) description = uri.decodeText();
      else if (dest instanceof PDFArray && dest.get(0) instanceof PDFRef) {
        const target = pageIndex.get(dest.get(0).toString());
        if (target !== undefined) description = `الصفحة ${(target + 1).toLocaleString('ar-EG')}`;
      }
      if (!description) continue;
      annot.set(PDFName.of('Contents'), PDFHexString.fromText(description));
      described++;
    }
  }
  return described;
}

/** A footnote's link back to where it is referred to, as mdast-util-to-hast names its target. */
const BACK_LINK = /^(?:user-content-)?fnref-/u;

/**
 * Footnotes as `Note`: the list item holding a link back to a footnote reference is a footnote,
 * and its body (`LBody`) gets a `Note` around what it holds, with a unique /ID (PDF/UA-1 7.9).
 * Returns how many notes were tagged.
 */
function tagNotes(doc: PDFDocument, root: PDFDict, linkTargets: Map<string, string>): number {
  const backLinks = new Set([...linkTargets].filter(([, target]) => BACK_LINK.test(target)).map(([annot]) => annot));
  if (backLinks.size === 0) return 0;
  const { context } = doc;
  const bodies = new Map<string, PDFRef>();
  for (const { elem } of elements(doc, root)) {
    if (role(doc, elem) !== 'Link') continue;
    const annots = kids(elem).flatMap((k) => {
      const d = k instanceof PDFRef ? context.lookup(k) : k;
      return d instanceof PDFDict && d.get(PDFName.of('Type')) === PDFName.of('OBJR') ? [d.get(PDFName.of('Obj'))?.toString() ?? ''] : [];
    });
    if (!annots.some((a) => backLinks.has(a))) continue;
    // Up to the list item's body.
    let at: PDFObject | undefined = elem.get(PDFName.of('P'));
    for (let depth = 0; at instanceof PDFRef && depth < 8; depth++) {
      const s = role(doc, at);
      if (s === 'LBody') {
        bodies.set(at.toString(), at);
        break;
      }
      if (s === 'LI' || s === 'L') break;
      at = (context.lookup(at) as PDFDict).get(PDFName.of('P'));
    }
  }
  let n = 0;
  for (const bodyRef of bodies.values()) {
    const body = context.lookup(bodyRef) as PDFDict;
    const content = kids(body);
    // Marked content right inside the body would need the parent tree changed: left as it is.
    if (content.length === 0 || !content.every((k) => k instanceof PDFRef && role(doc, k) !== undefined)) continue;
    const note = context.obj({ Type: 'StructElem', S: 'Note', P: bodyRef, K: content, ID: PDFString.of(`note-${++n}`) });
    const pg = body.get(PDFName.of('Pg'));
    if (pg) note.set(PDFName.of('Pg'), pg);
    const noteRef = context.register(note);
    for (const k of content) (context.lookup(k as PDFRef) as PDFDict).set(PDFName.of('P'), noteRef);
    body.set(PDFName.of('K'), context.obj([noteRef]));
  }
  return n;
}
