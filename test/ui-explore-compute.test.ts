// The explorer's numbers: the WebGPU path (our ERA WGSL kernels on the engine's own device, real WGSL on
// Dawn) agrees with the float64 CPU reference path, keeps ERA's guarantees, frees every GPU buffer it made,
// and involves no TF.js at all: not in the Explore route's module graph, and never loaded while it runs.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reference from '../src/era/reference.ts';
import { engineState, restartEngine } from '../src/ui/engine/engine.ts';
import { computeClassification, computeGaussian, computeTokens } from '../src/ui/labs/explore/compute.ts';
import { exampleLogits, exampleSigmaHat, exampleTokenLogits, oneHotLogits } from '../src/ui/labs/explore/inputs.ts';
import { classificationH0Range } from '../src/ui/labs/explore/schema.ts';

const close = (a: number, b: number, tol = 2e-4) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));

// Live GPU buffers, tracked on the classes themselves (the kernels create and destroy through them).
const liveBuffers = new Set<GPUBuffer>();
let buffersCreated = 0;
const createBuffer = GPUDevice.prototype.createBuffer;
const destroyBuffer = GPUBuffer.prototype.destroy;
GPUDevice.prototype.createBuffer = function (this: GPUDevice, descriptor: GPUBufferDescriptor) {
  const b = createBuffer.call(this, descriptor);
  liveBuffers.add(b);
  buffersCreated++;
  return b;
};
GPUBuffer.prototype.destroy = function (this: GPUBuffer) {
  liveBuffers.delete(this);
  return destroyBuffer.call(this);
};

beforeAll(async () => {
  // The page's own engine: a device from navigator.gpu (Dawn here), as in the browser.
  await restartEngine();
  expect(engineState().kind).toBe('webgpu');
});

afterAll(() => {
  // The leak checks watched real allocations: the kernels made (and freed) buffers through these classes.
  expect(buffersCreated).toBeGreaterThan(0);
  GPUDevice.prototype.createBuffer = createBuffer;
  GPUBuffer.prototype.destroy = destroyBuffer;
  // TF.js puts its engine on the global object when it is imported: none of the above loaded it.
  expect((globalThis as { _tfengine?: unknown })._tfengine).toBeUndefined();
});

describe('no TF.js on the Explore route', () => {
  it('the Explore lab’s whole module graph imports nothing from @tensorflow', async () => {
    const root = resolve(import.meta.dirname, '..');
    const out = await build({
      entryPoints: [resolve(root, 'src/ui/labs/explore/ExploreLab.tsx')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      jsx: 'automatic',
      logLevel: 'silent',
      loader: { '.css': 'empty', '.woff2': 'empty', '.woff': 'empty', '.ttf': 'empty' },
      plugins: [
        {
          name: 'raw',
          setup(b) {
            b.onResolve({ filter: /\?raw$/ }, (a) => ({ path: resolve(a.resolveDir, a.path.replace(/\?raw$/, '')), namespace: 'raw' }));
            b.onLoad({ filter: /.*/, namespace: 'raw' }, (a) => ({ contents: readFileSync(a.path, 'utf8'), loader: 'text' }));
          },
        },
      ],
    });
    const inputs = Object.keys(out.metafile.inputs);
    // The graph is the real one (the compute module and the kernels are in it), and TF.js is not.
    expect(inputs.some((p) => p.endsWith('src/ui/labs/explore/compute.ts'))).toBe(true);
    expect(inputs.some((p) => p.endsWith('src/era/device-kernels.ts'))).toBe(true);
    expect(inputs.filter((p) => p.includes('@tensorflow'))).toEqual([]);
  });
});

describe('dispatch counts', () => {
  it('are each computation’s own when the three panels compute at once', async () => {
    const c = { logits: exampleLogits(10, 1), temperature: 1, h0: 0.6, inverse: 'official' as const };
    const g = { sigmaHat: exampleSigmaHat(6, 3), h0: 1.5, delta: 0.5, logStdMin: -8, logStdMax: 0 };
    const t = { length: 10, vocab: 8, k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: true, logits: exampleTokenLogits(10, 8, 1, 10), advantage: 1 };
    const alone = [
      (await computeClassification(c, 'webgpu')).wgslDispatches,
      (await computeGaussian(g, 'webgpu')).wgslDispatches,
      (await computeTokens(t, 'webgpu')).wgslDispatches,
    ];
    const together = await Promise.all([computeClassification(c, 'webgpu'), computeGaussian(g, 'webgpu'), computeTokens(t, 'webgpu')]);
    expect(alone.every((n) => n > 0)).toBe(true);
    expect(together.map((r) => r.wgslDispatches)).toEqual(alone);
  });
});

describe('classification panel', () => {
  it('matches the CPU reference and keeps the entropy at or above H₀', async () => {
    const before = liveBuffers.size;
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
      expect(gpu.wgslDispatches).toBeGreaterThan(0); // our WGSL ran (counted where it is encoded)
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
    expect(liveBuffers.size).toBe(before);
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
    const before = liveBuffers.size;
    const input = { sigmaHat: exampleSigmaHat(6, 3), h0: 1.5, delta: 0.5, logStdMin: -8, logStdMax: 0 };
    const gpu = await computeGaussian(input, 'webgpu');
    const cpu = await computeGaussian(input, 'cpu-reference');
    close(gpu.entropyAfter, 2.0);
    expect(gpu.wgslDispatches).toBeGreaterThan(0);
    close(cpu.entropyAfter, 2.0, 1e-12);
    gpu.sigmaAfter.forEach((s, i) => close(s, cpu.sigmaAfter[i]));
    expect(gpu.sigmaAfter.every((s) => s <= 1 + 1e-6)).toBe(true);
    expect(liveBuffers.size).toBe(before);
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
    const before = liveBuffers.size;
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
    expect(liveBuffers.size).toBe(before);

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
