import { describe, expect, it } from 'vitest';
import {
  costRatio,
  describeCalls,
  firstEventAfter,
  lastChangeLags,
  perMinute,
  scaledClock,
  spread,
  type WatcherLog,
} from '../../bench/lib/watch-figures.js';

describe('scaledClock', () => {
  it('runs simulated time factor × faster from the start, and maps a simulated instant back to wall time', () => {
    let wall = 1_000_000;
    const clock = scaledClock(4, () => wall);
    expect(clock.now()).toBe(1_000_000);
    wall += 2_500;
    expect(clock.now()).toBe(1_010_000);
    // A snapshot completing 20 s of simulated time after the start is done 5 s of wall time after it.
    expect(clock.toWall(1_020_000)).toBe(1_005_000);
    expect(clock.toWall(clock.now())).toBe(wall);
  });

  it('refuses a factor that would slow or stop time', () => {
    expect(() => scaledClock(0.5)).toThrow('factor must be a number ≥ 1, got 0.5');
    expect(() => scaledClock(Number.NaN)).toThrow(RangeError);
  });
});

describe('perMinute, describeCalls, costRatio', () => {
  it('counts calls per wall minute over the window', () => {
    expect(perMinute(10, 10_000)).toBe(60);
    expect(perMinute(3, 3_000)).toBe(60);
    expect(() => perMinute(3, 0)).toThrow('the window must be positive, got 0 ms');
  });

  it('keeps the Describe actions that were called, and sums them', () => {
    const counted = describeCalls({
      DescribeSnapshots: { calls: 10 },
      DescribeInstances: { calls: 2 },
      DescribeDisks: { calls: 0 },
      CreateSnapshot: { calls: 10 },
    });
    expect(counted).toEqual({ byAction: { DescribeSnapshots: 10, DescribeInstances: 2 }, total: 12 });
  });

  it('divides many watchers by one, refusing a zero denominator', () => {
    expect(costRatio(60, 60)).toBe(1);
    expect(costRatio(6_000, 60)).toBe(100);
    expect(() => costRatio(5, 0)).toThrow(RangeError);
  });
});

const log = (events: [string, string, number][], completed = true): WatcherLog => ({
  events: events.map(([id, status, receivedAt]) => ({ id, status, receivedAt })),
  completed,
});

describe('lastChangeLags', () => {
  it('answers each watcher the delay from the last change to its terminal event', () => {
    const logs = [
      log([
        ['a', 'PROGRESSING', 100],
        ['b', 'PROGRESSING', 100],
        ['a', 'ACCOMPLISHED', 900],
        ['b', 'ACCOMPLISHED', 1_400],
      ]),
      log([
        ['a', 'ACCOMPLISHED', 950],
        ['b', 'ACCOMPLISHED', 1_700],
      ]),
    ];
    expect(lastChangeLags(logs, ['a', 'b'], 'ACCOMPLISHED', 'b', 1_000)).toEqual([400, 700]);
  });

  it('throws for a watcher that did not complete or saw an id end elsewhere', () => {
    expect(() =>
      lastChangeLags([log([['a', 'ACCOMPLISHED', 5]], false)], ['a'], 'ACCOMPLISHED', 'a', 0),
    ).toThrow('watcher 0 did not complete');
    expect(() => lastChangeLags([log([['a', 'FAILED', 5]])], ['a'], 'ACCOMPLISHED', 'a', 0)).toThrow(
      'watcher 0: a ended FAILED, not ACCOMPLISHED',
    );
    expect(() =>
      lastChangeLags([log([['a', 'ACCOMPLISHED', 5]])], ['a', 'b'], 'ACCOMPLISHED', 'a', 0),
    ).toThrow('watcher 0: b ended with no event, not ACCOMPLISHED');
  });
});

describe('spread and firstEventAfter', () => {
  it('gives min, median and max', () => {
    expect(spread([5, 1, 3, 10])).toEqual({ min: 1, median: 4, max: 10 });
    expect(() => spread([])).toThrow('no values');
  });

  it('measures the first event from the opening', () => {
    expect(
      firstEventAfter(
        log([
          ['a', 'STARTING', 1_250],
          ['a', 'RUNNING', 3_000],
        ]),
        1_000,
      ),
    ).toBe(250);
    expect(() => firstEventAfter(log([]), 0)).toThrow('a watcher received no event');
  });
});
