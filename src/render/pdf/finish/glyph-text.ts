import { PDFDict, type PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { mapInToUnicode, unmappedGlyphTexts, type CodeMap } from '../glyph-text.js';
import { pageFonts, rewriteContents, streamBytes } from './content-streams.js';

/**
 * Glyphs Chromium mapped to U+0000 get the text their cluster's replacement text gives them, in
 * their font's /ToUnicode (see ../glyph-text.ts). A glyph is mapped only when every cluster it
 * stands alone in gives it the same text. Returns how many codes the clusters agreed on.
 */
export function mapUnmappedGlyphs(doc: PDFDocument): number {
  const cache = new Map<string, CodeMap>();
  // Per font reference: the font, and each code's texts (undefined once two clusters disagree).
  const fonts = new Map<string, { ref: PDFRef; texts: Map<number, string | undefined> }>();
  rewriteContents(doc, (bytes, page) => {
    const byName = pageFonts(doc, page, cache);
    const maps = new Map([...byName].map(([name, f]) => [name, f.map]));
    for (const found of unmappedGlyphTexts(bytes, maps)) {
      const ref = byName.get(found.font)?.ref;
      if (!ref) continue;
      let font = fonts.get(ref.toString());
      if (!font) fonts.set(ref.toString(), (font = { ref, texts: new Map() }));
      const before = font.texts.get(found.code);
      font.texts.set(found.code, font.texts.has(found.code) && before !== found.text ? undefined : found.text);
    }
    return bytes;
  });
  let mapped = 0;
  for (const { ref, texts } of fonts.values()) {
    const agreed = new Map([...texts].filter((e): e is [number, string] => e[1] !== undefined));
    const font = doc.context.lookup(ref);
    const toUnicodeRef = font instanceof PDFDict ? font.get(PDFName.of('ToUnicode')) : undefined;
    const stream = toUnicodeRef instanceof PDFRef ? doc.context.lookup(toUnicodeRef) : undefined;
    if (agreed.size === 0 || !(stream instanceof PDFRawStream) || !(toUnicodeRef instanceof PDFRef)) continue;
    const cmap = Buffer.from(streamBytes(stream)).toString('latin1');
    const fixed = mapInToUnicode(cmap, agreed);
    if (fixed === cmap) continue;
    doc.context.assign(toUnicodeRef, doc.context.flateStream(Buffer.from(fixed, 'latin1')));
    mapped += agreed.size;
  }
  return mapped;
}
