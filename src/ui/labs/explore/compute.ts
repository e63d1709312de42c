// The explorer's numbers: one forward pass of each ERA variant on the user's inputs. No DOM here, and no
// TF.js anywhere below: the same functions are unit-tested in Node on both engines.
//
// Where each number comes from on WebGPU ('webgpu'):
// - The ERA outputs come from our WGSL kernels on the engine's own GPUDevice (src/era/device-kernels.ts,
//   through ../../engine/era-kernels.ts, which also counts the dispatches): the classification row z′ and
//   the one-hot row's z′ (era_softmax, one dispatch for both rows), the Gaussian log σ (era_gaussian), and
//   the tokens' scaled logits, H_resp, case and new advantage (era_tokens).
// - The distributions and entropies around them are float64 JS on the CPU: softmax and entropy of the inputs
//   (the "before" side needs no kernel) and of the kernels' float32 outputs (the "after" side and the one-hot
//   floor); the Gaussian entropies are Σ log σ + D·ln√(2πe) of the clipped input and of the kernel's log σ.
// Without WebGPU ('cpu-reference'), the float64 CPU reference (src/era/reference.ts) replaces the kernels.
import { runEraKernels } from '../../engine/era-kernels.ts';
import { type InverseKind, LN_SQRT_2PI_E } from '../../../era/params.ts';
import * as reference from '../../../era/reference.ts';

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
  /** ERA WGSL dispatches this computation recorded (0 on the CPU reference). */
  wgslDispatches: number;
}

export async function computeClassification(input: ClassificationInput, engine: ComputeEngine): Promise<ClassificationResult> {
  const d = input.logits.length;
  const scaled = input.logits.map((z) => z / input.temperature);
  const oneHot = Array.from({ length: d }, (_, i) => (i === 0 ? 0 : -Infinity));
  const opts = { h0: input.h0, inverse: input.inverse };
  // Row 0: the user's logits; row 1: one-hot (−∞ elsewhere) for the floor. One ERA dispatch for both.
  const both = [...scaled, ...oneHot];
  const { value: zAfter, wgslDispatches } =
    engine === 'cpu-reference' ? { value: reference.eraSoftmax(both, 2, d, opts), wgslDispatches: 0 } : await runEraKernels((k) => k.softmax(both, 2, d, opts));
  const pBefore = softmax(scaled);
  const pAfter = softmax(zAfter.subarray(0, d));
  return {
    pBefore: Array.from(pBefore),
    pAfter: Array.from(pAfter),
    entropyBefore: entropyOf(pBefore),
    entropyAfter: entropyOf(pAfter),
    oneHotFloor: entropyOf(softmax(zAfter.subarray(d, 2 * d))),
    engine,
    wgslDispatches,
  };
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
  /** ERA WGSL dispatches this computation recorded (0 on the CPU reference). */
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
  const mu = new Float64Array(d);
  const { value: after, wgslDispatches } =
    engine === 'cpu-reference'
      ? { value: reference.eraGaussian(mu, input.sigmaHat, 1, d, opts), wgslDispatches: 0 }
      : await runEraKernels((k) => k.gaussian(mu, input.sigmaHat, 1, d, opts));
  const logStdAfter = after.logStd;
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
  /** ERA WGSL dispatches this computation recorded (0 on the CPU reference). */
  wgslDispatches: number;
}

function rows(flat: ArrayLike<number>, n: number, v: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: v }, (_, j) => flat[i * v + j]));
}

export async function computeTokens(input: TokensInput, engine: ComputeEngine): Promise<TokensResult> {
  const { length: t, vocab: v } = input;
  const opts = { k: input.k, omegaLow: input.omegaLow, omegaHigh: input.omegaHigh, scaleAdvantages: input.scaleAdvantages };
  const { value: r, wgslDispatches } =
    engine === 'cpu-reference'
      ? { value: reference.eraTokens(input.logits, [input.advantage], [t], [1, t, v], opts), wgslDispatches: 0 }
      : await runEraKernels((k) => k.tokens(input.logits, [input.advantage], [t], [1, t, v], opts));
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
    wgslDispatches,
  };
}
