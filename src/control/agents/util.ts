// Small helpers shared by the agents: one batched read of several scalars, and acting in plain JS.
import * as tf from '@tensorflow/tfjs';
import { LN_SQRT_2PI_E } from '../../era/index.ts';
import type { Rng } from '../../util/rng.ts';
import { ACTION_EPS, truncatedNormalInverseCdfScalar } from './distributions.ts';
import type { ActResult, EraDistribution } from './types.ts';

/** Reads several scalars with one GPU→CPU transfer (stack, then one `data()`). */
export async function readScalars<K extends string>(scalars: Record<K, tf.Scalar>): Promise<Record<K, number>> {
  const keys = Object.keys(scalars) as K[];
  const stacked = tf.stack(keys.map((k) => scalars[k]));
  const values = await stacked.data();
  stacked.dispose();
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<K, number>;
}

/**
 * One action from μ and ln σ read back for a single state. Deterministic (no rng): the centre tanh(μ).
 * 'tanh-normal': tanh(μ + σε). 'truncated-normal': the inverse-CDF sample of N(tanh μ, σ²) truncated
 * to [−1, 1] at a uniform u (the same sampler as training). 'clamped-normal': tanh(μ) + σε clamped.
 */
export function sampleActionInJs(mu: Float32Array, logStd: Float32Array, rng: Rng | undefined, dist: EraDistribution): ActResult {
  const action = new Float32Array(mu.length);
  let entropy = 0;
  for (let i = 0; i < mu.length; i++) {
    const sigma = Math.exp(logStd[i]);
    entropy += logStd[i] + LN_SQRT_2PI_E;
    if (dist === 'truncated-normal') {
      action[i] = rng ? truncatedNormalInverseCdfScalar(Math.tanh(mu[i]), sigma, rng.uniform()) : Math.tanh(mu[i]);
      continue;
    }
    const eps = rng ? rng.normal() : 0;
    const a = dist === 'tanh-normal' ? Math.tanh(mu[i] + sigma * eps) : Math.tanh(mu[i]) + sigma * eps;
    action[i] = Math.min(1 - ACTION_EPS, Math.max(-1 + ACTION_EPS, a));
  }
  return { action, gaussianEntropy: entropy };
}
