// Policy distributions as differentiable TF.js ops: the tanh-squashed Gaussian (with the change-of-
// variables log-probability), the released SAC-ERA truncated normal on (−1, 1) sampled by inverse CDF,
// and the DrQ-v2-style clamped normal (clamp(loc + σε) with a straight-through gradient).
import * as tf from '@tensorflow/tfjs';
import { LN_SQRT_2PI_E } from '../../era/index.ts';

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
/** Keeps sampled actions strictly inside (−1, 1) for the clamped normal and the tanh-normal. */
export const ACTION_EPS = 1e-6;

/** Entropy of the diagonal Gaussian N(μ, σ²) per row: Σ ln σ_i + D·ln√(2πe). */
export function gaussianEntropy(logStd: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.add(tf.sum(logStd, 1), logStd.shape[1] * LN_SQRT_2PI_E) as tf.Tensor1D);
}

/**
 * Reparametrised sample of a = tanh(u), u = μ + σ·ε, and its log-density
 * log π(a) = Σ [log N(u; μ, σ) − ln(1 − tanh² u)], with ln(1 − tanh² u) = 2(ln 2 − u − softplus(−2u))
 * (exact and stable for large |u|).
 */
export function squashedGaussianSample(mu: tf.Tensor2D, logStd: tf.Tensor2D, eps: tf.Tensor2D): { action: tf.Tensor2D; logProb: tf.Tensor1D } {
  return tf.tidy(() => {
    const u = tf.add(mu, tf.mul(tf.exp(logStd), eps));
    const gaussLogProb = tf.sub(tf.sub(tf.mul(tf.square(eps), -0.5), logStd), HALF_LN_2PI);
    const logDetJacobian = tf.mul(tf.sub(tf.sub(Math.log(2), u), tf.softplus(tf.mul(u, -2))), 2);
    const logProb = tf.sum(tf.sub(gaussLogProb, logDetJacobian), 1) as tf.Tensor1D;
    return { action: tf.tanh(u) as tf.Tensor2D, logProb };
  });
}

/** Clamps into [lo, hi] in the forward pass and passes the gradient straight through. */
const straightThroughClamp = (lo: number, hi: number) =>
  tf.customGrad((x, save) => {
    void save;
    return { value: tf.clipByValue(x as tf.Tensor, lo, hi), gradFunc: (dy: tf.Tensor) => dy };
  });
const clampAction = straightThroughClamp(-1 + ACTION_EPS, 1 - ACTION_EPS);

/**
 * The DrQ-v2-style "truncated normal" (offered as `clamped-normal`): loc = tanh(μ), sample loc + σ·ε
 * clamped into (−1, 1) with a straight-through gradient. It piles probability mass at ±1; the released
 * SAC-ERA does not use it (see `truncatedNormalInverseCdf`).
 */
export function clampedNormalSample(mu: tf.Tensor2D, logStd: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => clampAction(tf.add(tf.tanh(mu), tf.mul(tf.exp(logStd), eps))) as tf.Tensor2D);
}

// ---- Φ and Φ⁻¹ in log space -------------------------------------------------------------------
// TF.js has erf but neither erfc nor erfinv, and float32 1 − Φ(x) cancels to 0 beyond x ≈ 5. So the
// sampler works with log Φ of non-positive arguments only (tails by symmetry), from the Numerical
// Recipes erfc fit (relative error < 1.2e-7 for every z ≥ 0, written directly in log form so nothing
// underflows), and inverts with Acklam's rational Φ⁻¹ (relative error < 1.15e-9), whose lower-tail
// branch takes √(−2 ln p) and so accepts ln p directly.

/** Numerical Recipes `erfcc`: erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2), z ≥ 0; P highest first. */
const ERFC_P = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];
const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1, 1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416, 1];
const ACKLAM_P_LOW = 0.02425;
const LN_P_LOW = Math.log(ACKLAM_P_LOW);
const LN_HALF = Math.log(0.5);
/** Keeps ln u and ln(1 − u) finite (u = 0 and u = 1 are handled exactly at the end). */
const TINY = 1e-30;

