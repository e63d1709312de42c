// Random sweeps of the TF.js ops on the webgpu backend (our WGSL) against the float64 reference:
// many widths and row counts, logit scales from 1e-3 to 1e3, ±1000 and −∞ entries; gradients through
// tf.grad against the reference VJP and against central finite differences of the reference forward.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { eraGaussian, eraKernelStats, eraSoftmax, eraTokens, reference, validH0Interval } from '../../src/era/index.ts';
import { setLayoutPolicy } from '../../src/era/kernels.ts';
import { maxAbsDiff, rng, useBackend, worstRatio } from './helpers.ts';

// Both layouts on any adapter: 'gpu' runs wide rows in segments, 'cpu' one thread per row.
afterAll(() => setLayoutPolicy('auto'));

const SCALES = [1e-3, 1, 30, 1e3];

/** Float32-representable logits: row r uses scale SCALES[r % 4]; some rows get ±1000 and −∞ entries. */
function makeLogits(rows: number, d: number, seed: number): Float32Array {
  const r = rng(seed);
  const z = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    const scale = SCALES[i % SCALES.length];
    for (let j = 0; j < d; j++) z[i * d + j] = (r() * 2 - 1) * scale;
    if (i % 5 === 1) z[i * d + Math.floor(r() * d)] = 1000;
    if (i % 5 === 2) z[i * d + Math.floor(r() * d)] = -1000;
    if (i % 5 === 3 && d > 2) z[i * d + Math.floor(r() * d)] = -Infinity; // a masked logit
  }
  return z;
}

/** Upstream gradients with zero row sums, so the loss Σ G·out ignores the (gradient-free) row-min shift. */
function makeUpstream(rows: number, d: number, seed: number): Float32Array {
  const r = rng(seed);
  const g = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += g[i * d + j] = r() - 0.5;
    for (let j = 0; j < d; j++) g[i * d + j] = Math.fround(g[i * d + j] - s / d);
  }
  return g;
}

/** Runs op(x) and tf.grad of Σ G·op(x) on the webgpu backend; returns both as arrays. */
async function forwardAndGrad(op: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, g: tf.Tensor): Promise<[Float32Array, Float32Array]> {
  const before = eraKernelStats.dispatches;
  const out = op(x);
  const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(op(t), g)))(x);
  const res = (await Promise.all([out.data(), grad.data()])) as [Float32Array, Float32Array];
  tf.dispose([out, grad]);
  expect(eraKernelStats.dispatches).toBeGreaterThan(before);
  return res;
}

/** Central differences of Σ G·f(x) in float64 on the reference, for the first `rows` rows. */
function centralDifferences(f: (x: Float64Array) => Float64Array, x: Float64Array, g: ArrayLike<number>, count: number): Float64Array {
  const h = 1e-6;
  const out = new Float64Array(count);
  const dot = (y: Float64Array) => y.reduce((s, v, i) => s + (Number.isFinite(v) ? v * g[i] : 0), 0);
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(x[i])) continue; // a masked logit has gradient 0
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[i] += h;
    xm[i] -= h;
    out[i] = (dot(f(xp)) - dot(f(xm))) / (2 * h);
  }
  return out;
}

describe.each(['gpu', 'cpu'] as const)('classification ERA sweep, %s layout policy (webgpu kernels vs float64 reference)', (policy) => {
  beforeAll(() => setLayoutPolicy(policy));
  const cases: Array<[number, number]> = [
    // Widths on both sides of the layout switch at 64 (one thread per row → segments) and of several
    // segment widths (4 threads per row at D = 65, 64 at 2048, 128 at 2049 and 4096, 256 at 32768).
    [2, 4096],
    [3, 1000],
    [10, 4096],
    [64, 257],
    [65, 64],
    [100, 512],
    [1000, 64],
    [2048, 8],
    [2049, 8],
    [4096, 16],
    [32768, 4],
    [152064, 2],
  ];
  it.each(cases.flatMap(([d, rows]) => (['official', 'exact'] as const).map((inv) => [d, rows, inv] as const)))(
    'D = %i, %i rows, %s inverse',
    async (d, rows, inverse) => {
      await useBackend('webgpu');
      const { min, max } = validH0Interval(d);
      const h0 = Math.min(0.6, min + 0.8 * (max - min));
      const opts = { h0, inverse };
      const zf = makeLogits(rows, d, d * 7 + rows);
      const gf = makeUpstream(rows, d, d + 1);
      const z = tf.tensor2d(zf, [rows, d]);
      const g = tf.tensor2d(gf, [rows, d]);
      const [out, grad] = await forwardAndGrad((x) => eraSoftmax(x as tf.Tensor2D, opts), z, g);
      tf.dispose([z, g]);
      expect(worstRatio(out, reference.eraSoftmax(zf, rows, d, opts))).toBeLessThanOrEqual(1);
      expect(worstRatio(grad, reference.eraSoftmaxBackward(zf, gf, rows, d, opts))).toBeLessThanOrEqual(1);
      if (d <= 100) {
        // Finite differences on two rows (O(D²) work): a moderate row and a masked one.
        for (const row of [0, 3]) {
          if (row >= rows) continue;
          const x = Float64Array.from(zf.subarray(row * d, row * d + d));
          const gr = gf.subarray(row * d, row * d + d);
          const fd = centralDifferences((y) => reference.eraSoftmax(y, 1, d, opts), x, gr, d);
          expect(worstRatio(grad.subarray(row * d, row * d + d), fd)).toBeLessThanOrEqual(1);
        }
      }
    },
  );
});

