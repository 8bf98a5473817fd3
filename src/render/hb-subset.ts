/**
 * HarfBuzz's subsetter (hb-subset), as harfbuzzjs ships it: harfbuzz-subset.wasm, a WebAssembly
 * module with no imports whose C functions are called directly (pointers are numbers).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The exports of harfbuzz-subset.wasm that matn calls. */
interface SubsetExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_del(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_set(input: number, setType: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
/** hb-subset.h: keep glyph ids (the trial subsets font-subset.ts compares shaping with). */
export const HB_SUBSET_FLAGS_RETAIN_GIDS = 0x2;
/** hb-subset.h: keep the glyphs asked for, do not add every glyph GSUB can reach from them. */
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
/**
 * hb-subset.h: keep the outline of .notdef. Without it a face of spaces only has an empty glyf
 * table, which Chromium's font sanitizer (OTS) refuses ("glyf: zero-length table"): the spaces
 * of bold headings then came from a system face.
 */
const HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40;

/** hb-subset.h: hb_subset_sets_t, the name IDs kept (by default 0–6). */
const HB_SUBSET_SETS_NAME_ID = 4;
/**
 * The name records a subset leaves out: the unique ID (3, "1.002;ALIF;Amiri-Regular") and the
 * version string (5), which no browser or reading system shows or needs. Kept: the copyright (0,
 * the OFL's notice), the family and style (1, 2: Chromium reports the family, and CoreText
 * matches on them), the full and PostScript names (4, 6), which OTS would otherwise make up.
 */
const DROPPED_NAME_IDS = [3, 5];

let subsetter: Promise<SubsetExports> | undefined;

/** Loads the subsetter (once per process). */
export function loadSubsetter(): Promise<SubsetExports> {
  subsetter ??= WebAssembly.instantiate(readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'))).then(({ instance }) => {
    const exports = instance.exports as unknown as SubsetExports & { _initialize?: () => void };
    exports._initialize?.();
    return exports;
  });
  return subsetter;
}

/**
 * The font cut down to these characters (cmap) and these glyphs (plus what their outlines are
 * made of), with the GSUB/GPOS lookups among them; `flags` adds to matn's (no layout closure,
 * .notdef's outline kept).
 */
export function subsetFont(hb: SubsetExports, ttf: Uint8Array, unicodes: Iterable<number>, glyphs: Iterable<number>, flags = 0): Uint8Array {
  const data = hb.malloc(ttf.byteLength);
  new Uint8Array(hb.memory.buffer).set(ttf, data);
  const blob = hb.hb_blob_create(data, ttf.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  try {
    if (input === 0) throw new Error('hb-subset: out of memory');
    const unicodeSet = hb.hb_subset_input_unicode_set(input);
    for (const cp of unicodes) hb.hb_set_add(unicodeSet, cp);
    const glyphSet = hb.hb_subset_input_glyph_set(input);
    for (const gid of glyphs) hb.hb_set_add(glyphSet, gid);
    const nameIds = hb.hb_subset_input_set(input, HB_SUBSET_SETS_NAME_ID);
    for (const id of DROPPED_NAME_IDS) hb.hb_set_del(nameIds, id);
    hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE | HB_SUBSET_FLAGS_NOTDEF_OUTLINE | flags);
    const result = hb.hb_subset_or_fail(face, input);
    if (result === 0) throw new Error('hb-subset could not subset the font');
    const out = hb.hb_face_reference_blob(result);
    const at = hb.hb_blob_get_data(out, 0);
    // Copied out: the WebAssembly memory is reused (and may grow, detaching views).
    const bytes = new Uint8Array(hb.memory.buffer, at, hb.hb_blob_get_length(out)).slice();
    hb.hb_blob_destroy(out);
    hb.hb_face_destroy(result);
    if (bytes.byteLength === 0) throw new Error('hb-subset gave an empty font');
    return bytes;
  } finally {
    if (input !== 0) hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(data);
  }
}
