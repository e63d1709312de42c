// Every vector of shared/era-vectors.json, through the float64 reference, the bare-device WGSL kernels,
// and the TF.js ops on both the webgpu backend (our kernels) and the cpu backend (the composed fallback).
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { eraGaussian, eraKernelStats, eraSoftmax, eraTokens, reference } from '../../src/era/index.ts';
import { createEraDeviceKernels, type EraDeviceKernels } from '../../src/era/device-kernels.ts';
import { requestGpu } from '../../src/gpu/device.ts';
import { VECTORS_FIXTURE, VECTORS_SHARED, loadVectors, maxAbsDiff, record, rowEntropies, useBackend, worstRatio, worstSeen } from './helpers.ts';

const { vectors } = loadVectors();
const cls = vectors.filter((v) => v.variant === 'classification');
const gauss = vectors.filter((v) => v.variant === 'gaussian');
const llm = vectors.filter((v) => v.variant === 'llm');
const INVERSES = [
  ['official', 'approx_official'],
  ['exact', 'exact_lambertw'],
] as const;

let kernels: EraDeviceKernels;
beforeAll(async () => {
  kernels = createEraDeviceKernels((await requestGpu()).device);
});
afterAll(() => {
  kernels.destroy();
  console.log('largest abs error vs float64 vectors:', Object.fromEntries(worstSeen));
});

it('the committed fixture equals shared/era-vectors.json wherever ../shared exists', () => {
  if (!existsSync(VECTORS_SHARED)) return; // a fresh clone without ../shared: the fixture is the source
  expect(readFileSync(VECTORS_FIXTURE, 'utf8')).toBe(readFileSync(VECTORS_SHARED, 'utf8'));
});

it('has vectors of every variant', () => {
  expect(cls.length).toBeGreaterThanOrEqual(5);
  expect(gauss.length).toBeGreaterThanOrEqual(3);
  expect(llm.length).toBe(3);
});

/** d/dz of CE(softmax(out), label) is softmax(out) − onehot(label): the upstream gradient G. */
function ceUpstream(out: ArrayLike<number>, label: number): number[] {
  const m = Math.max(...Array.from(out));
  const e = Array.from(out, (x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x, i) => x / s - (i === label ? 1 : 0));
}

describe.each(cls.flatMap((v) => INVERSES.map(([inv, key]) => [`${v.name} (${inv})`, v, inv, key] as const)))('classification %s', (_name, v, inverse, key) => {
  const z: number[] = v.inputs.z;
  const d = z.length;
  const opts = { h0: v.inputs.H0, tau: v.inputs.tau, inverse };
  const want = v[key];

  it('float64 reference matches to 1e-9', () => {
    const out = reference.eraSoftmax(z, 1, d, opts);
    expect(worstRatio(out, want.z_prime_shifted, { abs: 1e-9, rel: 1e-9 })).toBeLessThanOrEqual(1);
    expect(Math.abs(rowEntropies(out, 1, d)[0] - want.entropy)).toBeLessThan(1e-9);
    const g = reference.eraSoftmaxBackward(z, ceUpstream(out, v.inputs.label), 1, d, opts);
    expect(worstRatio(g, want.grad_ce_wrt_z, { abs: 1e-9, rel: 1e-9 })).toBeLessThanOrEqual(1);
    // The analytic gradient also agrees with the vectors' finite differences.
    expect(worstRatio(g, want.grad_fd, { abs: 1e-7, rel: 1e-6 })).toBeLessThanOrEqual(1);
  });

  it('WGSL kernels (bare device) match within 1e-5', async () => {
    const out = await kernels.softmax(z, 1, d, opts);
    expect(worstRatio(out, want.z_prime_shifted)).toBeLessThanOrEqual(1);
    expect(Math.abs(rowEntropies(out, 1, d)[0] - want.entropy)).toBeLessThan(1e-5);
    const g = await kernels.softmaxBackward(z, ceUpstream(want.z_prime_shifted, v.inputs.label), 1, d, opts);
    expect(worstRatio(g, want.grad_ce_wrt_z)).toBeLessThanOrEqual(1);
    record(`era_softmax forward (${inverse})`, maxAbsDiff(out, want.z_prime_shifted));
    record(`era_softmax backward (${inverse})`, maxAbsDiff(g, want.grad_ce_wrt_z));
  });

  it.each(['webgpu', 'cpu'] as const)('TF.js op on %s: output, entropy and tf.grad of the CE loss', async (backend) => {
    await useBackend(backend);
    const before = eraKernelStats.dispatches;
    const zt = tf.tensor2d([z]);
    const label = tf.oneHot([v.inputs.label], d);
    const loss = (x: tf.Tensor) => tf.losses.softmaxCrossEntropy(label, eraSoftmax(x as tf.Tensor2D, opts));
    const out = eraSoftmax(zt, opts);
    const grad = tf.grad(loss)(zt);
    const [o, g] = await Promise.all([out.data(), grad.data()]);
    tf.dispose([zt, label, out, grad]);
    expect(worstRatio(o, want.z_prime_shifted)).toBeLessThanOrEqual(1);
    expect(worstRatio(g, want.grad_ce_wrt_z)).toBeLessThanOrEqual(1);
    // The webgpu backend really ran our WGSL; the cpu backend composed TF.js ops.
    if (backend === 'webgpu') expect(eraKernelStats.dispatches).toBeGreaterThan(before);
    else expect(eraKernelStats.dispatches).toBe(before);
  });
});

