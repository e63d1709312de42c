// ERA combined with label smoothing and with dropout learns, and keeps every evaluated entropy ≥ H₀.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyTrainer } from './trainer-helpers.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ERA combined with another regularizer', () => {
  it('era+ls and era+dropout learn well above chance with entropies ≥ H₀ everywhere', async () => {
    const tr = tinyTrainer('era:1.0+ls:0.1;era:0.3+dropout:0.2');
    for (let s = 0; s < 40; s++) await tr.trainStep();
    const h0 = [1.0, 0.3];
    for (const split of ['test', 'train'] as const) {
      const evals = await tr.evaluate(split);
      evals.forEach((e, i) => {
        if (split === 'test') expect(e.accuracy, e.name).toBeGreaterThan(0.35);
        for (const h of e.entropies) expect(h).toBeGreaterThanOrEqual(h0[i]);
      });
    }
    tr.dispose();
  });
});
