// Seeds trained together (src/control/seeds.ts, agents/batched.ts): seed k inside a batch of S follows
// the single-seed Trainer of seed k (the same episodes, returns, statistics and weights within float
// tolerance), the seeds are independent (another seed's data leaves a seed's weights alone), SAC and
// SAC-ERA share their start per seed inside the batch, and nothing leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGENT_CONFIG, type SacAgent, type SacEraAgent } from '../../src/control/agents/index.ts';
import { SacEraSeeds, SacSeeds, type SeedsBatch, disposeSeedsBatch } from '../../src/control/agents/batched.ts';
import { SeedsTrainer } from '../../src/control/seeds.ts';
import { Trainer } from '../../src/control/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const flat = (ws: number[][]) => ws.flat();

function expectClose(a: number[], b: number[], tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    expect(Number.isNaN(a[i])).toBe(Number.isNaN(b[i]));
    if (!Number.isNaN(a[i])) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  expect(worst).toBeLessThan(tol);
}

const small = { env: 'pendulum', envOptions: { maxSteps: 20 }, warmupSteps: 16, batchSize: 8, statsEvery: 5, agentConfig: { hidden: [8, 8] } };

describe('seeds trained together', () => {
  const cases = [
    ['sac', {}],
    ['sac-era', {}],
    ['sac-era', { deltaMode: 'auto', distribution: 'tanh-normal' }],
  ] as const;
  for (const [agent, extra] of cases) {
    it(`${agent} ${JSON.stringify(extra)}: seed k of a batch of 3 trains as the single-seed Trainer of seed k`, async () => {
      const seeds = [4, 0, 7];
      const config = { ...small, agentConfig: { ...small.agentConfig, ...extra } };
      const batched = new SeedsTrainer({ ...config, agent, seeds });
      const singles = seeds.map((seed) => new Trainer({ ...config, agent, seed }));
      await batched.runSteps(60);
      for (const t of singles) await t.runSteps(60);
      for (let k = 0; k < seeds.length; k++) {
        const [run, single] = [batched.runs[k], singles[k]];
        expect(run.seed).toBe(seeds[k]);
        expect(run.steps).toBe(single.steps);
        expect(run.updates).toBe(single.updates);
        expect(run.episodes.map((e) => e.length)).toEqual(single.episodes.map((e) => e.length));
        expectClose(
          run.episodes.map((e) => e.return),
          single.episodes.map((e) => e.return),
          1e-3,
        );
        expectClose(
          run.episodes.map((e) => e.criticLoss),
          single.episodes.map((e) => e.criticLoss),
          1e-3,
        );
        const [mine, theirs] = [await batched.agent.exportCheckpoint(k), await single.agent.exportCheckpoint()];
        expectClose(flat(mine.actor), flat(theirs.actor), 1e-4);
        expect(mine.scalar).toBeCloseTo(theirs.scalar, 4);
        if ('deltaMode' in extra) expect(mine.scalar).toBeGreaterThan(0);
        expectClose([...(await batched.evaluate(2))].slice(k, k + 1), [await single.evaluate(2)], 1e-2);
      }
      batched.dispose();
      for (const t of singles) t.dispose();
    });
  }

  it('a seed alone (S = 1) and the same seed inside a batch take the same first updates', async () => {
    for (const agent of ['sac', 'sac-era'] as const) {
      const alone = new SeedsTrainer({ ...small, agent, seeds: [5] });
      const inside = new SeedsTrainer({ ...small, agent, seeds: [1, 5, 2, 9] });
      await alone.runSteps(24);
      await inside.runSteps(24);
      expect(alone.updates).toBe(8);
      expectClose(flat((await alone.agent.exportCheckpoint(0)).actor), flat((await inside.agent.exportCheckpoint(1)).actor), 1e-5);
      alone.dispose();
      inside.dispose();
    }
  });

  it('seeds are independent: changing one seed’s batch leaves the other seeds’ weights unchanged', async () => {
    const make = () => new SacEraSeeds(3, 1, { ...DEFAULT_AGENT_CONFIG, hidden: [8] }, [0, 1, 2]);
    const batch = (poke: boolean): SeedsBatch =>
      tf.tidy(() => {
        const obs = tf.randomUniform([3, 8, 3], -1, 1, 'float32', 11) as tf.Tensor3D;
        const rewards = tf.randomUniform([3, 8], -1, 1, 'float32', 12) as tf.Tensor2D;
        const bump = tf.tensor2d([0, 5, 0], [3, 1]);
        return {
          observations: obs,
          actions: tf.randomUniform([3, 8, 1], -1, 1, 'float32', 13) as tf.Tensor3D,
          rewards: poke ? (tf.add(rewards, bump) as tf.Tensor2D) : rewards,
          nextObservations: tf.randomUniform([3, 8, 3], -1, 1, 'float32', 14) as tf.Tensor3D,
          terminals: tf.zeros([3, 8]) as tf.Tensor2D,
        };
      });
    const [a, b] = [make(), make()];
    for (let i = 0; i < 3; i++) {
      const [ba, bb] = [batch(false), batch(true)];
      await a.update(ba, false);
      await b.update(bb, false);
      disposeSeedsBatch(ba);
      disposeSeedsBatch(bb);
    }
    for (const k of [0, 2]) expect(flat((await b.exportCheckpoint(k)).actor)).toEqual(flat((await a.exportCheckpoint(k)).actor));
    expect(flat((await b.exportCheckpoint(1)).actor)).not.toEqual(flat((await a.exportCheckpoint(1)).actor));
    a.dispose();
    b.dispose();
  });

  it('SAC and SAC-ERA share critics and actor trunk per seed inside the batch', async () => {
    const seeds = [0, 3];
    const sac = new SacSeeds(3, 2, DEFAULT_AGENT_CONFIG, seeds);
    const era = new SacEraSeeds(3, 2, DEFAULT_AGENT_CONFIG, seeds);
    for (const key of ['q1', 'q2', 'target1', 'target2'] as const) {
      for (let k = 0; k < seeds.length; k++) expect(await era.critic[key].exportWeights(k)).toEqual(await sac.critic[key].exportWeights(k));
    }
    for (let k = 0; k < seeds.length; k++) {
      const [s, e] = [await sac.actor.exportWeights(k), await era.actor.exportWeights(k)];
      expect(e.slice(0, -2)).toEqual(s.slice(0, -2));
    }
    // and they differ between seeds
    expect(await sac.actor.exportWeights(0)).not.toEqual(await sac.actor.exportWeights(1));
    sac.dispose();
    era.dispose();
  });

  it('checkpoints go in and out of one slot; live knobs reach every seed; nothing leaks', async () => {
    const t = new SeedsTrainer({ ...small, agent: 'sac-era', seeds: [0, 1] });
    await t.runSteps(20);
    const before = tf.memory().numTensors;
    await t.runSteps(20);
    expect(tf.memory().numTensors).toBe(before);
    const era = t.agent as SacEraSeeds;
    era.setTargetEntropyPerDim(0.5);
    era.setDelta(0.1);
    expect(era.deltas).toEqual([0.1, 0.1]);
    const c0 = await era.exportCheckpoint(0);
    const c1 = await era.exportCheckpoint(1);
    era.importCheckpoint(1, c0);
    expect(await era.exportCheckpoint(1)).toEqual({ ...c0, scalar: c0.scalar });
    expect((await era.exportCheckpoint(0)).actor).toEqual(c0.actor);
    expect(c1.actor).not.toEqual(c0.actor);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('acting stochastically for one slot leaves the other seeds’ generators untouched', async () => {
    const [a, b] = [new SacEraSeeds(3, 2, DEFAULT_AGENT_CONFIG, [0, 1]), new SacEraSeeds(3, 2, DEFAULT_AGENT_CONFIG, [0, 1])];
    const obs = [new Float32Array([0.1, 0.2, 0.3]), new Float32Array([0.3, 0.2, 0.1])];
    await a.act(obs, [true]); // slot 0 draws, slot 1 does not
    const [x, y] = [await a.act(obs, true), await b.act(obs, true)];
    expect(Array.from(x[1].action)).toEqual(Array.from(y[1].action));
    expect(Array.from(x[0].action)).not.toEqual(Array.from(y[0].action));
    a.dispose();
    b.dispose();
  });

  it('stops only the seed whose policy turns NaN', async () => {
    const t = new SeedsTrainer({ env: 'pendulum', agent: 'sac', seeds: [2, 3], warmupSteps: 0, batchSize: 4 });
    await t.runSteps(5);
    const w = await t.agent.exportCheckpoint(0);
    t.agent.importCheckpoint(0, { ...w, actor: w.actor.map((a) => a.map(() => NaN)) });
    await t.runSteps(10);
    expect(t.runs[0].diverged?.step).toBe(5);
    expect(t.runs[0].steps).toBe(5);
    expect(t.runs[1].diverged).toBeUndefined();
    expect(t.runs[1].steps).toBe(15);
    t.dispose();
  });
});

// Keep the single agents' types referenced (the batched ones mirror them).
export type { SacAgent, SacEraAgent };
