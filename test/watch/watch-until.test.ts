import { describe, expect, it } from 'vitest';
import { watchUntil } from '../../src/schema/subscriptions/watch-until.js';
import { Watching } from '../../src/schema/subscriptions/watching.js';
import type { WatchPool } from '../../src/watch/pool.js';
import { Watcher } from '../../src/watch/watcher.js';
import { manualTimers } from '../support/manual-timers.js';

type Snapshot = { readonly id: string; readonly status: string; readonly progress: number };

/** A pool of one watcher the test pushes to; aborting the watch finishes it, as the pool's does. */
function onePool() {
  const watcher = new Watcher<Snapshot>(['s-1']);
  const pool = {
    watch(_kind: string, _region: string, _ids: readonly string[], options: { signal?: AbortSignal }) {
      options.signal?.addEventListener('abort', () => watcher.finish(), { once: true });
      return watcher;
    },
    close: () => watcher.finish(),
  } as unknown as WatchPool;
  const timers = manualTimers();
  const watching = new Watching({ pool, maxSubscriptions: 10, maxPerClient: 10, maxWatchMs: 1_000, timers });
  const state = (status: string, progress: number) =>
    watcher.push({ type: 'state', id: 's-1', item: { id: 's-1', status, progress } } as never);
  const stream = watchUntil(watching, 'snapshot', 'cn-hangzhou', ['s-1'], {
    reached: (item) => (item as unknown as Snapshot).status === 'ACCOMPLISHED',
  });
  return { watcher, timers, state, stream };
}

const item = (status: string, progress: number) => ({
  type: 'state',
  id: 's-1',
  item: { id: 's-1', status, progress },
});

describe('watchUntil and the watch time', () => {
  it('a terminal state queued before the watch time runs out is yielded, and no timeout after it', async () => {
    const { timers, state, stream } = onePool();
    state('PROGRESSING', 90);
    expect((await stream.next()).value).toEqual(item('PROGRESSING', 90));
    // Polled just before the time ran out, not yet read by the client.
    state('ACCOMPLISHED', 100);
    await timers.advance(1_000);
    expect((await stream.next()).value).toEqual(item('ACCOMPLISHED', 100));
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('a queued state that is not the end is yielded, then the timeout, then the end', async () => {
    const { watcher, timers, state, stream } = onePool();
    state('PROGRESSING', 90);
    await timers.advance(1_000);
    expect((await stream.next()).value).toEqual(item('PROGRESSING', 90));
    expect(await stream.next()).toEqual({ done: false, value: { type: 'timeout', maxWatchMs: 1_000 } });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(watcher.done).toBe(true);
  });

  it('a pull waiting on the pool ends with the timeout when the time runs out', async () => {
    const { timers, stream } = onePool();
    const pending = stream.next();
    await timers.advance(1_000);
    expect(await pending).toEqual({ done: false, value: { type: 'timeout', maxWatchMs: 1_000 } });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
