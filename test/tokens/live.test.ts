// Live knobs: k, ω_low, ω_high, the advantage rescaling and the learning rate change between steps
// with no reset, and take effect from the next step; the runner's step:value schedules drive the same
// setter (TF.js 'cpu' backend).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/tokens/cli.ts';
import { TOKENS_DEFAULTS as DEFAULT_SETTINGS } from '../../src/ui/labs/tokens/schema.ts';
import { knobsAt, runExperiment } from '../../src/tokens/experiment.ts';
import { parseSchedule, valueAt } from '../../src/tokens/schedule.ts';
import { TokensSession } from '../../src/tokens/session.ts';
import { GrpoSeeds, RUN_PRESETS, type StepMetrics } from '../../src/tokens/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Group filtering with generous refills, so every step trains on groups with a right answer (an
// untrained policy is right ~3% of the time; a batch of all-wrong groups has no A > 0 to act on).
const small = { promptsPerStep: 4, groupSize: 8, evalSamples: 8, seed: 2, filterGroups: true, maxGenBatches: 8 };
const era = () => new GrpoSeeds(RUN_PRESETS['grpo-era'](small));
const one = async (run: GrpoSeeds): Promise<StepMetrics> => (await run.step())[0]!;
const weights = async (run: GrpoSeeds) => Float32Array.from(await run.policy.w2.data());

describe('live knobs', () => {
  it('move ERA’s case shares as the thresholds move, from the next step on', async () => {
    const run = era();
    // Untrained: every response is near uniform (H ≈ ln 12 ≈ 2.48), between the default thresholds.
    expect(await one(run)).toMatchObject({ keepShare: 1, sharpenShare: 0, flattenShare: 0 });
    // ω_low above every entropy: every response with A > 0 is sharpened.
    run.setLive({ omegaLow: 2.9 });
    const sharpened = await one(run);
    expect(sharpened.sharpenShare).toBeGreaterThan(0);
    expect(sharpened.flattenShare).toBe(0);
    // Both thresholds at 0: every response with A > 0 is flattened instead.
    run.setLive({ omegaLow: 0, omegaHigh: 0 });
    const flattened = await one(run);
    expect(flattened.flattenShare).toBeGreaterThan(0);
    expect(flattened.sharpenShare).toBe(0);
    expect(run.config.era).toMatchObject({ omegaLow: 0, omegaHigh: 0, k: 2 });
    expect(run.stepCount).toBe(3);
    run.dispose();
  });

  it('change k and the rescaling at the next step: same samples and cases as a twin, a different loss', async () => {
    const [a, b, c] = [era(), era(), era()];
    for (const r of [a, b, c]) {
      await one(r);
      r.setLive({ omegaLow: 2.9 });
    }
    b.setLive({ k: 4 });
    c.setLive({ scaleAdvantages: false });
    const [ma, mb, mc] = [await one(a), await one(b), await one(c)];
    expect(mb.samples).toEqual(ma.samples);
    expect(mc.samples).toEqual(ma.samples);
    expect(ma.sharpenShare).toBeGreaterThan(0);
    expect([mb.sharpenShare, mc.sharpenShare]).toEqual([ma.sharpenShare, ma.sharpenShare]);
    expect(Math.abs(mb.loss - ma.loss)).toBeGreaterThan(1e-4);
    expect(Math.abs(mc.loss - ma.loss)).toBeGreaterThan(1e-4);
    [a, b, c].forEach((r) => r.dispose());
  });

  it('change the learning rate from the next update on', async () => {
    const [a, b] = [era(), era()];
    await one(a);
    await one(b);
    const [a1, b1] = [await weights(a), await weights(b)];
    expect(b1).toEqual(a1);
    b.setLive({ learningRate: 1e-4 });
    await one(a);
    await one(b);
    const [a2, b2] = [await weights(a), await weights(b)];
    const size = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + Math.abs(v - y[i]), 0);
    // Adam's steps scale with the rate: 0.003 vs 0.0001 (30×; the moments are the same after step 1).
    const ratio = size(a2, a1) / size(b2, b1);
    expect(ratio).toBeGreaterThan(15);
    expect(ratio).toBeLessThan(45);
    [a, b].forEach((r) => r.dispose());
  });

  it('reject invalid values on a run; the session keeps them runnable (ω_high ≥ ω_low; the page’s schema keeps their ranges) and applies them to both runs', async () => {
    const run = era();
    expect(() => run.setLive({ k: 0.5 })).toThrow(/k must be ≥ 1/);
    expect(() => run.setLive({ omegaLow: 4 })).toThrow(/omegaLow must be ≤ omegaHigh/);
    expect(() => run.setLive({ learningRate: 0 })).toThrow(/learningRate/);
    expect(run.config.era).toMatchObject({ k: 2, omegaLow: 0.45 });
    run.dispose();
    const session = new TokensSession({ ...DEFAULT_SETTINGS, ...small, seeds: 2 });
    await session.step();
    const s = session.setLive({ k: 3, omegaLow: 4, learningRate: 0.01 });
    expect(s).toMatchObject({ k: 3, omegaLow: 4, omegaHigh: 4, learningRate: 0.01, seeds: 2, groupSize: 8 });
    expect(session.runs.map((r) => r.config.learningRate)).toEqual([0.01, 0.01]);
    expect(session.runs[0].config.era).toBeNull();
    expect(session.runs[1].config.era).toMatchObject({ k: 3, omegaLow: 4, omegaHigh: 4 });
    expect(session.stepCount).toBe(1);
    session.dispose();
  });
});

