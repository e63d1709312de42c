// 1,000 calls of each op (forward + gradient) on the webgpu backend leave TF.js's tensor count and GPU
// bytes where they were: the bridge's outputs, saved tensors, uniforms and length buffers are all freed.
import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { eraGaussian, eraKernelStats, eraSoftmax, eraTokens } from '../../src/era/index.ts';
import { useBackend } from './helpers.ts';

const CALLS = 1000;

function gpuBytes(): number {
  return (tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number }).numBytesInGPU ?? NaN;
}

it.each([
  ['eraSoftmax', (x: tf.Tensor) => eraSoftmax(x as tf.Tensor2D, { h0: 0.6 }), [8, 10]],
  ['eraSoftmax (exact, D = 100)', (x: tf.Tensor) => eraSoftmax(x as tf.Tensor2D, { h0: 1, inverse: 'exact' }), [4, 100]],
  [
    'eraGaussian',
    (x: tf.Tensor) => {
      const r = eraGaussian(tf.zerosLike(x) as tf.Tensor2D, x as tf.Tensor2D, { h0: 1.5 });
      return tf.add(r.logStd, r.mu);
    },
    [8, 6],
  ],
  [
    'eraTokens',
    (x: tf.Tensor) => {
      const r = eraTokens(x as tf.Tensor3D, tf.tensor1d([1, -1]), [3, 2], { omegaLow: 2.5 });
      return tf.add(r.logits, tf.sum(tf.add(r.advantages, tf.add(r.responseEntropy, tf.cast(r.case, 'float32')))));
    },
    [2, 3, 12],
  ],
] as const)(`%s: ${CALLS} calls of forward + gradient leak no tensors and no GPU memory`, async (_name, op, shape) => {
  await useBackend('webgpu');
  const x = tf.randomNormal(shape as unknown as number[]);
  const step = async () => {
    const [y, g] = tf.tidy(() => {
      const out = op(x);
      return [tf.sum(out), tf.grad((t: tf.Tensor) => tf.sum(op(t)))(x)];
    });
    await g.data(); // let the queue drain so pooled buffers return
    tf.dispose([y, g]);
  };
  await step(); // warm-up: pipelines, pooled buffers
  const tensors = tf.memory().numTensors;
  const bytes = gpuBytes();
  const dispatches = eraKernelStats.dispatches;
  for (let i = 0; i < CALLS; i++) {
    const [y, g] = tf.tidy(() => [tf.sum(op(x)), tf.grad((t: tf.Tensor) => tf.sum(op(t)))(x)]);
    tf.dispose([y, g]);
    if (i % 100 === 99) await step();
  }
  await step();
  expect(eraKernelStats.dispatches - dispatches).toBeGreaterThanOrEqual(CALLS * 2);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(gpuBytes()).toBe(bytes);
  x.dispose();
});
