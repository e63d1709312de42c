// DAPO dynamic sampling ("filter groups"): which groups are dropped, how a step refills its batch over a
// bounded number of rounds, that dropped rows count in neither the loss nor its token-mean, and the
// trainer's record of it (TF.js 'cpu' backend).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GroupCollector, type SampledGroup, isInformative } from '../../src/tokens/dapo.ts';
import { clippedSurrogateLossPerSeed, lengthMask, meanTokenEntropyPerSeed } from '../../src/tokens/grpo.ts';
import { GrpoSeeds, RUN_PRESETS, type RunConfig } from '../../src/tokens/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const group = (target: number, rewards: number[]): SampledGroup => ({
  target,
  tokens: new Int32Array(rewards.length * 2),
  rewards: Float32Array.from(rewards),
  lengths: rewards.map(() => 2),
  wellFormed: rewards.map(() => true),
});

describe('isInformative', () => {
  it('is false exactly when every reward of the group is the same (std = 0)', () => {
    expect(isInformative([0, 0, 0, 0])).toBe(false);
    expect(isInformative([1, 1, 1])).toBe(false);
    expect(isInformative([0, 0, 1, 0])).toBe(true);
    expect(isInformative([1, 0])).toBe(true);
  });
});

describe('GroupCollector', () => {
  it('without filtering takes one round and every group', () => {
    const c = new GroupCollector(3, false, 4);
    expect(c.needsMore).toBe(true);
    c.add([group(1, [0, 0]), group(2, [1, 1]), group(3, [1, 0])]);
    expect(c.needsMore).toBe(false);
    expect(c.take()).toMatchObject({ inLoss: true });
    expect(c.take().groups.map((g) => g.target)).toEqual([1, 2, 3]);
  });

  it('with filtering keeps the informative groups of each round until the batch is full, then cuts it to size', () => {
    const c = new GroupCollector(3, true, 4);
    c.add([group(1, [0, 0]), group(2, [1, 0]), group(3, [1, 1])]);
    expect(c.needsMore).toBe(true);
    c.add([group(4, [0, 1]), group(5, [0, 0]), group(6, [1, 0])]);
    expect(c.needsMore).toBe(false);
    expect(c.rounds).toBe(2);
    expect(c.take()).toMatchObject({ inLoss: true });
    // 2, 4, 6 are informative: a full batch of three, in sampling order.
    expect(c.take().groups.map((g) => g.target)).toEqual([2, 4, 6]);
    const over = new GroupCollector(2, true, 4);
    over.add([group(1, [1, 0]), group(2, [0, 1]), group(3, [1, 0])]);
    expect(over.needsMore).toBe(false);
    expect(over.take().groups.map((g) => g.target)).toEqual([1, 2]);
  });

  it('stops at its bound of rounds and trains on what it kept; with none kept it measures the last round, outside the loss', () => {
    const c = new GroupCollector(2, true, 3);
    c.add([group(1, [0, 0]), group(2, [1, 0])]);
    c.add([group(3, [0, 0]), group(4, [0, 0])]);
    expect(c.needsMore).toBe(true);
    c.add([group(5, [1, 1]), group(6, [0, 0])]);
    expect(c.needsMore).toBe(false);
    expect(c.take()).toMatchObject({ inLoss: true });
    expect(c.take().groups.map((g) => g.target)).toEqual([2]);
    const none = new GroupCollector(2, true, 2);
    none.add([group(1, [0, 0]), group(2, [0, 0])]);
    none.add([group(3, [1, 1]), group(4, [0, 0])]);
    expect(none.needsMore).toBe(false);
    expect(none.take()).toMatchObject({ inLoss: false });
    expect(none.take().groups.map((g) => g.target)).toEqual([3, 4]);
    expect(() => new GroupCollector(2, true, 0)).toThrow(/maxRounds/);
  });
});

