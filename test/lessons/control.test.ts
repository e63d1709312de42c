// The Control lessons' claims, on the worker's own session in the lessons' state (the lab's defaults:
// the 2-D point mass, SAC vs SAC-ERA, S = 4 seeds trained together; TF.js 'cpu' as in the lab). 1,500 environment steps: the
// 1,000-step random warm-up and 500 learning steps.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SacEraSeeds } from '../../src/control/agents/batched.ts';
import { ControlSession } from '../../src/control/session.ts';
import type { EpisodeRecord } from '../../src/control/trainer.ts';
import { controlSchema } from '../../src/ui/labs/control/schema.ts';
import { findLesson } from '../../src/ui/lessons/lessons.ts';
import { parseParams } from '../../src/ui/state/schema.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function lessonSettings(id: string) {
  const parsed = parseParams(controlSchema, new URLSearchParams(findLesson(id)!.params));
  expect(parsed.notices).toEqual([]);
  return parsed.state;
}

const STEPS = 1500;
const episodesOf = (s: ControlSession, agent: string): EpisodeRecord[] => s.trainers.find((t) => t.agent.kind === agent)!.runs[0].episodes;

describe('Control lessons, on the page’s own session', () => {
  it('control-every-state: SAC-ERA’s Gaussian entropy is on its target on every episode, and follows H₀/D at once', { timeout: 900_000 }, async () => {
    const settings = lessonSettings('control-every-state');
    expect(settings.env).toBe('point-mass');
    const session = new ControlSession(settings);
    try {
      await session.advance(STEPS);
      const era = episodesOf(session, 'sac-era');
      const sac = episodesOf(session, 'sac');
      const target = 2 * settings.targetEntropyPerDim + settings.delta;
      expect(era.length).toBeGreaterThan(2);
      for (const e of era) expect(e.gaussianEntropy).toBeCloseTo(target, 3);
      // Every seed of the batch, not only the one the canvas draws.
      const eraTrainer = session.trainers.find((t) => t.agent.kind === 'sac-era')!;
      expect(eraTrainer.runs.length).toBe(settings.seeds);
      for (const run of eraTrainer.runs) for (const e of run.episodes) expect(e.gaussianEntropy).toBeCloseTo(target, 3);
      // SAC's moves as α adapts (it has no such hold).
      const sacH = sac.map((e) => e.gaussianEntropy);
      console.log(`SAC-ERA Gaussian entropy ${era.map((e) => e.gaussianEntropy.toFixed(3)).join(', ')}; SAC ${sacH.map((h) => h.toFixed(3)).join(', ')}`);
      expect(Math.max(...sacH) - Math.min(...sacH)).toBeGreaterThan(0.05);

      // Drag H₀/D from 0.25 to 0.5 (what the worker's setLive does): the next episodes sit at 1.0.
      const agent = session.trainers.find((t) => t.agent instanceof SacEraSeeds)!.agent as SacEraSeeds;
      const before = era.length;
      agent.setTargetEntropyPerDim(0.5);
      await session.advance(450);
      const after = episodesOf(session, 'sac-era').slice(before + 1); // the first may straddle the change
      expect(after.length).toBeGreaterThan(0);
      for (const e of after) expect(e.gaussianEntropy).toBeCloseTo(2 * 0.5 + agent.deltas[0], 3);
    } finally {
      session.dispose();
    }
  });

  it('control-delta: the executed actions’ entropy is below the Gaussian’s, and auto δ rises from 0', { timeout: 900_000 }, async () => {
    const settings = lessonSettings('control-delta');
    expect(settings.deltaMode).toBe('auto');
    const session = new ControlSession(settings);
    try {
      await session.advance(STEPS);
      const learning = episodesOf(session, 'sac-era').filter((e) => Number.isFinite(e.actionEntropy));
      console.log(
        `SAC-ERA executed / Gaussian entropy, δ: ${learning.map((e) => `${e.actionEntropy.toFixed(3)} / ${e.gaussianEntropy.toFixed(3)}, ${e.delta.toFixed(4)}`).join('; ')}`,
      );
      expect(learning.length).toBeGreaterThan(0);
      for (const e of learning) expect(e.actionEntropy).toBeLessThan(e.gaussianEntropy);
      const h0 = 2 * settings.targetEntropyPerDim;
      expect(learning.every((e) => e.actionEntropy < h0)).toBe(true);
      expect(learning.at(-1)!.delta).toBeGreaterThan(0);
      expect(learning.at(-1)!.delta).toBeGreaterThan(learning[0].delta);
      // Each seed tunes its own δ, and each rises from 0.
      const deltas = (session.trainers.find((t) => t.agent instanceof SacEraSeeds)!.agent as SacEraSeeds).deltas;
      console.log(`δ per seed: ${deltas.map((d) => d.toFixed(4)).join(', ')}`);
      for (const d of deltas) expect(d).toBeGreaterThan(0);
    } finally {
      session.dispose();
    }
  });
});
