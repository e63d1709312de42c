// Deterministic example inputs for the explorer: the same seed gives the same logits on every machine,
// so a shared link shows the same picture without listing every number.

import { mulberry32 } from '../../../util/rng.ts';

export const rng = mulberry32;

function normals(next: () => number, n: number): number[] {
  // Box–Muller; 1 − u keeps the log's argument in (0, 1].
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Classification logits: N(0, 2²) per class, rounded as the URL stores them. */
export function exampleLogits(d: number, seed: number): number[] {
  return normals(rng(seed), d).map((x) => round2(Math.max(-20, Math.min(20, 2 * x))));
}

/** One-hot-like logits: class 0 far ahead of the rest. */
export function oneHotLogits(d: number): number[] {
  return Array.from({ length: d }, (_, i) => (i === 0 ? 20 : 0));
}

/** Pre-ERA log-std head outputs σ̂: N(0, 1) per action dimension. */
export function exampleSigmaHat(d: number, seed: number): number[] {
  return normals(rng(seed ^ 0x9e3779b9), d).map((x) => round2(Math.max(-10, Math.min(10, x))));
}

/**
 * Logits of one response, [length × vocab] row-major: N(0, 1) noise plus a margin on one chosen token.
 * Each token's margin is a random multiple of `margin`, so token entropies differ and the top-20 %
 * mean H_resp has something to pick. margin 0 is near-uniform; a large margin is near one-hot.
 */
export function exampleTokenLogits(length: number, vocab: number, seed: number, margin: number): number[] {
  const next = rng(seed ^ 0x85ebca6b);
  const out: number[] = [];
  for (let t = 0; t < length; t++) {
    const boost = margin * (0.5 + 1.5 * next());
    const chosen = Math.floor(next() * vocab);
    out.push(...normals(next, vocab).map((x, i) => x + (i === chosen ? boost : 0)));
  }
  return out;
}

/** Resizes a list to n entries, keeping what is there and filling the rest from `fill`. */
export function resize(list: readonly number[], n: number, fill: readonly number[]): number[] {
  return Array.from({ length: n }, (_, i) => (i < list.length ? list[i] : fill[i]));
}
