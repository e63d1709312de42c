// Seeded pseudo-random numbers (mulberry32) so data, batch order and augmentation are reproducible
// from one seed in the page, the worker and the headless runner alike.

export type Rng = () => number;

export { mulberry32 } from '../util/mulberry32.ts';

/** Derives an independent stream for a named purpose (batch order, augmentation, …) from one seed. */
export function deriveSeed(seed: number, purpose: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Standard normal (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
