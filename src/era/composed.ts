// The same ERA math composed from stock TF.js ops: the fallback on non-WebGPU backends, and the
// "composition" baseline that `npm run bench` compares our kernels against. Forward and backward are
// separate functions so each side can be timed alone; the ops in ./ops.ts wire them into customGrad.
import * as tf from '@tensorflow/tfjs';
import type { GaussianEraConstants, SoftmaxEraConstants, TokenEraConstants } from './params.ts';

const NEWTON_STEPS = 6;

/** W₋₁(−y) by Newton on w + ln(−w) = ln y, started at the closed form (enough for float32 in 6 steps). */
function lambertWm1OfMinus(y: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const logY = tf.log(y);
    const u = tf.sub(-1, logY);
    let w: tf.Tensor = tf.minimum(tf.sub(tf.sub(-1, tf.sqrt(tf.mul(2, u))), tf.mul(0.75, u)), -1.000001);
    for (let i = 0; i < NEWTON_STEPS; i++) {
      const f = tf.sub(tf.add(w, tf.log(tf.neg(w))), logY);
      w = tf.minimum(tf.sub(w, tf.div(tf.mul(f, w), tf.add(w, 1))), -1.000001);
    }
    return w;
  });
}

function inverse(y: tf.Tensor, c: SoftmaxEraConstants): tf.Tensor {
  if (c.inverse === 'exact') return lambertWm1OfMinus(y);
  const u = tf.sub(-1, tf.log(y));
  return tf.sub(tf.sub(-1, tf.sqrt(tf.mul(2, u))), tf.mul(0.75, u));
}

function inverseDerivative(y: tf.Tensor, c: SoftmaxEraConstants): tf.Tensor {
  if (c.inverse === 'exact') {
    const w = lambertWm1OfMinus(y);
    return tf.div(w, tf.mul(y, tf.add(w, 1)));
  }
  const u = tf.sub(-1, tf.log(y));
  return tf.div(tf.add(tf.reciprocal(tf.sqrt(tf.mul(2, u))), 0.75), y);
}

export function softmaxEraForwardComposed(z: tf.Tensor2D, c: SoftmaxEraConstants): tf.Tensor2D {
  return tf.tidy(() => {
    const zp = inverse(tf.add(tf.mul(tf.softmax(z), c.slope), c.b), c);
    return tf.sub(zp, tf.min(zp, 1, true)) as tf.Tensor2D;
  });
}

export function softmaxEraBackwardComposed(z: tf.Tensor2D, g: tf.Tensor2D, c: SoftmaxEraConstants): tf.Tensor2D {
  return tf.tidy(() => {
    const p = tf.softmax(z);
    const v = tf.mul(tf.mul(g, c.slope), inverseDerivative(tf.add(tf.mul(p, c.slope), c.b), c));
    return tf.mul(p, tf.sub(v, tf.sum(tf.mul(p, v), 1, true))) as tf.Tensor2D;
  });
}

function gaussianRaw(sigmaHat: tf.Tensor2D, c: GaussianEraConstants): { p: tf.Tensor; raw: tf.Tensor } {
  const p = tf.softmax(sigmaHat);
  return { p, raw: tf.add(tf.mul(p, c.k), c.logStdMax) };
}

export function gaussianEraForwardComposed(sigmaHat: tf.Tensor2D, c: GaussianEraConstants): tf.Tensor2D {
  return tf.tidy(() => tf.clipByValue(gaussianRaw(sigmaHat, c).raw, c.logStdMin, c.logStdMax) as tf.Tensor2D);
}

export function gaussianEraBackwardComposed(sigmaHat: tf.Tensor2D, g: tf.Tensor2D, c: GaussianEraConstants): tf.Tensor2D {
  return tf.tidy(() => {
    const { p, raw } = gaussianRaw(sigmaHat, c);
    const inside = tf.logicalAnd(tf.greater(raw, c.logStdMin), tf.less(raw, c.logStdMax));
    const v = tf.where(inside, tf.mul(g, c.k), tf.zerosLike(g));
    return tf.mul(p, tf.sub(v, tf.sum(tf.mul(p, v), 1, true))) as tf.Tensor2D;
  });
}

export interface TokenEraTensors {
  logits: tf.Tensor3D;
  advantages: tf.Tensor1D;
  responseEntropy: tf.Tensor1D;
  case: tf.Tensor1D;
  /** Per-response factor applied to the valid logits (k, 1/k or 1); the backward pass needs it. */
  scale: tf.Tensor1D;
}

/** [n, t] mask of valid token positions (t < length[n]) as float 1/0. */
function validMask(lengths: tf.Tensor1D, t: number): tf.Tensor2D {
  return tf.cast(tf.less(tf.range(0, t, 1, 'int32').expandDims(0), lengths.expandDims(1)), 'float32') as tf.Tensor2D;
}

export function tokenEraForwardComposed(logits: tf.Tensor3D, advantages: tf.Tensor1D, lengths: readonly number[], c: TokenEraConstants): TokenEraTensors {
  return tf.tidy(() => {
    const [n, t] = logits.shape;
    const len = tf.tensor1d(lengths as number[], 'int32');
    const mask = validMask(len, t);
    // Token entropy H = −Σ p log p, with 0·log 0 = 0 so masked (−∞) logits are harmless.
    const logp = tf.logSoftmax(logits);
    const p = tf.exp(logp);
    const plogp = tf.where(tf.greater(p, 0), tf.mul(p, logp), tf.zerosLike(p));
    const tokenH = tf.neg(tf.sum(plogp, 2));
    // Mean of the top max(1, ⌊0.2·L⌋) entropies among valid positions.
    const ranked = tf.topk(tf.where(tf.cast(mask, 'bool'), tokenH, tf.fill([n, t], -Infinity)), t).values;
    const count = tf.maximum(tf.floor(tf.mul(tf.cast(len, 'float32'), 0.2)), 1);
    const take = tf.cast(tf.less(tf.range(0, t, 1, 'float32').expandDims(0), count.expandDims(1)), 'bool');
    const hResp = tf.div(tf.sum(tf.where(take, ranked, tf.zerosLike(ranked)), 1), count) as tf.Tensor1D;
    const positive = tf.greater(advantages, 0);
    const sharpen = tf.logicalAnd(positive, tf.less(hResp, c.omegaLow));
    const flatten = tf.logicalAnd(positive, tf.greater(hResp, c.omegaHigh));
    const kase = tf.sub(tf.cast(sharpen, 'int32'), tf.cast(flatten, 'int32')) as tf.Tensor1D;
    const scale = tf.where(sharpen, tf.fill([n], c.k), tf.where(flatten, tf.fill([n], 1 / c.k), tf.onesLike(hResp))) as tf.Tensor1D;
    const factor = tf.add(tf.mul(mask, tf.sub(scale.expandDims(1), 1)), 1).expandDims(2);
    const outAdv = (c.scaleAdvantages ? tf.div(advantages, scale) : advantages.clone()) as tf.Tensor1D;
    return { logits: tf.mul(logits, factor) as tf.Tensor3D, advantages: outAdv, responseEntropy: hResp, case: kase, scale };
  });
}

export function tokenEraBackwardComposed(g: tf.Tensor3D, scale: tf.Tensor1D, lengths: readonly number[]): tf.Tensor3D {
  return tf.tidy(() => {
    const t = g.shape[1];
    const mask = validMask(tf.tensor1d(lengths as number[], 'int32'), t);
    return tf.mul(g, tf.add(tf.mul(mask, tf.sub(scale.expandDims(1), 1)), 1).expandDims(2)) as tf.Tensor3D;
  });
}
