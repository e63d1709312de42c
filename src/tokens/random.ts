// A small seeded PRNG (mulberry32): the same seed gives the same prompts, weights and samples on every
// backend, because every random number is drawn here on the CPU and only then uploaded.
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Standard Gumbel noise: argmax(logits + g) is a sample from softmax(logits). */
  gumbel(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = -Math.log(-Math.log(1 - this.next() * (1 - 1e-12)));
    return out;
  }

  /** A child seed, so independent streams (prompts, weights, sampling) derive from one run seed. */
  fork(): Rng {
    return new Rng(Math.floor(this.next() * 4294967296));
  }
}
