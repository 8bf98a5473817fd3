/**
 * Collections: a book file (title, author, ordered list of sources) becomes one document in
 * which each source is a chapter — its title an h2, its sections one level deeper — with one
 * table of contents. It is rendered by the same writers, so `matn book` gives one EPUB and one
 * PDF (and HTML if asked).
 *
 *   # annual-report.book.yaml
 *   title: تقرير سنوي
 *   author: وزارة …
 *   chapters:
 *     - source/chapter-1.txt
 *     - source/chapter-2.md
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import type { Definition, Image, ImageReference, Root, RootContent } from 'mdast';
import type { Node } from 'unist';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MatnError } from '../errors.js';
import { formatIssues, metadataSchema } from '../read/metadata-schema.js';
import { readSource } from '../read/source.js';
import { completeDocument, processSource, type MatnDocument, type PipelineOptions } from '../pipeline.js';
import { onInterrupt } from '../signals.js';
import { pipelineOptions } from './config.js';
import { removePartialFiles } from './write-atomic.js';
import { eachNode } from '../tree/walk.js';
import { LazyPrinter } from './printer.js';
import { Preparation, publishDocument, writeSharedFiles } from './run.js';
import { launchOptions, resolveBuild, writerContext, writerSettings, type BuildOptions } from './settings.js';

const bookSchema = metadataSchema.extend({ title: z.string().min(1), chapters: z.array(z.string().min(1)).min(1) }).strict();
export type BookFile = z.infer<typeof bookSchema>;

export async function readBook(path: string): Promise<BookFile> {
  let value: unknown;
  try {
    value = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MatnError('config', path, code === 'ENOENT' ? 'no such book file' : `is not a valid book file: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = bookSchema.safeParse(value ?? {});
  if (!result.success) throw new MatnError('config', path, formatIssues(result.error));
  return result.data;
}

/** Every heading one level deeper (a chapter's title becomes its h2), h6 at most. */
function demote(nodes: RootContent[]): RootContent[] {
  return nodes.map((node) => (node.type === 'heading' ? { ...node, depth: Math.min(6, node.depth + 1) as 2 | 3 | 4 | 5 | 6, data: { ...node.data, id: undefined, hProperties: {} } } : node));
}

/**
 * A chapter's nodes with its images' relative addresses made relative to the book's folder, which
 * the book's images are read from (a chapter outside that folder has its images refused, as any
 * image outside a source's folder). Images written as raw HTML keep their address.
 */
function rebaseImages(chapter: MatnDocument, bookFolder: string): RootContent[] {
  const from = relative(bookFolder, chapter.source.folder ?? resolve(dirname(chapter.source.path)));
  if (from === '') return chapter.mdast.children;
  const prefix = from.split(sep).map(encodeURIComponent).join('/');
  const nodes = structuredClone(chapter.mdast.children);
  const root: Root = { type: 'root', children: nodes };
  const local = (url: string) => url !== '' && !/^[a-z][a-z0-9+.-]*:|^[/#]/iu.test(url);
  const referenced = new Set<string>();
  eachNode(root, (node: Node) => {
    if (node.type === 'image' && local((node as Image).url)) (node as Image).url = `${prefix}/${(node as Image).url}`;
    if (node.type === 'imageReference') referenced.add((node as ImageReference).identifier);
  });
  eachNode(root, (node: Node) => {
    const definition = node as Definition;
    if (node.type === 'definition' && referenced.has(definition.identifier) && local(definition.url)) definition.url = `${prefix}/${definition.url}`;
  });
  return nodes;
}

/** Join processed chapters into one document; it ends the way every document does (completeDocument). */
export function combine(bookPath: string, book: BookFile, chapters: MatnDocument[]): MatnDocument {
  const tree: Root = { type: 'root', children: [{ type: 'heading', depth: 1, children: [{ type: 'text', value: book.title }] }] };
  const folder = resolve(dirname(bookPath));
  for (const chapter of chapters) tree.children.push(...demote(rebaseImages(chapter, folder)));
  const latest = chapters.map((c) => c.meta.modified).filter((m): m is string => Boolean(m)).sort().at(-1);
  const keywords = typeof book.keywords === 'string' ? book.keywords.split(/[,،]\s*/u) : book.keywords;
  const name = basename(bookPath).replace(/(\.book)?\.ya?ml$/iu, '');
  const source = {
    path: bookPath,
    name,
    format: 'md' as const,
    text: chapters.map((c) => c.source.text).join('\n\n'),
    encoding: 'utf-8' as const,
    sha256: createHash('sha256').update(chapters.map((c) => c.source.sha256).join()).digest('hex'),
    sidecar: undefined,
    warnings: [],
    folder,
  };
  const meta = {
    title: book.title,
    lang: book.lang ?? 'ar',
    modified: book.modified ?? latest,
    author: book.author,
    publisher: book.publisher,
    subject: book.subject,
    description: book.description ?? chapters[0]?.meta.description,
    keywords,
    date: book.date,
    dropped: chapters.flatMap((c) => c.meta.dropped.map((d) => ({ ...d, text: `${c.source.path}: ${d.text}` }))),
    warnings: chapters.flatMap((c) => c.meta.warnings.map((w) => `${c.source.path}: ${w}`)),
  };
  return completeDocument(source, meta, tree, { headingIds: true });
}

/** Read a book file and every chapter (paths relative to the book file), and join them. */
export async function loadBook(bookPath: string, options: PipelineOptions = {}): Promise<MatnDocument> {
  const book = await readBook(bookPath);
  const chapters: MatnDocument[] = [];
  for (const chapter of book.chapters) {
    const source = await readSource(resolve(dirname(bookPath), chapter), { displayPath: chapter });
    chapters.push(processSource(source, options));
  }
  return combine(bookPath, book, chapters);
}

export interface BookResult {
  /** Absolute paths of the artifacts written. */
  artifacts: string[];
  warnings: string[];
  failures: string[];
}

/** `matn book FILE`: one EPUB and one PDF (by default) for the whole book, through the build's run step. */
export async function publishBook(bookPath: string, options: BuildOptions = {}): Promise<BookResult> {
  const cwd = options.cwd ?? process.cwd();
  // A book is one artifact: give its PDF a contents page and section running heads unless told otherwise.
  const b = resolveBuild({
    ...options,
    overrides: { pdfToc: true, runningHead: 'section', ...options.overrides, formats: options.overrides?.formats ?? ['epub', 'pdf'] },
  });
  const doc = await loadBook(resolve(cwd, bookPath), pipelineOptions(b.config));
  const printer = new LazyPrinter(launchOptions(b, 1));
  const stopCleanup = onInterrupt(removePartialFiles);
  try {
    await new Preparation().ready(b.formats);
    await writeSharedFiles(b.formats, writerSettings(b), b.outDir);
    const published = await publishDocument(doc, { formats: b.formats, context: writerContext(b, printer.get), outDir: b.outDir, outBase: doc.source.name });
    return { artifacts: published.artifacts.map((a) => resolve(b.outDir, a.path)), warnings: published.warnings, failures: published.failures };
  } finally {
    stopCleanup();
    await printer.close();
  }
}