/**
 * The operations the sampler needs, so one algorithm serves both TF.js tensors (training, with the
 * pathwise gradient) and plain float64 numbers (acting in the rollout, without a TF.js op per step).
 */
interface Ops<T> {
  add(a: T, b: T | number): T;
  sub(a: T | number, b: T | number): T;
  mul(a: T, b: T | number): T;
  div(a: T | number, b: T): T;
  neg(a: T): T;
  exp(a: T): T;
  log(a: T): T;
  log1p(a: T): T;
  expm1(a: T): T;
  sqrt(a: T): T;
  abs(a: T): T;
  max(a: T, b: T | number): T;
  min(a: T, b: T | number): T;
  le(a: T, b: T | number): Mask<T>;
  ge(a: T, b: T | number): Mask<T>;
  where(c: Mask<T>, a: T | number, b: T | number): T;
  /** f on each of several same-shaped values; TF.js runs it once on them stacked (fewer kernels). */
  each(xs: T[], f: (x: T) => T): T[];
}
type Mask<T> = T extends number ? boolean : tf.Tensor;

function horner<T>(o: Ops<T>, x: T, coefficients: number[]): T {
  let acc = o.add(o.mul(x, coefficients[0]), coefficients[1]);
  for (let i = 2; i < coefficients.length; i++) acc = o.add(o.mul(acc, x), coefficients[i]);
  return acc;
}

/** ln Φ(x) for x ≤ 0 (the caller clamps x to ≤ 0). */
function logPhiNonPositive<T>(o: Ops<T>, x: T): T {
  const z = o.mul(x, -Math.SQRT1_2);
  const t = o.div(1, o.add(o.mul(z, 0.5), 1));
  return o.add(o.sub(o.add(o.log(t), horner(o, t, ERFC_P)), o.mul(z, z)), LN_HALF);
}

/** ln(1 − eᵈ) for d < 0, accurate at both ends (Mächler's log1mexp). */
function log1mexp<T>(o: Ops<T>, d: T): T {
  const nearZero = o.log(o.neg(o.expm1(o.min(d, -TINY))));
  const far = o.log1p(o.neg(o.exp(o.min(d, -Math.LN2))));
  return o.where(o.ge(d, -Math.LN2), nearZero, far);
}

function logAddExp<T>(o: Ops<T>, a: T, b: T): T {
  return o.add(o.max(a, b), o.log1p(o.exp(o.neg(o.abs(o.sub(a, b))))));
}

/** Φ⁻¹(p) for ln p ≤ ln ½ (Acklam: central rational for p ≥ 0.02425, lower-tail rational below). */
function inverseCdfLowerHalf<T>(o: Ops<T>, logP: T): T {
  const q = o.sub(o.exp(o.max(logP, LN_P_LOW)), 0.5);
  const r = o.mul(q, q);
  const central = o.div(o.mul(horner(o, r, ACKLAM_A), q), horner(o, r, ACKLAM_B));
  const s = o.sqrt(o.mul(o.min(logP, LN_P_LOW), -2));
  const tail = o.div(horner(o, s, ACKLAM_C), horner(o, s, ACKLAM_D));
  return o.where(o.ge(logP, LN_P_LOW), central, tail);
}

/**
 * loc + scale·Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))), computed without forming a probability near 1: with
 * Z = Φ(β) − Φ(α) (in log space, by cases on the signs of α and β), the point lies below the median when
 * p = Φ(α) + u·Z ≤ ½, and otherwise its mirror image has 1 − p = Φ(−β) + (1 − u)·Z ≤ ½.
 */
