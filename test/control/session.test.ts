// The worker's session (DOM-free): both agents side by side, rollout frames, snapshots report each
// episode once, checkpoints that do not fit are refused, and a diverged run stops while the other goes on.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ControlSession } from '../../src/control/session.ts';
import { CONTROL_DEFAULTS as DEFAULT_LAB_CONFIG } from '../../src/ui/labs/control/schema.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = { ...DEFAULT_LAB_CONFIG, env: 'point-mass' as const, episodeSteps: 10, warmup: 10, batch: 8, hidden: 8, seeds: 1 };

describe('ControlSession', () => {
  it('trains SAC and SAC-ERA on the same seed and reports each episode once', async () => {
    const s = new ControlSession(small);
    await s.advance(25);
    const first = s.snapshot();
    expect(first.map((r) => r.agent)).toEqual(['sac', 'sac-era']);
    expect(first.map((r) => r.newEpisodes.length)).toEqual([2, 2]);
    expect(first.map((r) => r.targetEntropy)).toEqual([-2, 0.5]);
    // Same seed: the first episode (all random warm-up actions) is the same for both agents.
    expect(first[0].newEpisodes[0].return).toBeCloseTo(first[1].newEpisodes[0].return, 6);
    expect(s.snapshot().map((r) => r.newEpisodes.length)).toEqual([0, 0]);
    expect(s.trainers.map((t) => t.config.warmupActionHold)).toEqual([1, 1]);
    const frames = await s.rolloutStep(false);
    expect(frames.map((f) => f.frame.kind)).toEqual(['point-mass', 'point-mass']);
    s.dispose();
  });

  it('trains S seeds per agent together and reports one snapshot per (agent, seed)', async () => {
    const s = new ControlSession({ ...small, seed: 5, seeds: 3 });
    await s.advance(25);
    const snap = s.snapshot();
    expect(snap.map((r) => [r.agent, r.seed, r.slot])).toEqual([
      ['sac', 5, 0],
      ['sac', 6, 1],
      ['sac', 7, 2],
      ['sac-era', 5, 0],
      ['sac-era', 6, 1],
      ['sac-era', 7, 2],
    ]);
    expect(snap.map((r) => r.newEpisodes.length)).toEqual([2, 2, 2, 2, 2, 2]);
    // Per seed, both agents start alike; different seeds differ.
    for (let k = 0; k < 3; k++) expect(snap[3 + k].newEpisodes[0].return).toBeCloseTo(snap[k].newEpisodes[0].return, 6);
    expect(snap[1].newEpisodes[0].return).not.toBeCloseTo(snap[0].newEpisodes[0].return, 3);
    // A checkpoint goes into every seed slot.
    const ckpt = await s.trainers[1].agent.exportCheckpoint(2);
    s.loadCheckpoint('sac-era', ckpt);
    for (let k = 0; k < 3; k++) expect((await s.trainers[1].agent.exportCheckpoint(k)).actor).toEqual(ckpt.actor);
    s.dispose();
  });

  it('passes the warm-up action hold to both trainers', () => {
    const s = new ControlSession({ ...small, env: 'mountain-car', warmupHold: 25 });
    expect(s.trainers.map((t) => t.config.warmupActionHold)).toEqual([25, 25]);
    s.dispose();
  });

  it('refuses a checkpoint for another environment and keeps the other run going after a divergence', async () => {
    const s = new ControlSession(small);
    const ckpt = await s.trainers[1].agent.exportCheckpoint(0);
    expect(() => s.loadCheckpoint('sac-era', { ...ckpt, observationSize: 3 })).toThrow(/does not fit/);
    s.loadCheckpoint('sac', { ...(await s.trainers[0].agent.exportCheckpoint(0)), actor: ckpt.actor.map((a) => a.map(() => NaN)) });
    await s.advance(12);
    const [sac, era] = s.snapshot();
    // Warm-up actions are random; the NaN policy is caught at its first own action, after warm-up.
    expect(sac.diverged?.step).toBe(10);
    expect(sac.steps).toBe(10);
    expect(era.diverged).toBeNull();
    expect(era.steps).toBe(12);
    expect(s.allDiverged).toBe(false);
    s.dispose();
  });
});
