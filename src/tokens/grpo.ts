// GRPO's pieces as small pure functions: group-relative advantages, per-token log-probabilities (with
// ERA and the optional top-K renormalisation of the released code) and the PPO-style clipped objective.
import * as tf from '@tensorflow/tfjs';
import { eraTokens, type TokenEraOptions } from '../era/index.ts';

/**
 * A_i = (r_i − mean_g) / (std_g + ε) within each group of `groupSize` consecutive responses. std is the
 * sample (Bessel-corrected) standard deviation, as torch.std in the GRPO reference implementations.
 * A group whose rewards are all equal gets zero advantages: it carries no learning signal.
 */
export function groupAdvantages(rewards: ArrayLike<number>, groupSize: number, eps = 1e-6): Float32Array {
  if (!Number.isInteger(groupSize) || groupSize < 2) throw new RangeError(`groupSize must be an integer ≥ 2, got ${groupSize}`);
  if (rewards.length % groupSize !== 0) {
    throw new RangeError(`${rewards.length} rewards do not split into groups of ${groupSize}`);
  }
  const out = new Float32Array(rewards.length);
  for (let g = 0; g < rewards.length; g += groupSize) {
    let mean = 0;
    for (let i = g; i < g + groupSize; i++) mean += rewards[i];
    mean /= groupSize;
    let ss = 0;
    for (let i = g; i < g + groupSize; i++) ss += (rewards[i] - mean) ** 2;
    const std = Math.sqrt(ss / (groupSize - 1));
    for (let i = g; i < g + groupSize; i++) out[i] = (rewards[i] - mean) / (std + eps);
  }
  return out;
}

/** [N, T] float mask of the tokens that count: position t < lengths[n]. */
export function lengthMask(lengths: readonly number[], maxLength: number): tf.Tensor2D {
  return tf.tidy(() => {
    const len = tf.tensor1d(lengths as number[], 'int32');
    return tf.cast(tf.less(tf.range(0, maxLength, 1, 'int32').expandDims(0), len.expandDims(1)), 'float32') as tf.Tensor2D;
  });
}

/**
 * On webgpu, reductions over the short vocabulary axis are built from elementwise ops: TF.js's webgpu
 * reduction runs one 64-thread workgroup per output row, which for rows of a dozen values is mostly idle
 * threads and barriers (on SwiftShader a tf.sum over 6144 rows of 12 took 255 ms, a matmul by ones
 * 63 ms, pairwise adds 7 ms). On the cpu backend tf.sum is the fast one and slices are slow.
 */
function elementwiseReductions(): boolean {
  return tf.getBackend() === 'webgpu';
}

/** Σ over the last (vocabulary) axis, [..., V] → [...]; on webgpu by adding halves pairwise (⌈log₂ V⌉ adds). */
export function sumLastAxis(x: tf.Tensor): tf.Tensor {
  if (!elementwiseReductions()) return tf.sum(x, -1);
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const at = (begin: number, size: number) => tf.slice(y, [...lead.map(() => 0), begin], [...lead, size]);
    let y = x;
    for (let size = x.shape[x.rank - 1]; size > 1;) {
      const half = Math.floor(size / 2);
      let sum = tf.add(at(0, half), at(half, half));
      // An odd size leaves its last value: it joins the next level.
      if (size % 2) sum = tf.concat([sum, at(size - 1, 1)], -1);
      y = sum;
      size = half + (size % 2);
    }
    return y.reshape(lead);
  });
}

/** max over the last axis, keeping it (size 1), by elementwise maxima of halves (see sumLastAxis). */
function maxLastAxis(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let y = x;
    for (let size = x.shape[x.rank - 1]; size > 1;) {
      // Two overlapping halves when size is odd: the middle value is in both, which max does not mind.
      const half = Math.ceil(size / 2);
      const begin = Array<number>(x.rank).fill(0);
      const extent = [...x.shape.slice(0, -1), half];
      y = tf.maximum(tf.slice(y, begin, extent), tf.slice(y, [...begin.slice(0, -1), size - half], extent));
      size = half;
    }
    return y;
  });
}

