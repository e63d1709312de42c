// The performance panel's GPU figures for the Tokens lab: one GRPO+ERA update at the lab's shapes,
// profiled whole, so the ERA kernels' time is read against the update's own GPU time.
import * as tf from '@tensorflow/tfjs';
import { type StepProfile, profileStep } from '../perf/step-profile.ts';
import { clippedSurrogateLoss, lengthMask, policyPath } from './grpo.ts';
import { VOCAB_SIZE } from './task.ts';
import type { GrpoSeeds } from './trainer.ts';

/**
 * One GRPO(+ERA) update's GPU work at the lab's shapes, for every seed at once, profiled whole: the
 * teacher-forced forward pass, ERA on both sides of the ratio (the old policy's view and the new one),
 * the clipped loss and its backward pass (no update is applied; sampling is left out: it reads tokens
 * back position by position).
 */
export async function profileGrpoUpdate(run: GrpoSeeds, responsesPerSeed: number): Promise<StepProfile> {
  const { maxLength: t, maxTarget } = run.config.task;
  const S = run.config.seeds;
  const n = S * responsesPerSeed;
  const opts = { era: run.config.era, topK: run.config.topK };
  const promptIds = Array.from({ length: n }, (_, i) => 1 + (i % maxTarget));
  const tokenIds = Array.from({ length: n * t }, (_, i) => (i * 7) % VOCAB_SIZE);
  const lengths = Array.from({ length: n }, () => t);
  const features = run.policy.features(promptIds, tokenIds);
  const tokens = tf.tensor2d(tokenIds, [n, t], 'int32');
  const advantages = tf.randomNormal([n]) as tf.Tensor1D;
  const mask = lengthMask(lengths, t);
  const logits = () => run.policy.logits(features).reshape([n, t, VOCAB_SIZE]) as tf.Tensor3D;
  try {
    return await profileStep(() => {
      const old = policyPath(logits(), tokens, advantages, lengths, opts);
      const { grads, value } = tf.variableGrads(() => {
        const path = policyPath(logits(), tokens, advantages, lengths, opts);
        return clippedSurrogateLoss(path.logProbs, old.logProbs, path.advantages, mask, run.config.clipEps);
      }, run.policy.variables);
      return [old.logProbs, old.advantages, old.case, value, ...Object.values(grads)];
    });
  } finally {
    tf.dispose([features, tokens, advantages, mask]);
  }
}
