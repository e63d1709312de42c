// The lab's settings schema: defaults, clamping, and the two runs' configs built from it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normaliseSettings, runConfigs } from '../../src/tokens/config.ts';
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
});
