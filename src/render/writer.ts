/**
 * What every output format is: a Writer turns one MatnDocument into one artifact. A writer never
 * changes the document it is given; what it has to say goes back in `warnings`. The build, books,
 * watch, the CLI's format choices, the config schema, progress and the manifest all loop over the
 * registry in `writers.ts`, so a new format is one folder and one line there.
 */
import type { MatnDocument } from '../pipeline.js';
import type { EncodedArtifact } from './encoded.js';
import type { TemplateSet } from './templates.js';
import type { PdfPrinter } from './pdf/printer.js';
import type { DIGITS, FONT_MODES, PAGE_SIZES } from './defaults.js';

/** An artifact's content: text, bytes, or bytes in pieces with their SHA-256 already known. */
export type Artifact = Uint8Array | string | EncodedArtifact;

export interface Rendered {
  artifact: Artifact;
  /** What the reader of the artifact should know (characters replaced, images left out…). */
  warnings: string[];
}

/** The settings writers read (a subset of the config: see publish/config.ts). */
export interface WriterSettings {
  pageSize: (typeof PAGE_SIZES)[number];
  digits: (typeof DIGITS)[number];
  /** How HTML pages and EPUBs carry their fonts (see defaults.ts; default subset). */
  fonts?: (typeof FONT_MODES)[number];
  /** Table of contents on the HTML page. */
  toc: boolean;
  /** A contents page with page numbers in the PDF. */
  pdfToc: boolean;
  /** The PDF/UA-1 claim in the PDF's XMP (default true). */
  pdfUa?: boolean;
  runningHead: 'title' | 'section';
  timeoutMs: number;
  /** The EPUB's conformance claim and its evaluator, from the user's config (never made by matn). */
  accessibility?: AccessibilityClaim;
}

export interface AccessibilityClaim {
  conformsTo?: string | undefined;
  certifiedBy?: string | undefined;
  certifierCredential?: string | undefined;
}

export interface WriterContext {
  templates: TemplateSet;
  settings: WriterSettings;
  /** Seconds since the epoch for every date a format records (SOURCE_DATE_EPOCH). */
  sourceDateEpoch: number | undefined;
  /** The build's browser, launched on first use; only writers with `needsBrowser` call it. */
  printer(): Promise<PdfPrinter>;
  /** The artifact's path without extension, relative to the output folder (for links to shared files). */
  outBase?: string;
}

/** A file every artifact of a build may link to, written once into the output folder. */
export interface SharedFile {
  /** Path relative to the output folder, with `/`. */
  path: string;
  data: Uint8Array;
}

export interface Writer<F extends string = string> {
  format: F;
  /** The artifact's file extension, without the dot. */
  extension: string;
  /** Whether `render` prints through the browser (the build then keeps pages in flight for it). */
  needsBrowser: boolean;
  /** Built when no format is asked for. */
  byDefault: boolean;
  /** One line for `--help`. */
  description: string;
  /** Work done once per process before the first document (fonts…), only when the format is built. */
  prepare?(): Promise<void>;
  /** Files the artifacts link to, shared by a build's documents (the fonts of `--fonts external`). */
  sharedFiles?(settings: WriterSettings): SharedFile[];
  render(doc: MatnDocument, context: WriterContext): Promise<Rendered>;
}

/** Keeps the format's literal type, so the registry gives a union of format names. */
export function defineWriter<const F extends string>(writer: Writer<F>): Writer<F> {
  return writer;
}
