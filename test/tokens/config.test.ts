// The lab's settings (declared by its schema): defaults, hostile link values, and the two runs' configs.
import { describe, expect, it } from 'vitest';
import { LIVE_KEYS, normaliseLive, runConfigs } from '../../src/tokens/config.ts';
import { DEFAULT_TASK } from '../../src/tokens/task.ts';
import { TOKENS_DEFAULTS as DEFAULT_SETTINGS, tokensSchema } from '../../src/ui/labs/tokens/schema.ts';
import { parseParams } from '../../src/ui/state/schema.ts';

describe('tokens lab settings', () => {
  it('default to the bucketed task, the ERA options of ERA.md and Adam 0.003', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ bucket: 3, k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: true, learningRate: 0.003 });
    const [grpo, era] = runConfigs(DEFAULT_SETTINGS);
    expect(grpo.era).toBeNull();
    expect(era.era).toEqual({ k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: true });
    expect([grpo.task, era.task]).toEqual([DEFAULT_TASK, DEFAULT_TASK]);
  });

  it('carry the bucket and the rescaling toggle from a link into the runs; an out-of-range value falls back to its default, with a notice', () => {
    // The shared schema parses links: a bad value is never clamped silently (it was before the one-schema change).
    const { state: s, notices } = parseParams(tokensSchema, new URLSearchParams('bucket=1&scaleAdvantages=false&k=99'));
    const [grpo, era] = runConfigs(s);
    expect([grpo.task.bucket, era.task.bucket]).toEqual([1, 1]);
    expect(era.era).toMatchObject({ scaleAdvantages: false, k: 2 });
    expect(notices).toEqual(['Ignored k = "99" (outside [1, 8]); using the default.']);
    expect(parseParams(tokensSchema, new URLSearchParams('bucket=40')).state.bucket).toBe(3);
    expect(parseParams(tokensSchema, new URLSearchParams('bucket=x')).state.bucket).toBe(3);
  });

  it('give every hostile tokens link a visible notice, including the threshold order', () => {
    const bad = parseParams(tokensSchema, new URLSearchParams('k=0&omegaLow=5&omegaHigh=1'));
    expect(bad.notices).toHaveLength(2);
    expect(bad.state).toMatchObject({ k: 2, omegaLow: 0.45, omegaHigh: 1 });
    const swapped = parseParams(tokensSchema, new URLSearchParams('omegaLow=2&omegaHigh=1'));
    expect(swapped.notices).toEqual(['ω_low = 2 is above ω_high = 1: ERA needs ω_low ≤ ω_high; using ω_high = 2.']);
    expect(swapped.state).toMatchObject({ omegaLow: 2, omegaHigh: 2 });
    const nan = parseParams(tokensSchema, new URLSearchParams('seed=NaN'));
    expect(nan.notices).toEqual(['Ignored seed = "NaN" (not a number); using the default.']);
    expect(nan.state.seed).toBe(DEFAULT_SETTINGS.seed);
  });

  it('train 3 seeds per run by default, without group filtering; seeds, filtering and refill rounds from a link reach both runs', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ seeds: 3, filterGroups: false, maxGenBatches: 4 });
    const { state, notices } = parseParams(tokensSchema, new URLSearchParams('seed=5&seeds=8&filterGroups=1&maxGenBatches=2'));
    expect(notices).toEqual([]);
    for (const c of runConfigs(state)) expect(c).toMatchObject({ seed: 5, seeds: 8, filterGroups: true, maxGenBatches: 2 });
    expect(parseParams(tokensSchema, new URLSearchParams('seeds=12')).state.seeds).toBe(3); // out of 1…8: the default, with a notice
  });

  it('single out the live settings and keep them runnable (k ≥ 1, ω_high ≥ ω_low, lr > 0)', () => {
    expect(LIVE_KEYS).toEqual(['k', 'omegaLow', 'omegaHigh', 'scaleAdvantages', 'learningRate']);
    expect(normaliseLive({ k: 0, omegaLow: 2, omegaHigh: 1, scaleAdvantages: true, learningRate: -1 })).toEqual({
      k: 1,
      omegaLow: 2,
      omegaHigh: 2,
      scaleAdvantages: true,
      learningRate: 0.003,
    });
    // Every live setting of the page is one the schema marks live.
    expect(
      tokensSchema.specs
        .filter((s) => s.apply === 'live')
        .map((s) => s.name)
        .filter((n) => n !== 'budget')
        .sort(),
    ).toEqual([...LIVE_KEYS].sort());
  });
});
