/**
 * The line classifier: gradient-boosted trees over `lineFeatures` and a title ranker, trained by
 * `eval/train.ts` on the labelled corpus; the shipped weights are `line-model.json` (read from
 * src/ by both the sources and the compiled lib/).
 * It gives each line of a plain-text capture a probability for each role.
 */
import { readFileSync } from 'node:fs';

export const LINE_CLASSES = ['drop', 'title', 'heading', 'item', 'p'] as const;
export type LineClass = (typeof LINE_CLASSES)[number];

/** One regression tree: node i splits on `feature[i] <= threshold[i]`, or is a leaf (feature -1). */
export interface BoostedTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface LineModel {
  classes: readonly LineClass[];
  /** Gradient-boosted trees: trees[round][class]; a class's score is the sum of its trees. */
  trees: BoostedTree[][];
  /** The title ranker: a score per line; the page's title is its best line (conditional logit). */
  title?: number[];
  /** How the weights were made (documents, groups, date). */
  trainedOn?: string;
}

function treeValue(tree: BoostedTree, features: number[]): number {
  let node = 0;
  while (tree.feature[node]! !== -1) node = features[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return tree.value[node]!;
}

export function predict(model: LineModel, features: number[]): Record<LineClass, number> {
  const scores = model.classes.map(() => 0);
  for (const round of model.trees) round.forEach((tree, c) => (scores[c]! += treeValue(tree, features)));
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const out = {} as Record<LineClass, number>;
  model.classes.forEach((c, i) => (out[c] = exp[i]! / sum));
  return out;
}

/** The title ranker's score of a line (higher: likelier the page's title). */
export function titleScore(model: LineModel, features: number[]): number {
  const w = model.title;
  if (!w) return Math.log(Math.max(1e-6, predict(model, features).title));
  let s = 0;
  for (let k = 0; k < features.length; k++) s += (w[k] ?? 0) * features[k]!;
  return s;
}

function load(): LineModel | undefined {
  try {
    return JSON.parse(readFileSync(new URL('../../src/structure/line-model.json', import.meta.url), 'utf8')) as LineModel;
  } catch {
    return undefined;
  }
}

/** The weights shipped with matn (trained on every labelled document). */
export const SHIPPED_LINE_MODEL: LineModel | undefined = load();
