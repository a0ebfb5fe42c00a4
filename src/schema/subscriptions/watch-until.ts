import type { ItemOf, PollErrorInfo, WatchKind } from '../../watch/pool.js';
import type { Watching } from './watching.js';

/** What a subscription's root field resolves, one per event. */
export type WatchPayload<T> =
  | { readonly type: 'state'; readonly id: string; readonly item: T }
  | { readonly type: 'gone'; readonly id: string; readonly regionId: string }
  | { readonly type: 'timeout'; readonly maxWatchMs: number }
  | {
      readonly type: 'error';
      readonly ids: readonly string[];
      readonly regionId: string;
      readonly error: PollErrorInfo;
    }
  | { readonly type: 'closed' };

export interface WatchUntilOptions<T> {
  /** Whether an id is where the subscriber waits for it to be; it is then watched no more. */
  readonly reached: (item: T) => boolean;
  /** Aborted when the client goes away. */
  readonly signal?: AbortSignal | undefined;
  /** Runs once when the stream ends, however it ends. */
  readonly onEnd?: () => void;
}

/**
 * One subscription's stream over the pool: every state the pool yields for an id not yet
 * done, an id's `gone` once, and the end when every id has reached what it waits for or
 * is gone or refused. Failing polls pass on as `error` payloads for the ids still waited
 * for: a notice while retried, a final one that ends those ids. After GATEWAY_MAX_WATCH_MS
 * it yields a `timeout` payload and ends; when the gateway shuts down, a `closed` one (a
 * bare end would read as "every id is done").
 *
 * It is an iterator object rather than an async generator so that `return()` (graphql-js
 * calls it when the client goes away or the stream is cancelled) takes effect at once:
 * a generator waiting on the pool would only see it after the next event, minutes later.
 * Ending aborts the pool watch, which releases the ids.
 */
export function watchUntil<K extends WatchKind>(
  watching: Watching,
  kind: K,
  regionId: string,
  ids: readonly string[],
  options: WatchUntilOptions<ItemOf<K>>,
): AsyncIterableIterator<WatchPayload<ItemOf<K>>> {
  type Result = IteratorResult<WatchPayload<ItemOf<K>>, undefined>;
  const stop = new AbortController();
  const waiting = new Set(ids);
  let ended = false;
  let timedOut = false;
  /** Whether a next() waits on the pool: then nothing is queued, and the timeout may end it. */
  let pulling = false;
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const source = watching.pool.watch(kind, regionId, ids, { signal: stop.signal });
  const cancelTimer = watching.timers.schedule(watching.maxWatchMs, () => {
    timedOut = true;
    // An event already queued (a terminal state polled just before) is taken first, by
    // the next pull, which then ends the watch: the timeout must not drop it.
    if (pulling) stop.abort();
  });
  const end = (): Result => {
    if (!ended) {
      ended = true;
      cancelTimer();
      options.signal?.removeEventListener('abort', onAbort);
      stop.abort();
      options.onEnd?.();
    }
    return { done: true, value: undefined };
  };
  if (options.signal?.aborted) end();

  const iterator: AsyncIterableIterator<WatchPayload<ItemOf<K>>> = {
    async next(): Promise<Result> {
      while (!ended) {
        if (waiting.size === 0) return end();
        pulling = true;
        // The pool's next() takes a queued event at once; aborting after it ends only the wait.
        const pull = source.next();
        if (timedOut) stop.abort();
        const step = await pull.catch(() => ({ done: true as const, value: undefined }));
        pulling = false;
        if (step.done) {
          if (timedOut && !ended) {
            end();
            return { done: false, value: { type: 'timeout', maxWatchMs: watching.maxWatchMs } };
          }
          if (watching.closed && !ended) {
            end();
            return { done: false, value: { type: 'closed' } };
          }
          return end();
        }
        const event = step.value;
        if (event.type === 'error') {
          const mine = event.ids.filter((id) => waiting.has(id));
          if (mine.length === 0) continue;
          if (!event.error.retrying) for (const id of mine) waiting.delete(id);
          if (waiting.size === 0) stop.abort();
          return { done: false, value: { type: 'error', ids: mine, regionId, error: event.error } };
        }
        if (!waiting.has(event.id)) continue;
        if (event.type === 'gone') {
          waiting.delete(event.id);
          if (waiting.size === 0) stop.abort();
          return { done: false, value: { type: 'gone', id: event.id, regionId } };
        }
        if (options.reached(event.item)) waiting.delete(event.id);
        // The ids are released as soon as the last one is done, not when the client asks again.
        if (waiting.size === 0) stop.abort();
        return { done: false, value: { type: 'state', id: event.id, item: event.item } };
      }
      return { done: true, value: undefined };
    },
    async return(): Promise<Result> {
      return end();
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
