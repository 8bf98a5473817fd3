/**
 * matn as a library. The stages, in order:
 *   readSource (read/)  →  processSource (pipeline.ts: parse/ + structure/)  →  one writer per format (render/, registry in render/writers.ts)
 * and `build` (publish/) to do it all for many documents.
 */
export { MatnError, type MatnErrorCode } from './errors.js';
export { readSource, decodeDocument, type SourceDocument, type SourceFormat } from './read/source.js';
export { decodeSource, type SourceEncoding } from './read/decode.js';
export { processSource, type MatnDocument, type PipelineOptions } from './pipeline.js';
export * as structure from './structure/index.js';
export type { DocumentMeta, SeeMore, Updated, DateMark, Foreign, NumberRun } from './tree/types.js';
export type { OutlineEntry } from './tree/outline.js';
export { renderHtml, type HtmlOptions } from './render/html/render-html.js';
export { documentFonts, type DocumentFonts } from './render/font-choice.js';
export { FONT_CHAIN, type ChainFamily } from './render/font-chain.js';
export { renderEpub, type EpubOptions } from './render/epub/render-epub.js';
export { PdfPrinter, type PdfOptions } from './render/pdf/printer.js';
export { TemplateSet, BUILTIN_TEMPLATES } from './render/templates.js';
export { renderMarkdown } from './render/md/render-md.js';
export { WRITERS, FORMATS, type Format } from './render/writers.js';
export type { Writer, WriterContext, Rendered, Artifact } from './render/writer.js';
export { READERS, loadReader, type Reader } from './parse/readers.js';
export { build, type BuildOptions, type BuildResult } from './publish/build.js';
export { loadConfig, configSchema, type MatnConfig } from './publish/config.js';
export { mergeManifests, type Manifest } from './publish/manifest.js';
