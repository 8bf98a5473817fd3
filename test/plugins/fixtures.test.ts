/**
 * Structure plugins by example, in the style of remark-gfm's fixtures: each folder of
 * test/fixtures/structure/ holds an `input.txt` (or `input.md`, with an optional sidecar
 * `input.matn.yaml` and pipeline `options.json`) and `expected.json`, what matn makes of it: the
 * title, the metadata the plugins set, the dropped lines, and every block with its inline marks
 * (⟨time 2019-11|…⟩ a date, ⟨en|…⟩ a foreign phrase, ⟨num|…⟩ an isolated number).
 *
 * `UPDATE_FIXTURES=1 npx vitest run test/plugins` rewrites the expected files; read the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ListItem, PhrasingContent, RootContent } from 'mdast';
import { readSourceSync } from '../../src/read/source.js';
import { processSource, type PipelineOptions } from '../../src/pipeline.js';
import { ROOT } from '../helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'structure');
const cases = readdirSync(FIXTURES).sort();

function inline(nodes: PhrasingContent[]): string {
  return nodes
    .map((n): string => {
      switch (n.type) {
        case 'text':
          return n.value;
        case 'matnDate':
          return `⟨time ${n.datetime}|${inline(n.children)}⟩`;
        case 'matnForeign':
          return `⟨${n.lang ?? 'ltr'}|${inline(n.children)}⟩`;
        case 'matnNumber':
          return `⟨num|${inline(n.children)}⟩`;
        default:
          return 'children' in n ? inline(n.children as PhrasingContent[]) : 'value' in n ? String(n.value) : '';
      }
    })
    .join('');
}

function item(node: ListItem): unknown {
  const [first, ...rest] = node.children;
  const text = first?.type === 'paragraph' ? inline(first.children) : '';
  const label = node.data?.matnMarkerInText ? { label: node.data.matnMarker } : {};
  if (rest.length === 0 && !label.label) return text;
  return { text, ...label, ...(rest.length ? { then: rest.map(block) } : {}) };
}

function block(node: RootContent): unknown {
  switch (node.type) {
    case 'heading':
      return { [`h${node.depth}`]: inline(node.children), id: node.data?.id };
    case 'paragraph':
      return { p: inline(node.children) };
    case 'list':
      return node.ordered ? { ol: node.children.map(item), start: node.start ?? 1, style: node.data?.matnStyle } : { ul: node.children.map(item) };
    case 'matnSeeMore':
      return { 'see-more': node.children.map((p) => inline(p.children)).join(' ') };
    case 'matnUpdated':
      return { updated: inline(node.children) };
    case 'table':
      return { table: node.children.map((row) => row.children.map((cell) => inline(cell.children))) };
    default:
      return { [node.type]: 'children' in node ? (node.children as RootContent[]).map(block) : null };
  }
}

function recover(dir: string) {
  const input = ['input.txt', 'input.md'].map((f) => join(dir, f)).find(existsSync)!;
  const optionsPath = join(dir, 'options.json');
  const options: PipelineOptions = { ...(existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as PipelineOptions) : {}) };
  const doc = processSource(readSourceSync(input, { displayPath: input.slice(dir.length + 1) }), options);
  const { title, modified, date } = doc.meta;
  return {
    title,
    ...(modified ? { modified } : {}),
    ...(date ? { date } : {}),
    ...(doc.meta.dropped.length ? { dropped: doc.meta.dropped.map((d) => `${d.line}: ${d.text}`) } : {}),
    blocks: doc.mdast.children.map(block),
  };
}

describe('structure plugins, by fixture folder', () => {
  it('has a fixture for every plugin', () => {
    const plugins = ['sidecar-overrides', 'classify-lines', 'boilerplate', 'title', 'wrapped-lines', 'update-line', 'see-more', 'bullet-lists', 'numbered-points', 'plain-lists', 'tables', 'headings', 'heading-ids', 'dates', 'foreign-phrases', 'number-runs'];
    for (const plugin of plugins) expect(cases.some((c) => c === plugin || c.startsWith(`${plugin}-`)), plugin).toBe(true);
  });

  it.each(cases)('%s', (name) => {
    const dir = join(FIXTURES, name);
    const actual = recover(dir);
    const expectedPath = join(dir, 'expected.json');
    if (process.env.UPDATE_FIXTURES || !existsSync(expectedPath)) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });
});
