// The released SAC-ERA sampler against an independent float64 reference: the truncated normal's CDF by
// Simpson quadrature of the normal density, inverted by bisection (no erf, no Φ⁻¹ approximation), at
// many (loc, scale, u) including the tails; its pathwise gradients against central finite differences
// of that reference; and the mean and variance of 200k samples against the analytic moments.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { truncatedNormalInverseCdf, truncatedNormalInverseCdfScalar } from '../../src/control/agents/distributions.ts';
import { Rng } from '../../src/util/rng.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Composite Simpson's rule with n (even) intervals. */
function simpson(f: (t: number) => number, a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/**
 * Reference inverse CDF in float64. The density is taken relative to its largest value on [α, β] (at m,
 * the point of the interval nearest 0), so deep tails (α, β ≈ −50) neither underflow nor lose digits;
 * the integration range stops where that relative density falls below e⁻⁸⁰.
 */
function referenceInverseCdf(loc: number, scale: number, u: number, low = -1, high = 1): number {
  const alpha = (low - loc) / scale;
  const beta = (high - loc) / scale;
  const m = alpha > 0 ? alpha : beta < 0 ? beta : 0;
  const reach = Math.sqrt(m * m + 160);
  const lo = Math.max(alpha, -reach);
  const hi = Math.min(beta, reach);
  const density = (t: number) => Math.exp(-(t * t - m * m) / 2);
  const z = simpson(density, lo, hi, 4000);
  let a = lo;
  let b = hi;
  for (let i = 0; i < 60; i++) {
    const mid = (a + b) / 2;
    if (simpson(density, lo, mid, 4000) < u * z) a = mid;
    else b = mid;
  }
  return loc + scale * ((a + b) / 2);
}

const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);

/** Mean and variance of N(loc, scale²) truncated to [−1, 1], with Z by quadrature (float64). */
function analyticMoments(loc: number, scale: number): { mean: number; variance: number } {
  const alpha = (-1 - loc) / scale;
  const beta = (1 - loc) / scale;
  const z = simpson(phi, alpha, beta, 20000);
  const r = (phi(alpha) - phi(beta)) / z;
  return { mean: loc + scale * r, variance: scale * scale * (1 + (alpha * phi(alpha) - beta * phi(beta)) / z - r * r) };
}

const LOCS = [-1.5, -0.999, -0.95, -0.5, 0, 0.3, 0.9, 0.99, 1, 1.5];
const SCALES = [0.05, 0.2, 1, 3];
const US = [1e-6, 1e-3, 0.02, 0.3, 0.5, 0.77, 0.98, 0.999, 1 - 1e-6];

const cases = LOCS.flatMap((loc) => SCALES.flatMap((scale) => US.map((u) => ({ loc, scale, u: Math.fround(u) }))));

