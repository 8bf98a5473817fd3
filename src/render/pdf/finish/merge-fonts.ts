/**
 * One font program per face. Chromium embeds a font for every font file a page drew from:
 * Amiri's Arabic file and its Latin file (spaces, digits, Latin letters) come out as two fonts of
 * one face (`AAAAAA+Amiri-Regular`, `BAAAAA+Amiri-Regular`). pdf.js (Firefox's viewer) ends a run
 * of text wherever the font changes to one of another name, so every number, Latin word and space
 * in a line of Arabic cut it into runs it could not read as one line.
 *
 * This step joins the programs of a face into the first font's (../sfnt-merge.ts: the others'
 * glyphs after its own) and points the other fonts' CIDFonts at the first's descriptor, with a
 * CID-to-glyph map that sends each of their codes to its glyph in the joined program. Page content,
 * widths and /ToUnicode maps stay as they are; every glyph keeps its outline and its place, so the
 * pages render as before, and pdf.js sees one font name.
 */
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { mergeTrueType } from '../sfnt-merge.js';
import { streamBytes } from './content-streams.js';

interface Face {
  font: PDFDict;
  cid: PDFDict;
  descriptorRef: PDFRef;
  descriptor: PDFDict;
  programRef: PDFRef;
  program: PDFRawStream;
}

const name = (n: string): PDFName => PDFName.of(n);

/** A Type0 font as Chromium writes it: Identity-H, one CIDFontType2 with an identity CID-to-glyph map, its program embedded. */
function readFace(doc: PDFDocument, font: PDFDict): Face | undefined {
  if (font.get(name('Subtype')) !== name('Type0') || font.get(name('Encoding')) !== name('Identity-H')) return undefined;
  const kids = font.lookup(name('DescendantFonts'));
  const cid = kids instanceof PDFArray && kids.size() === 1 ? kids.lookup(0) : undefined;
  if (!(cid instanceof PDFDict) || cid.get(name('Subtype')) !== name('CIDFontType2')) return undefined;
  const map = cid.get(name('CIDToGIDMap'));
  if (map !== undefined && map !== name('Identity')) return undefined;
  const descriptorRef = cid.get(name('FontDescriptor'));
  const descriptor = descriptorRef instanceof PDFRef ? doc.context.lookup(descriptorRef) : undefined;
  const programRef = descriptor instanceof PDFDict ? descriptor.get(name('FontFile2')) : undefined;
  const program = programRef instanceof PDFRef ? doc.context.lookup(programRef) : undefined;
  if (!(descriptorRef instanceof PDFRef) || !(descriptor instanceof PDFDict) || !(programRef instanceof PDFRef) || !(program instanceof PDFRawStream)) return undefined;
  return { font, cid, descriptorRef, descriptor, programRef, program };
}

/** The face a subset font is of: its name without the subset tag. */
function faceName(font: PDFDict): string | undefined {
  const base = font.get(name('BaseFont'));
  return base instanceof PDFName ? base.decodeText().replace(/^[A-Z]{6}\+/, '') : undefined;
}

/** A CID-to-glyph map sending CIDs 0 … count-1 to glyphs offset … offset+count-1. */
function offsetMap(count: number, offset: number): Uint8Array {
  const map = Buffer.alloc(2 * count);
  for (let cid = 0; cid < count; cid++) map.writeUInt16BE(cid + offset, 2 * cid);
  return map;
}

function glyphCount(program: Uint8Array): number {
  const b = Buffer.from(program.buffer, program.byteOffset, program.byteLength);
  for (let i = 0; i < b.readUInt16BE(4); i++) {
    if (b.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'maxp') return b.readUInt16BE(b.readUInt32BE(12 + 16 * i + 8) + 4);
  }
  return 0;
}

/** Joins the font programs of each face (see above). Returns how many fonts now use another's. */
export function mergeFonts(doc: PDFDocument): number {
  const groups = new Map<string, Face[]>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(name('Type')) !== name('Font')) continue;
    const face = readFace(doc, object);
    const key = faceName(object);
    if (face && key) groups.set(key, [...(groups.get(key) ?? []), face]);
  }
  const { context } = doc;
  let joined = 0;
  for (const faces of groups.values()) {
    if (faces.length < 2) continue;
    const programs = faces.map((f) => streamBytes(f.program));
    const merged = mergeTrueType(programs);
    if (!merged) continue;
    const [first, ...others] = faces as [Face, ...Face[]];
    // Node's zlib: many times faster than pdf-lib's deflate on a font.
    context.assign(first.programRef, context.stream(deflateSync(merged.font), { Filter: 'FlateDecode', Length1: merged.font.length }));
    const fontName = first.descriptor.get(name('FontName'));
    others.forEach((face, i) => {
      const count = glyphCount(programs[i + 1]!);
      face.cid.set(name('CIDToGIDMap'), context.register(context.stream(deflateSync(offsetMap(count, merged.offsets[i + 1]!)), { Filter: 'FlateDecode' })));
      face.cid.set(name('FontDescriptor'), first.descriptorRef);
      if (fontName) {
        face.cid.set(name('BaseFont'), fontName);
        face.font.set(name('BaseFont'), fontName);
      }
      context.delete(face.programRef);
      context.delete(face.descriptorRef);
      joined++;
    });
  }
  return joined;
}
