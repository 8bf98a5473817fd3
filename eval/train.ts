/**
 * Trains the line classifier (`src/structure/line-model.ts`) on labelled documents: gradient-
 * boosted trees for each line's role (`boost.ts`) and a title ranker (a conditional logit).
 *
 *   npx tsx eval/train.ts          writes src/structure/line-model.json from every labelled document
 *
 * `npm run eval` calls `trainLineModel` once per group to score each group with a model that
 * has not seen it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readSourceSync } from '../src/read/source.js';
import { parsePlainText } from '../src/parse/plain-text.js';
import { lineFeatures } from '../src/structure/line-features.js';
import { titleEvidence, titleInputs } from '../src/structure/title-evidence.js';
import { mayBeTitle, TITLE_HORIZON } from '../src/structure/classify-lines.js';
import { LINE_CLASSES, type LineClass, type LineModel } from '../src/structure/line-model.js';
import { labelledDocuments, ROOT, type LabelledDocument } from './documents.js';
import { readGold } from './score.js';
import { fitBoosted } from './boost.js';

export function goldClass(role: string): LineClass {
  if (role === 'drop') return 'drop';
  if (role === 'title') return 'title';
  if (/^h[1-6]$/u.test(role)) return 'heading';
  if (/^[uo]l\d$/u.test(role)) return 'item';
  return 'p';
}

export function examples(docs: LabelledDocument[]): { x: number[][]; y: number[]; w: number[]; titles: Array<{ x: number[][]; title: number }> } {
  const x: number[][] = [];
  const y: number[] = [];
  const w: number[] = [];
  const titles: Array<{ x: number[][]; title: number }> = [];
  for (const doc of docs) {
    const source = readSourceSync(doc.source, { displayPath: doc.id });
    const tree = parsePlainText(source.text);
    const lines = tree.children.map((p) => p.data!.matnLine!);
    const featureLines = lines.map((l) => ({ text: l.raw, blankBefore: l.blankBefore, blankAfter: l.blankAfter, indent: l.indent }));
    const features = lineFeatures(featureLines);
    const evidence = titleEvidence(featureLines);
    const gold = new Map(readGold(doc.gold).map((g) => [g.line, g.roles[0]!]));
    // every document weighs the same, whatever its length
    const weight = 300 / Math.max(50, lines.length);
    const horizon = Math.max(10, Math.ceil(lines.length * TITLE_HORIZON));
    const candidates = lines.map((_, i) => i).filter((i) => i < horizon && mayBeTitle(lines[i]!.raw));
    const titleAt = candidates.findIndex((i) => gold.get(lines[i]!.number) === 'title');
    if (titleAt !== -1) titles.push({ x: candidates.map((i) => titleInputs(features[i]!, evidence[i]!)), title: titleAt });
    lines.forEach((l, i) => {
      const role = gold.get(l.number);
      if (role === undefined) return;
      x.push(features[i]!);
      const c = goldClass(role);
      y.push(LINE_CLASSES.indexOf(c));
      w.push(weight * (c === 'title' ? 4 : 1));
    });
  }
  return { x, y, w, titles };
}

/**
 * The title ranker: one score per line, trained so that within each document the title line
 * outscores the others (softmax over the document's first lines, a conditional logit).
 */
export function fitTitle(groups: Array<{ x: number[][]; title: number }>, options = { iterations: 300, l2: 1e-2, rate: 0.05 }): number[] {
  const d = groups[0]!.x[0]!.length;
  const w = new Array<number>(d).fill(0);
  const m = new Array<number>(d).fill(0);
  const v = new Array<number>(d).fill(0);
  for (let it = 1; it <= options.iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    for (const g of groups) {
      const scores = g.x.map((xs) => xs.reduce((s, x, j) => s + x * w[j]!, 0));
      const max = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - max));
      const sum = exp.reduce((a, b) => a + b, 0);
      g.x.forEach((xs, n) => {
        const p = exp[n]! / sum - (n === g.title ? 1 : 0);
        if (Math.abs(p) < 1e-9) return;
        for (let j = 0; j < d; j++) grad[j]! += (p * xs[j]!) / groups.length;
      });
    }
    for (let j = 0; j < d; j++) {
      const g = grad[j]! + options.l2 * w[j]!;
      m[j] = 0.9 * m[j]! + 0.1 * g;
      v[j] = 0.999 * v[j]! + 0.001 * g * g;
      w[j]! -= (options.rate * (m[j]! / (1 - 0.9 ** it))) / (Math.sqrt(v[j]! / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  return w.map((x) => Math.round(x * 1e4) / 1e4);
}

/** The line classifier's trees, trained on these documents. */
export function trainTrees(docs: LabelledDocument[]): LineModel['trees'] {
  const { x, y, w } = examples(docs);
  return fitBoosted(x, y, w, LINE_CLASSES.length);
}

/** The title ranker's weights, trained on these documents. */
export function trainTitle(docs: LabelledDocument[]): number[] {
  return fitTitle(examples(docs).titles);
}

export function trainLineModel(docs: LabelledDocument[]): LineModel {
  return { classes: LINE_CLASSES, trees: trainTrees(docs), title: trainTitle(docs) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const docs = labelledDocuments();
  const model = trainLineModel(docs);
  model.trainedOn = `${docs.length} documents in ${new Set(docs.map((d) => d.group)).size} groups (test/fixtures/captures, test/fixtures/corpus)`;
  writeFileSync(join(ROOT, 'src', 'structure', 'line-model.json'), `${JSON.stringify(model)}\n`);
  console.log(`line model: ${model.trainedOn}`);
}
