// GRPO's pieces on hand-checkable inputs (TF.js 'cpu' backend: pure logic, no GPU needed).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clippedSurrogateLoss, groupAdvantages, lengthMask, tokenLogProbs } from '../../src/tokens/grpo.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('groupAdvantages', () => {
  it('normalises within each group by mean and sample std', () => {
    const a = groupAdvantages([1, 0, 0, 0, 1, 1, 0, 0], 4);
    // Group 1: mean 1/4, sample std √(0.75/3) = 0.5 → (1 − 0.25)/0.5 = 1.5 and (0 − 0.25)/0.5 = −0.5.
    // Group 2: mean 1/2, sample std √(1/3) → ±0.5·√3.
    const h = Math.sqrt(3) / 2;
    const want = [1.5, -0.5, -0.5, -0.5, h, h, -h, -h];
    want.forEach((w, i) => expect(a[i]).toBeCloseTo(w, 5));
  });

  it('gives zero advantage to a group whose rewards are all equal', () => {
    expect(Array.from(groupAdvantages([1, 1, 1, 0, 0, 0], 3))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects a batch that does not split into groups', () => {
    expect(() => groupAdvantages([1, 0, 1], 2)).toThrow(/groups of 2/);
    expect(() => groupAdvantages([1, 0], 1)).toThrow(/groupSize/);
  });
});

describe('clippedSurrogateLoss', () => {
  // Ratios r = exp(new − old): row 0 (A = +1): 1.5 (clipped to 1.2), 0.9 (unclipped);
  // row 1 (A = −2): 0.5 (clipped to 0.8: min(−1, −1.6) = −1.6), 1.5 (min(−3, −2.4) = −3, unclipped);
  // a masked third position of ratio 3 must not count.
  const old = [
    [-1, -2, -0.3],
    [-0.5, -3, -1],
  ];
  const ratios = [
    [1.5, 0.9, 3],
    [0.5, 1.5, 3],
  ];
  const newer = old.map((row, i) => row.map((o, j) => o + Math.log(ratios[i][j])));
  const adv = [1, -2];
  const lengths = [2, 2];

  it('matches the hand-computed value', async () => {
    const loss = tf.tidy(() => clippedSurrogateLoss(tf.tensor2d(newer), tf.tensor2d(old), tf.tensor1d(adv), lengthMask(lengths, 3), 0.2));
    // −(1.2 + 0.9 − 1.6 − 3) / 4 = 0.625
    expect((await loss.data())[0]).toBeCloseTo(0.625, 5);
    loss.dispose();
  });

  it('has gradient −r·A/Σmask on unclipped tokens and 0 on clipped or masked ones', async () => {
    const grad = tf.tidy(() => {
      const g = tf.grad((lp: tf.Tensor) => clippedSurrogateLoss(lp as tf.Tensor2D, tf.tensor2d(old), tf.tensor1d(adv), lengthMask(lengths, 3), 0.2));
      return g(tf.tensor2d(newer));
    });
    const got = Array.from(await grad.data());
    const want = [0, -0.9 / 4, 0, 0, 3 / 4, 0];
    want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 5));
    grad.dispose();
  });
});

describe('tokenLogProbs', () => {
  const logits = [
    [
      [2, 1, 0, -1],
      [0, 0, 0, 0],
    ],
  ];
  const lse = (xs: number[]) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));

  it('is log softmax at the chosen token', async () => {
    const lp = tf.tidy(() => tokenLogProbs(tf.tensor3d(logits), tf.tensor2d([[1, 3]], [1, 2], 'int32')));
    const got = await lp.data();
    expect(got[0]).toBeCloseTo(1 - lse([2, 1, 0, -1]), 5);
    expect(got[1]).toBeCloseTo(-Math.log(4), 5);
    lp.dispose();
  });

  it('renormalises over the top-K logits, keeping the chosen token in the support', async () => {
    const lp = tf.tidy(() => tokenLogProbs(tf.tensor3d(logits), tf.tensor2d([[1, 3]], [1, 2], 'int32'), 2));
    const got = await lp.data();
    // Position 0: top-2 = {2, 1}, token 1 inside → 1 − lse(2, 1). Position 1: ties keep all four.
    expect(got[0]).toBeCloseTo(1 - lse([2, 1]), 5);
    expect(got[1]).toBeCloseTo(-Math.log(4), 5);
    const outside = tf.tidy(() => tokenLogProbs(tf.tensor3d(logits), tf.tensor2d([[3, 0]], [1, 2], 'int32'), 2));
    // Token 3 (logit −1) is outside the top-2 of position 0: support {2, 1, −1}.
    expect((await outside.data())[0]).toBeCloseTo(-1 - lse([2, 1, -1]), 5);
    outside.dispose();
    lp.dispose();
  });
});
