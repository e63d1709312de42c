// The same seed gives the same training on TF.js's webgpu backend (Dawn, our ERA WGSL kernels) as on its
// cpu backend: same samples and rewards, metrics within float32 tolerance.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import { GrpoRun, RUN_PRESETS, type StepMetrics } from '../../src/tokens/trainer.ts';

async function twoSteps(backend: string): Promise<StepMetrics[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  // A large step size so the second step samples from a visibly updated policy.
  const run = new GrpoRun(RUN_PRESETS['grpo-era']({ promptsPerStep: 4, groupSize: 4, evalSamples: 4, learningRate: 0.05, seed: 3 }));
  const out = [await run.step(), await run.step()];
  run.dispose();
  return out;
}

describe('GRPO+ERA on webgpu and cpu', () => {
  it('trains identically within float32 tolerance', async () => {
    const cpu = await twoSteps('cpu');
    const gpu = await twoSteps('webgpu');
    for (let i = 0; i < 2; i++) {
      expect(gpu[i].samples.map((s) => s.text)).toEqual(cpu[i].samples.map((s) => s.text));
      expect(gpu[i].reward).toBe(cpu[i].reward);
      expect(gpu[i].sharpenShare).toBe(cpu[i].sharpenShare);
      expect(Math.abs(gpu[i].responseEntropy - cpu[i].responseEntropy)).toBeLessThan(1e-5);
      expect(Math.abs(gpu[i].loss - cpu[i].loss)).toBeLessThan(1e-5);
    }
    // The update between the steps changed the policy (so the second comparison is not trivial).
    expect(cpu[1].responseEntropy).not.toBe(cpu[0].responseEntropy);
  });
});
