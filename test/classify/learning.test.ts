// Training on the synthetic set learns for each regularizer, and ERA's bound holds on every evaluated
// example. CI-sized: a width-4 CNN on the 'cpu' backend, 400 training images, 40 lock-step steps.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyTrainer } from './trainer-helpers.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CHANCE = 0.1;

describe('lock-step training on the synthetic set', () => {
  it('none, label smoothing, dropout and ERA all learn well above chance; ERA entropies stay ≥ H₀', async () => {
    const tr = tinyTrainer('none;ls:0.1;dropout:0.2;era:0.6');
    for (let s = 0; s < 40; s++) await tr.trainStep();
    const test = await tr.evaluate('test');
    const train = await tr.evaluate('train');
    for (const e of test) expect(e.accuracy, e.name).toBeGreaterThan(CHANCE + 0.25);
    const era = [test[3], train[3]];
    for (const e of era) {
      expect(e.entropies.length).toBeGreaterThan(0);
      for (const h of e.entropies) expect(h).toBeGreaterThanOrEqual(0.6);
    }
    // Without ERA the same network is far more confident on some examples.
    expect(test[0].minEntropy).toBeLessThan(0.6);
    tr.dispose();
  });
});