function inverseCdf<T>(o: Ops<T>, loc: T, scale: T, u: T, low: number, high: number): { action: T; x: T; alpha: T; beta: T } {
  const alpha = o.div(o.sub(low, loc), scale);
  const beta = o.div(o.sub(high, loc), scale);
  // ln Φ(α) where α ≤ 0, ln Φ(β) where β ≤ 0, ln Φ(−α) where α ≥ 0, ln Φ(−β) where β ≥ 0.
  const [logPhiAlpha, logPhiBeta, logSfAlpha, logSfBeta] = o.each([o.min(alpha, 0), o.min(beta, 0), o.min(o.neg(alpha), 0), o.min(o.neg(beta), 0)], (v) =>
    logPhiNonPositive(o, v),
  );
  const bothBelow = o.le(beta, 0);
  const bothAbove = o.ge(alpha, 0);
  const logZBelow = o.add(logPhiBeta, log1mexp(o, o.sub(logPhiAlpha, logPhiBeta)));
  const logZAbove = o.add(logSfAlpha, log1mexp(o, o.sub(logSfBeta, logSfAlpha)));
  const logZStraddle = o.log(o.max(o.sub(o.sub(1, o.exp(logPhiAlpha)), o.exp(logSfBeta)), TINY));
  const logZ = o.where(bothBelow, logZBelow, o.where(bothAbove, logZAbove, logZStraddle));
  // ln Φ(α) and ln Φ(−β) for either sign (ln(1 − Φ(−x)) when the argument is positive).
  const logCdfAlpha = o.where(o.le(alpha, 0), logPhiAlpha, o.log1p(o.neg(o.exp(logSfAlpha))));
  const logSfBetaAny = o.where(o.ge(beta, 0), logSfBeta, o.log1p(o.neg(o.exp(logPhiBeta))));
  const logP = logAddExp(o, logCdfAlpha, o.add(o.log(o.max(u, TINY)), logZ));
  const logQ = logAddExp(o, logSfBetaAny, o.add(o.log(o.max(o.sub(1, u), TINY)), logZ));
  const [below, mirrored] = o.each([o.min(logP, LN_HALF), o.min(logQ, LN_HALF)], (v) => inverseCdfLowerHalf(o, v));
  const x = o.where(o.le(logP, LN_HALF), below, o.neg(mirrored));
  // The clip is only a guard against rounding; u at the ends of [0, 1] is the interval's end exactly.
  const a = o.min(o.max(o.add(loc, o.mul(scale, x)), low), high);
  return { action: o.where(o.le(u, 0), low, o.where(o.ge(u, 1), high, a)), x, alpha, beta };
}

/**
 * The pathwise gradient of a = loc + σ·x in closed form (implicit differentiation of F(a) = u, the same
 * derivative backprop through the ops above would give, for ~25 kernels instead of several hundred):
 *   ∂a/∂loc = 1 − r_α − r_β,   ∂a/∂σ = x − α·r_α − β·r_β,
 *   r_α = (1 − u)·φ(α)/φ(x),   r_β = u·φ(β)/φ(x),
 * with the density ratios taken as exp(ln(1 − u) + (x² − α²)/2) so deep tails neither overflow nor
 * give 0/0. At u = 0 or 1 the sample is the constant interval end: zero gradient.
 */
function inverseCdfGradient(u: tf.Tensor, x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor): { dLoc: tf.Tensor; dScale: tf.Tensor } {
  const halfX2 = tf.mul(tf.square(x), 0.5);
  const rAlpha = tf.exp(tf.add(tf.log(tf.maximum(tf.sub(1, u), TINY)), tf.sub(halfX2, tf.mul(tf.square(alpha), 0.5))));
  const rBeta = tf.exp(tf.add(tf.log(tf.maximum(u, TINY)), tf.sub(halfX2, tf.mul(tf.square(beta), 0.5))));
  const interior = tf.logicalAnd(tf.greater(u, 0), tf.less(u, 1));
  const zero = tf.zerosLike(x);
  const dLoc = tf.where(interior, tf.sub(tf.sub(1, rAlpha), rBeta), zero);
  const dScale = tf.where(interior, tf.sub(tf.sub(x, tf.mul(alpha, rAlpha)), tf.mul(beta, rBeta)), zero);
  return { dLoc, dScale };
}

