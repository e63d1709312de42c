// The project's one seeded random number generator: mulberry32, a tiny well-mixed 32-bit PRNG. The
// same seed gives the same stream on every platform and backend, so data, batch order, weights,
// environments, prompts and example inputs are reproducible from a seed in the page, the worker and
// the headless runners alike. Two forms of the same generator:
//   - `mulberry32(seed)`: a bare `() => number` (the classification lab's data and batch order);
//   - `Rng`: an object with the draws the RL labs need (ranges, normals, Gumbel noise, child seeds).

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bare uniform generator on [0, 1). */
export type UniformSource = () => number;

/** Derives an independent stream for a named purpose (batch order, augmentation, …) from one seed. */
export function deriveSeed(seed: number, purpose: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** An integer in [0, n). */
export function randInt(rng: UniformSource, n: number): number {
  return Math.floor(rng() * n);
}

/** Standard normal (Box–Muller; two uniforms per draw, 1 − u keeps the log finite). */
export function gaussian(rng: UniformSource): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(rng: UniformSource, n: number): Int32Array {
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

/** mulberry32 seeded from any number, with the draws the training code needs. */
export class Rng {
  /** Uniform in [0, 1). */
  readonly uniform: UniformSource;

  constructor(seed: number) {
    // The xor keeps seed 0 away from mulberry32's all-zero starting state.
    this.uniform = mulberry32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** An integer in [lo, hi], both ends included. */
  intIn(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** A non-negative 31-bit integer: a seed for TF.js's random ops or for a child network. */
  seed31(): number {
    return Math.floor(this.uniform() * 2147483647);
  }

  /** Standard normal. */
  normal(): number {
    return gaussian(this.uniform);
  }

  /** Fills `out` with standard Gumbel noise: argmax(logits + g) is a sample from softmax(logits). */
  gumbel(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = -Math.log(-Math.log(1 - this.uniform() * (1 - 1e-12)));
    return out;
  }

  /** A child generator, so independent streams (prompts, weights, sampling) derive from one run seed. */
  fork(): Rng {
    return new Rng(Math.floor(this.uniform() * 4294967296));
  }
}
