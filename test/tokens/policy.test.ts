// The stacked token policy: the teacher-forced pass (one matmul of CPU-built prefix counts and one-hots
// by the stacked tables) agrees with the position-by-position sampler, seed by seed.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenPolicy } from '../../src/tokens/policy.ts';
import { Rng } from '../../src/util/rng.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cfg = { vocabSize: 12, maxLength: 6, promptCount: 19, embedDim: 8, hiddenDim: 16 };

describe('TokenPolicy', () => {
  it('gives, teacher-forced, the logits the sampler acted on: greedy samples are the argmax at every position', async () => {
    const seeds = 3;
    // Large output weights so the greedy choice is not a near tie.
    const policy = new TokenPolicy({ ...cfg }, [new Rng(1), new Rng(2), new Rng(3)]);
    policy.w2.assign(tf.tidy(() => tf.mul(policy.w2, 30)));
    const prompts = Array.from({ length: seeds * 5 }, (_, i) => (i * 7) % 19);
    const tokens = await policy.sample(prompts, new Float32Array(seeds * 6 * 5 * 12));
    const features = policy.features(prompts, tokens);
    const logits = policy.logits(features);
    expect(logits.shape).toEqual([seeds, 5, 6, 12]);
    const greedy = (await tf.tidy(() => tf.argMax(logits, 3)).data()) as Int32Array;
    expect(Array.from(greedy)).toEqual(Array.from(tokens));
    // The responses are not all alike, so the prefix counts matter.
    expect(new Set(Array.from(tokens)).size).toBeGreaterThan(2);
    tf.dispose([features, logits]);
    policy.dispose();
  });

  it('builds the features as prefix counts, then the prompt and position one-hots', async () => {
    const policy = new TokenPolicy({ ...cfg, maxLength: 3 }, [new Rng(1)]);
    const f = policy.features([4], [2, 2, 7]);
    expect(f.shape).toEqual([1, 3, 12 + 19 + 3]);
    const rows = (await f.array()) as number[][][];
    const row = (i: number) => ({ counts: rows[0][i].slice(0, 12), prompt: rows[0][i].slice(12, 31).indexOf(1), position: rows[0][i].slice(31).indexOf(1) });
    expect(row(0)).toEqual({ counts: Array(12).fill(0), prompt: 4, position: 0 });
    expect(row(2).counts[2]).toBe(2);
    expect(row(2).counts.reduce((a, b) => a + b)).toBe(2);
    expect(row(2).position).toBe(2);
    expect(() => policy.features([4, 5], [2, 2, 7])).toThrow(/do not fit/);
    f.dispose();
    policy.dispose();
  });
});
