// The explorer's numbers: one forward pass of each ERA variant on the user's inputs. On WebGPU it calls the
// ERA ops (our kernels on TF.js's device); without WebGPU, the float64 CPU reference. No DOM here, so the
// same functions are unit-tested in Node on both engines.
import * as tf from '@tensorflow/tfjs';
import { useEngineBackend } from '../../engine/tf-backend.ts';
import {
  type InverseKind,
  LN_SQRT_2PI_E,
  eraGaussian,
  eraSoftmax,
  eraKernelStats,
  eraTokens,
  reference,
} from '../../../era/index.ts';

export type ComputeEngine = 'webgpu' | 'cpu-reference';

function entropyOf(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
}

function softmax(z: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let i = 0; i < z.length; i++) m = Math.max(m, z[i]);
  const out = new Float64Array(z.length);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += out[i] = Math.exp(z[i] - m);
  for (let i = 0; i < z.length; i++) out[i] /= s;
  return out;
}

/** Row-wise softmax and entropy of a [rows × d] tensor, read back in one go (0·log 0 counted as 0). */
async function softmaxAndEntropy(z: tf.Tensor2D): Promise<{ p: Float32Array; h: Float32Array }> {
  const [p, h] = tf.tidy(() => {
    const logp = tf.logSoftmax(z);
    const p = tf.exp(logp);
    const h = tf.neg(tf.sum(tf.where(tf.greater(p, 0), tf.mul(p, logp), tf.zerosLike(p)), 1));
    return [p, h];
  });
  try {
    return { p: (await p.data()) as Float32Array, h: (await h.data()) as Float32Array };
  } finally {
    p.dispose();
    h.dispose();
  }
}

// ---------------------------------------------------------------------------------------------

export interface ClassificationInput {
  logits: readonly number[];
  temperature: number;
  h0: number;
  inverse: InverseKind;
}

export interface ClassificationResult {
  pBefore: number[];
  pAfter: number[];
  entropyBefore: number;
  entropyAfter: number;
  /** ERA's output entropy for a one-hot input: the lowest it can produce at this D and H₀. */
  oneHotFloor: number;
  engine: ComputeEngine;
  /** ERA WGSL dispatches this computation recorded (0 on the CPU reference or the composed fallback). */
  wgslDispatches: number;
}

export async function computeClassification(input: ClassificationInput, engine: ComputeEngine): Promise<ClassificationResult> {
  const d = input.logits.length;
  const scaled = input.logits.map((z) => z / input.temperature);
  const oneHot = Array.from({ length: d }, (_, i) => (i === 0 ? 0 : -Infinity));
  if (engine === 'cpu-reference') {
    const opts = { h0: input.h0, inverse: input.inverse };
    const pBefore = softmax(scaled);
    const pAfter = softmax(reference.eraSoftmax(scaled, 1, d, opts));
    return {
      pBefore: Array.from(pBefore),
      pAfter: Array.from(pAfter),
      entropyBefore: entropyOf(pBefore),
      entropyAfter: entropyOf(pAfter),
      oneHotFloor: reference.softmaxEraEntropyFloor(d, opts),
      engine,
      wgslDispatches: 0,
    };
  }
  await useEngineBackend();
  // Row 0: the user's logits; row 1: one-hot (−∞ elsewhere) for the floor. One ERA dispatch for both.
  const z = tf.tensor2d([scaled, oneHot], [2, d]);
  const dispatchesBefore = eraKernelStats.dispatches;
  const after = eraSoftmax(z, { h0: input.h0, inverse: input.inverse });
  const wgslDispatches = eraKernelStats.dispatches - dispatchesBefore;
  try {
    const before = await softmaxAndEntropy(z);
    const out = await softmaxAndEntropy(after);
    return {
      pBefore: Array.from(before.p.subarray(0, d)),
      pAfter: Array.from(out.p.subarray(0, d)),
      entropyBefore: before.h[0],
      entropyAfter: out.h[0],
      oneHotFloor: out.h[1],
      engine,
      wgslDispatches,
    };
  } finally {
    z.dispose();
    after.dispose();
  }
}

// ---------------------------------------------------------------------------------------------

export interface GaussianInput {
  sigmaHat: readonly number[];
  h0: number;
  delta: number;
  logStdMin: number;
  logStdMax: number;
}

export interface GaussianResult {
  /** σ without ERA: exp(clip(σ̂, ln σ_min, ln σ_max)), a plain log-std head. */
  sigmaBefore: number[];
  sigmaAfter: number[];
  entropyBefore: number;
  entropyAfter: number;
  /** H₀ + δ: what ERA's Gaussian entropy equals before the lower clip raises it. */
  target: number;
  engine: ComputeEngine;
  /** ERA WGSL dispatches this computation recorded (0 on the CPU reference or the composed fallback). */
  wgslDispatches: number;
}

function gaussianEntropy(logStd: ArrayLike<number>): number {
  let h = logStd.length * LN_SQRT_2PI_E;
  for (let i = 0; i < logStd.length; i++) h += logStd[i];
  return h;
}

