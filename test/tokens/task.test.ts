import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.ts';
import { DEFAULT_TASK, EOS, INVALID, PromptDeck, passAtK, promptOf, promptText, scoreResponse, validateTask } from '../../src/tokens/task.ts';

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

  it('draws the same prompts from the same seed, every target once per pass through the deck', () => {
    const draw = (seed: number) => new PromptDeck(new Rng(seed), DEFAULT_TASK).draw(200);
    const a = draw(5);
    expect(draw(5)).toEqual(a);
    expect(draw(6)).not.toEqual(a);
    const span = DEFAULT_TASK.maxTarget - DEFAULT_TASK.minTarget + 1;
    const all = Array.from({ length: span }, (_, i) => DEFAULT_TASK.minTarget + i);
    for (let pass = 0; pass + span <= a.length; pass += span) {
      expect([...a.slice(pass, pass + span)].sort((x, y) => x - y)).toEqual(all);
    }
    expect(a.slice(0, span)).not.toEqual(all); // shuffled, not in order
    // Draws of any size continue the same sequence.
    const deck = new PromptDeck(new Rng(5), DEFAULT_TASK);
    expect([...deck.draw(7), ...deck.draw(16), ...deck.draw(177)]).toEqual(a);
  });

  it('rejects targets the response length cannot reach', () => {
    expect(() => validateTask({ minTarget: 1, maxTarget: 30, maxLength: 4 })).toThrow(/27/);
  });

  it('shows the target only to within its bucket of three by default, or exactly with bucket 1', () => {
    const exact = { ...DEFAULT_TASK, bucket: 1 };
    for (let t = 1; t <= 18; t++) expect(promptOf(t, exact)).toBe(t);
    expect(promptText(7, exact)).toBe('7');
    expect(DEFAULT_TASK.bucket).toBe(3);
    expect([1, 2, 3, 4, 5, 6, 16, 17, 18].map((t) => promptOf(t, DEFAULT_TASK))).toEqual([1, 1, 1, 4, 4, 4, 16, 16, 16]);
    expect([1, 5, 18].map((t) => promptText(t, DEFAULT_TASK))).toEqual(['1–3', '4–6', '16–18']);
    // A last bucket cut short by maxTarget shows where it really ends.
    expect(promptText(17, { ...DEFAULT_TASK, bucket: 4 })).toBe('17–18');
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
