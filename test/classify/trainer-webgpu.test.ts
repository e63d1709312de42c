// The page trains on WebGPU: the same lock-step step (ERA through the lead's WGSL kernels) on TF.js's
// webgpu backend (Dawn) gives the cpu backend's loss, and holds no extra tensors across steps.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import { tinyTrainer } from './trainer-helpers.ts';

async function twoSteps(backend: string) {
  await tf.setBackend(backend);
  const tr = tinyTrainer('none;era:0.6+ls:0.1', { augment: true, batchSize: 16 });
  const first = await tr.trainStep();
  const before = tf.memory().numTensors;
  const second = await tr.trainStep();
  const after = tf.memory().numTensors;
  const evals = await tr.evaluate('test', { limit: 40 });
  tr.dispose();
  return { losses: [...first.runs, ...second.runs].map((r) => r.loss), before, after, minEntropy: evals[1].minEntropy };
}

describe('lock-step training on the webgpu backend', () => {
  it('matches the cpu backend step for step and keeps ERA entropies ≥ H₀', async () => {
    const cpu = await twoSteps('cpu');
    const gpu = await twoSteps('webgpu');
    expect(gpu.after).toBe(gpu.before);
    gpu.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i])).toBeLessThan(2e-3));
    expect(gpu.minEntropy).toBeGreaterThanOrEqual(0.6);
  });
});
