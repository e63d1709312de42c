// Behaviour on the default task (digit sums, prompt = the target's bucket of 3), measured by the headless
// runner's core at the lab's defaults (TF.js 'cpu', 400 steps, seed 1): plain GRPO's mean response
// entropy collapses below ω_low, while GRPO+ERA — with the advantage rescaling off, as in the original
// released script — stays at or above ω_low over the whole last quarter and solves more prompts in 8
// tries. (With the rescaling on, the paper's formula, ERA only slows the collapse on this task: see the
// README's figures.) The longest unit test: about two minutes on a 2-core machine.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastQuarter, runExperiment } from '../../src/tokens/experiment.ts';
import type { StepMetrics } from '../../src/tokens/trainer.ts';

const OMEGA_LOW = 0.45;
const STEPS = 400;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GRPO vs GRPO+ERA on the default task', () => {
  it('GRPO collapses below ω_low; GRPO+ERA (rescaling off) holds ω_low over the last quarter', { timeout: 600_000 }, async () => {
    const history: Record<string, StepMetrics[]> = { grpo: [], 'grpo-era': [] };
    const [grpo, era] = await runExperiment({
      runs: ['grpo', 'grpo-era'],
      steps: STEPS,
      seed: 1,
      era: { scaleAdvantages: false },
      onStep: (name, m) => history[name].push(m),
    });
    const mean = (xs: StepMetrics[]) => xs.reduce((a, m) => a + m.responseEntropy, 0) / xs.length;
    const firstBelow = history.grpo.findIndex((m) => m.responseEntropy < OMEGA_LOW) + 1;
    console.log(
      `GRPO: below ω_low first at step ${firstBelow}, last quarter mean ${mean(lastQuarter(history.grpo)).toFixed(3)} min ${grpo.minResponseEntropyLast.toFixed(3)}, pass@8 ${grpo.passAtK[7].toFixed(3)}; ` +
        `GRPO+ERA: last quarter mean ${mean(lastQuarter(history['grpo-era'])).toFixed(3)} min ${era.minResponseEntropyLast.toFixed(3)}, pass@8 ${era.passAtK[7].toFixed(3)}`,
    );
    // Both start near uniform over 12 tokens (ln 12 ≈ 2.48) and learn the task (a third right at best).
    expect(history.grpo[0].responseEntropy).toBeGreaterThan(2);
    expect(history.grpo[0].reward).toBeLessThan(0.1);
    expect(grpo.finalReward).toBeGreaterThan(0.25);
    expect(era.finalReward).toBeGreaterThan(0.25);
    // GRPO collapses: below ω_low within the budget, and well below it on average at the end.
    expect(firstBelow).toBeGreaterThan(0);
    expect(mean(lastQuarter(history.grpo))).toBeLessThan(OMEGA_LOW);
    // GRPO+ERA holds: every step of the last quarter at or above ω_low, after taking its sharpen branch.
    expect(era.minResponseEntropyLast).toBeGreaterThanOrEqual(OMEGA_LOW);
    expect(history['grpo-era'].some((m) => m.sharpenShare > 0)).toBe(true);
    expect(history.grpo.every((m) => m.keepShare === 1)).toBe(true);
    // Diversity pays on this task: more prompts solved within 8 tries.
    expect(era.passAtK[7]).toBeGreaterThan(grpo.passAtK[7]);
    expect([grpo.passAtK.length, era.passAtK.length]).toEqual([8, 8]);
  });
});
