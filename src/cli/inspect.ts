/**
 * `matn inspect FILE`: what the pipeline decided, line by line, so a user can see and trust it
 * (and write a sidecar rule where it guessed wrong). `--json` prints the whole tree.
 */
import type { RootContent, ListItem, PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { resolve } from 'node:path';
import { readSource } from '../read/source.js';
import { loadConfig, pipelineOptions } from '../publish/config.js';
import { processSource, type MatnDocument } from '../pipeline.js';

export interface InspectOptions {
  json?: boolean;
  configPath?: string;
}

const clip = (text: string, n = 70) => {
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

function lineOf(node: { position?: { start: { line: number } } | undefined }): string {
  return node.position ? `L${node.position.start.line}` : '';
}

function inlineMarks(children: PhrasingContent[], out: string[]): void {
  for (const child of children) {
    if (child.type === 'matnForeign') out.push(`${child.lang ?? 'ltr'} "${toString(child)}"`);
    else if (child.type === 'matnDate') out.push(`date ${child.datetime}`);
    else if ('children' in child) inlineMarks(child.children as PhrasingContent[], out);
  }
}

function describeBlock(node: RootContent, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  const marks: string[] = [];
  const why = (node.data as { matnWhy?: string } | undefined)?.matnWhy;
  const row = (kind: string, text: string, extra = '') => {
    lines.push(`${pad}${kind.padEnd(12 - Math.min(depth * 2, 8))} ${lineOf(node).padEnd(5)} ${clip(text)}${extra}${marks.length ? `   [${marks.join(', ')}]` : ''}${why ? `   (${why})` : ''}`);
  };
  switch (node.type) {
    case 'heading':
      inlineMarks(node.children, marks);
      row(`h${node.depth}`, toString(node), node.data?.id ? `   #${node.data.id}` : '');
      return;
    case 'paragraph':
      inlineMarks(node.children, marks);
      row('p', toString(node));
      return;
    case 'matnSeeMore':
      row('see-more', toString(node));
      return;
    case 'matnUpdated':
      inlineMarks(node.children, marks);
      row('updated', toString(node));
      return;
    case 'list': {
      const kind = node.ordered ? `ol${node.data?.matnStyle ? `(${node.data.matnStyle})` : ''}` : 'ul';
      lines.push(`${pad}${kind}`);
      for (const item of node.children) describeItem(item, depth + 1, lines);
      return;
    }
    default:
      row(node.type, toString(node));
  }
}

function describeItem(item: ListItem, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  const [first, ...rest] = item.children;
  const number = item.data?.matnValue !== undefined ? `${item.data.matnValue}` : '•';
  const marks: string[] = [];
  if (first?.type === 'paragraph') inlineMarks(first.children, marks);
  const why = first?.data?.matnWhy;
  lines.push(`${pad}li ${number.padEnd(3)} ${lineOf(item).padEnd(5)} ${first ? clip(toString(first)) : ''}${marks.length ? `   [${marks.join(', ')}]` : ''}${why ? `   (${why})` : ''}`);
  for (const child of rest) describeBlock(child as RootContent, depth + 1, lines);
}

export function describeDocument(doc: MatnDocument): string {
  const m = doc.meta;
  const lines: string[] = [];
  lines.push(`${doc.source.path} (${doc.source.format}, ${doc.source.encoding})`);
  lines.push(`title      ${m.title}`);
  if (m.modified) lines.push(`modified   ${m.modified}${m.modifiedText ? ` (${m.modifiedText})` : ''}`);
  if (m.date) lines.push(`date       ${m.date}`);
  for (const key of ['author', 'publisher', 'subject'] as const) if (m[key]) lines.push(`${key.padEnd(10)} ${m[key]}`);
  if (m.keywords?.length) lines.push(`keywords   ${m.keywords.join(', ')}`);
  for (const d of m.dropped) lines.push(`dropped    ${d.line !== undefined ? `L${d.line} ` : ''}"${d.text}" (${d.reason})`);
  for (const w of m.warnings) lines.push(`warning    ${w}`);
  if (doc.source.sidecar) lines.push(`sidecar    ${doc.source.sidecar.path}`);
  lines.push('');
  for (const node of doc.mdast.children) describeBlock(node, 0, lines);
  return `${lines.join('\n')}\n`;
}

export async function inspect(file: string, options: InspectOptions = {}): Promise<string> {
  const { config } = loadConfig(process.cwd(), options.configPath);
  const source = await readSource(resolve(file), { maxBytes: config.maxSourceBytes, displayPath: file });
  const doc = processSource(source, pipelineOptions(config));
  if (options.json) {
    return `${JSON.stringify({ source: { path: file, format: source.format, encoding: source.encoding, sha256: source.sha256 }, meta: doc.meta, outline: doc.outline, tree: doc.mdast }, null, 2)}\n`;
  }
  return describeDocument(doc);
}
