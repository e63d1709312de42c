// The ERA work of one training step of each ERA run, profiled at the lab's batch shape for the
// performance panel: eraSoftmax on the logits and its backward pass.
import * as tf from '@tensorflow/tfjs';
import { eraSoftmax } from '../era/index.ts';
import { type StepProfile, profileStep } from '../perf/step-profile.ts';

export async function profileEraSoftmaxStep(batch: number, classes: number, h0s: number[]): Promise<StepProfile> {
  const logits = tf.randomNormal([batch, classes]) as tf.Tensor2D;
  try {
    return await profileStep(() =>
      h0s.map((h0) => tf.grad((z: tf.Tensor) => tf.sum(eraSoftmax(z as tf.Tensor2D, { h0 })))(logits)),
    );
  } finally {
    logits.dispose();
  }
}
