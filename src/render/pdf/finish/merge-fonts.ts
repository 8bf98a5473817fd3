/**
 * One font per face. Chromium embeds a font for every font file a page drew from: Amiri's Arabic
 * file and its Latin file (spaces, digits, Latin letters) come out as two fonts of one face
 * (`AAAAAA+Amiri-Regular`, `BAAAAA+Amiri-Regular`). pdf.js (Firefox's viewer) ends a run of text
 * wherever the font changes to another font name, so every number, Latin word and space in a
 * line of Arabic cut it into runs it could not read as one line. This step joins the fonts of a
 * face into one (../sfnt-merge.ts): the others' glyphs get new codes after the first's, their
 * widths and /ToUnicode entries with them, the pages' show strings in those fonts are rewritten
 * to the new codes, and the pages' font names point at the joined font. Every glyph keeps its
 * outline and its place, so the pages render as before.
 */
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import { mergeTrueType } from '../sfnt-merge.js';
import { eachOperator, tokenize } from '../reversed-chars.js';
import { latin1, stringBytes } from '../pdf-strings.js';
import { parseToUnicode } from '../to-unicode.js';
import { rewriteContents, streamBytes } from './content-streams.js';

interface Face {
  ref: PDFRef;
  font: PDFDict;
  cid: PDFDict;
  descriptor: PDFDict;
  program: PDFRawStream;
  toUnicode: PDFRawStream;
}

const name = (n: string): PDFName => PDFName.of(n);

/** A Type0 font Chromium writes: Identity-H, one CIDFontType2 with an identity CID-to-glyph map. */
function readFace(doc: PDFDocument, ref: PDFRef, font: PDFDict): Face | undefined {
  if (font.get(name('Subtype')) !== name('Type0') || font.get(name('Encoding')) !== name('Identity-H')) return undefined;
  const kids = font.lookup(name('DescendantFonts'));
  const cid = kids instanceof PDFArray && kids.size() === 1 ? kids.lookup(0) : undefined;
  if (!(cid instanceof PDFDict) || cid.get(name('Subtype')) !== name('CIDFontType2')) return undefined;
  const map = cid.get(name('CIDToGIDMap'));
  if (map !== undefined && map !== name('Identity')) return undefined;
  const descriptor = cid.lookup(name('FontDescriptor'));
  const program = descriptor instanceof PDFDict ? descriptor.lookup(name('FontFile2')) : undefined;
  const toUnicode = font.lookup(name('ToUnicode'));
  if (!(descriptor instanceof PDFDict) || !(program instanceof PDFRawStream) || !(toUnicode instanceof PDFRawStream)) return undefined;
  return { ref, font, cid, descriptor, program, toUnicode };
}

/** The face a subset font is of: its name without the subset tag. */
function faceName(font: PDFDict): string | undefined {
  const base = font.get(name('BaseFont'));
  return base instanceof PDFName ? base.decodeText().replace(/^[A-Z]{6}\+/, '') : undefined;
}

/** Every glyph's width from a CIDFont's /W and /DW, for the glyphs `0 … count-1`. */
function widths(cid: PDFDict, count: number): number[] {
  const dw = cid.get(name('DW'));
  const out = new Array<number>(count).fill(dw instanceof PDFNumber ? dw.asNumber() : 1000);
  const w = cid.lookup(name('W'));
  if (!(w instanceof PDFArray)) return out;
  for (let i = 0; i < w.size(); ) {
    const first = w.lookup(i);
    const next = w.lookup(i + 1);
    if (!(first instanceof PDFNumber)) break;
    if (next instanceof PDFArray) {
      for (let k = 0; k < next.size(); k++) {
        const v = next.lookup(k);
        if (v instanceof PDFNumber && first.asNumber() + k < count) out[first.asNumber() + k] = v.asNumber();
      }
      i += 2;
    } else {
      const last = w.lookup(i + 1);
      const v = w.lookup(i + 2);
      if (!(last instanceof PDFNumber) || !(v instanceof PDFNumber)) break;
      for (let c = first.asNumber(); c <= last.asNumber() && c < count; c++) out[c] = v.asNumber();
      i += 3;
    }
  }
  return out;
}