const tfOps: Ops<tf.Tensor> = {
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  neg: (a) => tf.neg(a),
  exp: (a) => tf.exp(a),
  log: (a) => tf.log(a),
  log1p: (a) => tf.log1p(a),
  expm1: (a) => tf.expm1(a),
  sqrt: (a) => tf.sqrt(a),
  abs: (a) => tf.abs(a),
  max: (a, b) => tf.maximum(a, b),
  min: (a, b) => tf.minimum(a, b),
  le: (a, b) => tf.lessEqual(a, b),
  ge: (a, b) => tf.greaterEqual(a, b),
  where: (c, a, b) => {
    const shape = (c as tf.Tensor).shape;
    const same = (v: tf.Tensor) => v.shape.length === shape.length && v.shape.every((n, i) => n === shape[i]);
    const full = (v: tf.Tensor | number) => (typeof v === 'number' ? tf.fill(shape, v) : same(v) ? v : tf.broadcastTo(v, shape));
    return tf.where(c as tf.Tensor, full(a), full(b));
  },
  each: (xs, f) => tf.split(f(tf.concat(xs, 0)), xs.length, 0),
};

const numberOps: Ops<number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
  max: Math.max,
  min: Math.min,
  le: (a, b) => a <= b,
  ge: (a, b) => a >= b,
  where: (c, a, b) => (c ? a : b),
  each: (xs, f) => xs.map(f),
};

/**
 * The released SAC-ERA sampler (a contract): the normal N(loc, scale²) truncated to [low, high] at the
 * uniform u, loc + scale·Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))), α = (low − loc)/scale, β = (high − loc)/scale.
 * Differentiable in loc and scale (the pathwise gradient, in closed form: `inverseCdfGradient`); the
 * result always lies in [low, high].
 */
export function truncatedNormalInverseCdf(loc: tf.Tensor2D, scale: tf.Tensor2D, u: tf.Tensor2D, low = -1, high = 1): tf.Tensor2D {
  const sample = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [l, s, v] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const { action, x, alpha, beta } = inverseCdf(tfOps, l, s, v, low, high);
    save([v, x, alpha, beta]);
    return {
      value: action,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const { dLoc, dScale } = inverseCdfGradient(saved[0], saved[1], saved[2], saved[3]);
        return [tf.mul(dy, dLoc), tf.mul(dy, dScale), tf.zerosLike(saved[0])];
      },
    };
  });
  return tf.tidy(() => {
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(tf.broadcast_util.assertAndGetBroadcastShape(loc.shape, scale.shape), u.shape);
    return sample(tf.broadcastTo(loc, shape), tf.broadcastTo(scale, shape), tf.broadcastTo(u, shape)) as tf.Tensor2D;
  });
}

/** The same sampler on plain numbers (the rollout acts in JS, one state at a time). */
export function truncatedNormalInverseCdfScalar(loc: number, scale: number, u: number, low = -1, high = 1): number {
  return inverseCdf(numberOps, loc, scale, u, low, high).action;
}

/**
 * Entropy per row of the normal N(loc, σ²) truncated to (−1, 1) and renormalised:
 * Σ_i [ln(√(2πe)·σ_i·Z_i) + (α_i φ(α_i) − β_i φ(β_i)) / (2 Z_i)], α = (−1 − loc)/σ, β = (1 − loc)/σ,
 * Z = Φ(β) − Φ(α). It is the executed action distribution's entropy (for small σ it is the Gaussian's).
 */
export function truncatedNormalEntropy(loc: tf.Tensor2D, logStd: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const sigma = tf.exp(logStd);
    const alpha = tf.div(tf.sub(-1, loc), sigma);
    const beta = tf.div(tf.sub(1, loc), sigma);
    const cdf = (x: tf.Tensor) => tf.mul(tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = (x: tf.Tensor) => tf.mul(tf.exp(tf.mul(tf.square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    const z = tf.maximum(tf.sub(cdf(beta), cdf(alpha)), 1e-12);
    const edge = tf.div(tf.sub(tf.mul(alpha, pdf(alpha)), tf.mul(beta, pdf(beta))), tf.mul(z, 2));
    const perDim = tf.add(tf.add(tf.add(logStd, LN_SQRT_2PI_E), tf.log(z)), edge);
    return tf.sum(perDim, 1) as tf.Tensor1D;
  });
}