export async function computeGaussian(input: GaussianInput, engine: ComputeEngine): Promise<GaussianResult> {
  const d = input.sigmaHat.length;
  const logStdBefore = input.sigmaHat.map((s) => Math.min(Math.max(s, input.logStdMin), input.logStdMax));
  const opts = { h0: input.h0, delta: input.delta, logStdMin: input.logStdMin, logStdMax: input.logStdMax };
  let logStdAfter: ArrayLike<number>;
  let wgslDispatches = 0;
  if (engine === 'cpu-reference') {
    logStdAfter = reference.eraGaussian(new Float64Array(d), input.sigmaHat, 1, d, opts).logStd;
  } else {
    await useEngineBackend();
    const mu = tf.zeros([1, d]) as tf.Tensor2D;
    const s = tf.tensor2d([input.sigmaHat as number[]], [1, d]);
    const dispatchesBefore = eraKernelStats.dispatches;
    const out = eraGaussian(mu, s, opts);
    wgslDispatches = eraKernelStats.dispatches - dispatchesBefore;
    try {
      logStdAfter = await out.logStd.data();
    } finally {
      tf.dispose([mu, s, out.mu, out.logStd]);
    }
  }
  return {
    sigmaBefore: logStdBefore.map(Math.exp),
    sigmaAfter: Array.from(logStdAfter, Math.exp),
    entropyBefore: gaussianEntropy(logStdBefore),
    entropyAfter: gaussianEntropy(logStdAfter),
    target: input.h0 + input.delta,
    engine,
    wgslDispatches,
  };
}

// ---------------------------------------------------------------------------------------------

export interface TokensInput {
  /** [length × vocab] logits of one response, row-major. */
  logits: readonly number[];
  length: number;
  vocab: number;
  advantage: number;
  k: number;
  omegaLow: number;
  omegaHigh: number;
  scaleAdvantages: boolean;
}

export interface TokensResult {
  /** Per token: the distribution before and after ERA. */
  pBefore: number[][];
  pAfter: number[][];
  tokenEntropyBefore: number[];
  tokenEntropyAfter: number[];
  /** H_resp: the mean of the top max(1, ⌊0.2·L⌋) token entropies (before ERA). */
  responseEntropy: number;
  /** −1 flatten, 0 keep, 1 sharpen. */
  case: -1 | 0 | 1;
  advantageAfter: number;
  engine: ComputeEngine;
  /** ERA WGSL dispatches this computation recorded (0 on the CPU reference or the composed fallback). */
  wgslDispatches: number;
}

function rows(flat: ArrayLike<number>, n: number, v: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: v }, (_, j) => flat[i * v + j]));
}

export async function computeTokens(input: TokensInput, engine: ComputeEngine): Promise<TokensResult> {
  const { length: t, vocab: v } = input;
  const opts = { k: input.k, omegaLow: input.omegaLow, omegaHigh: input.omegaHigh, scaleAdvantages: input.scaleAdvantages };
  if (engine === 'cpu-reference') {
    const r = reference.eraTokens(input.logits, [input.advantage], [t], [1, t, v], opts);
    const pBefore = rows(input.logits, t, v).map((z) => Array.from(softmax(z)));
    const pAfter = rows(r.logits, t, v).map((z) => Array.from(softmax(z)));
    return {
      pBefore,
      pAfter,
      tokenEntropyBefore: pBefore.map(entropyOf),
      tokenEntropyAfter: pAfter.map(entropyOf),
      responseEntropy: r.responseEntropy[0],
      case: r.case[0] as -1 | 0 | 1,
      advantageAfter: r.advantages[0],
      engine,
      wgslDispatches: 0,
    };
  }
  await useEngineBackend();
  const z = tf.tensor3d(input.logits as number[], [1, t, v]);
  const a = tf.tensor1d([input.advantage]);
  const dispatchesBefore = eraKernelStats.dispatches;
  const r = eraTokens(z, a, [t], opts);
  const wgslDispatches = eraKernelStats.dispatches - dispatchesBefore;
  const z2 = z.reshape([t, v]) as tf.Tensor2D;
  const out2 = r.logits.reshape([t, v]) as tf.Tensor2D;
  try {
    const before = await softmaxAndEntropy(z2);
    const after = await softmaxAndEntropy(out2);
    const [hResp, kase, adv] = await Promise.all([r.responseEntropy.data(), r.case.data(), r.advantages.data()]);
    return {
      pBefore: rows(before.p, t, v),
      pAfter: rows(after.p, t, v),
      tokenEntropyBefore: Array.from(before.h),
      tokenEntropyAfter: Array.from(after.h),
      responseEntropy: hResp[0],
      case: kase[0] as -1 | 0 | 1,
      advantageAfter: adv[0],
      engine,
      wgslDispatches,
    };
  } finally {
    tf.dispose([z, a, z2, out2, r.logits, r.advantages, r.responseEntropy, r.case]);
  }
}
