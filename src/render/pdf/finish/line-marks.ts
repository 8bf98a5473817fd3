/**
 * One marked-content sequence per line where the tagging allows it. Chromium tags a paragraph's
 * text as `NonStruct` elements, one per run, and starts a new marked-content sequence wherever a
 * run starts: at every change of direction (a number, a Latin name in Arabic text). pdf.js ends a
 * run of text at every marked-content operator and reads each run on its own, so such a line came
 * back in pieces, left to right. Here, two sequences that follow each other on one line (nothing
 * but white space between them) become one when their elements are `NonStruct`s of one parent
 * (elements with no meaning of their own, holding only marked content): those elements give their
 * marked content to the parent, in page order, the second sequence's MCID goes, and the
 * parent tree follows. Every MCID left is still referenced by exactly one element.
 */
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNull, PDFNumber, type PDFObject, PDFRef } from 'pdf-lib';
import { eachOperator, tokenize } from '../reversed-chars.js';
import { latin1 } from '../pdf-strings.js';
import { rewriteContents } from './content-streams.js';

const name = (n: string): PDFName => PDFName.of(n);

/** The keys of an element that says nothing but where its content is. */
const BARE_KEYS = new Set(['Type', 'S', 'P', 'K', 'Pg']);

/** Parents whose `NonStruct` children can give them their content (not lists, tables, items). */
const GROUPING_PARENTS = new Set(['P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'NonStruct', 'LBody', 'Span', 'BlockQuote', 'Caption', 'Note', 'Div', 'Lbl']);

interface Sequence {
  id: number;
  /** Byte ranges of its BDC (with operands) and its EMC. */
  open: [number, number];
  close: [number, number];
  firstLine: string | undefined;
  lastLine: string | undefined;
}

/** The page's top-level MCID sequences, in order, with the lines their first and last text objects are on. */
function sequences(bytes: Uint8Array): Sequence[] {
  const list = tokenize(bytes);
  const { kinds, starts, ends } = list;
  const number = (k: number): number => Number(latin1(bytes, { kind: 'other', start: starts[k]!, end: ends[k]! }));
  // A text matrix's line: the matrix but for its x (upright text only); read only for the first
  // and last text object of a sequence.
  const lineAt = (first: number): string | undefined => {
    if (first < 0) return undefined;
    const [a, b, c, d, , f] = Array.from({ length: 6 }, (_, k) => number(first + k));
    return b === 0 && c === 0 && a !== 0 ? [a, d, f!.toFixed(3)].join(' ') : undefined;
  };
  const out: Array<Sequence & { firstTm: number; lastTm: number }> = [];
  let depth = 0;
  let current: (Sequence & { firstTm: number; lastTm: number }) | undefined;
  // The first operand of the current text object's Tm (-1 when it has none).
  let tm = -1;
  eachOperator(bytes, list, (i, op, first) => {
    if (op === 'BDC' || op === 'BMC') {
      if (depth === 0 && op === 'BDC') {
        let id: number | undefined;
        for (let k = first; k + 1 < i; k++) {
          if (kinds[k] === 1 && latin1(bytes, { kind: 'name', start: starts[k]!, end: ends[k]! }) === '/MCID') id = number(k + 1);
        }
        if (id !== undefined && Number.isInteger(id)) current = { id, open: [starts[first]!, ends[i]!], close: [0, 0], firstLine: undefined, lastLine: undefined, firstTm: -2, lastTm: -2 };
      }
      depth++;
    } else if (op === 'EMC') {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && current) {
        current.close = [starts[i]!, ends[i]!];
        out.push(current);
        current = undefined;
      }
    } else if (op === 'BT') tm = -1;
    else if (op === 'Tm') tm = i - first === 6 ? first : -1;
    else if ((op === 'Tj' || op === 'TJ') && current) {
      if (current.firstTm === -2) current.firstTm = tm;
      current.lastTm = tm;
    }
  });
  for (const seq of out) {
    if (seq.firstTm === -2) continue;
    seq.firstLine = lineAt(seq.firstTm) ?? '?';
    seq.lastLine = lineAt(seq.lastTm) ?? '?';
  }
  return out;
}

function kidsOf(elem: PDFDict): PDFObject[] {
  const k = elem.get(name('K'));
  if (k instanceof PDFArray) return k.asArray();
  return k === undefined ? [] : [k];
}

/** The MCID a kid stands for on `page` (a number, or an MCR dict), if it is one. */
function kidMcid(doc: PDFDocument, kid: PDFObject, elemPage: PDFObject | undefined): { id: number; page: string | undefined } | undefined {
  if (kid instanceof PDFNumber) return { id: kid.asNumber(), page: elemPage?.toString() };
  const d = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
  if (d instanceof PDFDict && d.get(name('Type')) === name('MCR')) {
    const id = d.get(name('MCID'));
    if (id instanceof PDFNumber) return { id: id.asNumber(), page: (d.get(name('Pg')) ?? elemPage)?.toString() };
  }
  return undefined;
}

/** The page arrays of the parent tree, by StructParents key. */
function parentArrays(doc: PDFDocument, root: PDFDict): Map<number, PDFArray> {
  const out = new Map<number, PDFArray>();
  const visit = (node: PDFObject | undefined): void => {
    const d = node instanceof PDFRef ? doc.context.lookup(node) : node;
    if (!(d instanceof PDFDict)) return;
    const nums = d.lookup(name('Nums'));
    if (nums instanceof PDFArray) {
      for (let i = 0; i + 1 < nums.size(); i += 2) {
        const key = nums.lookup(i);
        const value = nums.lookup(i + 1);
        if (key instanceof PDFNumber && value instanceof PDFArray) out.set(key.asNumber(), value);
      }
    }
    const kids = d.lookup(name('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) visit(kids.get(i));
  };
  visit(root.get(name('ParentTree')));
  return out;
}

export function mergeLineMarks(doc: PDFDocument): number {
  const root = doc.catalog.lookup(name('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return 0;
  const { context } = doc;
  const arrays = parentArrays(doc, root);
  const pageOrder = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const elem = (ref: PDFObject | undefined): PDFDict | undefined => {
    const d = ref instanceof PDFRef ? context.lookup(ref) : undefined;
    return d instanceof PDFDict ? d : undefined;
  };
  const role = (d: PDFDict | undefined): string | undefined => {
    const s = d?.get(name('S'));
    return s instanceof PDFName ? s.decodeText() : undefined;
  };
  /** A list item's children but its labels (elements, none a body yet): its body to be, as structure.ts makes it. */
  const itemBody = (li: PDFDict): PDFRef[] | undefined => {
    const rest = kidsOf(li).filter((k) => role(elem(k)) !== 'Lbl');
    return rest.length > 0 && rest.every((k) => k instanceof PDFRef && elem(k) !== undefined && role(elem(k)) !== 'LBody') ? (rest as PDFRef[]) : undefined;
  };
  const parentOf = (ref: PDFObject): PDFRef | undefined => {
    const p = elem(ref)?.get(name('P'));
    return p instanceof PDFRef ? p : undefined;
  };
  /** A `NonStruct` holding only marked content and such `NonStruct`s: nothing is lost when it goes. */
  const memo = new Map<string, boolean>();
  const dissolvable = (ref: PDFObject): boolean => {
    const key = ref.toString();
    let yes = memo.get(key);
    if (yes === undefined) {
      const d = elem(ref);
      const pg = d?.get(name('Pg'));
      // Nothing but its content: an attribute, a language or a replacement text would be lost.
      const plain = !!d && d.keys().every((k) => BARE_KEYS.has(k.decodeText()));
      yes = !!d && plain && role(d) === 'NonStruct' && kidsOf(d).every((k) => kidMcid(doc, k, pg) !== undefined || (k instanceof PDFRef && dissolvable(k)));
      memo.set(key, yes);
    }
    return yes;
  };
  /**
   * The element that takes the content of the element holding an MCID: the element itself, or,
   * for a dissolvable `NonStruct`, its first ancestor that is not one (a list item through its
   * body), with the dissolvable child on the way (`top`). Undefined when no such element can.
   */
  const takerOf = (ref: PDFRef): { taker: string; top: PDFRef | undefined } | undefined => {
    if (!dissolvable(ref)) return { taker: ref.toString(), top: undefined };
    let top = ref;
    let parent = parentOf(top);
    while (parent && dissolvable(parent)) {
      top = parent;
      parent = parentOf(parent);
    }
    const p = parent ? elem(parent) : undefined;
    if (!parent || !p) return undefined;
    if (role(p) === 'LI' ? itemBody(p) === undefined : !GROUPING_PARENTS.has(role(p) ?? '')) return undefined;
    return { taker: parent.toString(), top };
  };
  /** The body of a list item, made as structure.ts would make it, around its children but the labels. */
  const makeBody = (liRef: PDFRef): PDFRef => {
    const li = elem(liRef)!;
    const rest = itemBody(li)!;
    const body = context.obj({ Type: 'StructElem', S: 'LBody', P: liRef, K: rest });
    const pg = li.get(name('Pg')) ?? elem(rest[0])?.get(name('Pg'));
    if (pg) body.set(name('Pg'), pg);
    const bodyRef = context.register(body);
    for (const k of rest) elem(k)!.set(name('P'), bodyRef);
    li.set(name('K'), context.obj([...kidsOf(li).filter((k) => role(elem(k)) === 'Lbl'), bodyRef]));
    return bodyRef;
  };
  const pageRef = (key: string): PDFRef => PDFRef.of(...(key.split(' ').slice(0, 2).map(Number) as [number, number]));
  /** Dissolves a NonStruct into its parent: its marked content, in order, in its place; the parent tree follows. */
  const dissolve = (top: PDFRef): void => {
    let parentRef = parentOf(top)!;
    if (role(elem(parentRef)) === 'LI') parentRef = makeBody(parentRef);
    const parent = elem(parentRef)!;
    const moved: PDFObject[] = [];
    const collect = (ref: PDFObject, inherited: PDFObject | undefined): void => {
      const d = elem(ref)!;
      const pg = d.get(name('Pg')) ?? inherited;
      for (const kid of kidsOf(d)) {
        const m = kidMcid(doc, kid, pg);
        if (!m) {
          collect(kid, pg);
          continue;
        }
        moved.push(context.obj({ Type: 'MCR', ...(m.page ? { Pg: pageRef(m.page) } : {}), MCID: m.id }));
        const page = m.page ? context.lookup(pageRef(m.page)) : undefined;
        const sp = page instanceof PDFDict ? page.get(name('StructParents')) : undefined;
        const array = sp instanceof PDFNumber ? arrays.get(sp.asNumber()) : undefined;
        if (array && m.id < array.size()) array.set(m.id, parentRef);
      }
      context.delete(ref as PDFRef);
      memo.delete(ref.toString());
    };
    collect(top, undefined);
    parent.set(name('K'), context.obj(kidsOf(parent).flatMap((k) => (k instanceof PDFRef && k.toString() === top.toString() ? moved : [k]))));
  };
  /** Takes an MCID out of the element that holds it. */
  const drop = (ref: PDFRef, id: number, page: string): void => {
    const d = elem(ref);
    if (!d) return;
    const pg = d.get(name('Pg'));
    const kids = kidsOf(d).filter((k) => {
      const m = kidMcid(doc, k, pg);
      return !(m && m.id === id && (m.page === undefined || m.page === page));
    });
    d.set(name('K'), context.obj(kids));
  };
  const touched = new Set<string>();
  let merged = 0;
  rewriteContents(doc, (bytes, page) => {
    const sp = page.node.get(name('StructParents'));
    const array = sp instanceof PDFNumber ? arrays.get(sp.asNumber()) : undefined;
    if (!array) return bytes;
    const pageKey = page.ref.toString();
    const owner = (id: number): PDFRef | undefined => {
      const r = id < array.size() ? array.get(id) : undefined;
      return r instanceof PDFRef ? r : undefined;
    };
    const cuts: Array<[number, number]> = [];
    const list = sequences(bytes);
    // The MCID each sequence's content ends up in (a merged run keeps its first).
    let head: Sequence | undefined;
    for (let i = 0; i < list.length; i++) {
      const seq = list[i]!;
      const prev = list[i - 1];
      const between = prev ? Buffer.from(bytes.subarray(prev.close[1], seq.open[0])).toString('latin1') : 'x';
      const a = head ? owner(head.id) : undefined;
      const b = owner(seq.id);
      const sameLine = prev?.lastLine !== undefined && prev.lastLine !== '?' && prev.lastLine === seq.firstLine;
      let joins = false;
      if (head && prev && a && b && sameLine && /^\s*$/.test(between)) {
        if (a.toString() === b.toString()) joins = true;
        else {
          const ta = takerOf(a);
          const tb = takerOf(b);
          joins = !!ta && !!tb && ta.taker === tb.taker;
          if (joins) {
            if (ta!.top) dissolve(ta!.top);
            if (tb!.top && elem(tb!.top)) dissolve(tb!.top);
          }
        }
      }
      if (!joins) {
        head = seq;
        continue;
      }
      const holder = owner(seq.id)!;
      drop(holder, seq.id, pageKey);
      touched.add(holder.toString());
      touched.add(owner(head!.id)!.toString());
      array.set(seq.id, PDFNull);
      cuts.push([prev!.close[0], seq.open[1]]);
      merged++;
    }
    if (cuts.length === 0) return bytes;
    const out: Buffer[] = [];
    let at = 0;
    for (const [start, end] of cuts) {
      out.push(Buffer.from(bytes.subarray(at, start)));
      at = end;
    }
    out.push(Buffer.from(bytes.subarray(at)));
    return new Uint8Array(Buffer.concat(out));
  });
  // Marked content given to a parent reads in page order.
  for (const key of touched) {
    const d = elem(PDFRef.of(...(key.split(' ').slice(0, 2).map(Number) as [number, number])));
    if (!d) continue;
    const pg = d.get(name('Pg'));
    const kids = kidsOf(d);
    const sorted: PDFObject[] = [];
    let run: Array<{ kid: PDFObject; order: number }> = [];
    const flush = (): void => {
      run.sort((x, y) => x.order - y.order);
      sorted.push(...run.map((r) => r.kid));
      run = [];
    };
    for (const kid of kids) {
      const m = kidMcid(doc, kid, pg);
      if (!m) {
        flush();
        sorted.push(kid);
      } else run.push({ kid, order: (pageOrder.get(m.page ?? '') ?? 0) * 1e6 + m.id });
    }
    flush();
    d.set(name('K'), sorted.length === 1 ? sorted[0]! : context.obj(sorted));
  }
  return merged;
}