/**
 * log softmax over the last axis, with the max subtracted (finite for any finite logits); on webgpu from
 * elementwise ops only (see sumLastAxis), with the gradient dy − softmax·Σdy.
 */
export function logSoftmaxLastAxis(logits: tf.Tensor): tf.Tensor {
  if (!elementwiseReductions()) return tf.logSoftmax(logits);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const z = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const shifted = tf.sub(z, maxLastAxis(z));
    const value = tf.sub(shifted, tf.log(sumLastAxis(tf.exp(shifted))).expandDims(-1));
    save([value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.sub(dy, tf.mul(tf.exp(saved[0]), sumLastAxis(dy).expandDims(-1))),
    };
  });
  return op(logits);
}

/**
 * log softmax(logits)[token] at every position, [N, T]. With `topK` in [1, V) the distribution is first
 * renormalised over the K largest logits of that position (the released ERA code's option, K = 20 there);
 * the sampled token always stays in the support so its log-probability is finite. The choice of the
 * support is a constant for autodiff.
 */
export function tokenLogProbs(logits: tf.Tensor3D, tokens: tf.Tensor2D, topK = 0): tf.Tensor2D {
  return tf.tidy(() => {
    const v = logits.shape[2];
    const chosen = tf.oneHot(tokens, v) as tf.Tensor3D;
    let z: tf.Tensor3D = logits;
    if (topK > 0 && topK < v) z = tf.add(logits, outsideTopKPenalty(logits, chosen, topK));
    return sumLastAxis(tf.mul(logSoftmaxLastAxis(z), chosen)) as tf.Tensor2D;
  });
}

/**
 * −1e9 outside the support (the top-K logits of each position plus the chosen token), 0 inside. The
 * support is a constant for autodiff: a zero-gradient op, so the tape never enters topk/logicalOr.
 */
function outsideTopKPenalty(logits: tf.Tensor3D, chosen: tf.Tensor3D, topK: number): tf.Tensor3D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const z = args[0] as tf.Tensor;
    return {
      value: tf.tidy(() => {
        const kth = tf.topk(z, topK).values.slice([0, 0, topK - 1], [-1, -1, 1]);
        const keep = tf.logicalOr(tf.greaterEqual(z, kth), tf.cast(chosen, 'bool'));
        return tf.where(keep, tf.zerosLike(z), tf.fill(z.shape, -1e9));
      }),
      gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
    };
  });
  return op(logits) as tf.Tensor3D;
}

export interface PolicyPathOptions {
  /** ERA's options, or null for plain GRPO. */
  era: TokenEraOptions | null;
  /** Renormalise over the top-K logits (0 = off). */
  topK: number;
}

export interface PolicyPath {
  /** Per-token log-probabilities [N, T] under the (possibly ERA-modified) logits. */
  logProbs: tf.Tensor2D;
  /** Advantages the loss uses (ERA may rescale them; constants for autodiff). */
  advantages: tf.Tensor1D;
  /** int32 ERA case per response (−1 flatten, 0 keep, 1 sharpen); all 0 without ERA. */
  case: tf.Tensor1D;
}

/** The loss's view of the policy: log π'(a_t) and A' (π' = π for GRPO, ERA-modified for GRPO+ERA). */
export function policyPath(logits: tf.Tensor3D, tokens: tf.Tensor2D, advantages: tf.Tensor1D, lengths: number[], opts: PolicyPathOptions): PolicyPath {
  if (!opts.era) {
    return {
      logProbs: tokenLogProbs(logits, tokens, opts.topK),
      advantages: advantages.clone(),
      case: tf.zeros([advantages.shape[0]], 'int32'),
    };
  }
  const era = eraTokens(logits, advantages, lengths, opts.era);
  const logProbs = tokenLogProbs(era.logits, tokens, opts.topK);
  era.logits.dispose();
  era.responseEntropy.dispose();
  return { logProbs, advantages: era.advantages, case: era.case };
}

