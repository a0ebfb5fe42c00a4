import { realTimers, type Timers } from '../ecs/limiters.js';
import { isWatchKind } from './fingerprint.js';
import { AdaptiveInterval } from './interval.js';
import { Poller } from './poller.js';
import {
  type ItemOf,
  type PollFailure,
  PollTimeoutError,
  type WatchEvent,
  type WatchFetcher,
  type WatchKind,
} from './watch-events.js';
import { Watcher } from './watcher.js';

export type {
  ItemOf,
  PollErrorInfo,
  WatchEvent,
  WatchFetcher,
  WatchItems,
  WatchKind,
} from './watch-events.js';
export { PollTimeoutError };

export interface WatchOptions {
  readonly signal?: AbortSignal;
}

export interface WatchPoolOptions {
  readonly fetch: WatchFetcher;
  /** Interval while something changes, ms. Default 1000. */
  readonly minIntervalMs?: number;
  /** Longest interval, reached by doubling while nothing changes, ms. Default 15000. */
  readonly maxIntervalMs?: number;
  /**
   * The longest a poll may take, ms: past it the poll fails (backoff, onPollError), its
   * calls are aborted and a late answer is ignored, so one hung call cannot stop the
   * watching of its kind and region. Default 30000.
   */
  readonly pollTimeoutMs?: number;
  /**
   * Transient failures in a row (throttling, 5xx, network, timeout, an open circuit
   * breaker) after which the watchers are told, once per run of failures, with an
   * `error` event of `retrying: true`. Default 3: with the default intervals, about
   * 7 s of failing polls.
   */
  readonly noticeAfterFailures?: number;
  /** The clock and timers; default the real ones. */
  readonly timers?: Timers;
  /** Told of each failed poll, transient or not. */
  readonly onPollError?: (error: unknown, failure: PollFailure) => void;
}

export interface WatchPool {
  /**
   * Watches ids of one kind in one region. Yields each id's current state first (from the
   * pool's last poll if it has one, else after an immediate poll), then a 'state' event each
   * time the id's fingerprint (status, and progress for snapshots) changes, and 'gone' once
   * when a poll no longer describes the id (after which that id is no longer watched for this
   * iterator). Failing polls yield 'error' events: a notice while they are retried, or a final
   * one, after which its ids are no longer watched either. It never ends on its own: it ends when the consumer calls return() (for-await
   * break), when the signal aborts, or when the pool closes. Leaving releases the ids.
   * The ids are held from this call on, so watchers made together share one first poll.
   */
  watch<K extends WatchKind>(
    kind: K,
    regionId: string,
    ids: readonly string[],
    options?: WatchOptions,
  ): AsyncIterableIterator<WatchEvent<ItemOf<K>>>;
  /** Live numbers: pollers running, distinct ids watched, iterators open. */
  stats(): { readonly pollers: number; readonly watchedIds: number; readonly watchers: number };
  /** Ends every iterator (they finish with done: true) and stops every poller. */
  close(): void;
}

export const DEFAULT_MIN_INTERVAL_MS = 1_000;
export const DEFAULT_MAX_INTERVAL_MS = 15_000;
export const DEFAULT_POLL_TIMEOUT_MS = 30_000;
export const DEFAULT_NOTICE_AFTER_FAILURES = 3;

/**
 * The pool of pollers: one per (kind, region) with watchers, created by the first
 * watcher and dropped when the last one leaves.
 */
export function createWatchPool(options: WatchPoolOptions): WatchPool {
  const pollers = new Map<string, Poller<WatchKind>>();
  const open = new Set<Watcher<unknown>>();
  let closed = false;
  const settings = {
    fetch: options.fetch,
    timers: options.timers ?? realTimers,
    minIntervalMs: options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS,
    maxIntervalMs: options.maxIntervalMs ?? DEFAULT_MAX_INTERVAL_MS,
    pollTimeoutMs: options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS,
    noticeAfterFailures: options.noticeAfterFailures ?? DEFAULT_NOTICE_AFTER_FAILURES,
    onPollError: options.onPollError,
    onIdle(poller: { readonly kind: WatchKind; readonly regionId: string }) {
      const key = poolKey(poller.kind, poller.regionId);
      // Only this poller: the key may already name a newer one.
      if (pollers.get(key) === poller) pollers.delete(key);
    },
  };
  // Checked here, not at the first watch: a wrong setting fails at start.
  new AdaptiveInterval(settings.minIntervalMs, settings.maxIntervalMs);
  if (!Number.isSafeInteger(settings.pollTimeoutMs) || settings.pollTimeoutMs < 1)
    throw new RangeError('The option "pollTimeoutMs" is not valid: an integer of 1 or more.');
  if (!Number.isSafeInteger(settings.noticeAfterFailures) || settings.noticeAfterFailures < 1)
    throw new RangeError('The option "noticeAfterFailures" is not valid: an integer of 1 or more.');

  return {
    watch<K extends WatchKind>(
      kind: K,
      regionId: string,
      ids: readonly string[],
      watchOptions: WatchOptions = {},
    ): AsyncIterableIterator<WatchEvent<ItemOf<K>>> {
      if (!isWatchKind(kind))
        throw new TypeError(`Cannot watch "${String(kind)}": not one of snapshot, instance, disk.`);
      const { signal } = watchOptions;
      const key = poolKey(kind, regionId);
      const onAbort = () => watcher.finish();
      const watcher: Watcher<ItemOf<K>> = new Watcher<ItemOf<K>>(ids, (ended) => {
        signal?.removeEventListener('abort', onAbort);
        open.delete(ended as Watcher<unknown>);
        (pollers.get(key) as Poller<K> | undefined)?.leave(ended);
      });
      if (closed || signal?.aborted) {
        watcher.finish();
        return watcher;
      }
      let poller = pollers.get(key) as Poller<K> | undefined;
      if (!poller) {
        poller = new Poller(kind, regionId, settings);
        pollers.set(key, poller as unknown as Poller<WatchKind>);
      }
      open.add(watcher as Watcher<unknown>);
      signal?.addEventListener('abort', onAbort, { once: true });
      poller.join(watcher);
      return watcher;
    },
    stats() {
      let watchedIds = 0;
      for (const poller of pollers.values()) watchedIds += poller.watchedIds;
      return { pollers: pollers.size, watchedIds, watchers: open.size };
    },
    close() {
      closed = true;
      for (const poller of pollers.values()) poller.stop();
      pollers.clear();
      for (const watcher of [...open]) watcher.finish();
    },
  };
}

function poolKey(kind: WatchKind, regionId: string): string {
  return `${kind}\u0000${regionId}`;
}
