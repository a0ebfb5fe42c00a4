import { describe, expect, it } from 'vitest';
import { callsPerTtlBound, openLoopSchedule } from '../../bench/lib/open-loop.js';

describe('openLoopSchedule', () => {
  it('spreads the clients evenly over each period and measures only the sends of the window', () => {
    const sends = openLoopSchedule({ clients: 4, periodMs: 1000, warmupMs: 1000, windowMs: 2000 });
    expect(sends.map((send) => [send.client, send.atMs, send.measured])).toEqual([
      [0, 0, false],
      [1, 250, false],
      [2, 500, false],
      [3, 750, false],
      [0, 1000, true],
      [1, 1250, true],
      [2, 1500, true],
      [3, 1750, true],
      [0, 2000, true],
      [1, 2250, true],
      [2, 2500, true],
      [3, 2750, true],
    ]);
  });

  it('gives every client window / period measured sends, whatever the number of clients', () => {
    for (const clients of [1, 10, 30]) {
      const sends = openLoopSchedule({ clients, periodMs: 1000, warmupMs: 2000, windowMs: 10_000 });
      for (let client = 0; client < clients; client++) {
        const own = sends.filter((send) => send.client === client);
        expect(own.filter((send) => send.measured)).toHaveLength(10);
        expect(own.filter((send) => !send.measured)).toHaveLength(2);
      }
      expect(Math.max(...sends.map((send) => send.atMs))).toBeLessThan(12_000);
    }
  });

  it('puts every client on the same beat when aligned, in client order', () => {
    const sends = openLoopSchedule({ clients: 3, periodMs: 500, warmupMs: 0, windowMs: 1000, aligned: true });
    expect(sends.map((send) => [send.client, send.atMs])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 500],
      [1, 500],
      [2, 500],
    ]);
    expect(sends.every((send) => send.measured)).toBe(true);
  });

  it('refuses a plan that sends nothing or never stops', () => {
    expect(() => openLoopSchedule({ clients: 0, periodMs: 1000, warmupMs: 0, windowMs: 1000 })).toThrow(
      'clients must be a positive integer; got 0',
    );
    expect(() => openLoopSchedule({ clients: 1, periodMs: 0, warmupMs: 0, windowMs: 1000 })).toThrow(
      'periodMs must be a positive number; got 0',
    );
    expect(() => openLoopSchedule({ clients: 1, periodMs: 1000, warmupMs: -1, windowMs: 1000 })).toThrow(
      'warmupMs must be 0 or more; got -1',
    );
    expect(() =>
      openLoopSchedule({ clients: 1, periodMs: 1000, warmupMs: 0, windowMs: Number.POSITIVE_INFINITY }),
    ).toThrow('windowMs must be a positive number; got Infinity');
  });
});

describe('callsPerTtlBound', () => {
  it('is one query’s calls per TTL, in calls a second', () => {
    expect(callsPerTtlBound(3, 5000)).toBe(0.6);
    expect(callsPerTtlBound(16, 2000)).toBe(8);
    expect(callsPerTtlBound(0, 5000)).toBe(0);
  });

  it('has no bound without a cache (TTL 0) and refuses a negative count', () => {
    expect(() => callsPerTtlBound(3, 0)).toThrow('the TTL must be positive (0 turns the cache off); got 0');
    expect(() => callsPerTtlBound(-1, 5000)).toThrow('callsPerQuery must be 0 or more; got -1');
  });
});
