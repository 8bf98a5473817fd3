/**
 * Trains the line classifier (`src/structure/line-model.ts`) on labelled documents:
 * multinomial logistic regression, full-batch gradient descent with Adam and an L2 penalty.
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
import { LINE_CLASSES, type LineClass, type LineModel } from '../src/structure/line-model.js';
import { labelledDocuments, ROOT, type LabelledDocument } from './documents.js';
import { readGold } from './score.js';

export function goldClass(role: string): LineClass {
  if (role === 'drop') return 'drop';
  if (role === 'title') return 'title';
  if (/^h[1-6]$/u.test(role)) return 'heading';
  if (/^[uo]l\d$/u.test(role)) return 'item';
  return 'p';
}

export function examples(docs: LabelledDocument[]): { x: number[][]; y: number[]; w: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  const w: number[] = [];
  for (const doc of docs) {
    const source = readSourceSync(doc.source, { displayPath: doc.id });
    const tree = parsePlainText(source.text);
    const lines = tree.children.map((p) => p.data!.matnLine!);
    const features = lineFeatures(lines.map((l) => ({ text: l.raw, blankBefore: l.blankBefore, blankAfter: l.blankAfter, indent: l.indent })));
    const gold = new Map(readGold(doc.gold).map((g) => [g.line, g.roles[0]!]));
    // every document weighs the same, whatever its length
    const weight = 300 / Math.max(50, lines.length);
    lines.forEach((l, i) => {
      const role = gold.get(l.number);
      if (role === undefined) return;
      x.push(features[i]!);
      const c = goldClass(role);
      y.push(LINE_CLASSES.indexOf(c));
      w.push(weight * (c === 'title' ? 4 : 1));
    });
  }
  return { x, y, w };
}

export function fit(x: number[][], y: number[], w: number[], options = { iterations: 200, l2: 1e-3, rate: 0.1 }): number[][] {
  const k = LINE_CLASSES.length;
  const d = x[0]!.length;
  const weights = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const m = weights.map(() => new Array<number>(d).fill(0));
  const v = weights.map(() => new Array<number>(d).fill(0));
  const total = w.reduce((a, b) => a + b, 0);
  for (let it = 1; it <= options.iterations; it++) {
    const grad = weights.map(() => new Array<number>(d).fill(0));
    for (let n = 0; n < x.length; n++) {
      const xs = x[n]!;
      const scores = weights.map((wc) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += wc[j]! * xs[j]!;
        return s;
      });
      const max = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - max));
      const sum = exp.reduce((a, b) => a + b, 0);
      for (let c = 0; c < k; c++) {
        const g = ((exp[c]! / sum - (y[n] === c ? 1 : 0)) * w[n]!) / total;
        if (g === 0) continue;
        const gc = grad[c]!;
        for (let j = 0; j < d; j++) gc[j]! += g * xs[j]!;
      }
    }
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const g = grad[c]![j]! + (j === 0 ? 0 : options.l2 * weights[c]![j]!);
        m[c]![j] = 0.9 * m[c]![j]! + 0.1 * g;
        v[c]![j] = 0.999 * v[c]![j]! + 0.001 * g * g;
        const mh = m[c]![j]! / (1 - 0.9 ** it);
        const vh = v[c]![j]! / (1 - 0.999 ** it);
        weights[c]![j]! -= (options.rate * mh) / (Math.sqrt(vh) + 1e-8);
      }
    }
  }
  return weights.map((wc) => wc.map((x) => Math.round(x * 1e4) / 1e4));
}

export function trainLineModel(docs: LabelledDocument[]): LineModel {
  const { x, y, w } = examples(docs);
  return { classes: LINE_CLASSES, weights: fit(x, y, w) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const docs = labelledDocuments();
  const model = trainLineModel(docs);
  model.trainedOn = `${docs.length} documents in ${new Set(docs.map((d) => d.group)).size} groups (test/fixtures/captures, test/fixtures/corpus)`;
  writeFileSync(join(ROOT, 'src', 'structure', 'line-model.json'), `${JSON.stringify(model)}\n`);
  console.log(`line model: ${model.trainedOn}`);
}