describe('truncatedNormalInverseCdf', () => {
  it(`matches the float64 quadrature-and-bisection reference to 2e-3 at ${cases.length} points, tails included`, async () => {
    const col = (k: 'loc' | 'scale' | 'u') =>
      tf.tensor2d(
        cases.map((c) => c[k]),
        [cases.length, 1],
      );
    const [loc, scale, u] = [col('loc'), col('scale'), col('u')];
    const out = truncatedNormalInverseCdf(loc, scale, u);
    const values = await out.data();
    tf.dispose([loc, scale, u, out]);
    let worstTf = 0;
    let worstJs = 0;
    cases.forEach((c, i) => {
      const ref = referenceInverseCdf(c.loc, c.scale, c.u);
      const js = truncatedNormalInverseCdfScalar(c.loc, c.scale, c.u);
      expect(values[i], `tf at loc ${c.loc}, scale ${c.scale}, u ${c.u}: reference ${ref}`).toBeGreaterThanOrEqual(-1);
      expect(values[i]).toBeLessThanOrEqual(1);
      worstTf = Math.max(worstTf, Math.abs(values[i] - ref));
      worstJs = Math.max(worstJs, Math.abs(js - ref));
      expect(Math.abs(values[i] - ref), `tf at loc ${c.loc}, scale ${c.scale}, u ${c.u}: ${values[i]} vs ${ref}`).toBeLessThanOrEqual(2e-3);
      expect(Math.abs(js - ref), `js at loc ${c.loc}, scale ${c.scale}, u ${c.u}: ${js} vs ${ref}`).toBeLessThanOrEqual(2e-3);
    });
    console.log(`truncated normal sampler, max |error| over ${cases.length} points: TF.js ${worstTf.toExponential(2)}, JS ${worstJs.toExponential(2)}`);
  });

  it('returns the interval ends at u = 0 and u = 1 and honours other bounds', async () => {
    const loc = tf.tensor2d([[0.2, 0.2, 3]]);
    const scale = tf.tensor2d([[0.5, 0.5, 0.5]]);
    const u = tf.tensor2d([[0, 1, 0.5]]);
    const out = truncatedNormalInverseCdf(loc, scale, u, -2, 2);
    const v = await out.data();
    tf.dispose([loc, scale, u, out]);
    expect(v[0]).toBe(-2);
    expect(v[1]).toBe(2);
    expect(Math.abs(v[2] - referenceInverseCdf(3, 0.5, 0.5, -2, 2))).toBeLessThanOrEqual(2e-3);
  });

  it('pathwise gradients in loc and scale match central finite differences of the reference', async () => {
    const points = [
      { loc: 0, scale: 1, u: 0.3 },
      { loc: 0.5, scale: 0.2, u: 0.9 },
      { loc: -0.9, scale: 0.05, u: 0.1 },
      { loc: 0.99, scale: 0.05, u: 0.5 },
      { loc: 0.99, scale: 0.05, u: 0.999 },
      { loc: 1.5, scale: 0.05, u: 0.3 },
      { loc: -0.3, scale: 3, u: 0.02 },
      { loc: 0.7, scale: 0.5, u: 0.6 },
    ].map((p) => ({ ...p, u: Math.fround(p.u) }));
    const n = points.length;
    const loc = tf.tensor2d(
      points.map((p) => p.loc),
      [n, 1],
    );
    const scale = tf.tensor2d(
      points.map((p) => p.scale),
      [n, 1],
    );
    const u = tf.tensor2d(
      points.map((p) => p.u),
      [n, 1],
    );
    const [gLoc, gScale] = tf.grads((l: tf.Tensor, s: tf.Tensor) => tf.sum(truncatedNormalInverseCdf(l as tf.Tensor2D, s as tf.Tensor2D, u)))([loc, scale]);
    const [dl, ds] = await Promise.all([gLoc.data(), gScale.data()]);
    tf.dispose([loc, scale, u, gLoc, gScale]);
    const h = 1e-4;
    points.forEach((p, i) => {
      const refLoc = (referenceInverseCdf(p.loc + h, p.scale, p.u) - referenceInverseCdf(p.loc - h, p.scale, p.u)) / (2 * h);
      const refScale = (referenceInverseCdf(p.loc, p.scale + h, p.u) - referenceInverseCdf(p.loc, p.scale - h, p.u)) / (2 * h);
      expect(Math.abs(dl[i] - refLoc), `∂/∂loc at ${JSON.stringify(p)}: ${dl[i]} vs ${refLoc}`).toBeLessThanOrEqual(2e-3 * Math.max(1, Math.abs(refLoc)));
      expect(Math.abs(ds[i] - refScale), `∂/∂scale at ${JSON.stringify(p)}: ${ds[i]} vs ${refScale}`).toBeLessThanOrEqual(
        2e-3 * Math.max(1, Math.abs(refScale)),
      );
    });
  });

  it('gradients stay finite over the whole grid and at the smallest ERA scale e⁻⁸', async () => {
    const grid = [...cases, ...LOCS.flatMap((loc) => US.map((u) => ({ loc, scale: Math.exp(-8), u: Math.fround(u) })))];
    const n = grid.length;
    const loc = tf.tensor2d(
      grid.map((p) => p.loc),
      [n, 1],
    );
    const scale = tf.tensor2d(
      grid.map((p) => p.scale),
      [n, 1],
    );
    const u = tf.tensor2d(
      grid.map((p) => p.u),
      [n, 1],
    );
    const [gLoc, gScale] = tf.grads((l: tf.Tensor, s: tf.Tensor) => tf.sum(truncatedNormalInverseCdf(l as tf.Tensor2D, s as tf.Tensor2D, u)))([loc, scale]);
    const values = [...(await gLoc.data()), ...(await gScale.data())];
    tf.dispose([loc, scale, u, gLoc, gScale]);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('200k samples have the truncated normal’s mean and variance (within 5 standard errors)', async () => {
    const settings = [
      { loc: 0, scale: 1 },
      { loc: 0.9, scale: 0.3 },
      { loc: -0.99, scale: 0.05 },
      { loc: 1.5, scale: 0.5 },
    ];
    const n = 200_000;
    const rng = new Rng(7);
    for (const { loc, scale } of settings) {
      const uniforms = new Float32Array(n);
      for (let i = 0; i < n; i++) uniforms[i] = rng.uniform();
      const u = tf.tensor2d(uniforms, [n, 1]);
      const l = tf.fill([n, 1], loc) as tf.Tensor2D;
      const s = tf.fill([n, 1], scale) as tf.Tensor2D;
      const out = truncatedNormalInverseCdf(l, s, u);
      const x = await out.data();
      tf.dispose([u, l, s, out]);
      let mean = 0;
      for (const v of x) mean += v / n;
      let m2 = 0;
      let m4 = 0;
      for (const v of x) {
        const d2 = (v - mean) ** 2;
        m2 += d2 / n;
        m4 += (d2 * d2) / n;
      }
      const want = analyticMoments(loc, scale);
      const seMean = Math.sqrt(m2 / n);
      const seVar = Math.sqrt((m4 - m2 * m2) / n);
      expect(Math.abs(mean - want.mean), `mean at loc ${loc}, scale ${scale}: ${mean} vs ${want.mean}`).toBeLessThan(5 * seMean);
      expect(Math.abs(m2 - want.variance), `variance at loc ${loc}, scale ${scale}: ${m2} vs ${want.variance}`).toBeLessThan(5 * seVar);
    }
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const loc = tf.tensor2d([[0.3, -0.2]]);
    const scale = tf.tensor2d([[0.1, 0.4]]);
    const u = tf.tensor2d([[0.2, 0.8]]);
    tf.dispose([truncatedNormalInverseCdf(loc, scale, u), loc, scale, u]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
