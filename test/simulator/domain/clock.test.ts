import { describe, expect, it } from 'vitest';
import { createClock, isoTime, MANUAL_CLOCK_START } from '../../../src/simulator/clock.js';
import { statusAt, transition } from '../../../src/simulator/state/timeline.js';

describe('clock', () => {
  it('moves a manual clock only when advanced', () => {
    const clock = createClock({ mode: 'manual' });
    expect(clock.now()).toBe(MANUAL_CLOCK_START);
    clock.advance(1500);
    expect(clock.now()).toBe(MANUAL_CLOCK_START + 1500);
    expect(() => clock.advance(-1)).toThrow(/ms must be a finite number >= 0/);
  });

  it('takes realistic durations in manual mode and none in immediate mode', () => {
    expect(createClock({ mode: 'manual' }).durations.instanceStart).toBe(3000);
    expect(createClock({ mode: 'immediate' }).durations.instanceStart).toBe(0);
    expect(createClock({ mode: 'manual', durations: { instanceStart: 10 } }).durations.instanceStart).toBe(
      10,
    );
  });

  it('follows the injected wall time outside manual mode and refuses advance()', () => {
    let wall = 42_000;
    const clock = createClock({ mode: 'realistic', wallTime: () => wall });
    expect(clock.now()).toBe(42_000);
    wall = 43_000;
    expect(clock.now()).toBe(43_000);
    expect(() => clock.advance(1)).toThrow(/needs a manual clock/);
  });

  it('writes ECS timestamps to the second', () => {
    expect(isoTime(Date.UTC(2025, 0, 6, 8, 30, 5, 999))).toBe('2025-01-06T08:30:05Z');
  });
});

describe('timeline', () => {
  it('reports each phase from its start and the final status after the last step', () => {
    const timeline = transition(
      1000,
      [
        ['Stopping', 2000],
        ['Starting', 3000],
      ],
      'Running',
    );
    expect(statusAt(timeline, 1000)).toBe('Stopping');
    expect(statusAt(timeline, 2999)).toBe('Stopping');
    expect(statusAt(timeline, 3000)).toBe('Starting');
    expect(statusAt(timeline, 5999)).toBe('Starting');
    expect(statusAt(timeline, 6000)).toBe('Running');
  });

  it('completes at once when the steps take no time', () => {
    expect(statusAt(transition(1000, [['Starting', 0]], 'Running'), 1000)).toBe('Running');
  });
});
