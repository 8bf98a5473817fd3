/**
 * Writes test/fixtures/captures/SOURCES.md from each site folder's `site.json`: where every
 * labelled page comes from, under which licence, and how its HTML was obtained.
 *
 *   npx tsx eval/sources.ts          after adding a site folder (then capture it: eval/capture.ts)
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteInfo } from './capture.js';
import { ROOT } from './documents.js';

const CAPTURES = join(ROOT, 'test', 'fixtures', 'captures');
const FILE = join(CAPTURES, 'SOURCES.md');
const TABLE_HEAD = '| folder | site | genre | repository @ commit | licence | pages | how the HTML was obtained |';

/** A table cell: one line, pipes escaped. */
const cell = (text: string): string => text.replace(/\s*\n\s*/gu, ' ').replace(/\|/gu, '\\|');

export function sourcesTable(): string {
  const rows = readdirSync(CAPTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(CAPTURES, d.name, 'site.json')))
    .map((d) => d.name)
    .sort()
    .map((folder) => {
      const site = JSON.parse(readFileSync(join(CAPTURES, folder, 'site.json'), 'utf8')) as SiteInfo;
      const pages = `${site.pages.length}: ${site.pages.map((p) => p.file).join(', ')}`;
      return `| \`${folder}\` | ${cell(site.site)} | ${site.genre} | ${site.repo} @ \`${site.commit.slice(0, 12)}\` | ${cell(site.licence)} | ${pages} | ${cell(site.rendering)} |`;
    });
  return [TABLE_HEAD, '| --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** SOURCES.md with its table made anew; the prose above the table is kept as written. */
export function sourcesFile(current: string): string {
  const at = current.indexOf(TABLE_HEAD);
  const intro = at === -1 ? '# Labelled captures: sources\n\n' : current.slice(0, at);
  return `${intro}${sourcesTable()}\n`;
}

if (process.argv[1]?.endsWith('sources.ts')) {
  writeFileSync(FILE, sourcesFile(existsSync(FILE) ? readFileSync(FILE, 'utf8') : ''));
  console.log(`wrote ${FILE}`);
}
