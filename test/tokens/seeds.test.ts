// Seeds trained together: a batched run of seeds {1, 2, 3} gives each seed what that seed alone gives
// (S = 1), step for step, on TF.js's cpu backend and on webgpu (Dawn, the WGSL ERA kernels): the same
// samples, rewards, ERA cases and kept groups, and metrics, pass@k and weights within float32 tolerance.
// A seed that diverges stops without disturbing the others, and nothing leaks.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import { TOKENS_DEFAULTS as DEFAULT_SETTINGS } from '../../src/ui/labs/tokens/schema.ts';
import { TokensSession } from '../../src/tokens/session.ts';
import { type EvalResult, GrpoSeeds, RUN_PRESETS, type RunConfig, type StepMetrics } from '../../src/tokens/trainer.ts';

const STEPS = 3;
// A large step size so later steps sample from visibly updated policies; filtering on so the seeds need
// different numbers of generation rounds (bucket 1: most early groups are all wrong).
const small: Partial<RunConfig> = {
  promptsPerStep: 4,
  groupSize: 4,
  evalSamples: 4,
  learningRate: 0.05,
  filterGroups: true,
  maxGenBatches: 3,
  task: { minTarget: 1, maxTarget: 18, maxLength: 6, bucket: 1 },
};

interface Trace {
  steps: StepMetrics[][];
  evals: EvalResult[];
  weights: Float32Array[];
}

async function train(config: RunConfig): Promise<Trace[]> {
  const run = new GrpoSeeds(config);
  const S = config.seeds;
  const traces: Trace[] = Array.from({ length: S }, () => ({ steps: [], evals: [], weights: [] }));
  for (let i = 0; i < STEPS; i++) {
    const ms = await run.step();
    ms.forEach((m, s) => traces[s].steps.push([m!]));
  }
  (await run.evaluate()).forEach((e, s) => traces[s].evals.push(e!));
  for (const v of run.policy.variables) {
    const data = (await v.data()) as Float32Array;
    const per = data.length / S;
    for (let s = 0; s < S; s++) traces[s].weights.push(data.slice(s * per, (s + 1) * per));
  }
  run.dispose();
  return traces;
}

function expectSame(batched: Trace, alone: Trace): void {
  for (let i = 0; i < STEPS; i++) {
    const [b] = batched.steps[i];
    const [a] = alone.steps[i];
    expect(b.samples.map((x) => x.text)).toEqual(a.samples.map((x) => x.text));
    for (const k of [
      'step',
      'reward',
      'groupSolved',
      'wellFormed',
      'meanLength',
      'groupsKept',
      'genBatches',
      'flattenShare',
      'keepShare',
      'sharpenShare',
    ] as const)
      expect(b[k], k).toBe(a[k]);
    for (const k of ['responseEntropy', 'meanTokenEntropy', 'loss'] as const) expect(Math.abs(b[k] - a[k]), k).toBeLessThan(1e-5);
  }
  batched.evals[0].passAtK.forEach((p, k) => expect(Math.abs(p - alone.evals[0].passAtK[k])).toBeLessThan(1e-9));
  batched.weights.forEach((w, v) => {
    let worst = 0;
    for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i] - alone.weights[v][i]));
    expect(worst).toBeLessThan(1e-5);
  });
}

describe.each(['cpu', 'webgpu'])('seeds trained together on %s', (backend) => {
  it('give each seed what it gives alone, for GRPO+ERA with group filtering', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const config = RUN_PRESETS['grpo-era']({ ...small, seed: 1, seeds: 3 }, { omegaLow: 2.3 });
    const before = tf.memory().numTensors;
    const batched = await train(config);
    expect(tf.memory().numTensors).toBe(before);
    const alone: Trace[] = [];
    for (const seed of [1, 2, 3]) alone.push((await train({ ...config, seed, seeds: 1 }))[0]);
    batched.forEach((t, s) => expectSame(t, alone[s]));
    // The comparison is not trivial: the seeds differ, refills happened, ERA sharpened, weights moved.
    expect(alone[0].steps[0][0].samples).not.toEqual(alone[1].steps[0][0].samples);
    expect(alone.some((t) => t.steps.some(([m]) => m.genBatches > 1))).toBe(true);
    expect(alone.some((t) => t.steps.some(([m]) => m.sharpenShare > 0))).toBe(true);
    expect(alone[0].steps[STEPS - 1][0].responseEntropy).not.toBe(alone[0].steps[0][0].responseEntropy);
  });
});