describe('the loss over S seeds with dropped rows', () => {
  it('is each seed’s token-mean over its own kept tokens: dropped rows count in neither sum nor count', async () => {
    // Seed 0: rows 0-1, seed 1: rows 2-3. Ratio 1 everywhere (new = old), so L_s = −Σ mask·A / Σ mask.
    const lp = tf.zeros([4, 3]) as tf.Tensor2D;
    const adv = tf.tensor1d([1, -2, 3, 5]);
    const lengths = [2, 3, 1, 3];
    const kept = tf.tensor2d([1, 1, 1, 0], [4, 1]);
    const losses = tf.tidy(() => clippedSurrogateLossPerSeed(lp, lp, adv, tf.mul(lengthMask(lengths, 3), kept) as tf.Tensor2D, 0.2, 2));
    const got = Array.from(await losses.data());
    // Seed 0: −(2·1 + 3·(−2)) / 5 = 0.8. Seed 1: row 3 is dropped: −(1·3) / 1 = −3 (not −(3 + 15)/4).
    expect(got[0]).toBeCloseTo(0.8, 6);
    expect(got[1]).toBeCloseTo(-3, 6);
    // A seed with no kept token has loss 0 (no NaN from 0/0).
    const empty = tf.tidy(() => clippedSurrogateLossPerSeed(lp, lp, adv, tf.zeros([4, 3]) as tf.Tensor2D, 0.2, 2));
    expect(Array.from(await empty.data())).toEqual([-0, -0]);
    tf.dispose([lp, adv, kept, losses, empty]);
  });

  it('takes the mean token entropy per seed over the counted tokens only', async () => {
    const h = tf.tensor2d([
      [1, 2, 9],
      [3, 9, 9],
      [0.5, 9, 9],
      [9, 9, 9],
    ]);
    const mask = tf.tidy(() => tf.mul(lengthMask([2, 1, 1, 3], 3), tf.tensor2d([1, 1, 1, 0], [4, 1])) as tf.Tensor2D);
    const m = meanTokenEntropyPerSeed(h, mask, 2);
    const got = Array.from(await m.data());
    expect(got[0]).toBeCloseTo(2, 6);
    expect(got[1]).toBeCloseTo(0.5, 6);
    tf.dispose([h, mask, m]);
  });
});

describe('GRPO with --filter-groups', () => {
  // Exact targets (bucket 1) and an untrained policy: about 2% of responses are right, so most groups
  // are all wrong (degenerate) and a few have one right answer.
  const base: Partial<RunConfig> = {
    promptsPerStep: 8,
    groupSize: 8,
    evalSamples: 8,
    task: { minTarget: 1, maxTarget: 18, maxLength: 6, bucket: 1 },
    seed: 4,
    seeds: 2,
  };

  it('keeps the informative groups and refills from more prompts, up to its bound', async () => {
    const off = new GrpoSeeds(RUN_PRESETS.grpo(base));
    const once = new GrpoSeeds(RUN_PRESETS.grpo({ ...base, filterGroups: true, maxGenBatches: 1 }));
    const refill = new GrpoSeeds(RUN_PRESETS.grpo({ ...base, filterGroups: true, maxGenBatches: 5 }));
    const [mOff, mOnce, mRefill] = [await off.step(), await once.step(), await refill.step()];
    for (let s = 0; s < 2; s++) {
      const [a, b, c] = [mOff[s]!, mOnce[s]!, mRefill[s]!];
      expect(a).toMatchObject({ groupsKept: 8, genBatches: 1 });
      // One round: the same samples as without filtering; the groups kept are those with a right answer
      // (none is all right at ~2% per response, as the rewards show).
      expect(b.reward).toBe(a.reward);
      expect(b.reward).toBeLessThan(0.1);
      expect(b.genBatches).toBe(1);
      expect(b.groupsKept).toBe(Math.round(a.groupSolved * 8));
      expect(b.groupsKept).toBeLessThan(8);
      // Dropping zero-advantage groups shrinks only the token-mean's count: the loss grows in size.
      if (b.groupsKept > 0) expect(Math.abs(b.loss)).toBeGreaterThan(Math.abs(a.loss));
      // Refilling: more rounds, never past the bound; a batch short of 8 means the bound was reached.
      expect(c.genBatches).toBeGreaterThan(1);
      expect(c.genBatches).toBeLessThanOrEqual(5);
      expect(c.groupsKept).toBeGreaterThanOrEqual(b.groupsKept);
      expect(c.groupsKept).toBeLessThanOrEqual(8);
      if (c.groupsKept < 8) expect(c.genBatches).toBe(5);
    }
    [off, once, refill].forEach((r) => r.dispose());
  });

  it('takes no update on a step that kept no group, and measures that step on its last round', async () => {
    // One round of two prompts: with ~2% right answers, groups are usually all wrong.
    const run = new GrpoSeeds(RUN_PRESETS.grpo({ ...base, seeds: 1, promptsPerStep: 2, filterGroups: true, maxGenBatches: 1 }));
    let skipped = 0;
    for (let i = 0; i < 6; i++) {
      const w = await run.policy.w2.data();
      const [m] = await run.step();
      const after = await run.policy.w2.data();
      const moved = after.some((x, j) => x !== w[j]);
      if (m!.groupsKept === 0) {
        skipped++;
        expect(moved).toBe(false);
        expect(m!.loss).toBe(0);
        // The step is still measured (on the groups it sampled).
        expect(m!.responseEntropy).toBeGreaterThan(2);
        expect(m!.samples).toHaveLength(2);
      } else expect(moved).toBe(true);
    }
    expect(skipped).toBeGreaterThan(0);
    run.dispose();
  });
});
