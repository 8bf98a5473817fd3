/**
 * The one pipeline: source text → syntax tree → recovered structure → HTML syntax tree.
 * Every output (HTML, PDF, EPUB) is rendered from the MatnDocument this returns.
 */
import type { Root as MdastRoot } from 'mdast';
import type { Root as HastRoot } from 'hast';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { readerFor } from './parse/readers.js';
import type { SourceDocument } from './read/source.js';
import type { MetadataInput } from './read/metadata-schema.js';
import {
  sidecarOverrides,
  classifyLines,
  boilerplate,
  title,
  wrappedLines,
  updateLine,
  seeMore,
  bulletLists,
  numberedPoints,
  plainLists,
  tables,
  tableCaptions,
  linkWords,
  headings,
  headingIds,
  dates,
  foreignPhrases,
  numberRuns,
} from './structure/index.js';
import type { LineModel } from './structure/line-model.js';
import type { ForeignLang } from './structure/foreign-phrases.js';
import { mdastToHast } from './tree/to-hast.js';
import { buildOutline, type OutlineEntry } from './tree/outline.js';
import { describe } from './tree/describe.js';
import { explicitHeadingIds } from './tree/explicit-ids.js';
import type { DocumentMeta } from './tree/types.js';

export interface PipelineOptions {
  /** Whole lines dropped as site boilerplate (default: DEFAULT_BOILERPLATE). */
  boilerplate?: string[];
  /** Prefixes of "see more" lines (default: DEFAULT_SEE_MORE_PREFIXES). */
  seeMorePrefixes?: string[];
  /** Language of Latin-script runs: "guess" (French or English) or a fixed tag. */
  foreignLang?: ForeignLang;
  /** Default metadata (lowest priority: front matter and sidecar override it). */
  metadata?: MetadataInput;
  /** The line classifier for plain-text captures (default: the shipped one; false: rules only). */
  lineModel?: LineModel | false | undefined;
}

export interface MatnDocument {
  source: SourceDocument;
  meta: DocumentMeta;
  /** The recovered structure. */
  mdast: MdastRoot;
  /** The same, as an HTML syntax tree: the body every renderer uses. */
  hast: HastRoot;
  /** Headings below the title, nested. */
  outline: OutlineEntry[];
}

function initialMeta(...layers: Array<MetadataInput | undefined>): DocumentMeta {
  const merged: MetadataInput = Object.assign({}, ...layers.map((l) => l ?? {}));
  const keywords = typeof merged.keywords === 'string' ? merged.keywords.split(/[,،]\s*/u) : merged.keywords;
  return {
    title: merged.title ?? '',
    lang: merged.lang ?? 'ar',
    modified: merged.modified,
    author: merged.author,
    publisher: merged.publisher,
    subject: merged.subject,
    description: merged.description,
    keywords,
    date: merged.date,
    dropped: [],
    warnings: [],
  };
}

/** Parse a decoded source and recover its structure. */
export function processSource(source: SourceDocument, options: PipelineOptions = defaultOptions): MatnDocument {
  const { tree, frontMatter, warnings } = readerFor(source.format).parse(source.text, source.path);
  const file = new VFile({ path: source.path, value: source.text });
  const meta = initialMeta(options.metadata, frontMatter, source.sidecar?.metadata);
  meta.warnings.push(...source.warnings, ...(warnings ?? []));
  file.data.matn = meta;

  file.data.matnSidecar = { rules: source.sidecar?.lines ?? [], source: source.sidecar?.path ?? '' };
  const mdast = structureProcessor(options).runSync(tree, file) as MdastRoot;
  return completeDocument(source, meta, mdast);
}

/**
 * The last stage of every document, a single source or a book's joined chapters: heading ids
 * (again, for a tree joined from several), the description, the HTML tree every writer uses and
 * the outline.
 */
export function completeDocument(source: SourceDocument, meta: DocumentMeta, mdast: MdastRoot, options: { headingIds?: boolean } = {}): MatnDocument {
  if (options.headingIds) unified().use(headingIds).runSync(mdast);
  explicitHeadingIds(mdast);
  meta.description ??= describe(mdast);
  return { source, meta, mdast, hast: mdastToHast(mdast), outline: buildOutline(mdast) };
}

/** One frozen processor per options object: a build reuses it for every document. */
const processors = new WeakMap<PipelineOptions, ReturnType<typeof createProcessor>>();
const defaultOptions: PipelineOptions = {};

function structureProcessor(options: PipelineOptions) {
  let processor = processors.get(options);
  if (!processor) {
    processor = createProcessor(options);
    processors.set(options, processor);
  }
  return processor;
}

function createProcessor(options: PipelineOptions) {
  return unified()
    .use(sidecarOverrides)
    .use(classifyLines, { model: options.lineModel })
    .use(boilerplate, options.boilerplate ? { lines: options.boilerplate } : {})
    .use(title)
    .use(wrappedLines)
    .use(updateLine)
    .use(seeMore, options.seeMorePrefixes ? { prefixes: options.seeMorePrefixes } : {})
    .use(linkWords)
    .use(tables)
    .use(tableCaptions)
    .use(bulletLists)
    .use(numberedPoints)
    .use(plainLists)
    .use(headings)
    .use(headingIds)
    .use(dates)
    .use(foreignPhrases, { lang: options.foreignLang ?? 'guess' })
    .use(numberRuns)
    .freeze();
}
