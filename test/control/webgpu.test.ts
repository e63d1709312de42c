// SAC-ERA on TF.js's webgpu backend (ERA runs in our WGSL kernels): the Gaussian entropy still equals
// H₀ on every state, and one full update (critic, actor through ERA's backward) leaks nothing.
import '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LN_SQRT_2PI_E } from '../../src/era/index.ts';
import { DEFAULT_AGENT_CONFIG, SacEraAgent } from '../../src/control/agents/index.ts';
import { ReplayBuffer, disposeBatch } from '../../src/control/agents/replay.ts';
import { Rng } from '../../src/util/rng.ts';

beforeAll(async () => {
  expect(await tf.setBackend('webgpu')).toBe(true);
  await tf.ready();
});

describe('SAC-ERA on WebGPU', () => {
  it('holds the Gaussian entropy at H₀ = 0.25·D on every state and updates without leaks', async () => {
    const d = 4;
    const agent = new SacEraAgent(10, d, { ...DEFAULT_AGENT_CONFIG, hidden: [16, 16] }, 5);
    const obs = tf.randomNormal([32, 10], 0, 2, 'float32', 3) as tf.Tensor2D;
    const { mu, logStd } = agent.policy(obs);
    const ls = await logStd.data();
    tf.dispose([obs, mu, logStd]);
    for (let r = 0; r < 32; r++) {
      const row = Array.from(ls.slice(r * d, (r + 1) * d));
      expect(row.reduce((s, x) => s + x, 0) + d * LN_SQRT_2PI_E).toBeCloseTo(0.25 * d, 4);
    }
    const rng = new Rng(0);
    const buffer = new ReplayBuffer(64, 10, d);
    for (let i = 0; i < 64; i++) {
      const o = Float32Array.from({ length: 10 }, () => rng.normal());
      buffer.add(
        o,
        Float32Array.from({ length: d }, () => rng.range(-1, 1)),
        rng.normal(),
        o,
        false,
      );
    }
    const warm = buffer.sample(16, rng);
    await agent.update(warm, true);
    disposeBatch(warm);
    const before = tf.memory().numTensors;
    const batch = buffer.sample(16, rng);
    const stats = (await agent.update(batch, true))!;
    disposeBatch(batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(stats.criticLoss) && Number.isFinite(stats.actorLoss)).toBe(true);
    expect(stats.gaussianEntropy).toBeCloseTo(0.25 * d, 4);
    agent.dispose();
  });
});
