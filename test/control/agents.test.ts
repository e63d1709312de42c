// SAC's losses and temperature step on hand-checkable inputs; SAC-ERA's Gaussian entropy equals its
// target on every state; the tanh log-probability correction; no tensor leaks across updates.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LN_SQRT_2PI_E } from '../../src/era/index.ts';
import { DEFAULT_AGENT_CONFIG, SacAgent, SacEraAgent } from '../../src/control/agents/index.ts';
import { squashedGaussianSample, truncatedNormalEntropy } from '../../src/control/agents/distributions.ts';
import type { Mlp } from '../../src/control/agents/mlp.ts';
import type { Batch } from '../../src/control/agents/replay.ts';
import { Trainer } from '../../src/control/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Zero weights everywhere and the given bias on the output layer: the network outputs `out` for any input. */
function setConstant(net: Mlp, out: number[]): void {
  const arrays = net.variables.map((v) => new Array<number>(v.size).fill(0));
  arrays[arrays.length - 1] = out;
  net.importWeights(arrays);
}

function batchOf(obs: number[][], actions: number[][], rewards: number[], terminals: number[]): Batch {
  return {
    observations: tf.tensor2d(obs),
    actions: tf.tensor2d(actions),
    rewards: tf.tensor1d(rewards),
    nextObservations: tf.tensor2d(obs.map((o) => o.map((x) => -x))),
    terminals: tf.tensor1d(terminals),
  };
}

const LN_2PI_HALF = 0.5 * Math.log(2 * Math.PI);

describe('tanh-squashed Gaussian', () => {
  it('log π(a) = Σ log N(u; μ, σ) − ln(1 − tanh² u), checked in float64', async () => {
    const mu = [
      [0.3, -2],
      [4, 0],
    ];
    const logStd = [
      [-1, 0.5],
      [-3, -0.2],
    ];
    const eps = [
      [0.7, -1.2],
      [0.1, 2.5],
    ];
    const { action, logProb } = squashedGaussianSample(tf.tensor2d(mu), tf.tensor2d(logStd), tf.tensor2d(eps));
    const [a, lp] = [await action.data(), await logProb.data()];
    tf.dispose([action, logProb]);
    for (let r = 0; r < 2; r++) {
      let expected = 0;
      for (let i = 0; i < 2; i++) {
        const u = mu[r][i] + Math.exp(logStd[r][i]) * eps[r][i];
        expect(a[r * 2 + i]).toBeCloseTo(Math.tanh(u), 6);
        expected += -0.5 * eps[r][i] ** 2 - logStd[r][i] - LN_2PI_HALF - Math.log(1 - Math.tanh(u) ** 2);
      }
      expect(lp[r]).toBeCloseTo(expected, 3);
    }
  });

  it('truncated-normal entropy: the Gaussian entropy for small σ, below it for wide σ', async () => {
    const h = truncatedNormalEntropy(tf.tensor2d([[0], [0]]), tf.tensor2d([[-4], [1]]));
    const [narrow, wide] = await h.data();
    h.dispose();
    expect(narrow).toBeCloseTo(-4 + LN_SQRT_2PI_E, 5);
    expect(wide).toBeLessThan(Math.log(2)); // the uniform on (−1, 1) is the most entropic
    expect(wide).toBeGreaterThan(Math.log(2) - 0.2);
  });
});