describe('Gaussian ERA sweep (webgpu kernels vs float64 reference)', () => {
  beforeAll(() => setLayoutPolicy('gpu'));
  it.each([
    [1, 64],
    [2, 1000],
    [6, 4096],
    [17, 33],
    [64, 100],
    [65, 100],
    [61, 4096],
    [300, 20],
  ] as const)('D = %i, %i rows, with and without clipping, δ > 0', async (d, rows) => {
    await useBackend('webgpu');
    for (const [h0, delta] of [
      [0.25 * d, 0],
      [-d, 0.5],
      [-9 * d, 0],
    ] as const) {
      const opts = { h0, delta };
      const s = makeLogits(rows, d, d * 3 + rows).map((x) => (Number.isFinite(x) ? Math.max(-50, Math.min(50, x)) : 0));
      const gf = makeUpstream(rows, d, d);
      const mu = tf.zeros([rows, d]);
      const st = tf.tensor2d(s, [rows, d]);
      const g = tf.tensor2d(gf, [rows, d]);
      const [out, grad] = await forwardAndGrad((x) => eraGaussian(mu as tf.Tensor2D, x as tf.Tensor2D, opts).logStd, st, g);
      tf.dispose([mu, st, g]);
      const ref = reference.eraGaussianForward(new Float64Array(rows * d), s, rows, d, opts);
      expect(worstRatio(out, ref.logStd)).toBeLessThanOrEqual(1);
      expect(worstRatio(grad, reference.eraGaussianBackward(s, gf, rows, d, opts))).toBeLessThanOrEqual(1);
      if (d > 1 && d <= 32) {
        const x = Float64Array.from(s.subarray(0, d));
        const fd = centralDifferences((y) => reference.eraGaussian(new Float64Array(d), y, 1, d, opts).logStd, x, gf.subarray(0, d), d);
        // Away from a clip boundary the central difference is smooth.
        expect(maxAbsDiff(grad.subarray(0, d), fd)).toBeLessThan(1e-4 * (1 + Math.abs(opts.h0)));
      }
    }
  });
});

describe.each(['gpu', 'cpu'] as const)('token ERA sweep, %s layout policy (webgpu kernels vs float64 reference)', (policy) => {
  beforeAll(() => setLayoutPolicy(policy));
  it.each([
    [8, 16, 10],
    [5, 9, 1000],
    [3, 64, 33],
    [2, 5, 40000],
    [32, 64, 32],
  ] as const)('[%i, %i, %i] with random lengths, advantages and thresholds', async (n, t, v) => {
    await useBackend('webgpu');
    const r = rng(n * t * v);
    const z = makeLogits(n * t, v, v).map((x, i) => (i % 7 === 0 ? x : x / 100));
    const lengths = Array.from({ length: n }, (_, i) => (i === 0 ? t : 1 + Math.floor(r() * t)));
    const adv = Float32Array.from({ length: n }, () => r() * 2 - 0.7);
    const refPlain = reference.eraTokens(z, adv, lengths, [n, t, v], { omegaLow: 0, omegaHigh: 1e9 });
    // Thresholds between the sampled response entropies so that all cases occur.
    const hs = Array.from(refPlain.responseEntropy).sort((a, b) => a - b);
    const opts = { k: 1.5 + r(), omegaLow: hs[Math.floor(n / 3)] + 1e-3, omegaHigh: hs[Math.floor((2 * n) / 3)] - 1e-3 };
    if (opts.omegaLow > opts.omegaHigh) opts.omegaHigh = opts.omegaLow;
    const ref = reference.eraTokens(z, adv, lengths, [n, t, v], opts);
    const zt = tf.tensor3d(z, [n, t, v]);
    const at = tf.tensor1d(adv);
    const gf = makeUpstream(n * t, v, 5);
    const g = tf.tensor3d(gf, [n, t, v]);
    const out = eraTokens(zt, at, lengths, opts);
    const [logits, grad] = await forwardAndGrad((x) => eraTokens(x as tf.Tensor3D, at, lengths, opts).logits, zt, g);
    const [h, kase, a2] = await Promise.all([out.responseEntropy.data(), out.case.data(), out.advantages.data()]);
    tf.dispose([zt, at, g, out.logits, out.responseEntropy, out.case, out.advantages]);
    expect(Array.from(kase)).toEqual(Array.from(ref.case));
    expect(worstRatio(h, ref.responseEntropy)).toBeLessThanOrEqual(1);
    expect(worstRatio(a2, ref.advantages)).toBeLessThanOrEqual(1);
    expect(worstRatio(logits, ref.logits)).toBeLessThanOrEqual(1);
    expect(worstRatio(grad, reference.eraTokensBackward(gf, ref.logitScale, lengths, [n, t, v]))).toBeLessThanOrEqual(1);
  });
});
