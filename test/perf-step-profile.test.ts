import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { eraSoftmax } from '../src/era/index.ts';
import { eraKernelTimes, profileStep, timestampsAvailable } from '../src/perf/step-profile.ts';

it('parses TF.js profile strings into per-ERA-kernel totals', () => {
  expect(
    eraKernelTimes('MatMulPackedProgram: 0.5, era_softmax.forward_rows_per_thread: 0.25, era_softmax.forward_rows_per_thread: 0.5, AddProgram: 1'),
  ).toEqual([{ name: 'era_softmax.forward_rows_per_thread', ms: 0.75 }]);
  expect(eraKernelTimes('')).toEqual([]);
});

it('times the ERA kernels of a training-like step on the webgpu backend', async () => {
  await tf.setBackend('webgpu');
  const z = tf.randomNormal([64, 10]);
  const before = tf.memory().numTensors;
  const p = await profileStep(() => tf.grad((x: tf.Tensor) => tf.sum(eraSoftmax(x as tf.Tensor2D, { h0: 0.6 })))(z));
  expect(tf.memory().numTensors).toBe(before);
  expect(p.wallMs).toBeGreaterThan(0);
  if (timestampsAvailable()) {
    // Forward and backward kernels both appear, each with a GPU time.
    const names = p.eraKernels!.map((k) => k.name).sort();
    expect(names).toEqual(['era_softmax.backward_rows_per_thread', 'era_softmax.forward_rows_per_thread']);
    expect(p.gpuMs).toBeGreaterThan(0);
  } else {
    expect(p.eraKernels).toBeNull();
  }
  z.dispose();
});
