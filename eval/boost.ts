/**
 * Gradient-boosted decision trees for the line classifier (multiclass, softmax loss, second-order
 * leaf values as in XGBoost), on features cut into at most `bins` quantile bins. Small and exact
 * enough for a few thousand lines; the trees are written into the model JSON.
 */
import type { BoostedTree } from '../src/structure/line-model.js';

export interface BoostOptions {
  rounds: number;
  depth: number;
  rate: number;
  bins: number;
  lambda: number;
  minChild: number;
}

export const BOOST_DEFAULTS: BoostOptions = { rounds: 60, depth: 3, rate: 0.3, bins: 16, lambda: 1, minChild: 2 };

function cuts(values: number[], bins: number): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length <= 1) return [];
  if (sorted.length <= bins) return sorted.slice(0, -1).map((v, i) => (v + sorted[i + 1]!) / 2);
  const all = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (let k = 1; k < bins; k++) {
    const v = all[Math.floor((k * all.length) / bins)]!;
    if (out.length === 0 || v > out[out.length - 1]!) out.push(v);
  }
  return out.filter((c) => c < sorted[sorted.length - 1]!);
}

export function fitBoosted(x: number[][], y: number[], w: number[], classes: number, options: BoostOptions = BOOST_DEFAULTS): BoostedTree[][] {
  const n = x.length;
  const d = x[0]!.length;
  const cutPoints = Array.from({ length: d }, (_, f) => cuts(x.map((r) => r[f]!), options.bins));
  // bin index of every value: the number of cut points below it
  const binned = Array.from({ length: d }, (_, f) => {
    const c = cutPoints[f]!;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = x[i]![f]!;
      let b = 0;
      while (b < c.length && v > c[b]!) b++;
      out[i] = b;
    }
    return out;
  });
  const scores = Array.from({ length: classes }, () => new Float64Array(n));
  const rounds: BoostedTree[][] = [];
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  for (let r = 0; r < options.rounds; r++) {
    const probs = Array.from({ length: classes }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, scores[c]![i]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += probs[c]![i] = Math.exp(scores[c]![i]! - max);
      for (let c = 0; c < classes; c++) probs[c]![i]! /= sum;
    }
    const trees: BoostedTree[] = [];
    for (let c = 0; c < classes; c++) {
      for (let i = 0; i < n; i++) {
        const p = probs[c]![i]!;
        g[i] = (p - (y[i] === c ? 1 : 0)) * w[i]!;
        h[i] = Math.max(1e-6, p * (1 - p)) * w[i]!;
      }
      const tree: BoostedTree = { feature: [], threshold: [], left: [], right: [], value: [] };
      const grow = (rows: Int32Array, depth: number): number => {
        const id = tree.feature.length;
        tree.feature.push(-1);
        tree.threshold.push(0);
        tree.left.push(-1);
        tree.right.push(-1);
        tree.value.push(0);
        let G = 0;
        let H = 0;
        for (const i of rows) {
          G += g[i]!;
          H += h[i]!;
        }
        tree.value[id] = Math.round(((-G / (H + options.lambda)) * options.rate) * 1e4) / 1e4;
        if (depth >= options.depth || rows.length < 2 * options.minChild) return id;
        const parent = (G * G) / (H + options.lambda);
        let best = { gain: 1e-6, f: -1, b: -1 };
        const GB = new Float64Array(options.bins + 1);
        const HB = new Float64Array(options.bins + 1);
        for (let f = 0; f < d; f++) {
          const nb = cutPoints[f]!.length;
          if (nb === 0) continue;
          GB.fill(0);
          HB.fill(0);
          const col = binned[f]!;
          for (const i of rows) {
            GB[col[i]!]! += g[i]!;
            HB[col[i]!]! += h[i]!;
          }
          let gl = 0;
          let hl = 0;
          for (let b = 0; b < nb; b++) {
            gl += GB[b]!;
            hl += HB[b]!;
            const gr = G - gl;
            const hr = H - hl;
            if (hl < 1e-3 || hr < 1e-3) continue;
            const gain = (gl * gl) / (hl + options.lambda) + (gr * gr) / (hr + options.lambda) - parent;
            if (gain > best.gain) best = { gain, f, b };
          }
        }
        if (best.f === -1) return id;
        const col = binned[best.f]!;
        const left: number[] = [];
        const right: number[] = [];
        for (const i of rows) (col[i]! <= best.b ? left : right).push(i);
        if (left.length < options.minChild || right.length < options.minChild) return id;
        tree.feature[id] = best.f;
        tree.threshold[id] = cutPoints[best.f]![best.b]!;
        tree.left[id] = grow(Int32Array.from(left), depth + 1);
        tree.right[id] = grow(Int32Array.from(right), depth + 1);
        return id;
      };
      grow(Int32Array.from({ length: n }, (_, i) => i), 0);
      // update this class's scores
      for (let i = 0; i < n; i++) {
        let node = 0;
        while (tree.feature[node]! !== -1) node = x[i]![tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        scores[c]![i]! += tree.value[node]!;
      }
      trees.push(tree);
    }
    rounds.push(trees);
  }
  return rounds;
}
