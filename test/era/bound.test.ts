// The entropy bound ERA proves, as a property of our kernels: H(softmax(eraSoftmax(z))) ≥ H₀ for
// adversarial logits across D and the whole valid H₀ interval; the Gaussian entropy equals H₀ + δ
// without clipping and exceeds it with clipping.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LN_SQRT_2PI_E, eraGaussian, eraSoftmax, reference, validH0Interval } from '../../src/era/index.ts';
import { TOL, rng, rowEntropies, useBackend } from './helpers.ts';

/** Rows that push the output toward its entropy floor: one-hot, near one-hot, huge, tied and random. */
function adversarialRows(d: number, seed: number): Float32Array[] {
  const r = rng(seed);
  const rows: Float32Array[] = [];
  const hot = (v: number, rest: number) => {
    const z = new Float32Array(d).fill(rest);
    z[Math.floor(r() * d)] = v;
    return z;
  };
  rows.push(hot(0, -Infinity), hot(0, -1e4), hot(50, 0), hot(1e30, -1e30), hot(20, 19.9), hot(3e38, 0));
  const tied = new Float32Array(d).fill(-20);
  tied[0] = tied[d - 1] = 7; // two winners
  rows.push(tied, new Float32Array(d).fill(5)); // uniform
  for (let i = 0; i < 4; i++) rows.push(Float32Array.from({ length: d }, () => (r() * 2 - 1) * 10 ** (i - 1)));
  return rows;
}

/** Nine H₀ values spread over the open valid interval, edges included up to a hair. */
function h0Grid(d: number): number[] {
  const { min, max } = validH0Interval(d);
  const eps = 1e-3 * (max - min);
  return Array.from({ length: 9 }, (_, i) => min + eps + ((max - min - 2 * eps) * i) / 8);
}

describe('classification: entropy after ERA ≥ H₀ (webgpu kernels)', () => {
  it.each([2, 3, 10, 100, 1000, 32768].flatMap((d) => (['official', 'exact'] as const).map((inv) => [d, inv] as const)))(
    'D = %i, %s inverse, adversarial rows × 9 values of H₀',
    async (d, inverse) => {
      await useBackend('webgpu');
      const rows = adversarialRows(d, d);
      const flat = new Float32Array(rows.length * d);
      rows.forEach((row, i) => flat.set(row, i * d));
      const z = tf.tensor2d(flat, [rows.length, d]);
      for (const h0 of h0Grid(d)) {
        const out = eraSoftmax(z, { h0, inverse });
        const data = await out.data();
        out.dispose();
        const h = rowEntropies(data, rows.length, d);
        const worst = Math.min(...h);
        expect(worst, `D=${d} H0=${h0}`).toBeGreaterThanOrEqual(h0 - 1e-5);
        // One-hot rows sit on the floor the reference computes (shared/ERA.md's table).
        expect(h[0]).toBeCloseTo(reference.softmaxEraEntropyFloor(d, { h0, inverse }), 4);
      }
      z.dispose();
    },
  );

  it("the reference's one-hot floors match shared/ERA.md's table (official inverse)", () => {
    const table: Array<[number, number, number]> = [
      [2, 0, 0.081],
      [2, 0.3, 0.448],
      [2, 0.6, 0.688],
      [10, 0, 0.094],
      [10, 0.3, 0.535],
      [10, 0.6, 0.982],
      [10, 1, 1.536],
      [10, 2, 2.274],
      [100, 0, 0.115],
      [100, 0.6, 1.199],
      [100, 2, 3.616],
      [1000, 0, 0.144],
      [1000, 1, 2.423],
      [1000, 2, 4.712],
    ];
    for (const [d, h0, floor] of table) {
      expect(reference.softmaxEraEntropyFloor(d, { h0 })).toBeCloseTo(floor, 3);
    }
  });
});

describe('Gaussian: entropy = H₀ + δ without clipping, ≥ H₀ + δ with it (webgpu kernels)', () => {
  it.each([1, 2, 6, 17, 61])('D = %i', async (d) => {
    await useBackend('webgpu');
    const r = rng(d);
    const rows = 64;
    const sHat = Float32Array.from({ length: rows * d }, (_, i) => (r() * 2 - 1) * (i % 3 === 0 ? 30 : 2));
    const mu = tf.zeros([rows, d]) as tf.Tensor2D;
    const s = tf.tensor2d(sHat, [rows, d]);
    for (const [h0, delta] of [
      [0.25 * d, 0],
      [-d, 0.7],
      [-8 * d + 0.5, 0],
      [-40 * d, 0],
      [1.4 * d, 0.0189 * d],
    ]) {
      const { logStd, mu: muOut } = eraGaussian(mu, s, { h0, delta });
      const ls = await logStd.data();
      tf.dispose([logStd, muOut]);
      const ref = reference.eraGaussianForward(new Float64Array(rows * d), sHat, rows, d, { h0, delta });
      for (let row = 0; row < rows; row++) {
        let h = d * LN_SQRT_2PI_E;
        let clipped = false;
        for (let i = 0; i < d; i++) {
          h += ls[row * d + i];
          clipped ||= ref.clipped[row * d + i] === 1;
        }
        const target = h0 + delta;
        const slack = TOL.abs * d + TOL.rel * Math.abs(target);
        if (clipped) expect(h).toBeGreaterThanOrEqual(target - slack);
        else expect(Math.abs(h - target)).toBeLessThanOrEqual(slack);
      }
    }
    tf.dispose([mu, s]);
  });
});