describe('SAC losses and temperature on hand-checkable inputs', () => {
  it('critic target, critic loss, actor loss and the α step match the formulas', async () => {
    const lr = 1e-3;
    const agent = new SacAgent(2, 1, { ...DEFAULT_AGENT_CONFIG, hidden: [4], initialAlpha: 0.2, criticLr: lr, actorLr: lr, alphaLr: lr }, 0);
    agent.sampleNoise = (rows) => tf.zeros([rows, 1]);
    const mu0 = 0.3;
    setConstant(agent.actor, [mu0, 0]); // raw 0 → ln σ = −5 + 3.5·(tanh 0 + 1) = −1.5
    const logStd = -1.5;
    setConstant(agent.critic.q1, [1]);
    setConstant(agent.critic.q2, [2]);
    setConstant(agent.critic.target1, [0.5]);
    setConstant(agent.critic.target2, [0.8]);
    const alpha = 0.2;
    const gamma = DEFAULT_AGENT_CONFIG.gamma;
    const logp = -logStd - LN_2PI_HALF - Math.log(1 - Math.tanh(mu0) ** 2); // ε = 0
    const rewards = [-1, 0.5];
    const terminals = [0, 1];
    const y = rewards.map((r, i) => r + gamma * (1 - terminals[i]) * (0.5 - alpha * logp));

    const batch = batchOf(
      [
        [0.1, 0.2],
        [-0.3, 0.4],
      ],
      [[0.5], [-0.5]],
      rewards,
      terminals,
    );
    const alphaT = tf.scalar(alpha);
    const yT = agent.criticTarget(batch, alphaT);
    const yGot = await yT.data();
    tf.dispose([yT, alphaT]);
    expect(yGot[0]).toBeCloseTo(y[0], 4);
    expect(yGot[1]).toBeCloseTo(y[1], 4);

    const stats = (await agent.update(batch, true))!;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(stats.criticLoss).toBeCloseTo(mean(y.map((v) => (1 - v) ** 2)) + mean(y.map((v) => (2 - v) ** 2)), 4);
    // Adam's first step moves each output bias by −lr·sign(gradient); the zero weights get no gradient.
    const q1After = 1 - lr * Math.sign(mean(y.map((v) => 1 - v)));
    const q2After = 2 - lr * Math.sign(mean(y.map((v) => 2 - v)));
    expect(stats.actorLoss).toBeCloseTo(alpha * logp - Math.min(q1After, q2After), 4);
    expect(stats.gaussianEntropy).toBeCloseTo(logStd + LN_SQRT_2PI_E, 5);
    expect(stats.actionEntropy).toBeCloseTo(-logp, 4);
    expect(stats.alpha).toBeCloseTo(alpha, 6);
    // Temperature loss −ln α·(log π + H̄), H̄ = −1: gradient −(log π − 1); one Adam step of size lr.
    const logAlphaAfter = Math.log(alpha) - lr * Math.sign(-(logp - 1));
    expect((await agent.logAlpha.data())[0]).toBeCloseTo(logAlphaAfter, 5);
    // Polyak: targets moved by τ toward the online critics (only the output biases differ).
    const t1 = await agent.critic.target1.biases[1].data();
    const tau = DEFAULT_AGENT_CONFIG.tau;
    expect(t1[0]).toBeCloseTo((1 - tau) * 0.5 + tau * q1After, 5);
    tf.dispose(Object.values(batch));
    agent.dispose();
  });
});

