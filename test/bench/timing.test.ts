// The bench's order statistics: the A/B overhead's median and quartiles come from these.
import { describe, expect, it } from 'vitest';
import { median, quantile } from '../../src/bench/timing.ts';

describe('bench timing statistics', () => {
  it('median of odd and even counts, in any order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('quartiles interpolate between order statistics, and the extremes are the min and max', () => {
    const xs = [10, 0, 40, 20, 30];
    expect(quantile(xs, 0)).toBe(0);
    expect(quantile(xs, 0.25)).toBe(10);
    expect(quantile(xs, 0.75)).toBe(30);
    expect(quantile(xs, 1)).toBe(40);
    expect(quantile([0, 1], 0.25)).toBeCloseTo(0.25, 12);
    // The input is not sorted in place.
    expect(xs).toEqual([10, 0, 40, 20, 30]);
  });
});
