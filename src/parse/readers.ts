/**
 * The reader registry: every kind of source matn reads. A Reader turns one decoded source text
 * into the one mdast plus the metadata the source itself gives (front matter). Adding an input
 * is one module under parse/ and one line here; file planning, `matn build --watch` and the
 * unsupported-type error read their extensions from this list.
 */
import type { Root } from 'mdast';
import type { MetadataInput } from '../read/metadata-schema.js';
import { parsePlainText } from './plain-text.js';
import { MatnError } from '../errors.js';

// The HTML reader's libraries (a DOM, Readability, hast → mdast) and mammoth cost about 300 ms
// to load, the Markdown reader's (remark-parse with GFM, front matter, MDX and TOML) about 100 ms
// more than a build of plain text needs: they are loaded when a source of their kind is read
// (loadReader), not at start-up.
let htmlModule: typeof import('./html.js') | undefined;
let markdownModule: typeof import('./markdown.js') | undefined;

/** Loads what a reader needs before its parse runs; readSource calls it for every source. */
export async function loadReader(format: string): Promise<void> {
  if ((format === 'html' || format === 'docx') && !htmlModule) htmlModule = await import('./html.js');
  if (format === 'md' && !markdownModule) markdownModule = await import('./markdown.js');
}

function htmlReading(path: string): typeof import('./html.js') {
  if (!htmlModule) throw new MatnError('unsupported-type', path, 'is a web page or Word file, read with readSource (or after loadReader)');
  return htmlModule;
}

function markdownReading(path: string): typeof import('./markdown.js') {
  if (!markdownModule) throw new MatnError('unsupported-type', path, 'is a Markdown file, read with readSource (or after loadReader)');
  return markdownModule;
}

export interface Parsed {
  tree: Root;
  /** Metadata written in the source (lowest priority after the config's). */
  frontMatter: MetadataInput;
  /** What the reader had to leave out or change, for the document's warnings. */
  warnings?: string[];
}

export interface Reader<F extends string = string> {
  format: F;
  /** Lower-case extensions with their dot; the first is the usual one. */
  extensions: readonly string[];
  parse(text: string, path: string): Parsed;
  /**
   * A binary format's step before parse: its bytes → the text parse reads (a .docx → HTML).
   * Such a source is read with readSource (asynchronous), never decoded as text.
   */
  convert?(bytes: Uint8Array, path: string): Promise<{ text: string; warnings: string[] }>;
}

const plainText: Reader<'txt'> = {
  format: 'txt',
  extensions: ['.txt', '.text'],
  parse: (text) => ({ tree: parsePlainText(text), frontMatter: {} }),
};

const markdown: Reader<'md'> = {
  format: 'md',
  extensions: ['.md', '.markdown', '.mdx'],
  parse: (text, path) => markdownReading(path).parseMarkdown(text, path),
};

const html: Reader<'html'> = {
  format: 'html',
  extensions: ['.html', '.htm'],
  parse: (text, path) => htmlReading(path).parseHtml(text, path),
};

const docx: Reader<'docx'> = {
  format: 'docx',
  extensions: ['.docx'],
  convert: async (bytes, path) => (await import('./docx.js')).docxToHtml(bytes, path),
  parse: (text, path) => htmlReading(path).parseHtml(text, path, { readability: false }),
};

export const READERS = [plainText, markdown, html, docx] as const;

export type SourceFormat = (typeof READERS)[number]['format'];

export function readerFor(format: SourceFormat): Reader<SourceFormat> {
  return READERS.find((r) => r.format === format)!;
}

/** The reader of a file, by its extension. */
export function readerOfPath(path: string): Reader<SourceFormat> | undefined {
  const lower = path.toLowerCase();
  return READERS.find((r) => r.extensions.some((e) => lower.endsWith(e)));
}

/** Every extension read, without dots ("txt", "text", "md", "markdown"): for glob patterns. */
export const SOURCE_EXTENSIONS = READERS.flatMap((r) => r.extensions.map((e) => e.slice(1)));

/** A glob matching every source below a folder. */
export const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;
