// The performance panel's GPU figures for the Tokens lab: one GRPO+ERA update at the lab's shapes,
// profiled whole, so the ERA kernels' time is read against the update's own GPU time.
import * as tf from '@tensorflow/tfjs';
import { type StepProfile, profileStep } from '../perf/step-profile.ts';
import { clippedSurrogateLoss, lengthMask, policyPath } from './grpo.ts';
import { VOCAB_SIZE } from './task.ts';
import type { GrpoRun } from './trainer.ts';

/**
 * One GRPO(+ERA) update's GPU work at the lab's shapes, profiled whole: the teacher-forced forward pass,
 * ERA on both sides of the ratio (the old policy's view and the new one), the clipped loss and its
 * backward pass (no update is applied; sampling is left out: it reads tokens back position by position).
 */
export async function profileGrpoUpdate(run: GrpoRun, responses: number): Promise<StepProfile> {
  const { maxLength, maxTarget } = run.config.task;
  const era = run.config.era;
  const prompts = tf.tensor1d(Array.from({ length: responses }, (_, i) => 1 + (i % maxTarget)), 'int32');
  const tokens = tf.tensor2d(Array.from({ length: responses * maxLength }, (_, i) => (i * 7) % VOCAB_SIZE), [responses, maxLength], 'int32');
  const advantages = tf.randomNormal([responses]) as tf.Tensor1D;
  const lengths = Array.from({ length: responses }, () => maxLength);
  const mask = lengthMask(lengths, maxLength);
  const opts = { era, topK: run.config.topK };
  try {
    return await profileStep(() => {
      const old = policyPath(run.policy.logits(prompts, tokens), tokens, advantages, lengths, opts);
      const { grads, value } = tf.variableGrads(() => {
        const path = policyPath(run.policy.logits(prompts, tokens), tokens, advantages, lengths, opts);
        return clippedSurrogateLoss(path.logProbs, old.logProbs, path.advantages, mask, run.config.clipEps);
      }, run.policy.variables);
      return [old.logProbs, old.advantages, old.case, value, ...Object.values(grads)];
    });
  } finally {
    tf.dispose([prompts, tokens, advantages, mask]);
  }
}