/**
 * H_resp of every response (mean of its top max(1, ⌊0.2·L⌋) token entropies), measured on the unmodified
 * logits. With zero advantages ERA leaves every response in its "keep" case, so eraTokens is exactly
 * this measurement, computed by the same kernel that ERA's decision uses.
 */
export function responseEntropy(logits: tf.Tensor3D, lengths: number[]): tf.Tensor1D {
  return tf.tidy(() => {
    const era = eraTokens(logits, tf.zeros([logits.shape[0]]), lengths);
    return era.responseEntropy;
  });
}

/**
 * PPO-style clipped surrogate, averaged over valid tokens (token-mean):
 *   L = −Σ mask·min(r·A, clip(r, 1−ε, 1+ε)·A) / Σ mask,   r = exp(log π_new − log π_old).
 * Its gradient w.r.t. log π_new is −mask·r·A/Σmask where the unclipped term is the minimum, else 0.
 */
export function clippedSurrogateLoss(
  logProbsNew: tf.Tensor2D,
  logProbsOld: tf.Tensor2D,
  advantages: tf.Tensor1D,
  mask: tf.Tensor2D,
  clipEps: number,
): tf.Scalar {
  return tf.tidy(() => clippedSurrogateLossPerSeed(logProbsNew, logProbsOld, advantages, mask, clipEps, 1).reshape([]) as tf.Scalar);
}

/**
 * The same loss for S seeds trained together: the N rows are S consecutive blocks (one per seed) and each
 * seed's loss is the token-mean over its own masked tokens, so a row with mask 0 (a dropped or padding
 * group) counts in neither the sum nor the count. Returns [S]; the sum of the entries is what to
 * differentiate, since each seed's weights only reach its own entry.
 */
export function clippedSurrogateLossPerSeed(
  logProbsNew: tf.Tensor2D,
  logProbsOld: tf.Tensor2D,
  advantages: tf.Tensor1D,
  mask: tf.Tensor2D,
  clipEps: number,
  seeds: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logProbsNew, logProbsOld));
    const adv = advantages.expandDims(1);
    const unclipped = tf.mul(ratio, adv);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - clipEps, 1 + clipEps), adv);
    const objective = tf.sum(tf.mul(tf.minimum(unclipped, clipped), mask).reshape([seeds, -1]), 1);
    return tf.neg(tf.div(objective, tf.maximum(tf.sum(mask.reshape([seeds, -1]), 1), 1))) as tf.Tensor1D;
  });
}

/** Entropy (nats) of softmax(logits) at every position, [N, T]: what verl's `actor/entropy` averages. */
export function tokenEntropies(logits: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => tokenEntropiesFromLogProbs(logSoftmaxLastAxis(logits) as tf.Tensor3D));
}

/** The same from log softmax(logits), [N, T, V], when the caller has it already. */
export function tokenEntropiesFromLogProbs(logp: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => tf.neg(sumLastAxis(tf.mul(tf.exp(logp), logp))) as tf.Tensor2D);
}

/**
 * Mean token entropy per seed, [S]: the token-mean of `entropies` [N, T] over the tokens `mask` counts,
 * each seed over its own block of N/S rows (verl's `actor/entropy`, loss_agg_mode token-mean).
 */
export function meanTokenEntropyPerSeed(entropies: tf.Tensor2D, mask: tf.Tensor2D, seeds: number): tf.Tensor1D {
  return tf.tidy(() => {
    const total = tf.sum(tf.mul(entropies, mask).reshape([seeds, -1]), 1);
    return tf.div(total, tf.sum(mask.reshape([seeds, -1]), 1)) as tf.Tensor1D;
  });
}
