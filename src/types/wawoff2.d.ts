/** wawoff2 ships no types: the decoder matn uses, and the encoder its tests compare sizes with (matn writes WOFF2 itself: src/render/woff2/). */
declare module 'wawoff2/decompress.js' {
  /** WOFF2 → TrueType/OpenType bytes (Google's woff2 decoder, compiled to WebAssembly). */
  export default function decompress(woff2: Uint8Array): Promise<Uint8Array>;
}
declare module 'wawoff2/compress.js' {
  /** TrueType/OpenType → WOFF2 bytes (Google's woff2 encoder, compiled to WebAssembly); tests compare sizes with it. */
  export default function compress(font: Uint8Array): Promise<Uint8Array>;
}