function toUnicodeCMap(entries: Array<[number, string]>): string {
  const hex = (text: string): string => {
    let out = '';
    for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
    return out;
  };
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
  ];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`);
    for (const [code, text] of chunk) lines.push(`<${code.toString(16).toUpperCase().padStart(4, '0')}> <${hex(text)}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}

/** Joins the faces' fonts; returns, per joined-away font reference, the font it became and its code offset. */
function joinFaces(doc: PDFDocument, keep: Set<string>): Map<string, { into: PDFRef; offset: number }> {
  const groups = new Map<string, Face[]>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(name('Type')) !== name('Font')) continue;
    const face = readFace(doc, ref, object);
    const key = faceName(object);
    if (!face || !key) continue;
    groups.set(key, [...(groups.get(key) ?? []), face]);
  }
  const moved = new Map<string, { into: PDFRef; offset: number }>();
  const { context } = doc;
  for (const faces of groups.values()) {
    if (faces.length < 2 || faces.some((f) => keep.has(f.ref.toString()))) continue;
    const merged = mergeTrueType(faces.map((f) => streamBytes(f.program)));
    if (!merged) continue;
    const total = programGlyphs(merged.font);
    // Widths and text of every glyph, at its new code.
    const w: number[] = [];
    const text: Array<[number, string]> = [];
    faces.forEach((face, i) => {
      const offset = merged.offsets[i]!;
      const count = (merged.offsets[i + 1] ?? total) - offset;
      widths(face.cid, count).forEach((width, k) => (w[offset + k] = width));
      for (const [code, t] of parseToUnicode(Buffer.from(streamBytes(face.toUnicode)).toString('latin1'))) {
        const c = parseInt(code, 16);
        if (c < count) text.push([c + offset, t]);
      }
    });
    text.sort((a, b) => a[0] - b[0]);
    const first = faces[0]!;
    const replace = (dict: PDFDict, key: string, stream: PDFRawStream | ReturnType<typeof context.stream>): void => {
      const old = dict.get(name(key));
      if (old instanceof PDFRef) context.assign(old, stream);
      else dict.set(name(key), context.register(stream));
    };
    // Node's zlib: many times faster than pdf-lib's deflate on a font.
    replace(first.descriptor, 'FontFile2', context.stream(deflateSync(merged.font), { Filter: 'FlateDecode', Length1: merged.font.length }));
    replace(first.font, 'ToUnicode', context.stream(deflateSync(Buffer.from(toUnicodeCMap(text), 'latin1')), { Filter: 'FlateDecode' }));
    const oldW = first.cid.get(name('W'));
    if (oldW instanceof PDFRef) context.delete(oldW);
    first.cid.set(name('W'), context.obj([0, w]));
    faces.slice(1).forEach((face, i) => moved.set(face.ref.toString(), { into: first.ref, offset: merged.offsets[i + 1]! }));
  }
  return moved;
}

function programGlyphs(font: Uint8Array): number {
  const b = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const count = b.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    if (b.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'maxp') return b.readUInt16BE(b.readUInt32BE(12 + 16 * i + 8) + 4);
  }
  return 0;
}

/** A show string's codes moved by `offset`, as a hex string. */
function movedCodes(code: Uint8Array, offset: number): string {
  let hex = '<';
  for (let i = 0; i + 1 < code.length; i += 2) hex += (((code[i]! << 8) | code[i + 1]!) + offset).toString(16).padStart(4, '0');
  return `${hex}>`;
}

/**
 * Joins the fonts of each face into one (see above). Returns how many fonts were joined into
 * others; nothing changes where a font is also used outside the pages' own resources (a form).
 */
