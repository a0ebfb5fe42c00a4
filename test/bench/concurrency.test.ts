import { describe, expect, it } from 'vitest';
import { createLimit } from '../../bench/lib/concurrency.js';

/** A task that finishes when the test says, recording how many ran at once. */
function gate() {
  let running = 0;
  let most = 0;
  const release: Array<() => void> = [];
  const task = (value: number) => async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise<void>((resolve) => release.push(resolve));
    running -= 1;
    return value;
  };
  return { task, release, most: () => most, running: () => running };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createLimit', () => {
  it('runs at most `limit` tasks at once, starts the next as one ends, and keeps each result with its task', async () => {
    const limit = createLimit(2);
    const g = gate();
    const results = Promise.all([1, 2, 3, 4, 5].map((value) => limit(g.task(value))));
    await settle();
    expect(g.running()).toBe(2);
    g.release.shift()!();
    await settle();
    expect(g.running()).toBe(2);
    while (g.release.length > 0) {
      g.release.shift()!();
      await settle();
    }
    expect(await results).toEqual([1, 2, 3, 4, 5]);
    expect(g.most()).toBe(2);
  });

  it('frees the slot of a failed task', async () => {
    const limit = createLimit(1);
    await expect(limit(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit(async () => 'next')).toBe('next');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createLimit(0)).toThrow('limit must be a positive integer; got 0');
    expect(() => createLimit(1.5)).toThrow('got 1.5');
  });
});
