import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { ActionInput, ActionResult, AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { formatMonitorTime } from '../spec/monitor-common.js';
import type { LoadersOptions } from './loaders.js';
import type { RegionDirectory } from './regions.js';

/**
 * Monitoring series: one resource, one time range, one period. ECS has no batch form of
 * the monitoring actions (each names one InstanceId, DiskId or AllocationId), so N
 * resources cost N calls per window whatever the batching; the loader only makes the
 * same question asked twice in a request one fetch. A range longer than one call may
 * return is split into consecutive windows, one call each, joined in order.
 */

const MINUTE_MS = 60_000;

/**
 * The most calls one series may take (its windows). Past it the field refuses before
 * any call: 24 windows are a day of minutes under the 2014 limit of 60 points a call.
 */
export const MAX_MONITOR_WINDOWS = 24;

/** How long the answer for a window fully in the past is kept: its points no longer change. */
export const PAST_WINDOW_TTL_MS = 60_000;
/** A window is past once its end is this far behind the gateway's clock (late points settle). */
const SETTLE_MS = 2 * MINUTE_MS;
const PAST_WINDOW_MAX_ENTRIES = 2_000;

/** A time as the monitoring actions take it: seconds other than 00 move it to the next minute. */
export function toMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}

export interface MonitorRange {
  readonly from: number;
  readonly to: number;
  /** Seconds. */
  readonly period: number;
}

/**
 * The calls a range takes: windows of at most `pointsPerCall` periods each, the next
 * starting one period after the previous ends, so no point repeats. Times on minutes.
 */
export function monitorWindows(range: MonitorRange, pointsPerCall: number): MonitorRange[] {
  const step = range.period * 1000;
  const windows: MonitorRange[] = [];
  for (let from = toMinute(range.from); from <= toMinute(range.to); from += (pointsPerCall + 1) * step) {
    windows.push({
      from,
      to: Math.min(toMinute(range.to), from + pointsPerCall * step),
      period: range.period,
    });
  }
  return windows;
}

/** What a monitoring field needs to know of its action. */
export interface MonitorSeriesSource<A extends AnyAction, Point> {
  readonly action: A;
  /** The action's input for one resource and one window. */
  input(id: string, regionId: string, window: MonitorRange, times: WindowTimes): ActionInput<A>;
  /** The points of an answer, in time order. */
  points(result: ActionResult<A>): readonly Point[];
  /** Points one call may return: (EndTime - StartTime) / Period at most. */
  pointsPerCall(limits: ApiLimits): number;
}

/** A window's times as the action's parameters spell them. */
export interface WindowTimes {
  readonly StartTime: string;
  readonly EndTime: string;
  readonly Period: number;
}

export interface MonitorKey extends MonitorRange {
  readonly regionId: string;
  readonly id: string;
}

export type MonitorLoader<Point> = DataLoader<MonitorKey, readonly Point[], string>;

function keyOf(key: MonitorKey): string {
  return JSON.stringify([key.regionId, key.id, key.from, key.to, key.period]);
}

interface Kept {
  readonly expires: number;
  readonly points: readonly unknown[];
}

/**
 * Answers for past windows, kept per gateway process: the region directory is the one
 * process-wide object every request's loaders are given, so the store hangs off it.
 */
const pastWindows = new WeakMap<RegionDirectory, Map<string, Kept>>();

function storeOf(regions: RegionDirectory): Map<string, Kept> {
  let store = pastWindows.get(regions);
  if (!store) {
    store = new Map();
    pastWindows.set(regions, store);
  }
  return store;
}

async function fetchWindow<A extends AnyAction, Point>(
  ecs: EcsCaller,
  source: MonitorSeriesSource<A, Point>,
  key: MonitorKey,
  window: MonitorRange,
  store: Map<string, Kept>,
  now: number,
): Promise<readonly Point[]> {
  const cacheKey = JSON.stringify([
    source.action.name,
    key.regionId,
    key.id,
    window.from,
    window.to,
    window.period,
  ]);
  const past = window.to + SETTLE_MS <= now;
  const kept = past ? store.get(cacheKey) : undefined;
  if (kept && kept.expires > now) return kept.points as readonly Point[];
  const times = {
    StartTime: formatMonitorTime(window.from),
    EndTime: formatMonitorTime(window.to),
    Period: window.period,
  };
  const result = await ecs.call(source.action, source.input(key.id, key.regionId, window, times), {
    regionId: key.regionId,
  });
  const points = source.points(result);
  if (past) {
    store.delete(cacheKey);
    store.set(cacheKey, { expires: now + PAST_WINDOW_TTL_MS, points });
    // Oldest first out: a Map iterates in insertion order.
    if (store.size > PAST_WINDOW_MAX_ENTRIES) store.delete(store.keys().next().value as string);
  }
  return points;
}

/**
 * The loader of a source for one request: each key's windows are called at once; the
 * same key asked twice is one fetch. `now` is the wall clock, for what is past: the
 * gateway's own clock option does not reach the loaders.
 */
export function createMonitorLoader<A extends AnyAction, Point>(
  source: MonitorSeriesSource<A, Point>,
  options: Pick<LoadersOptions, 'ecs' | 'limits' | 'regions' | 'batching'>,
  now: () => number = Date.now,
): MonitorLoader<Point> {
  const store = storeOf(options.regions);
  return new DataLoader<MonitorKey, readonly Point[], string>(
    (keys) =>
      Promise.all(
        keys.map(async (key) => {
          try {
            const windows = monitorWindows(key, source.pointsPerCall(options.limits));
            const at = now();
            const parts = await Promise.all(
              windows.map((window) => fetchWindow(options.ecs, source, key, window, store, at)),
            );
            return parts.flat();
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      ),
    // Naive mode (batching false) asks again for a repeated question, as a plain resolver would.
    { cacheKeyFn: keyOf, cache: options.batching !== false },
  );
}
