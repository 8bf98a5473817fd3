/**
 * `npm run eval`: recovers the structure of every labelled document and scores it against its
 * gold line roles. With a line model, each group (a site, or a hand-labelled document) is scored
 * by a model trained without it: the figures are for pages the model has not seen.
 *
 * Options: --verbose (every error of every document)   --json FILE (all figures)
 *          --shipped (score with the shipped model instead of cross-validating; fitted figures)
 *          --rules (no line model: the hand rules alone)
 *          --explain TEXT (for documents whose id contains TEXT: every line's gold role, what matn
 *          made of it, and why)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSourceSync } from '../src/read/source.js';
import { processSource } from '../src/pipeline.js';
import { lineRoles } from '../src/tree/line-roles.js';
import { labelledDocuments, ROOT, type LabelledDocument } from './documents.js';
import { add, figures, readGold, score, type Score } from './score.js';
import { trainTitle, trainTrees } from './train.js';
import { LINE_CLASSES, SHIPPED_LINE_MODEL, type LineModel } from '../src/structure/line-model.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const shipped = args.includes('--shipped');
const rulesOnly = args.includes('--rules');
const jsonAt = args.indexOf('--json');
const explainAt = args.indexOf('--explain');
const explain = explainAt === -1 ? undefined : args[explainAt + 1];

const pct = (x: number) => x.toFixed(2);

function scoreDocument(doc: LabelledDocument, model: LineModel | false): Score {
  const source = readSourceSync(doc.source, { displayPath: doc.id });
  const result = processSource(source, { lineModel: model });
  const gold = readGold(doc.gold);
  const roles = lineRoles(result.mdast, result.meta);
  if (explain !== undefined && doc.id.includes(explain)) {
    const want = new Map(gold.map((g) => [g.line, g.roles.join('|')]));
    console.log(`\n== ${doc.id}: title "${result.meta.title}"`);
    source.text.split('\n').forEach((text, i) => {
      if (!want.has(i + 1)) return;
      const got = roles.get(i + 1);
      const role = got?.role ?? 'lost';
      const ok = want.get(i + 1)!.split('|').includes(role === 'row' ? 'p' : role);
      console.log(`${ok ? ' ' : '*'}${String(i + 1).padStart(4)} ${want.get(i + 1)!.padEnd(8)} ${role.padEnd(8)} ${text.trim().slice(0, 50).padEnd(50)}  ${got?.why ?? ''}`);
    });
  }
  return score(gold, roles);
}

/**
 * Fold models are kept in .matn-cache/eval/, keyed by what they are made from (the training code,
 * the features and every training document), so changing only how guesses are settled does not
 * retrain.
 */
function foldModel(docs: LabelledDocument[], group: string): LineModel {
  const training = docs.filter((d) => d.group !== group);
  const common = ['eval/train.ts', 'src/parse/plain-text.ts', 'src/structure/line-features.ts', 'src/structure/lines.ts'];
  const trees = cached('trees', [...common, 'eval/boost.ts'], training, () => trainTrees(training));
  const title = cached('title', [...common, 'src/structure/title-evidence.ts', 'src/structure/classify-lines.ts'], training, () => trainTitle(training));
  return { classes: LINE_CLASSES, trees, title };
}

/** A part of a fold model, from .matn-cache/eval/ when what it is made from has not changed. */
function cached<T>(part: string, code: string[], training: LabelledDocument[], make: () => T): T {
  const hash = createHash('sha256').update(part);
  for (const f of code) hash.update(readFileSync(join(ROOT, f)));
  for (const d of training) hash.update(d.id).update(readFileSync(d.source)).update(readFileSync(d.gold));
  const dir = join(ROOT, '.matn-cache', 'eval');
  const file = join(dir, `${hash.digest('hex').slice(0, 24)}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
  const made = make();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(made));
  return made;
}

function row(name: string, s: Score, extra = ''): string {
  const f = figures(s);
  return [
    name.padEnd(44),
    `${pct(f.headingP)} ${pct(f.headingR)} ${pct(f.headingF1)}`,
    `${s.parentOk}/${s.parentN}`.padStart(7),
    `${pct(f.itemF1)} ${`${s.itemKindOk}/${s.itemTp}`.padStart(7)}`,
    `${s.contOk}/${s.contN}`.padStart(6),
    `${s.dropOk}/${s.dropN}`.padStart(8),
    String(s.contentDropped).padStart(4),
    extra || (s.titleOk ? 'ok' : 'WRONG'),
  ].join('  ');
}

function main(): void {
  const docs = labelledDocuments();
  const groups = [...new Set(docs.map((d) => d.group))];
  const results = new Map<string, Score>();
  const started = Date.now();
  for (const group of groups) {
    const model = rulesOnly ? false : shipped ? SHIPPED_LINE_MODEL! : foldModel(docs, group);
    for (const doc of docs.filter((d) => d.group === group)) results.set(doc.id, scoreDocument(doc, model));
  }
  console.log(`${docs.length} documents in ${groups.length} groups; ${rulesOnly ? 'hand rules, no line model' : shipped ? 'shipped model (fitted on all of them)' : 'each group scored by a model trained without it'}; ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  console.log(`${'document'.padEnd(44)}  heading P R F1   parents  items F1  kind   cont.  boilerpl.  lost  title`);
  for (const doc of docs) {
    const s = results.get(doc.id)!;
    console.log(row(doc.id, s));
    if (verbose) for (const e of s.errors) console.log(`      ${e}`);
  }
  const captures = docs.filter((d) => !d.group.startsWith('corpus/'));
  const corpus = docs.filter((d) => d.group.startsWith('corpus/'));
  const total = (list: LabelledDocument[]) => add(list.map((d) => results.get(d.id)!));
  console.log('');
  // each site, so a figure carried by one site shows
  for (const group of groups.filter((g) => !g.startsWith('corpus/'))) {
    const t = total(docs.filter((d) => d.group === group));
    console.log(row(`site ${group} (${t.documents})`, t, `${t.titles}/${t.documents}`));
  }
  console.log('');
  for (const [name, list] of [['captures', captures], ['hand-labelled corpus', corpus], ['all', docs]] as const) {
    if (list.length === 0) continue;
    const t = total(list);
    console.log(row(`${name} (${list.length})`, t, `${t.titles}/${t.documents}`));
  }
  const t = total(docs);
  const f = figures(t);
  console.log(
    `\noverall: heading F1 ${pct(f.headingF1)} (P ${pct(f.headingP)}, R ${pct(f.headingR)}), parents ${pct(f.parents)}, ` +
      `list items F1 ${pct(f.itemF1)} (kind and depth ${pct(f.itemKind)}), continuations ${pct(f.continuations)}, ` +
      `boilerplate dropped ${pct(f.boilerplate)}, content lines dropped ${t.contentDropped}, titles ${t.titles}/${t.documents}`,
  );
  if (jsonAt !== -1) writeFileSync(args[jsonAt + 1]!, JSON.stringify(Object.fromEntries(results), null, 1));
}

main();
