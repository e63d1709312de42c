// The Control seed-batching bench's rows (src/bench/seeds-control.ts), on a tiny network: the shape the
// bench JSON takes, perSeedSpeedup = seeds · singleMs / batchedMs, and no leaked tensors. Speed itself
// belongs in `npm run bench`, never in an assertion.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchControlSeedBatching } from '../../src/bench/seeds-control.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('benchControlSeedBatching', () => {
  it('returns one row per seed count with the per-seed speedup of its medians', async () => {
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    const rows = await benchControlSeedBatching({
      seeds: [2, 3],
      repeats: 2,
      warmup: 1,
      batchSize: 8,
      config: { hidden: [8, 8] },
      onProgress: (l) => progress.push(l),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(rows.map((r) => [r.seeds, r.backend])).toEqual([
      [2, 'cpu'],
      [3, 'cpu'],
    ]);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(['backend', 'batchedMs', 'name', 'perSeedSpeedup', 'seeds', 'singleMs']);
      expect(r.name).toBe('SAC-ERA update, batch 8, MLP 8×8, 6 obs → 2 actions');
      expect(r.batchedMs).toBeGreaterThan(0);
      expect(r.singleMs).toBeGreaterThan(0);
      expect(r.perSeedSpeedup).toBeCloseTo((r.seeds * r.singleMs) / r.batchedMs, 12);
    }
    expect(progress).toHaveLength(2);
  });
});
