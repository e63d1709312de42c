// Behaviour on the default digit-sum task, CI-sized (TF.js 'cpu' backend, a smaller batch and a larger
// step size than the lab's defaults so it fits in seconds): plain GRPO's mean response entropy starts
// near uniform and collapses below ω_low within the budget; GRPO+ERA takes ERA's sharpen branch once
// responses fall below ω_low. (Whether ERA then holds the entropy above ω_low: see the full-run figures
// in the note — on this task it does not.)
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/tokens/experiment.ts';
import type { StepMetrics } from '../../src/tokens/trainer.ts';

const OMEGA_LOW = 0.45;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GRPO on the digit-sum task', () => {
  it('collapses the response entropy below ω_low; ERA engages its sharpen case', async () => {
    const history: Record<string, StepMetrics[]> = { grpo: [], 'grpo-era': [] };
    const summary = await runExperiment({
      runs: ['grpo', 'grpo-era'],
      steps: 70,
      seed: 1,
      overrides: { promptsPerStep: 8, learningRate: 0.02 },
      onStep: (name, m) => history[name].push(m),
    });
    const grpo = history.grpo;
    expect(grpo[0].responseEntropy).toBeGreaterThan(2); // near uniform over 12 tokens (ln 12 ≈ 2.48)
    const minGrpo = Math.min(...grpo.map((m) => m.responseEntropy));
    console.log(`GRPO H_resp first < ω_low at step ${grpo.findIndex((m) => m.responseEntropy < OMEGA_LOW) + 1}, min ${minGrpo.toFixed(3)}; final reward ${summary[0].finalReward.toFixed(3)} / ${summary[1].finalReward.toFixed(3)}`);
    expect(minGrpo).toBeLessThan(OMEGA_LOW);
    // It learned the task on the way (reward starts near 0).
    expect(grpo[0].reward).toBeLessThan(0.1);
    expect(summary[0].finalReward).toBeGreaterThan(0.5);
    // GRPO never takes an ERA branch; GRPO+ERA sharpens once its responses drop below ω_low.
    expect(grpo.every((m) => m.keepShare === 1)).toBe(true);
    const era = history['grpo-era'];
    expect(era[0].sharpenShare).toBe(0);
    expect(era.some((m) => m.sharpenShare > 0)).toBe(true);
    expect(era.every((m) => m.flattenShare === 0)).toBe(true); // H ≤ ln 12 < ω_high = 3
    expect(summary.map((s) => s.passAtK.length)).toEqual([8, 8]);
  });
});
