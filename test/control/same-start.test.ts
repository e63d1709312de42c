// SAC and SAC-ERA on one seed start from the same point: equal critic weights (online and target) and
// equal actor trunk at step 0, the same random warm-up actions and the same environment resets, so a
// comparison of the two measures the algorithms rather than the draw.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mlp } from '../../src/control/agents/mlp.ts';
import { SacAgent, SacEraAgent } from '../../src/control/agents/index.ts';
import { Trainer } from '../../src/control/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function weights(net: Mlp): Promise<number[][]> {
  return net.exportWeights();
}

describe('SAC and SAC-ERA share their start', () => {
  for (const seed of [0, 3]) {
    it(`seed ${seed}: critics and actor trunk are equal at step 0; warm-up actions and resets match`, async () => {
      const trainers = (['sac', 'sac-era'] as const).map(
        (agent) => new Trainer({ env: 'point-mass', agent, seed, warmupSteps: 1000, envOptions: { maxSteps: 30 } }),
      );
      const [sac, era] = trainers.map((t) => t.agent) as [SacAgent, SacEraAgent];
      expect(sac).toBeInstanceOf(SacAgent);
      expect(era).toBeInstanceOf(SacEraAgent);
      for (const key of ['q1', 'q2', 'target1', 'target2'] as const) {
        expect(await weights(era.critic[key])).toEqual(await weights(sac.critic[key]));
      }
      // The trunk: every layer but the output one (weights and bias).
      const [sacActor, eraActor] = [await weights(sac.actor), await weights(era.actor)];
      expect(eraActor.slice(0, -2)).toEqual(sacActor.slice(0, -2));
      expect(
        eraActor
          .slice(0, -2)
          .flat()
          .some((w) => w !== 0),
      ).toBe(true);

      // What each environment received and returned over 100 warm-up steps (3 episodes plus 10 steps).
      const logs = trainers.map((t) => {
        const log: { resets: number[][]; actions: number[][] } = { resets: [], actions: [] };
        const [reset, step] = [t.env.reset.bind(t.env), t.env.step.bind(t.env)];
        t.env.reset = (s) => {
          const o = reset(s);
          log.resets.push(Array.from(o));
          return o;
        };
        t.env.step = (a) => {
          log.actions.push(Array.from(a));
          return step(a);
        };
        return log;
      });
      for (const t of trainers) await t.runSteps(100);
      expect(logs[0].actions).toHaveLength(100);
      expect(logs[1].actions).toEqual(logs[0].actions);
      expect(logs[0].resets).toHaveLength(3);
      expect(logs[1].resets).toEqual(logs[0].resets);
      expect(trainers[1].episodes.map((e) => e.return)).toEqual(trainers[0].episodes.map((e) => e.return));
      for (const t of trainers) t.dispose();
    });
  }
});
