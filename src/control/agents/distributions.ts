// Policy distributions as differentiable TF.js ops: the tanh-squashed Gaussian (with the change-of-
// variables log-probability) and the released SAC-ERA "truncated normal" on (−1, 1) with loc tanh(μ).
import * as tf from '@tensorflow/tfjs';
import { LN_SQRT_2PI_E } from '../../era/index.ts';

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
/** Keeps sampled actions strictly inside (−1, 1), as the released code's truncated normal does. */
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
export function squashedGaussianSample(
  mu: tf.Tensor2D,
  logStd: tf.Tensor2D,
  eps: tf.Tensor2D,
): { action: tf.Tensor2D; logProb: tf.Tensor1D } {
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
 * The released SAC-ERA action distribution: loc = tanh(μ), scale σ, sample loc + σ·ε clamped into
 * (−1, 1) with a straight-through gradient (the "TruncatedNormal" of DrQ-v2-style code).
 */
export function truncatedNormalSample(mu: tf.Tensor2D, logStd: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => clampAction(tf.add(tf.tanh(mu), tf.mul(tf.exp(logStd), eps))) as tf.Tensor2D);
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