describe.each(gauss.map((v) => [v.name, v] as const))('gaussian %s', (_name, v) => {
  const d = v.inputs.s_hat.length;
  const opts = { h0: v.inputs.H0, delta: v.inputs.delta, logStdMin: v.inputs.log_std_min, logStdMax: v.inputs.log_std_max };
  const w: number[] = v.inputs.loss_weights;

  it('float64 reference matches to 1e-9 (log-std, entropy, VJP of Σ w·σ)', () => {
    const f = reference.eraGaussianForward(v.inputs.mu, v.inputs.s_hat, 1, d, opts);
    expect(worstRatio(f.logStd, v.log_std, { abs: 1e-9, rel: 1e-9 })).toBeLessThanOrEqual(1);
    expect(Math.abs(f.entropy[0] - v.H_gauss)).toBeLessThan(1e-9);
    expect(Array.from(f.clipped, Boolean)).toEqual(v.clipped.map(Boolean));
    const upstream = w.map((wi, i) => wi * Math.exp(f.logStd[i])); // ∂(Σ w σ)/∂ln σ = w σ
    const g = reference.eraGaussianBackward(v.inputs.s_hat, upstream, 1, d, opts);
    expect(worstRatio(g, v.grad_wrt_s_hat, { abs: 1e-9, rel: 1e-9 })).toBeLessThanOrEqual(1);
  });

  it('WGSL kernels (bare device) match within 1e-5', async () => {
    const f = await kernels.gaussian(v.inputs.mu, v.inputs.s_hat, 1, d, opts);
    expect(worstRatio(f.logStd, v.log_std)).toBeLessThanOrEqual(1);
    expect(Array.from(f.mu)).toEqual(v.inputs.mu.map(Math.fround));
    const upstream = w.map((wi, i) => wi * v.sigma[i]);
    const g = await kernels.gaussianBackward(v.inputs.s_hat, upstream, 1, d, opts);
    expect(worstRatio(g, v.grad_wrt_s_hat)).toBeLessThanOrEqual(1);
    record('era_gaussian forward', maxAbsDiff(f.logStd, v.log_std));
    record('era_gaussian backward', maxAbsDiff(g, v.grad_wrt_s_hat));
  });

  it.each(['webgpu', 'cpu'] as const)('TF.js op on %s: log-std and tf.grad of Σ w·σ', async (backend) => {
    await useBackend(backend);
    const mu = tf.tensor2d([v.inputs.mu]);
    const s = tf.tensor2d([v.inputs.s_hat]);
    const wt = tf.tensor2d([w]);
    const out = eraGaussian(mu, s, opts);
    const grads = tf.grads((m: tf.Tensor, x: tf.Tensor) => {
      const r = eraGaussian(m as tf.Tensor2D, x as tf.Tensor2D, opts);
      return tf.add(tf.sum(tf.mul(wt, tf.exp(r.logStd))), tf.sum(r.mu));
    })([mu, s]);
    const [ls, mOut, gMu, gS] = await Promise.all([out.logStd.data(), out.mu.data(), grads[0].data(), grads[1].data()]);
    tf.dispose([mu, s, wt, out.mu, out.logStd, ...grads]);
    expect(worstRatio(ls, v.log_std)).toBeLessThanOrEqual(1);
    expect(Array.from(mOut)).toEqual(v.inputs.mu.map(Math.fround));
    expect(Array.from(gMu)).toEqual(v.inputs.mu.map(() => 1)); // μ passes straight through
    expect(worstRatio(gS, v.grad_wrt_s_hat)).toBeLessThanOrEqual(1);
  });
});

