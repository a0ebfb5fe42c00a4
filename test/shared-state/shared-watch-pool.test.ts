import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EcsError } from '../../src/ecs/errors.js';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { createSharedWatchPool, type SharedWatchPool } from '../../src/shared-state/shared-watch-pool.js';
import { createWatchPool, type WatchEvent, type WatchPool } from '../../src/watch/pool.js';
import { type ManualTimers, manualTimers } from '../support/manual-timers.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { FakeFetcher } from '../watch/fake-fetcher.js';

// The polls run on a manual clock shared by every replica, so fetch calls are counted
// exactly; leases and records expire in Redis, in real time: short leases, and every
// wait on Redis polls for the state it expects.
const REGION = 'cn-hangzhou';
const INTERVAL = 1_000;
// Long enough that a busy machine's late renewal never hands the lease over by itself;
// the test of a dead connection waits for a short one to expire.
const LEASE_MS = 2_000;
const SHORT_LEASE_MS = 300;

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

interface Replica {
  readonly redis: SharedRedis;
  readonly pool: SharedWatchPool;
}
const opened: Replica[] = [];
let prefix = 0;
afterEach(async () => {
  for (const replica of opened.splice(0)) {
    replica.pool.close();
    await replica.redis.close();
  }
});

/** `count` replicas on their own connections, sharing one key prefix (a fresh one per test). */
async function replicas(
  count: number,
  clock: ManualTimers,
  fetcher: FakeFetcher,
  leaseMs = LEASE_MS,
): Promise<Replica[]> {
  prefix += 1;
  const made: Replica[] = [];
  for (let i = 0; i < count; i += 1) {
    const shared = new SharedRedis({ url: redis.url, keyPrefix: `t${prefix}:`, maxReconnectDelayMs: 50 });
    const pool = createSharedWatchPool({
      redis: shared,
      local: { fetch: fetcher.fetch, timers: clock, minIntervalMs: INTERVAL, maxIntervalMs: INTERVAL },
      replicaId: `replica-${i}`,
      leaseMs,
    });
    made.push({ redis: shared, pool });
    opened.push({ redis: shared, pool });
  }
  await expect.poll(() => made.every((replica) => replica.pool.shared), { timeout: 5_000 }).toBe(true);
  return made;
}

/** A consumer that writes down what it is told: `state:<id>:<Progress>`, `gone:<id>`, `error:<code>`. */
function consume(iterator: AsyncIterableIterator<WatchEvent<unknown>>) {
  const events: string[] = [];
  void (async () => {
    for await (const event of iterator) {
      if (event.type === 'state')
        events.push(`state:${event.id}:${(event.item as { Progress: string }).Progress}`);
      else if (event.type === 'gone') events.push(`gone:${event.id}`);
      else events.push(`error:${event.error.code}`);
    }
  })();
  return { events, iterator };
}

/** Lets the manual clock run what is due now (immediate polls) until `check` holds. */
async function until(clock: ManualTimers, check: () => boolean | Promise<boolean>): Promise<void> {
  await expect
    .poll(
      async () => {
        await clock.advance(0);
        return await check();
      },
      { timeout: 5_000, interval: 20 },
    )
    .toBe(true);
}

function progress(fetcher: FakeFetcher, id: string, percent: number): void {
  fetcher.set('snapshot', REGION, id, {
    SnapshotId: id,
    Status: percent === 100 ? 'accomplished' : 'progressing',
    Progress: `${percent}%`,
  });
}

const totalPollers = (pools: readonly WatchPool[]) =>
  pools.reduce((sum, pool) => sum + pool.stats().pollers, 0);

/** 50 watchers of one snapshot spread over `pools`, through three changes and a quiet poll. */
async function snapshotScenario(pools: readonly WatchPool[], clock: ManualTimers, fetcher: FakeFetcher) {
  progress(fetcher, 's-1', 10);
  const watchers = Array.from({ length: 50 }, (_, i) =>
    consume(pools[i % pools.length]!.watch('snapshot', REGION, ['s-1'])),
  );
  const received = (count: number) => () => watchers.every((watcher) => watcher.events.length >= count);
  await until(clock, received(1));
  for (const [step, percent] of [50, 80, 100].entries()) {
    progress(fetcher, 's-1', percent);
    await clock.advance(INTERVAL);
    await until(clock, received(step + 2));
  }
  // Nothing changes: a poll, and no event.
  await clock.advance(INTERVAL);
  progress(fetcher, 's-1', 100);
  return { calls: fetcher.calls.length, watchers };
}