describe('schedules', () => {
  it('parse step:value pairs and give the value in force at each step', () => {
    const s = parseSchedule('0:0.45, 200:0.8', Number);
    expect(s).toEqual([
      [0, 0.45],
      [200, 0.8],
    ]);
    expect([1, 199, 200, 5000].map((t) => valueAt(s, t))).toEqual([0.45, 0.45, 0.8, 0.8]);
    expect(() => parseSchedule('10:0.45', Number)).toThrow(/starts at step 0/);
    expect(() => parseSchedule('0:1,5:2,5:3', Number)).toThrow(/steps must increase/);
    expect(() => parseSchedule('0:1,x:2', Number)).toThrow(/not step:value/);
    expect(
      knobsAt(
        {
          omegaLow: s,
          scaleAdvantages: [
            [0, true],
            [3, false],
          ],
        },
        3,
      ),
    ).toEqual({ omegaLow: 0.45, scaleAdvantages: false });
  });

  it('come from the runner’s flags, validated like plain values', () => {
    const o = parseArgs([
      '--runs',
      'grpo-era',
      '--steps',
      '9',
      '--seed',
      '1',
      '--out',
      'd',
      '--omega-low',
      '0:0.45,200:0.8',
      '--rescale',
      '0:on,100:off',
      '--lr',
      '0.003',
    ]);
    expect(o?.era).toEqual({ omegaLow: 0.45, scaleAdvantages: true });
    expect(o?.overrides).toEqual({ learningRate: 0.003 });
    expect(o?.schedule).toEqual({
      omegaLow: [
        [0, 0.45],
        [200, 0.8],
      ],
      scaleAdvantages: [
        [0, true],
        [100, false],
      ],
    });
    const base = ['--runs', 'grpo-era', '--steps', '9', '--seed', '1', '--out', 'd'];
    expect(() => parseArgs([...base, '--omega-low', '0:0.45,50:3.5'])).toThrow(/--omega-low must not exceed --omega-high \(at step 50\)/);
    expect(() => parseArgs([...base, '--k', '0:2,5:0.5'])).toThrow(/--k must be a number in \[1, 100\]/);
    expect(() => parseArgs([...base, '--rescale', '0:on,5:maybe'])).toThrow(/--rescale must be on or off/);
    expect(() => parseArgs([...base, '--omega-low', '5:0.45'])).toThrow(/--omega-low: a schedule starts at step 0/);
  });

  it('drive the runs step by step: ω_low moves above every entropy at step 3', async () => {
    const history: StepMetrics[] = [];
    await runExperiment({
      runs: ['grpo-era'],
      steps: 4,
      seed: 2,
      overrides: { promptsPerStep: 4, groupSize: 8, evalSamples: 8, filterGroups: true, maxGenBatches: 8 },
      schedule: {
        omegaLow: [
          [0, 0.45],
          [3, 2.9],
        ],
      },
      onStep: (_name, m) => history.push(m),
    });
    // From step 3 every response with A > 0 is sharpened; a step has such responses iff it kept a group.
    expect(history.slice(2).every((m) => m.groupsKept > 0)).toBe(true);
    expect(history.map((m) => m.sharpenShare > 0)).toEqual([false, false, true, true]);
    expect(history.slice(0, 2).every((m) => m.keepShare === 1)).toBe(true);
  });
});
