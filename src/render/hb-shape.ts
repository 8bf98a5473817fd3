/**
 * HarfBuzz's shaper called directly: harfbuzzjs's `harfbuzz.wasm` instantiated here, as
 * hb-subset.ts does with `harfbuzz-subset.wasm`, and the glyphs read straight from its memory.
 * harfbuzzjs's own `Buffer` builds two objects per glyph and calls into WebAssembly once more per
 * glyph for its flags; cutting fonts shapes every line of a page two or three times, and that
 * wrapper cost ~40% of it. Only what font-subset.ts needs is here (fonts, shaping, nominal
 * glyphs); tracing lookups still goes through harfbuzzjs (font-shaping.ts), on the same bytes, so
 * glyph ids agree.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface ShapeExports {
  memory: WebAssembly.Memory;
  __wasm_call_ctors(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_font_create(face: number): number;
  hb_font_destroy(font: number): void;
  hb_font_get_nominal_glyph(font: number, unicode: number, glyph: number): number;
  hb_buffer_create(): number;
  hb_buffer_clear_contents(buffer: number): void;
  hb_buffer_add_utf16(buffer: number, text: number, length: number, offset: number, itemLength: number): void;
  hb_buffer_set_language(buffer: number, language: number): void;
  hb_language_from_string(text: number, length: number): number;
  hb_buffer_guess_segment_properties(buffer: number): void;
  hb_shape(font: number, buffer: number, features: number, featureCount: number): void;
  hb_buffer_get_length(buffer: number): number;
  hb_buffer_get_glyph_infos(buffer: number, length: number): number;
  hb_buffer_get_glyph_positions(buffer: number, length: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;

let loaded: Shaper | undefined;

/** The shaper (once per process: compiling the module costs ~20 ms). */
export function shaper(): Shaper {
  loaded ??= new Shaper();
  return loaded;
}

/** A font loaded for shaping; `close` frees it (trial subsets are many). */
export interface ShapingFont {
  readonly ptr: number;
  close(): void;
}

export class Shaper {
  private readonly hb: ShapeExports;
  private readonly buffer: number;
  private textPtr = 0;
  private textCapacity = 0;
  private readonly languages = new Map<string, number>();
  private readonly glyphPtr: number;

  constructor() {
    const path = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz.wasm');
    const heap: { memory?: WebAssembly.Memory } = {};
    const fail = (what: string) => () => {
      throw new Error(`HarfBuzz (harfbuzz.wasm): ${what}`);
    };
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {
      env: {
        _abort_js: fail('abort'),
        _emscripten_runtime_keepalive_clear: () => undefined,
        _setitimer_js: () => 0,
        emscripten_resize_heap: (requested: number) => {
          const m = heap.memory!;
          const pages = Math.ceil((requested - m.buffer.byteLength) / 65536);
          try {
            m.grow(Math.max(pages, m.buffer.byteLength / 65536 / 4) | 0);
            return 1;
          } catch {
            return 0;
          }
        },
      },
      wasi_snapshot_preview1: { proc_exit: fail('exit') },
    });
    this.hb = instance.exports as unknown as ShapeExports;
    heap.memory = this.hb.memory;
    this.hb.__wasm_call_ctors();
    this.buffer = this.hb.hb_buffer_create();
    this.glyphPtr = this.hb.malloc(4);
  }

  /** A font from OpenType bytes (copied into HarfBuzz's memory). */
  font(bytes: Uint8Array): ShapingFont {
    const hb = this.hb;
    const data = hb.malloc(bytes.byteLength);
    new Uint8Array(hb.memory.buffer, data, bytes.byteLength).set(bytes);
    const blob = hb.hb_blob_create(data, bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    const ptr = hb.hb_font_create(face);
    let open = true;
    return {
      ptr,
      close: () => {
        if (!open) return;
        open = false;
        hb.hb_font_destroy(ptr);
        hb.hb_face_destroy(face);
        hb.hb_blob_destroy(blob);
        hb.free(data);
      },
    };
  }

  /** The glyph the font maps a character to, if any. */
  nominalGlyph(font: ShapingFont, cp: number): number | undefined {
    if (!this.hb.hb_font_get_nominal_glyph(font.ptr, cp, this.glyphPtr)) return undefined;
    return new Uint32Array(this.hb.memory.buffer, this.glyphPtr, 1)[0];
  }

  /**
   * Shapes a run with the font's default features, the script and direction guessed from the text
   * as a browser does: for each glyph its id, x advance, x offset and y offset.
   */
  shape(font: ShapingFont, run: string, language: string): Int32Array {
    const hb = this.hb;
    const units = run.length;
    if (units * 2 > this.textCapacity) {
      if (this.textPtr) hb.free(this.textPtr);
      this.textCapacity = Math.max(units * 2, 1024);
      this.textPtr = hb.malloc(this.textCapacity);
    }
    const text = new Uint16Array(hb.memory.buffer, this.textPtr, units);
    for (let i = 0; i < units; i++) text[i] = run.charCodeAt(i);
    hb.hb_buffer_clear_contents(this.buffer);
    hb.hb_buffer_add_utf16(this.buffer, this.textPtr, units, 0, units);
    if (language) hb.hb_buffer_set_language(this.buffer, this.language(language));
    hb.hb_buffer_guess_segment_properties(this.buffer);
    hb.hb_shape(font.ptr, this.buffer, 0, 0);
    const length = hb.hb_buffer_get_length(this.buffer);
    // hb_glyph_info_t and hb_glyph_position_t are five 32-bit words each.
    const infos = new Uint32Array(hb.memory.buffer, hb.hb_buffer_get_glyph_infos(this.buffer, 0), length * 5);
    const positions = new Int32Array(hb.memory.buffer, hb.hb_buffer_get_glyph_positions(this.buffer, 0), length * 5);
    const out = new Int32Array(length * 4);
    for (let i = 0, o = 0, g = 0; i < length; i++, o += 4, g += 5) {
      out[o] = infos[g]!;
      out[o + 1] = positions[g]!;
      out[o + 2] = positions[g + 2]!;
      out[o + 3] = positions[g + 3]!;
    }
    return out;
  }

  private language(tag: string): number {
    let language = this.languages.get(tag);
    if (language === undefined) {
      const bytes = Buffer.from(tag, 'latin1');
      const ptr = this.hb.malloc(bytes.length + 1);
      const view = new Uint8Array(this.hb.memory.buffer, ptr, bytes.length + 1);
      view.set(bytes);
      view[bytes.length] = 0;
      language = this.hb.hb_language_from_string(ptr, -1);
      this.hb.free(ptr);
      this.languages.set(tag, language);
    }
    return language;
  }
}