describe('SAC-ERA', () => {
  for (const d of [1, 2, 6]) {
    it(`Gaussian entropy is H₀ + δ on every state of a batch (D = ${d}), only raised by clipping`, async () => {
      for (const delta of [0, 0.4]) {
        const agent = new SacEraAgent(5, d, { ...DEFAULT_AGENT_CONFIG, hidden: [16, 16], delta }, 3);
        // Large weights spread softmax(σ̂) so some rows clip at ln σ_min = −8 (D ≥ 2).
        const big = (await agent.actor.exportWeights()).map((w) => w.map((x) => x * 40));
        agent.actor.importWeights(big);
        const obs = tf.randomNormal([64, 5], 0, 3, 'float32', 11) as tf.Tensor2D;
        const { mu, logStd } = agent.policy(obs);
        const ls = await logStd.data();
        tf.dispose([obs, mu, logStd]);
        const target = 0.25 * d + delta;
        let clippedRows = 0;
        for (let r = 0; r < 64; r++) {
          const row = Array.from(ls.slice(r * d, (r + 1) * d));
          const h = row.reduce((s, x) => s + x, 0) + d * LN_SQRT_2PI_E;
          const clipped = row.some((x) => x <= -8 + 1e-6);
          for (const x of row) expect(x).toBeLessThanOrEqual(0);
          if (clipped) {
            clippedRows++;
            expect(h).toBeGreaterThanOrEqual(target - 1e-4);
          } else {
            expect(Math.abs(h - target)).toBeLessThan(1e-4 * Math.max(1, Math.abs(target)));
          }
        }
        if (d === 1) expect(clippedRows).toBe(0);
        agent.dispose();
      }
    });
  }

  it('the critic target has no entropy term: y = r + γ(1 − d)·min Q̄', async () => {
    const agent = new SacEraAgent(2, 2, { ...DEFAULT_AGENT_CONFIG, hidden: [4] }, 0);
    setConstant(agent.critic.target1, [-3]);
    setConstant(agent.critic.target2, [1.5]);
    const batch = batchOf(
      [
        [0.1, 0.2],
        [-0.3, 0.4],
      ],
      [
        [0.5, 0],
        [-0.5, 1],
      ],
      [2, -1],
      [0, 1],
    );
    const y = agent.criticTarget(batch);
    const got = await y.data();
    expect(got[0]).toBeCloseTo(2 + 0.99 * -3, 5);
    expect(got[1]).toBeCloseTo(-1, 5);
    tf.dispose([y, ...Object.values(batch)]);
    agent.dispose();
  });

  it('auto-tuned δ rises while the executed entropy is below H₀ and stays ≥ 0', async () => {
    const agent = new SacEraAgent(3, 2, { ...DEFAULT_AGENT_CONFIG, hidden: [8], deltaMode: 'auto', delta: 0, distribution: 'tanh-normal' }, 1);
    // A saturated mean (|μ| large) squashes the tanh-normal: its entropy falls far below the Gaussian's.
    setConstant(agent.actor, [4, -4, 0, 0]);
    const batch = batchOf(
      Array.from({ length: 8 }, () => [0, 0, 0]),
      Array.from({ length: 8 }, () => [0, 0]),
      new Array(8).fill(0),
      new Array(8).fill(0),
    );
    for (let i = 0; i < 20; i++) await agent.update(batch, false);
    expect(agent.delta).toBeGreaterThan(0);
    tf.dispose(Object.values(batch));
    agent.dispose();
  });
});

describe('trainer', () => {
  it('records episodes and leaks no tensors across steps (both agents)', async () => {
    for (const agent of ['sac', 'sac-era'] as const) {
      const t = new Trainer({ env: 'pendulum', envOptions: { maxSteps: 20 }, agent, seed: 1, warmupSteps: 16, batchSize: 8, statsEvery: 5 });
      await t.runSteps(30);
      const before = tf.memory().numTensors;
      await t.runSteps(30);
      expect(tf.memory().numTensors).toBe(before);
      expect(t.diverged).toBeUndefined();
      expect(t.episodes.length).toBe(3);
      expect(t.episodes[2].length).toBe(20);
      expect(Number.isFinite(t.episodes[2].qMean)).toBe(true);
      if (agent === 'sac-era') expect(t.episodes[2].gaussianEntropy).toBeCloseTo(0.25, 4);
      t.dispose();
    }
  });

  it('stops a run whose policy turns NaN and marks the step', async () => {
    const t = new Trainer({ env: 'pendulum', agent: 'sac', seed: 2, warmupSteps: 0, batchSize: 4 });
    await t.runSteps(5);
    const w = await t.agent.exportCheckpoint();
    t.agent.importCheckpoint({ ...w, actor: w.actor.map((a) => a.map(() => NaN)) });
    await t.runSteps(10);
    expect(t.diverged?.step).toBe(5);
    expect(t.steps).toBe(5);
    t.dispose();
  });
});
