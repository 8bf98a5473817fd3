/**
 * The Markdown writer's promise: a capture written as Markdown, built again, gives the same
 * document. Checked on the seed, the shared corpus and every labelled capture: the same HTML page,
 * byte for byte (headings and their ids, lists and their numbers, tables, dates, isolated runs).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from '../../src/render/html/render-html.js';
import { renderMarkdown } from '../../src/render/md/render-md.js';
import { CORPUS, ROOT, SEED, processText } from '../helpers.js';

const CAPTURES = join(ROOT, 'test', 'fixtures', 'captures');
const captures = readdirSync(CAPTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(CAPTURES, d.name)).filter((f) => f.endsWith('.txt')).map((f) => join(CAPTURES, d.name, f)));
const documents = [SEED, ...readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => join(CORPUS, f)), ...captures];

function roundTrip(path: string) {
  const name = path.split('/').at(-1)!;
  const fromText = processText(readFileSync(path, 'utf8'), { name });
  const markdown = renderMarkdown(fromText);
  const fromMarkdown = processText(markdown, { name: name.replace(/\.txt$/u, '.md') });
  return { fromText, markdown, fromMarkdown };
}

describe('Markdown round trip: building the written .md gives the page the .txt gives', () => {
  it('covers the seed, the corpus and the captures', () => {
    expect(documents.length).toBeGreaterThanOrEqual(6 + 50);
  });

  it.each(documents.map((p) => [p.slice(ROOT.length + 1), p]))('%s', (_label, path) => {
    const { fromText, fromMarkdown } = roundTrip(path);
    expect(fromMarkdown.meta.title).toBe(fromText.meta.title);
    expect(fromMarkdown.meta.modified).toBe(fromText.meta.modified);
    expect(fromMarkdown.outline).toEqual(fromText.outline);
    expect(renderHtml(fromMarkdown)).toBe(renderHtml(fromText));
  });
});