describe.each(llm.map((v) => [v.name, v] as const))('token ERA %s', (_name, v) => {
  const z: number[] = v.inputs.z;
  const wantCase = { sharpen: 1, flatten: -1, identity: 0 }[v.case as string]!;

  it('reference: H_resp from the token entropies, the case, and the top-count', () => {
    const te: number[] = v.inputs.token_entropies;
    expect(Math.max(1, Math.floor(0.2 * te.length))).toBe(v.topk_count);
    const h = reference.responseEntropyFromTokens(te);
    expect(h).toBeCloseTo(v.H_resp, 12);
    const c = { k: v.inputs.k, omegaLow: v.inputs.omega_low, omegaHigh: v.inputs.omega_high, scaleAdvantages: v.inputs.adv_scale };
    expect(wantCase).toBe(h < c.omegaLow && v.inputs.advantage > 0 ? 1 : h > c.omegaHigh && v.inputs.advantage > 0 ? -1 : 0);
  });

  // The vectors give token entropies, not the logits behind them; here the response is the vector's
  // logits at one position, with thresholds placed around its entropy so that the vector's case fires.
  const hz = rowEntropies(z, 1, z.length)[0];
  const opts =
    wantCase === 1
      ? { k: v.inputs.k, omegaLow: hz + 0.5, omegaHigh: hz + 1 }
      : wantCase === -1
        ? { k: v.inputs.k, omegaLow: hz - 1, omegaHigh: hz - 0.5 }
        : { k: v.inputs.k, omegaLow: v.inputs.omega_low, omegaHigh: v.inputs.omega_high };

  it('WGSL kernels: scaled logits, rescaled advantage, case', async () => {
    const r = await kernels.tokens(z, [v.inputs.advantage], [1], [1, 1, z.length], opts);
    expect(r.case[0]).toBe(wantCase);
    expect(worstRatio(r.logits, v.z_prime)).toBeLessThanOrEqual(1);
    expect(worstRatio(r.advantages, [v.advantage_prime])).toBeLessThanOrEqual(1);
    expect(Math.abs(r.responseEntropy[0] - hz)).toBeLessThan(1e-5);
    record('era_tokens forward', maxAbsDiff(r.logits, v.z_prime));
  });

  it.each(['webgpu', 'cpu'] as const)('TF.js op on %s: log π′(a) and its gradient w.r.t. z', async (backend) => {
    await useBackend(backend);
    const zt = tf.tensor3d([[z]]);
    const adv = tf.tensor1d([v.inputs.advantage]);
    const logprob = (x: tf.Tensor) =>
      tf
        .logSoftmax(eraTokens(x as tf.Tensor3D, adv, [1], opts).logits)
        .reshape([-1])
        .gather([v.inputs.action])
        .sum();
    const out = eraTokens(zt, adv, [1], opts);
    const lp = logprob(zt);
    const g = tf.grad(logprob)(zt);
    const [zp, a, kase, lpv, gv] = await Promise.all([out.logits.data(), out.advantages.data(), out.case.data(), lp.data(), g.data()]);
    tf.dispose([zt, adv, out.logits, out.advantages, out.case, out.responseEntropy, lp, g]);
    expect(kase[0]).toBe(wantCase);
    expect(worstRatio(zp, v.z_prime)).toBeLessThanOrEqual(1);
    expect(worstRatio(a, [v.advantage_prime])).toBeLessThanOrEqual(1);
    expect(worstRatio(lpv, [v.logprob_full])).toBeLessThanOrEqual(1);
    expect(worstRatio(gv, v.grad_logprob_full_wrt_z)).toBeLessThanOrEqual(1);
    record('era_tokens backward', maxAbsDiff(gv, v.grad_logprob_full_wrt_z));
  });
});
