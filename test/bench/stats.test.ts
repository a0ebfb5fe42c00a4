import { describe, expect, it } from 'vitest';
import { median, percentile, percentileAtLeast, summarize } from '../../bench/lib/stats.js';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('refuses no samples and samples that are not finite', () => {
    expect(() => median([])).toThrow('statistics of no samples are undefined');
    expect(() => median([1, Number.NaN])).toThrow('a sample must be a finite number; got NaN');
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose

  it('is the nearest rank: p50 and p99 of 1..100 are 50 and 99, p100 the largest', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([3, 1, 2], 1)).toBe(1);
  });

  it('rounds the rank up on small samples', () => {
    expect(percentile([10, 20, 30, 40], 99)).toBe(40);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow('a percentile is over 0 and at most 100; got 0');
    expect(() => percentile([1], 101)).toThrow('got 101');
  });
});

describe('summarize', () => {
  it('gives count, median, p99, min and max without changing its input', () => {
    const samples = [3, 9, 1, 5];
    expect(summarize(samples)).toEqual({ count: 4, median: 4, p99: 9, min: 1, max: 9 });
    expect(samples).toEqual([3, 9, 1, 5]);
  });
});

describe('percentileAtLeast', () => {
  const answered = (ms: number) => ({ ms, lowerBound: false });
  const givenUp = (ms: number) => ({ ms, lowerBound: true });

  it('is exact while every sample at or under it was answered', () => {
    const samples = [answered(10), answered(20), answered(30), givenUp(5000)];
    expect(percentileAtLeast(samples, 50)).toEqual({ ms: 20, atLeast: false });
    expect(percentileAtLeast(samples, 75)).toEqual({ ms: 30, atLeast: false });
  });

  it('is a lower bound once a request given up on is at or under it', () => {
    const samples = [answered(10), answered(20), answered(30), givenUp(5000)];
    expect(percentileAtLeast(samples, 95)).toEqual({ ms: 5000, atLeast: true });
    expect(percentileAtLeast([givenUp(15), answered(20)], 100)).toEqual({ ms: 20, atLeast: true });
  });
});
