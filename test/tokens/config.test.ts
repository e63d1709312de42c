// The lab's settings schema: defaults, clamping, and the two runs' configs built from it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, LIVE_KEYS, normaliseLive, normaliseSettings, runConfigs } from '../../src/tokens/config.ts';
import { DEFAULT_TASK } from '../../src/tokens/task.ts';

describe('tokens lab settings', () => {
  it('default to the bucketed task, the ERA options of ERA.md and Adam 0.003', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ bucket: 3, k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: true, learningRate: 0.003 });
    const [grpo, era] = runConfigs(DEFAULT_SETTINGS);
    expect(grpo.era).toBeNull();
    expect(era.era).toEqual({ k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: true });
    expect([grpo.task, era.task]).toEqual([DEFAULT_TASK, DEFAULT_TASK]);
  });

  it('carry the bucket and the rescaling toggle into the runs, clamped to their ranges', () => {
    const s = normaliseSettings({ bucket: '1', scaleAdvantages: 'false', k: 99 });
    const [grpo, era] = runConfigs(s);
    expect([grpo.task.bucket, era.task.bucket]).toEqual([1, 1]);
    expect(era.era).toMatchObject({ scaleAdvantages: false, k: 8 });
    expect(normaliseSettings({ bucket: 40 }).bucket).toBe(6);
    expect(normaliseSettings({ bucket: 'x' }).bucket).toBe(3);
  });

  it('train 3 seeds per run by default, without group filtering; seeds, filtering and refill rounds reach both runs', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ seeds: 3, filterGroups: false, maxGenBatches: 4 });
    const runs = runConfigs(normaliseSettings({ seed: '5', seeds: '12', filterGroups: 'true', maxGenBatches: '2' }));
    for (const c of runs) expect(c).toMatchObject({ seed: 5, seeds: 8, filterGroups: true, maxGenBatches: 2 });
    expect(normaliseSettings({ seeds: 0 }).seeds).toBe(1);
  });

  it('single out the live settings, clamped like the rest', () => {
    expect(LIVE_KEYS).toEqual(['k', 'omegaLow', 'omegaHigh', 'scaleAdvantages', 'learningRate']);
    expect(normaliseLive({ k: 0, omegaLow: 2, omegaHigh: 1, learningRate: 1, seeds: 5 })).toEqual({ k: 1, omegaLow: 2, omegaHigh: 2, scaleAdvantages: true, learningRate: 0.1 });
  });
});
