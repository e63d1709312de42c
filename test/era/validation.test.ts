// Every invalid option throws a RangeError naming the allowed values; nothing is clamped.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { eraGaussian, eraSoftmax, eraTokens, reference } from '../../src/era/index.ts';
import { useBackend } from './helpers.ts';

describe.each(['webgpu', 'cpu'] as const)('invalid options on %s', (backend) => {
  const expectRange = (f: () => unknown, message: RegExp) => {
    expect(f).toThrow(RangeError);
    expect(f).toThrow(message);
  };

  it('eraSoftmax', async () => {
    await useBackend(backend);
    const z1 = tf.zeros([2, 1]) as tf.Tensor2D;
    const z10 = tf.zeros([2, 10]) as tf.Tensor2D;
    expectRange(() => eraSoftmax(z1, { h0: 0.1 }), /D ≥ 2/);
    expectRange(() => eraSoftmax(z10, { h0: 2.3 }), /valid interval \(-0\.05966, 2\.24292\) for D = 10/);
    expectRange(() => eraSoftmax(z10, { h0: -0.06 }), /valid interval/);
    expectRange(() => eraSoftmax(z10, { h0: NaN }), /finite/);
    expectRange(() => eraSoftmax(z10, { h0: 0.6, tau: 2 }), /tau must be > e/);
    expectRange(() => eraSoftmax(z10, { h0: 0.6, inverse: 'newton' as 'exact' }), /'official' or 'exact'/);
    expectRange(() => eraSoftmax(tf.zeros([10]) as unknown as tf.Tensor2D, { h0: 0.6 }), /rank 2/);
    tf.dispose([z1, z10]);
  });

  it('eraGaussian', async () => {
    await useBackend(backend);
    const mu = tf.zeros([2, 3]) as tf.Tensor2D;
    const s = tf.zeros([2, 3]) as tf.Tensor2D;
    expectRange(() => eraGaussian(mu, s, { h0: 4.3 }), /infeasible for D = 3: it must be ≤ .*4\.25682/);
    expectRange(() => eraGaussian(mu, s, { h0: 4, delta: 0.3 }), /infeasible/);
    expectRange(() => eraGaussian(mu, s, { h0: 0, delta: -0.1 }), /delta must be ≥ 0/);
    expectRange(() => eraGaussian(mu, s, { h0: 0, logStdMin: 0, logStdMax: -1 }), /logStdMin must be < logStdMax/);
    expectRange(() => eraGaussian(mu, tf.zeros([2, 4]) as tf.Tensor2D, { h0: 0 }), /same shape/);
    expectRange(() => eraGaussian(mu, tf.zeros([2, 0]) as tf.Tensor2D, { h0: 0 }), /same shape/);
    tf.dispose([mu, s]);
  });

  it('eraTokens', async () => {
    await useBackend(backend);
    const z = tf.zeros([2, 4, 5]) as tf.Tensor3D;
    const a = tf.zeros([2]) as tf.Tensor1D;
    expectRange(() => eraTokens(z, a, [4, 4], { k: 0.5 }), /k must be ≥ 1/);
    expectRange(() => eraTokens(z, a, [4, 4], { omegaLow: 3, omegaHigh: 1 }), /omegaLow must be ≤ omegaHigh/);
    expectRange(() => eraTokens(z, a, [4, 4], { omegaLow: -1 }), /omegaLow must be ≥ 0/);
    expectRange(() => eraTokens(z, a, [4, 5], {}), /lengths\[1\] = 5 is out of range: .*\[1, 4\]/);
    expectRange(() => eraTokens(z, a, [0, 4], {}), /lengths\[0\] = 0 is out of range/);
    expectRange(() => eraTokens(z, a, [2.5, 4], {}), /out of range/);
    expectRange(() => eraTokens(z, a, [4], {}), /one entry per response \(2\)/);
    expectRange(() => eraTokens(z, tf.zeros([3]) as tf.Tensor1D, [4, 4], {}), /shape mismatch/);
    tf.dispose([z, a]);
  });
});

it('the float64 reference validates the same way', () => {
  expect(() => reference.eraSoftmax([0], 1, 1, { h0: 0 })).toThrow(RangeError);
  expect(() => reference.eraSoftmax([0, 0, 0], 1, 2, { h0: 0.1 })).toThrow(/shape mismatch/);
  expect(() => reference.eraGaussian([0], [0], 1, 1, { h0: 2 })).toThrow(/infeasible/);
  expect(() => reference.eraTokens([0, 0], [1], [3], [1, 2, 1], {})).toThrow(/out of range/);
});
