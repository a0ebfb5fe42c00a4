import { describe, expect, it } from 'vitest';
import { judge, missedOnErrors } from '../../bench/lib/targets.js';

describe('judge', () => {
  it('meets an at-most target at or under its bound and says what is to spare', () => {
    const verdict = judge({ name: 'calls / lower bound', measured: 1, bound: 1.1, sense: 'atMost' });
    expect(verdict.met).toBe(true);
    expect(verdict.text).toBe('met: calls / lower bound 1 ≤ 1.10, 9% to spare');
    expect(judge({ name: 'x', measured: 1.1, bound: 1.1, sense: 'atMost' }).met).toBe(true);
  });

  it('misses an at-most target over its bound and says by how much, with the basis', () => {
    const verdict = judge({
      name: 'gateway ms',
      measured: 150,
      bound: 125,
      sense: 'atMost',
      basis: '1.25 × 5 × 20 ms',
    });
    expect(verdict.met).toBe(false);
    expect(verdict.overBy).toBeCloseTo(0.2);
    expect(verdict.text).toBe('MISSED: gateway ms 150 > 125 (1.25 × 5 × 20 ms), missed by 20%');
  });

  it('judges an at-least target the other way round', () => {
    expect(judge({ name: 'speed-up', measured: 12, bound: 10, sense: 'atLeast' }).text).toBe(
      'met: speed-up 12 ≥ 10, 20% to spare',
    );
    expect(judge({ name: 'speed-up', measured: 8, bound: 10, sense: 'atLeast' }).text).toBe(
      'MISSED: speed-up 8 < 10, missed by 20%',
    );
  });

  it('refuses a value that is not finite or a bound that is not positive', () => {
    expect(() => judge({ name: 'x', measured: Number.NaN, bound: 1, sense: 'atMost' })).toThrow(
      'x: measured and bound must be finite, the bound positive',
    );
    expect(() => judge({ name: 'x', measured: 1, bound: 0, sense: 'atMost' })).toThrow('the bound positive');
  });
});

describe('missedOnErrors', () => {
  const fast = judge({ name: 'p95 ms', measured: 40, bound: 150, sense: 'atMost' });

  it('leaves the verdict of a figure without errors as it is', () => {
    expect(missedOnErrors(fast, 0, 300)).toBe(fast);
  });

  it('misses a met figure measured over errors, and says how many', () => {
    const verdict = missedOnErrors(fast, 3, 300);
    expect(verdict.met).toBe(false);
    expect(verdict.text).toBe('MISSED: p95 ms 40 ≤ 150, 73% to spare; but 3 of 300 answers were errors');
    const slow = judge({ name: 'p95 ms', measured: 200, bound: 150, sense: 'atMost' });
    expect(missedOnErrors(slow, 1, 10).text).toBe(
      'MISSED: p95 ms 200 > 150, missed by 33%; but 1 of 10 answers were errors',
    );
  });
});
