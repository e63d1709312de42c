// Seed bands: per-run mean, min and max at every x, single seeds on demand, diverged seeds dropping out.
import { describe, expect, it } from 'vitest';
import { seedBandRows, seedBandSeries } from '../src/ui/components/seedBands.ts';
import { runStyle } from '../src/ui/theme/palette.ts';

describe('seed bands', () => {
  it('gives the mean, min and max over the seeds at each step, and each seed when asked', () => {
    const runs = new Map([
      [
        'grpo',
        new Map([
          [
            1,
            [
              [1, 2],
              [2, 1],
            ] as [number, number][],
          ],
          [
            2,
            [
              [1, 4],
              [2, NaN],
            ] as [number, number][],
          ],
        ]),
      ],
      ['grpo-era', new Map([[1, [[2, 3]] as [number, number][]]])],
    ]);
    const rows = seedBandRows(runs, 'step', 100, true);
    expect(rows).toEqual([
      { step: 1, 'grpo@1': 2, 'grpo@2': 4, grpo: 3, 'grpo:min': 2, 'grpo:max': 4 },
      { step: 2, 'grpo@1': 1, 'grpo-era@1': 3, grpo: 1, 'grpo:min': 1, 'grpo:max': 1, 'grpo-era': 3, 'grpo-era:min': 3, 'grpo-era:max': 3 },
    ]);
    expect(seedBandRows(runs, 'step', 100, false)[0]).toEqual({ step: 1, grpo: 3, 'grpo:min': 2, 'grpo:max': 4 });
  });

  it('draws a band only for several seeds, and single-seed lines only on demand', () => {
    const style = runStyle('grpo');
    const [many] = seedBandSeries([{ key: 'grpo', label: 'GRPO', style, seeds: [1, 2, 3] }], false);
    expect(many).toMatchObject({ key: 'grpo', label: 'GRPO (mean of 3 seeds)', band: { low: 'grpo:min', high: 'grpo:max' } });
    expect(seedBandSeries([{ key: 'grpo', label: 'GRPO', style, seeds: [1] }], true)).toEqual([{ key: 'grpo', label: 'GRPO', style, band: undefined }]);
    expect(seedBandSeries([{ key: 'grpo', label: 'GRPO', style, seeds: [1, 2] }], true).map((s) => s.key)).toEqual(['grpo', 'grpo@1', 'grpo@2']);
  });
});