describe('a diverging seed', () => {
  it('stops at its step while the other seeds train on, as they would alone', async () => {
    await tf.setBackend('cpu');
    const config = RUN_PRESETS.grpo({ promptsPerStep: 4, groupSize: 4, evalSamples: 4, seed: 5, seeds: 3 });
    const run = new GrpoSeeds(config);
    const alone = new GrpoSeeds({ ...config, seed: 7, seeds: 1 });
    await run.step();
    await alone.step();
    // Poison seed 6 (the middle one): its logits, hence its loss, become NaN.
    const b2 = tf.tidy(() =>
      tf.concat([run.policy.b2.slice([0, 0, 0], [1, 1, -1]), tf.fill([1, 1, run.policy.b2.shape[2]!], NaN), run.policy.b2.slice([2, 0, 0], [1, 1, -1])]),
    );
    run.policy.b2.assign(b2);
    b2.dispose();
    const second = await run.step();
    expect(Number.isNaN(second[1]!.loss)).toBe(true);
    expect(run.divergedAt).toEqual([null, 2, null]);
    const before = tf.memory().numTensors;
    const third = await run.step();
    expect(tf.memory().numTensors).toBe(before);
    expect(third[1]).toBeNull();
    const [a2, a3] = [(await alone.step())[0]!, (await alone.step())[0]!];
    expect(second[2]!.samples).toEqual(a2.samples);
    expect(third[2]!.samples).toEqual(a3.samples);
    expect(Math.abs(third[2]!.loss - a3.loss)).toBeLessThan(1e-6);
    const evals = await run.evaluate();
    expect(evals[1]).toBeNull();
    expect(evals[2]!.passAtK).toEqual((await alone.evaluate())[0]!.passAtK);
    run.dispose();
    alone.dispose();
  });
});

describe('TokensSession with seeds', () => {
  it('returns one update per (run, seed) with metrics, the mean token entropy and the groups kept', async () => {
    await tf.setBackend('cpu');
    const session = new TokensSession({ ...DEFAULT_SETTINGS, promptsPerStep: 4, groupSize: 4, seed: 3, seeds: 2, evalEvery: 3, filterGroups: true });
    const first = await session.step();
    expect(first.map((u) => [u.run, u.seed])).toEqual([
      ['grpo', 3],
      ['grpo', 4],
      ['grpo-era', 3],
      ['grpo-era', 4],
    ]);
    for (const u of first) {
      expect(u.eval?.passAtK).toHaveLength(4);
      // Near uniform over 12 tokens at the start: the token-mean entropy is close to ln 12.
      expect(u.metrics!.meanTokenEntropy).toBeGreaterThan(2.3);
      expect(u.metrics!.meanTokenEntropy).toBeLessThanOrEqual(Math.log(12) + 1e-6);
      expect(u.metrics!.groupsKept).toBeGreaterThanOrEqual(0);
      expect(u.metrics!.groupsKept).toBeLessThanOrEqual(4);
    }
    // Same seeds, same first step: GRPO and GRPO+ERA see the same samples (ERA is off above ω_low).
    expect(first[2].metrics!.samples).toEqual(first[0].metrics!.samples);
    expect(first[1].metrics!.samples).not.toEqual(first[0].metrics!.samples);
    const second = await session.step();
    expect(second.every((u) => u.eval === undefined)).toBe(true);
    expect(session.stepCount).toBe(2);
    expect(session.finished).toBe(false);
    session.dispose();
  });
});
