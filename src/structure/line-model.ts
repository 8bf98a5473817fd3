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

/**
 * A model's trees compiled to JavaScript, for speed: every line of every capture goes through
 * them. Each class's trees become one function of nested conditionals that returns the sum of
 * its trees' leaves, added in round order as an interpreter of the trees would add them (same
 * comparisons, same additions: the same probabilities to the last bit). Compiled once per model
 * object, which is never changed once used (training builds its own trees).
 */
type ClassScore = (features: ArrayLike<number>) => number;

const compiled = new WeakMap<LineModel, ClassScore[]>();

function compile(model: LineModel): ClassScore[] {
  let scores = compiled.get(model);
  if (scores) return scores;
  scores = model.classes.map((_, c) => {
    const sum = model.trees.map((round) => `s += ${treeExpression(round[c]!, 0)};`).join('\n');
    return new Function('f', `let s = 0;\n${sum}\nreturn s;`) as ClassScore;
  });
  compiled.set(model, scores);
  return scores;
}

/** Node `i` of a tree as an expression: its leaf's value, or the split to its children's. */
function treeExpression(tree: BoostedTree, i: number): string {
  const feature = tree.feature[i]!;
  if (feature === -1) return numberLiteral(tree.value[i]!);
  return `(f[${feature}] <= ${numberLiteral(tree.threshold[i]!)} ? ${treeExpression(tree, tree.left[i]!)} : ${treeExpression(tree, tree.right[i]!)})`;
}

/** A number written so that reading it back gives the same double (-0 included). */
function numberLiteral(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

export function predict(model: LineModel, features: ArrayLike<number>): Record<LineClass, number> {
  const classScores = compile(model);
  const scores = new Array<number>(classScores.length);
  let max = -Infinity;
  for (let c = 0; c < classScores.length; c++) {
    const score = classScores[c]!(features);
    scores[c] = score;
    if (score > max) max = score;
  }
  // softmax, in place
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c]! - max);
    sum += scores[c]!;
  }
  const out = {} as Record<LineClass, number>;
  for (let c = 0; c < model.classes.length; c++) out[model.classes[c]!] = scores[c]! / sum;
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
