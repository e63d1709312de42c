// The ERA work of one GRPO+ERA step, profiled at the lab's batch shape for the performance panel:
// eraTokens on the new and the old policy's logits (the PPO ratio) and its backward pass.
import * as tf from '@tensorflow/tfjs';
import { eraTokens, type TokenEraOptions } from '../era/index.ts';
import { type StepProfile, profileStep } from '../perf/step-profile.ts';

export async function profileEraTokensStep(shape: [number, number, number], era: TokenEraOptions): Promise<StepProfile> {
  const [n, t] = shape;
  const logits = tf.randomNormal(shape) as tf.Tensor3D;
  const advantages = tf.randomNormal([n]) as tf.Tensor1D;
  const lengths = Array.from({ length: n }, () => t);
  try {
    return await profileStep(() => {
      const old = eraTokens(logits, advantages, lengths, era);
      const grad = tf.grad((z: tf.Tensor) => tf.sum(eraTokens(z as tf.Tensor3D, advantages, lengths, era).logits))(logits);
      return [old.logits, old.advantages, old.responseEntropy, old.case, grad];
    });
  } finally {
    tf.dispose([logits, advantages]);
  }
}
