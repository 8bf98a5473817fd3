/**
 * The labelled documents of `npm run eval`: every capture under test/fixtures/captures/SITE/
 * (NAME.txt with its gold NAME.tsv), the hand-labelled documents of test/fixtures/corpus/ and
 * the seed (source/, gold in test/fixtures/roles/).
 * Each document belongs to a group, the unit of cross-validation: a capture's site, or the
 * document itself for the hand-labelled ones.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
export const CAPTURES = join(ROOT, 'test', 'fixtures', 'captures');
export const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');

export interface LabelledDocument {
  /** site/name or corpus/name */
  id: string;
  group: string;
  source: string;
  gold: string;
}

function pairs(dir: string): Array<{ name: string; source: string; gold: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt') && existsSync(join(dir, f.replace(/\.txt$/u, '.tsv'))))
    .sort()
    .map((f) => ({ name: f.replace(/\.txt$/u, ''), source: join(dir, f), gold: join(dir, f.replace(/\.txt$/u, '.tsv')) }));
}

export function labelledDocuments(): LabelledDocument[] {
  const out: LabelledDocument[] = [];
  const seedGold = join(ROOT, 'test', 'fixtures', 'roles', 'france-counter-terrorism.tsv');
  if (existsSync(seedGold)) out.push({ id: 'seed/france-counter-terrorism', group: 'corpus/seed', source: join(ROOT, 'source', 'france-counter-terrorism.txt'), gold: seedGold });
  for (const p of pairs(CORPUS)) out.push({ id: `corpus/${p.name}`, group: `corpus/${p.name}`, source: p.source, gold: p.gold });
  if (existsSync(CAPTURES)) {
    for (const site of readdirSync(CAPTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      for (const p of pairs(join(CAPTURES, site))) out.push({ id: `${site}/${p.name}`, group: site, source: p.source, gold: p.gold });
    }
  }
  return out;
}
