// The trainer and the two-run session on TF.js's 'cpu' backend: determinism, no tensor leaks across
// steps, and a diverging run that stops while the other goes on.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOKENS_DEFAULTS as DEFAULT_SETTINGS } from '../../src/ui/labs/tokens/schema.ts';
import { TokensSession } from '../../src/tokens/session.ts';
import { GrpoRun, RUN_PRESETS } from '../../src/tokens/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = { promptsPerStep: 4, groupSize: 4, evalSamples: 4 };

describe('GrpoRun', () => {
  it('does not leak tensors across steps and evaluations', async () => {
    const run = new GrpoRun(RUN_PRESETS['grpo-era'](small));
    await run.step();
    await run.evaluate();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await run.step();
    await run.evaluate();
    expect(tf.memory().numTensors).toBe(before);
    run.dispose();
  });

  it('gives identical first steps for GRPO and GRPO+ERA on the same seed (ERA is off above ω_low)', async () => {
    const a = new GrpoRun(RUN_PRESETS.grpo({ ...small, seed: 7 }));
    const b = new GrpoRun(RUN_PRESETS['grpo-era']({ ...small, seed: 7 }));
    const [ma, mb] = [await a.step(), await b.step()];
    // The untrained policy is near uniform (H ≈ ln 12 ≫ ω_low), so ERA keeps every response.
    expect(mb.keepShare).toBe(1);
    expect(mb.samples).toEqual(ma.samples);
    expect(mb.responseEntropy).toBeCloseTo(ma.responseEntropy, 6);
    expect(ma.responseEntropy).toBeGreaterThan(2);
    a.dispose();
    b.dispose();
  });

  it('stops at the step where the loss becomes NaN', async () => {
    const run = new GrpoRun(RUN_PRESETS.grpo(small));
    await run.step();
    // Poison one weight: every logit, hence the loss, becomes NaN.
    run.policy.b2.assign(tf.fill(run.policy.b2.shape, NaN));
    const m = await run.step();
    expect(Number.isNaN(m.loss)).toBe(true);
    expect(run.divergedAt).toBe(2);
    await expect(run.step()).rejects.toThrow(/diverged at step 2/);
    run.dispose();
  });
});

describe('TokensSession', () => {
  it('steps both runs, evaluates pass@k for k = 1..G, and keeps going when one run diverges', async () => {
    const session = new TokensSession({ ...DEFAULT_SETTINGS, ...small, seeds: 1, evalEvery: 2 });
    const first = await session.step();
    expect(first.map((u) => u.run)).toEqual(['grpo', 'grpo-era']);
    expect(first[0].eval?.passAtK).toHaveLength(4);
    const grpo = session.runs[0];
    grpo.policy.b2.assign(tf.fill(grpo.policy.b2.shape, NaN));
    const second = await session.step();
    expect(second[0]).toMatchObject({ run: 'grpo', divergedAt: 2 });
    expect(second[1].run).toBe('grpo-era');
    expect(second[1].eval?.passAtK).toHaveLength(4);
    const third = await session.step();
    expect(third.map((u) => u.run)).toEqual(['grpo-era']);
    expect(session.runs[1].stepCount).toBe(3);
    session.dispose();
  });
});
