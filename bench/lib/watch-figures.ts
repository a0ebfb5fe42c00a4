import { median } from './stats.js';

/**
 * S9's arithmetic: the simulator's clock run faster than wall time, and the figures of
 * a row of watchers (calls per minute, events per watcher, the lag of the last change).
 */

/** Simulated time that runs `factor` times faster than wall time, from `start` on. */
export interface ScaledClock {
  readonly factor: number;
  /** Simulated now (ms since the epoch): what the simulator's clock reads. */
  now(): number;
  /** The wall instant (ms since the epoch) at which simulated time reaches `simulatedMs`. */
  toWall(simulatedMs: number): number;
}

export function scaledClock(factor: number, wallNow: () => number = Date.now): ScaledClock {
  if (!Number.isFinite(factor) || factor < 1)
    throw new RangeError(`factor must be a number ≥ 1, got ${factor}`);
  const start = wallNow();
  return {
    factor,
    now: () => start + (wallNow() - start) * factor,
    toWall: (simulatedMs) => start + (simulatedMs - start) / factor,
  };
}

/** Calls per minute of wall time over a window. */
export function perMinute(calls: number, windowMs: number): number {
  if (!(windowMs > 0)) throw new RangeError(`the window must be positive, got ${windowMs} ms`);
  return (calls / windowMs) * 60_000;
}

/** The Describe* actions among the simulator's counts, and their sum. */
export function describeCalls(actions: Readonly<Record<string, { readonly calls: number }>>): {
  readonly byAction: Readonly<Record<string, number>>;
  readonly total: number;
} {
  const byAction: Record<string, number> = {};
  for (const [action, { calls }] of Object.entries(actions))
    if (action.startsWith('Describe') && calls > 0) byAction[action] = calls;
  return { byAction, total: Object.values(byAction).reduce((sum, calls) => sum + calls, 0) };
}

/** One event a watcher received: which resource, its state, and when (wall ms). */
export interface WatchEvent {
  readonly id: string;
  readonly status: string;
  readonly receivedAt: number;
}

/** What one watcher saw, from opening its subscription to its end. */
export interface WatcherLog {
  readonly events: readonly WatchEvent[];
  /** True when the stream completed (not an error, not a disconnect). */
  readonly completed: boolean;
}

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError('no values');
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/**
 * Checks that every watcher completed and saw each id end in `terminal`, and answers,
 * per watcher, how long after the wall instant of the last change (`lastChangeAt`, on
 * id `lastId`) its event arrived. A wrong ending throws: a fast wrong stream is no figure.
 */
export function lastChangeLags(
  logs: readonly WatcherLog[],
  ids: readonly string[],
  terminal: string,
  lastId: string,
  lastChangeAt: number,
): number[] {
  return logs.map((log, index) => {
    if (!log.completed) throw new Error(`watcher ${index} did not complete`);
    for (const id of ids) {
      const last = log.events.filter((event) => event.id === id).at(-1);
      if (last?.status !== terminal)
        throw new Error(`watcher ${index}: ${id} ended ${last?.status ?? 'with no event'}, not ${terminal}`);
    }
    const event = log.events.find((e) => e.id === lastId && e.status === terminal) as WatchEvent;
    return event.receivedAt - lastChangeAt;
  });
}

/** How long after `openedAt` a watcher's first event arrived. */
export function firstEventAfter(log: WatcherLog, openedAt: number): number {
  const first = log.events[0];
  if (!first) throw new Error('a watcher received no event');
  return first.receivedAt - openedAt;
}

/** 100 watchers' calls per minute over one watcher's: 1.0 when pooling makes them free. */
export function costRatio(many: number, one: number): number {
  if (!(one > 0)) throw new RangeError(`one watcher's calls per minute must be positive, got ${one}`);
  return many / one;
}