describe('the shared watch pool over a real redis-server', () => {
  it('50 watchers on three replicas cost the fetch calls of one pool, and each change reaches each watcher once', async () => {
    const aloneClock = manualTimers();
    const aloneFetcher = new FakeFetcher(aloneClock.now);
    const alone = createWatchPool({
      fetch: aloneFetcher.fetch,
      timers: aloneClock,
      minIntervalMs: INTERVAL,
      maxIntervalMs: INTERVAL,
    });
    const single = await snapshotScenario([alone], aloneClock, aloneFetcher);
    alone.close();

    const clock = manualTimers();
    const fetcher = new FakeFetcher(clock.now);
    const three = await replicas(3, clock, fetcher);
    const pools = three.map((replica) => replica.pool);
    const shared = await snapshotScenario(pools, clock, fetcher);

    expect(single.calls).toBe(5);
    expect(shared.calls).toBe(single.calls);
    expect(fetcher.calls.every((call) => call.ids.join() === 's-1')).toBe(true);
    // One replica polls; each serves its own third of the watchers.
    expect(pools.map((pool) => pool.stats().pollers).sort()).toEqual([0, 0, 1]);
    expect(pools.map((pool) => pool.stats().watchers).sort()).toEqual([16, 17, 17]);
    const expected = ['state:s-1:10%', 'state:s-1:50%', 'state:s-1:80%', 'state:s-1:100%'];
    for (const watcher of shared.watchers) expect(watcher.events).toEqual(expected);
  });

  it('the holder closed mid-watch: another replica takes over, and no watcher sees a repeat', async () => {
    const clock = manualTimers();
    const fetcher = new FakeFetcher(clock.now);
    const three = await replicas(3, clock, fetcher);
    progress(fetcher, 's-1', 10);
    const watchers = three.map((replica) =>
      Array.from({ length: 3 }, () => consume(replica.pool.watch('snapshot', REGION, ['s-1']))),
    );
    await until(clock, () => watchers.flat().every((watcher) => watcher.events.length === 1));
    const holder = three.find((replica) => replica.pool.stats().pollers === 1)!;
    const others = three.filter((replica) => replica !== holder);
    const before = fetcher.calls.length;

    holder.pool.close();
    // It gave the lease up: a survivor takes it at once, and its first poll (same state) is no event.
    await until(
      clock,
      () => totalPollers(others.map((r) => r.pool)) === 1 && fetcher.calls.length === before + 1,
    );
    progress(fetcher, 's-1', 50);
    await clock.advance(INTERVAL);
    const survivors = others.flatMap((replica) => watchers[three.indexOf(replica)]!);
    await until(clock, () => survivors.every((watcher) => watcher.events.length >= 2));
    for (const watcher of survivors) expect(watcher.events).toEqual(['state:s-1:10%', 'state:s-1:50%']);
    expect(fetcher.calls.length).toBe(before + 2);
  });

  it("the holder's Redis connection dies: the lease expires, another replica polls, the holder polls for itself", async () => {
    const clock = manualTimers();
    const fetcher = new FakeFetcher(clock.now);
    const three = await replicas(3, clock, fetcher, SHORT_LEASE_MS);
    progress(fetcher, 's-1', 10);
    const watchers = three.map((replica) =>
      Array.from({ length: 3 }, () => consume(replica.pool.watch('snapshot', REGION, ['s-1']))),
    );
    await until(clock, () => watchers.flat().every((watcher) => watcher.events.length === 1));
    const holder = three.find((replica) => replica.pool.stats().pollers === 1)!;
    const others = three.filter((replica) => replica !== holder);

    await holder.redis.close();
    expect(holder.pool.shared).toBe(false);
    // Within about SHORT_LEASE_MS (real time) a survivor holds the lease and polls.
    await until(clock, () => totalPollers(others.map((r) => r.pool)) === 1);
    await until(clock, () => holder.pool.stats().pollers === 1);
    progress(fetcher, 's-1', 50);
    await clock.advance(INTERVAL);
    await until(clock, () => watchers.flat().every((watcher) => watcher.events.length >= 2));
    for (const watcher of watchers.flat()) expect(watcher.events).toEqual(['state:s-1:10%', 'state:s-1:50%']);
  });

  it("a watcher's return() releases its ids; the poll stops when the last one leaves", async () => {
    const clock = manualTimers();
    const fetcher = new FakeFetcher(clock.now);
    const [a, b] = await replicas(2, clock, fetcher);
    progress(fetcher, 's-a', 10);
    progress(fetcher, 's-b', 20);
    const onA = consume(a!.pool.watch('snapshot', REGION, ['s-a']));
    const onB = consume(b!.pool.watch('snapshot', REGION, ['s-b']));
    await until(clock, () => onA.events.length === 1 && onB.events.length === 1);
    const pools = [a!.pool, b!.pool];
    const holder = pools.find((pool) => pool.stats().pollers === 1)!;
    expect(holder.stats().watchedIds).toBe(2);

    await onA.iterator.return?.();
    await until(clock, () => holder.stats().watchedIds === 1);
    await clock.advance(INTERVAL);
    expect(fetcher.calls.at(-1)?.ids).toEqual(['s-b']);

    await onB.iterator.return?.();
    await until(clock, () => totalPollers(pools) === 0);
    const calls = fetcher.calls.length;
    await clock.advance(INTERVAL * 5);
    expect(fetcher.calls.length).toBe(calls);
    expect(pools.map((pool) => pool.stats().watchers)).toEqual([0, 0]);
  });

  it('a notice, the states after it and a gone cross Redis to the watchers of every replica, once each', async () => {
    const clock = manualTimers();
    const fetcher = new FakeFetcher(clock.now);
    const [a, b] = await replicas(2, clock, fetcher);
    progress(fetcher, 's-1', 10);
    progress(fetcher, 's-2', 10);
    const both = consume(a!.pool.watch('snapshot', REGION, ['s-1', 's-2']));
    const one = consume(b!.pool.watch('snapshot', REGION, ['s-1']));
    const two = consume(b!.pool.watch('snapshot', REGION, ['s-2']));
    await until(clock, () => both.events.length === 2 && one.events.length === 1 && two.events.length === 1);

    // Three failed polls in a row (the default threshold): one notice for each watcher.
    for (let n = 0; n < 3; n += 1) {
      fetcher.failNext(new EcsError({ code: 'Throttling', message: 'Throttled.', requestId: 'R-1' }, 400));
      await clock.advance(INTERVAL);
    }
    await until(clock, () => [both, one, two].every((w) => w.events.includes('error:Throttling')));
    // The poll that answers sends every state, unchanged as it is; then s-2 is gone.
    await clock.advance(INTERVAL);
    await until(clock, () => both.events.length === 5 && one.events.length === 3 && two.events.length === 3);
    fetcher.remove('snapshot', REGION, 's-2');
    await clock.advance(INTERVAL);
    await until(clock, () => both.events.length === 6 && two.events.length === 4);

    const states = ['state:s-1:10%', 'state:s-2:10%'];
    expect(both.events.slice(0, 2).sort()).toEqual(states);
    expect(both.events.slice(2)).toEqual(['error:Throttling', ...both.events.slice(3, 5), 'gone:s-2']);
    expect(both.events.slice(3, 5).sort()).toEqual(states);
    expect(one.events).toEqual(['state:s-1:10%', 'error:Throttling', 'state:s-1:10%']);
    expect(two.events).toEqual(['state:s-2:10%', 'error:Throttling', 'state:s-2:10%', 'gone:s-2']);
  });

  it('an aborted signal ends the watcher and releases its ids on the polling replica', async () => {
    const clock = manualTimers();
    const fetcher = new FakeFetcher(clock.now);
    const [a, b] = await replicas(2, clock, fetcher);
    progress(fetcher, 's-1', 10);
    progress(fetcher, 's-2', 10);
    const stay = consume(a!.pool.watch('snapshot', REGION, ['s-1']));
    const controller = new AbortController();
    const leave = consume(b!.pool.watch('snapshot', REGION, ['s-2'], { signal: controller.signal }));
    await until(clock, () => stay.events.length === 1 && leave.events.length === 1);
    const holder = [a!.pool, b!.pool].find((pool) => pool.stats().pollers === 1)!;
    expect(holder.stats().watchedIds).toBe(2);
    controller.abort();
    expect(await leave.iterator.next()).toEqual({ value: undefined, done: true });
    await until(clock, () => holder.stats().watchedIds === 1);
    expect(b!.pool.stats().watchers).toBe(0);
  });

  it('Redis stopped: every replica polls for itself and the watchers get every change once; restarted: one poller again', async () => {
    const clock = manualTimers();
    const fetcher = new FakeFetcher(clock.now);
    const three = await replicas(3, clock, fetcher);
    const pools = three.map((replica) => replica.pool);
    progress(fetcher, 's-1', 10);
    const watchers = pools.flatMap((pool) =>
      [0, 1].map(() => consume(pool.watch('snapshot', REGION, ['s-1']))),
    );
    const received = (count: number) => () => watchers.every((watcher) => watcher.events.length >= count);
    await until(clock, received(1));
    expect(totalPollers(pools)).toBe(1);

    await redis.stop();
    await until(clock, () => pools.every((pool) => !pool.shared && pool.stats().pollers === 1));
    progress(fetcher, 's-1', 50);
    await clock.advance(INTERVAL);
    await until(clock, received(2));

    await redis.restart();
    await expect.poll(() => pools.every((pool) => pool.shared), { timeout: 10_000 }).toBe(true);
    // Settled: the replica named by the lease polls, the others have left their own polls.
    const leaseKey = three[0]!.redis.key('watch', 'lease', 'snapshot', REGION);
    await until(clock, async () => {
      const name = await three[0]!.redis.client.get(leaseKey);
      const holder = pools.find((_, index) => name === `replica-${index}`);
      return holder !== undefined && holder.stats().pollers === 1 && totalPollers(pools) === 1;
    });
    const calls = fetcher.calls.length;
    progress(fetcher, 's-1', 80);
    await clock.advance(INTERVAL);
    await until(clock, received(3));
    expect(fetcher.calls.length).toBe(calls + 1);
    for (const watcher of watchers)
      expect(watcher.events).toEqual(['state:s-1:10%', 'state:s-1:50%', 'state:s-1:80%']);
  });
});
