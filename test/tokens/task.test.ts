import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tokens/random.ts';
import { DEFAULT_TASK, EOS, INVALID, passAtK, promptOf, samplePrompts, scoreResponse, validateTask } from '../../src/tokens/task.ts';

describe('digit-sum task', () => {
  it('rewards digits that sum to the target followed by <eos>, and only those', () => {
    expect(scoreResponse(9, [4, 5, EOS, 0, 0, 0], 6)).toEqual({ reward: 1, outcome: 'correct', length: 3 });
    expect(scoreResponse(9, [9, EOS, 3, 3, 3, 3], 6)).toEqual({ reward: 1, outcome: 'correct', length: 2 });
    expect(scoreResponse(9, [4, 4, EOS, 0, 0, 0], 6)).toEqual({ reward: 0, outcome: 'wrong-sum', length: 3 });
    expect(scoreResponse(9, [9, INVALID, EOS, 0, 0, 0], 6)).toEqual({ reward: 0, outcome: 'invalid-token', length: 3 });
    expect(scoreResponse(0, [EOS, 0, 0, 0, 0, 0], 6)).toEqual({ reward: 0, outcome: 'empty', length: 1 });
    // Five digits summing to 9 but no <eos> within six tokens: too long.
    expect(scoreResponse(9, [1, 2, 3, 3, 0, 0], 6)).toEqual({ reward: 0, outcome: 'too-long', length: 6 });
    expect(scoreResponse(9, [1, INVALID, 3, 3, 0, 2], 6).outcome).toBe('invalid-token');
  });

  it('draws the same prompts from the same seed, within the target range', () => {
    const a = samplePrompts(new Rng(5), 200, DEFAULT_TASK);
    expect(samplePrompts(new Rng(5), 200, DEFAULT_TASK)).toEqual(a);
    expect(samplePrompts(new Rng(6), 200, DEFAULT_TASK)).not.toEqual(a);
    expect(Math.min(...a)).toBe(DEFAULT_TASK.minTarget);
    expect(Math.max(...a)).toBe(DEFAULT_TASK.maxTarget);
  });

  it('rejects targets the response length cannot reach', () => {
    expect(() => validateTask({ minTarget: 1, maxTarget: 30, maxLength: 4 })).toThrow(/27/);
  });

  it('shows the exact target by default, or only its bucket', () => {
    for (let t = 1; t <= 18; t++) expect(promptOf(t, DEFAULT_TASK)).toBe(t);
    const bucketed = { ...DEFAULT_TASK, bucket: 3 };
    expect([1, 2, 3, 4, 5, 6, 16, 17, 18].map((t) => promptOf(t, bucketed))).toEqual([1, 1, 1, 4, 4, 4, 16, 16, 16]);
    expect(() => validateTask({ ...DEFAULT_TASK, bucket: 0 })).toThrow(/bucket/);
    expect(() => validateTask({ ...DEFAULT_TASK, bucket: 1.5 })).toThrow(/bucket/);
  });

  it('estimates pass@k without bias', () => {
    expect(passAtK(4, 0, 2)).toBe(0);
    expect(passAtK(4, 4, 1)).toBe(1);
    expect(passAtK(4, 1, 1)).toBeCloseTo(0.25, 12);
    // 1 − C(2,2)/C(4,2) = 1 − 1/6
    expect(passAtK(4, 2, 2)).toBeCloseTo(5 / 6, 12);
    expect(passAtK(4, 3, 2)).toBe(1);
  });
});
