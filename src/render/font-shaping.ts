/**
 * Shaping text with HarfBuzz (harfbuzzjs) the way Chromium shapes it with one face of a family
 * split by unicode-range: characters outside the face's range get no glyph (.notdef), though the
 * font may have one; the face's contextual rules see them as neighbours. Here such a character
 * is replaced by U+FFFF, a noncharacter no font maps (a nominal-glyph callback into JavaScript
 * for every character was five times slower). font-subset.ts shapes a document's text so with
 * the whole face and with a subset, and compares.
 */
type HarfBuzz = typeof import('harfbuzzjs');
type HbFont = InstanceType<HarfBuzz['Font']>;
type HbBuffer = InstanceType<HarfBuzz['Buffer']>;

/** A shaped run: for each glyph its id, x advance, x offset and y offset, one after another. */
export type Shaped = Int32Array;

/** Whether a code point is in a unicode-range: a table for the BMP (a test per character of every page). */
export type InRange = (cp: number) => boolean;

const rangeTests = new Map<string, InRange>();

export function rangeTest(unicodeRange: string, parse: (range: string) => Array<[number, number]>): InRange {
  let test = rangeTests.get(unicodeRange);
  if (!test) {
    const spans = parse(unicodeRange);
    const bmp = new Uint8Array(0x10000);
    for (const [low, high] of spans) if (low < 0x10000) bmp.fill(1, low, Math.min(high, 0xffff) + 1);
    test = (cp) => (cp < 0x10000 ? bmp[cp] === 1 : spans.some(([low, high]) => cp >= low && cp <= high));
    rangeTests.set(unicodeRange, test);
  }
  return test;
}

/** Stands for a character another face of the family sets: .notdef in every font. */
const OUTSIDE = '\uFFFF';

/** The line as one face of a unicode-range family sees it (see above). */
export function masked(line: string, inRange: InRange): string {
  let out = '';
  for (const ch of line) out += inRange(ch.codePointAt(0)!) ? ch : OUTSIDE;
  return out;
}

export function fontOf(harfbuzz: HarfBuzz, bytes: Uint8Array): HbFont {
  return new harfbuzz.Font(new harfbuzz.Face(new harfbuzz.Blob(bytes)));
}

function fill(buffer: HbBuffer, run: string, language: string): void {
  buffer.addText(run);
  if (language) buffer.setLanguage(language);
  buffer.guessSegmentProperties();
}

/**
 * Shapes a run with the font's default features (what a browser applies to plain text), through
 * harfbuzzjs's wrapper: the reference hb-shape.ts's faster shaper is tested against.
 */
export function shape(harfbuzz: HarfBuzz, font: HbFont, run: string, language: string): Shaped {
  const buffer = new harfbuzz.Buffer();
  fill(buffer, run, language);
  harfbuzz.shape(font, buffer);
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();
  const out = new Int32Array(infos.length * 4);
  infos.forEach((info, i) => out.set([info.codepoint, positions[i]!.xAdvance, positions[i]!.xOffset, positions[i]!.yOffset], i * 4));
  return out;
}

export function sameShaping(a: Shaped, b: Shaped): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** One buffer whose message function is set once (harfbuzzjs adds a table entry per setting). */
let tracer: { buffer: HbBuffer; seen: Set<number> | undefined } | undefined;

/**
 * Every glyph the run passes through while shaping, not only those it ends with: a rule of a
 * later lookup applies in a subset only when its input glyph is there (Amiri's "الله" goes
 * through a lam form no shaped text shows). Slow (HarfBuzz reports every lookup): for the runs a
 * subset shapes differently only.
 */
export function traceGlyphs(harfbuzz: HarfBuzz, font: HbFont, run: string, language: string): Set<number> {
  if (!tracer) {
    const buffer = new harfbuzz.Buffer();
    const state: { buffer: HbBuffer; seen: Set<number> | undefined } = { buffer, seen: undefined };
    let substituting = false;
    let skipped = false;
    buffer.setMessageFunc((current, _font, message) => {
      if (message.startsWith('start table GSUB')) substituting = true;
      else if (message.startsWith('start table GPOS')) substituting = false;
      else if (substituting && state.seen && (message.startsWith('end recursing') || (message.startsWith('end lookup') && !skipped))) {
        for (const info of current.getGlyphInfos()) state.seen.add(info.codepoint);
      }
      skipped = message.startsWith('skipped');
      return true;
    });
    tracer = state;
  }
  const seen = new Set<number>();
  tracer.seen = seen;
  try {
    tracer.buffer.clearContents();
    fill(tracer.buffer, run, language);
    harfbuzz.shape(font, tracer.buffer);
    for (const info of tracer.buffer.getGlyphInfos()) seen.add(info.codepoint);
  } finally {
    tracer.seen = undefined;
  }
  return seen;
}