export function mergeFonts(doc: PDFDocument): number {
  // Fonts a form XObject uses keep their codes: only page content is rewritten.
  const inForms = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(name('Subtype')) !== name('Form')) continue;
    const fonts = object.dict.lookup(name('Resources'));
    const dict = fonts instanceof PDFDict ? fonts.lookup(name('Font')) : undefined;
    if (dict instanceof PDFDict) for (const [, v] of dict.entries()) if (v instanceof PDFRef) inForms.add(v.toString());
  }
  const moved = joinFaces(doc, inForms);
  if (moved.size === 0) return 0;

  rewriteContents(doc, (bytes, page) => {
    const fonts = page.node.Resources()?.lookup(name('Font'));
    if (!(fonts instanceof PDFDict)) return bytes;
    // The page's font names of joined-away fonts, and their offsets.
    const offsets = new Map<string, number>();
    for (const [n, v] of fonts.entries()) {
      const m = v instanceof PDFRef ? moved.get(v.toString()) : undefined;
      if (m) offsets.set(n.decodeText(), m.offset);
    }
    if (offsets.size === 0) return bytes;
    const list = tokenize(bytes);
    const { kinds, starts, ends } = list;
    const edits: Array<{ start: number; end: number; text: string }> = [];
    let offset = 0;
    eachOperator(bytes, list, (i, op, first) => {
      if (op === 'Tf') {
        offset = 0;
        for (let k = first; k < i; k++) if (kinds[k] === 1) offset = offsets.get(latin1(bytes, { kind: 'name', start: starts[k]! + 1, end: ends[k]! })) ?? 0;
      } else if (offset && (op === 'Tj' || op === 'TJ' || op === "'" || op === '"')) {
        for (let k = first; k < i; k++) {
          if (kinds[k] !== 2 && kinds[k] !== 3) continue;
          const token = { kind: kinds[k] === 2 ? ('hex' as const) : ('string' as const), start: starts[k]!, end: ends[k]! };
          edits.push({ start: token.start, end: token.end, text: movedCodes(stringBytes(bytes, token), offset) });
        }
      }
    });
    if (edits.length === 0) return bytes;
    const out: Buffer[] = [];
    let at = 0;
    for (const edit of edits) {
      out.push(Buffer.from(bytes.subarray(at, edit.start)), Buffer.from(edit.text, 'latin1'));
      at = edit.end;
    }
    out.push(Buffer.from(bytes.subarray(at)));
    return new Uint8Array(Buffer.concat(out));
  });
  // The pages' names for the joined-away fonts now name the joined font; the old fonts go.
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookup(name('Font'));
    if (!(fonts instanceof PDFDict)) continue;
    for (const [n, v] of fonts.entries()) {
      const m = v instanceof PDFRef ? moved.get(v.toString()) : undefined;
      if (m) fonts.set(n, m.into);
    }
  }
  for (const key of moved.keys()) {
    const [num, gen] = key.split(' ').map(Number);
    deleteFont(doc, PDFRef.of(num!, gen!));
  }
  return moved.size;
}

function deleteFont(doc: PDFDocument, ref: PDFRef): void {
  const { context } = doc;
  const font = context.lookup(ref);
  if (!(font instanceof PDFDict)) return;
  const kids = font.get(name('DescendantFonts'));
  const kidArray = kids instanceof PDFRef ? context.lookup(kids) : kids;
  const cidRef = kidArray instanceof PDFArray ? kidArray.get(0) : undefined;
  const cid = cidRef instanceof PDFRef ? context.lookup(cidRef) : undefined;
  const descriptorRef = cid instanceof PDFDict ? cid.get(name('FontDescriptor')) : undefined;
  const descriptor = descriptorRef instanceof PDFRef ? context.lookup(descriptorRef) : undefined;
  for (const r of [
    descriptor instanceof PDFDict ? descriptor.get(name('FontFile2')) : undefined,
    descriptorRef,
    cid instanceof PDFDict ? cid.get(name('W')) : undefined,
    cidRef,
    kids,
    font.get(name('ToUnicode')),
    ref,
  ]) {
    if (r instanceof PDFRef) context.delete(r);
  }
}
