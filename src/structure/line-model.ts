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
 * A model's trees in flat typed arrays: every line of every capture goes through them. Made once
 * per model object, which is never changed once used (training builds its own trees).
 * (Compiling the trees to nested conditionals was measured and dropped: no steady-state gain
 * beyond noise, and a 50-copy build ~15% slower while V8 ran the large generated functions
 * unoptimised.)
 */
interface FlatTrees {
  feature: Int32Array;
  threshold: Float64Array;
  /** Children as offsets into the same arrays. */
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** roots[c] holds class c's trees' first nodes, in round order. */
  roots: Int32Array[];
}

const flattened = new WeakMap<LineModel, FlatTrees>();

function flatten(model: LineModel): FlatTrees {
  let flat = flattened.get(model);
  if (flat) return flat;
  const size = model.trees.reduce((n, round) => n + round.reduce((m, t) => m + t.feature.length, 0), 0);
  flat = { feature: new Int32Array(size), threshold: new Float64Array(size), left: new Int32Array(size), right: new Int32Array(size), value: new Float64Array(size), roots: model.classes.map(() => new Int32Array(model.trees.length)) };
  let at = 0;
  model.trees.forEach((round, r) =>
    round.forEach((tree, c) => {
      flat!.roots[c]![r] = at;
      for (let i = 0; i < tree.feature.length; i++) {
        flat!.feature[at + i] = tree.feature[i]!;
        flat!.threshold[at + i] = tree.threshold[i]!;
        flat!.left[at + i] = at + tree.left[i]!;
        flat!.right[at + i] = at + tree.right[i]!;
        flat!.value[at + i] = tree.value[i]!;
      }
      at += tree.feature.length;
    }),
  );
  flattened.set(model, flat);
  return flat;
}

/** Class `c`'s score from the flat arrays: its trees' leaves added in round order. */
function flatScore(flat: FlatTrees, c: number, features: ArrayLike<number>): number {
  const { feature, threshold, left, right, value } = flat;
  const classRoots = flat.roots[c]!;
  let score = 0;
  for (let r = 0; r < classRoots.length; r++) {
    let node = classRoots[r]!;
    while (feature[node] !== -1) node = features[feature[node]!]! <= threshold[node]! ? left[node]! : right[node]!;
    score += value[node]!;
  }
  return score;
}

export function predict(model: LineModel, features: ArrayLike<number>): Record<LineClass, number> {
  const flat = flatten(model);
  const scores = new Array<number>(flat.roots.length);
  let max = -Infinity;
  for (let c = 0; c < scores.length; c++) {
    const score = flatScore(flat, c, features);
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
