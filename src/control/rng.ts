// Seeded pseudo-random numbers (mulberry32 + Box–Muller): environments and agents are reproducible from a seed.
import { mulberry32 } from '../util/mulberry32.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Standard normal. */
  normal(): number;
  /** A 31-bit integer, e.g. to seed TF.js's random ops. */
  int(): number;
}

export function makeRng(seed: number): Rng {
  const uniform = mulberry32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
  let spare: number | undefined;
  return {
    uniform,
    range: (lo, hi) => lo + (hi - lo) * uniform(),
    normal: () => {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      const u1 = 1 - uniform(); // (0, 1]: log is finite
      const u2 = uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    int: () => Math.floor(uniform() * 2147483647),
  };
}
