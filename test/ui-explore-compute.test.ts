// The explorer's numbers: the WebGPU path (ERA ops on TF.js's webgpu backend, real WGSL on Dawn) agrees
// with the float64 CPU reference path, keeps ERA's guarantees, and leaks no tensors.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { reference } from '../src/era/index.ts';
import { computeClassification, computeGaussian, computeTokens } from '../src/ui/labs/explore/compute.ts';
import { exampleLogits, exampleSigmaHat, exampleTokenLogits, oneHotLogits } from '../src/ui/labs/explore/inputs.ts';
import { classificationH0Range } from '../src/ui/labs/explore/schema.ts';

const close = (a: number, b: number, tol = 2e-4) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));

beforeAll(async () => {
  expect(await tf.setBackend('webgpu')).toBe(true);
  await tf.ready();
});

describe('classification panel', () => {
  it('matches the CPU reference and keeps the entropy at or above H₀', async () => {
    const before = tf.memory().numTensors;
    for (const [d, h0, temp, inverse] of [
      [10, 0.6, 1, 'official'],
      [10, 2.0, 0.2, 'exact'],
      [2, 0.3, 1, 'official'],
      [1000, 4.5, 0.5, 'official'],
    ] as const) {
      const input = { logits: exampleLogits(d, 7), temperature: temp, h0, inverse };
      const gpu = await computeClassification(input, 'webgpu');
      const cpu = await computeClassification(input, 'cpu-reference');
      expect(gpu.engine).toBe('webgpu');
      expect(gpu.wgslDispatches).toBeGreaterThan(0); // our WGSL ran, not the composed TF.js fallback
      expect(cpu.wgslDispatches).toBe(0);
      close(gpu.entropyBefore, cpu.entropyBefore);
      close(gpu.entropyAfter, cpu.entropyAfter);
      close(gpu.oneHotFloor, cpu.oneHotFloor);
      expect(gpu.entropyAfter).toBeGreaterThanOrEqual(h0);
      expect(gpu.oneHotFloor).toBeGreaterThanOrEqual(h0);
      expect(gpu.entropyAfter).toBeGreaterThanOrEqual(gpu.oneHotFloor - 1e-4);
      gpu.pAfter.forEach((p, i) => close(p, cpu.pAfter[i], 1e-4));
      close(cpu.oneHotFloor, reference.softmaxEraEntropyFloor(d, { h0, inverse }), 1e-9);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds the bound across H₀’s whole slider range for a one-hot input', async () => {
    const { min, max } = classificationH0Range(10);
    for (let h0 = min; h0 <= max; h0 += (max - min) / 6) {
      const r = await computeClassification({ logits: oneHotLogits(10), temperature: 0.05, h0, inverse: 'official' }, 'webgpu');
      expect(r.entropyBefore).toBeLessThan(1e-3);
      expect(r.entropyAfter).toBeGreaterThanOrEqual(h0);
    }
  });
});

describe('Gaussian panel', () => {
  it('hits H₀ + δ exactly when nothing clips, and matches the reference', async () => {
    const before = tf.memory().numTensors;
    const input = { sigmaHat: exampleSigmaHat(6, 3), h0: 1.5, delta: 0.5, logStdMin: -8, logStdMax: 0 };
    const gpu = await computeGaussian(input, 'webgpu');
    const cpu = await computeGaussian(input, 'cpu-reference');
    close(gpu.entropyAfter, 2.0);
    expect(gpu.wgslDispatches).toBeGreaterThan(0);
    close(cpu.entropyAfter, 2.0, 1e-12);
    gpu.sigmaAfter.forEach((s, i) => close(s, cpu.sigmaAfter[i]));
    expect(gpu.sigmaAfter.every((s) => s <= 1 + 1e-6)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rises above the target when the lower bound clips', async () => {
    // Very low target with a tight σ_min: the clip lifts the entropy above H₀ + δ.
    const input = { sigmaHat: [5, 0, 0], h0: -6, delta: 0, logStdMin: -2.5, logStdMax: 0 };
    const gpu = await computeGaussian(input, 'webgpu');
    expect(gpu.entropyAfter).toBeGreaterThan(-6 + 0.1);
    close(gpu.entropyAfter, (await computeGaussian(input, 'cpu-reference')).entropyAfter);
  });
});

describe('tokens panel', () => {
  const base = { length: 10, vocab: 8, k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: true };

  it('sharpens a confident positive response, flattens a diffuse one, keeps a negative one', async () => {
    const before = tf.memory().numTensors;
    const confident = exampleTokenLogits(10, 8, 1, 10);
    const diffuse = exampleTokenLogits(10, 8, 1, 0.1);
    const sharp = await computeTokens({ ...base, logits: confident, advantage: 1 }, 'webgpu');
    expect(sharp.responseEntropy).toBeLessThan(0.45);
    expect(sharp.case).toBe(1);
    expect(sharp.wgslDispatches).toBeGreaterThan(0);
    close(sharp.advantageAfter, 0.5);
    sharp.tokenEntropyAfter.forEach((h, i) => expect(h).toBeLessThanOrEqual(sharp.tokenEntropyBefore[i] + 1e-5));

    const flat = await computeTokens({ ...base, omegaHigh: 1, logits: diffuse, advantage: 1 }, 'webgpu');
    expect(flat.case).toBe(-1);
    close(flat.advantageAfter, 2);
    flat.tokenEntropyAfter.forEach((h, i) => expect(h).toBeGreaterThanOrEqual(flat.tokenEntropyBefore[i] - 1e-5));

    const kept = await computeTokens({ ...base, logits: confident, advantage: -1 }, 'webgpu');
    expect(kept.case).toBe(0);
    expect(kept.advantageAfter).toBe(-1);
    expect(tf.memory().numTensors).toBe(before);

    for (const [r, input] of [
      [sharp, { ...base, logits: confident, advantage: 1 }],
      [flat, { ...base, omegaHigh: 1, logits: diffuse, advantage: 1 }],
    ] as const) {
      const cpu = await computeTokens(input, 'cpu-reference');
      expect(cpu.case).toBe(r.case);
      close(r.responseEntropy, cpu.responseEntropy);
      r.pAfter.forEach((row, t) => row.forEach((p, j) => close(p, cpu.pAfter[t][j], 1e-4)));
    }
  });
});
