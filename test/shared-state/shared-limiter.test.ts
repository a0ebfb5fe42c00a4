import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Release, Timers } from '../../src/ecs/limiters.js';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { SharedUpstreamLimiter } from '../../src/shared-state/shared-limiter.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let prefixes = 0;
const cleanups: Array<() => Promise<void>> = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  if (!redis.running) await redis.restart();
});
afterAll(async () => {
  await redis.stop();
});

/**
 * A hand-moved clock shared by the "replicas" of a test. It moves only to the next due
 * callback, and only once no Redis command is in flight, so that every start is stamped
 * with the time its script ran at.
 */
function steppingClock(start = 1_000_000) {
  let now = start;
  let order = 0;
  const due: { at: number; order: number; run: () => void }[] = [];
  const timers: Timers = {
    now: () => now,
    schedule(ms, run) {
      const entry = { at: now + ms, order: order++, run };
      due.push(entry);
      return () => {
        const index = due.indexOf(entry);
        if (index >= 0) due.splice(index, 1);
      };
    },
  };
  return {
    timers,
    /** Runs the next due callback, moving the clock to it; false when none is due. */
    runNext(): boolean {
      due.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = due.shift();
      if (!next) return false;
      now = Math.max(now, next.at);
      next.run();
      return true;
    },
  };
}

type Clock = ReturnType<typeof steppingClock>;

/** Three replicas: a connection and a limiter each, on one Redis, one clock. */
async function replicas(
  clock: Clock,
  options: { rate: number; maxConcurrency?: number; marginMs?: number; count?: number },
) {
  const keyPrefix = `quota-test-${prefixes++}:`;
  const made = Array.from({ length: options.count ?? 3 }, (_, i) => {
    const shared = new SharedRedis({ url: redis.url, keyPrefix, maxReconnectDelayMs: 100 });
    const limiter = new SharedUpstreamLimiter({
      redis: shared,
      maxConcurrency: options.maxConcurrency ?? 4,
      ratePerSecond: options.rate,
      ...(options.marginMs === undefined ? {} : { marginMs: options.marginMs }),
      replicaId: `r${i}`,
      now: clock.timers.now,
      timers: clock.timers,
    });
    return { shared, limiter };
  });
  cleanups.push(async () => {
    for (const { shared, limiter } of made) {
      await limiter.close();
      await shared.close();
    }
  });
  for (const { shared } of made) expect(await shared.ready(5_000)).toBe(true);
  const limiters = made.map(({ limiter }) => limiter);
  // Heartbeats until every replica has counted all of them.
  await idle(limiters);
  while (limiters.some((limiter) => limiter.gate?.state.replicas !== made.length)) {
    clock.runNext();
    await idle(limiters);
  }
  return { made, limiters, keyPrefix };
}

/** Waits (on real I/O, not on time) until no limiter has a Redis command in flight. */
async function idle(limiters: readonly SharedUpstreamLimiter[]): Promise<void> {
  for (let quiet = 0; quiet < 3; ) {
    await new Promise((resolve) => setImmediate(resolve));
    if (limiters.some((limiter) => (limiter.gate?.state.inFlight ?? 0) > 0)) {
      quiet = 0;
      await new Promise((resolve) => setTimeout(resolve, 1));
    } else quiet += 1;
  }
}

interface Start {
  readonly replica: number;
  readonly call: string;
  readonly at: number;
}

/** Queues calls `flow:1…count` on a limiter; each is recorded when granted and released at once. */
function queue(
  limiter: SharedUpstreamLimiter,
  replica: number,
  flow: string,
  count: number,
  starts: Start[],
  clock: Clock,
) {
  return Array.from({ length: count }, (_, n) =>
    limiter.acquire({ flow, signal: new AbortController().signal }).then((release) => {
      starts.push({ replica, call: `${flow}:${n + 1}`, at: clock.timers.now() });
      release();
    }),
  );
}

/** Moves the clock callback by callback until `done`, letting Redis answer in between. */
async function runUntil(clock: Clock, limiters: readonly SharedUpstreamLimiter[], done: () => boolean) {
  await idle(limiters);
  while (!done()) {
    if (!clock.runNext()) throw new Error('nothing is due, and the test is not done');
    await idle(limiters);
  }
}

/** The most starts inside any one-second window [t, t + 1000). */
function busiestSecond(starts: readonly Start[]): number {
  const times = starts.map((start) => start.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (j < times.length && (times[j] as number) < (times[i] as number) + 1_000) j += 1;
    most = Math.max(most, j - i);
  }
  return most;
}

const callsOf = (starts: readonly Start[], replica: number, flow: string) =>
  starts
    .filter((start) => start.replica === replica && start.call.startsWith(`${flow}:`))
    .map((start) => start.call);

describe('SharedUpstreamLimiter: one rate for three replicas on one Redis', () => {
  it('starts a burst of 3×60 at 10 in any second, all of them, fairly within each replica', async () => {
    const clock = steppingClock();
    const { limiters } = await replicas(clock, { rate: 10 });
    const starts: Start[] = [];
    const t0 = clock.timers.now();
    const done = limiters.flatMap((limiter, replica) => [
      ...queue(limiter, replica, 'big', 59, starts, clock),
      ...queue(limiter, replica, 'newcomer', 1, starts, clock),
    ]);
    await runUntil(clock, limiters, () => starts.length === 180);
    await Promise.all(done);

    expect(busiestSecond(starts)).toBe(10);
    // The rate is used, not just respected: ten starts per window of 1.1 s (the margin), no gaps.
    const byWindow = new Map<number, number>();
    for (const start of starts) byWindow.set(start.at - t0, (byWindow.get(start.at - t0) ?? 0) + 1);
    expect([...byWindow.keys()]).toStrictEqual(Array.from({ length: 18 }, (_, k) => k * 1_100));
    expect([...byWindow.values()]).toStrictEqual(Array(18).fill(10));
    for (let replica = 0; replica < 3; replica += 1) {
      expect(callsOf(starts, replica, 'big')).toStrictEqual(
        Array.from({ length: 59 }, (_, n) => `big:${n + 1}`),
      );
      // Queued behind 59 calls of another flow, the newcomer goes second, not sixtieth.
      const own = starts.filter((start) => start.replica === replica).map((start) => start.call);
      expect(own.indexOf('newcomer:1')).toBe(1);
    }
  });

  it('takes no start for a call aborted while it waits, and serves the next one at its time', async () => {
    const clock = steppingClock();
    const { limiters, made, keyPrefix } = await replicas(clock, { rate: 2, marginMs: 0, count: 1 });
    const [limiter] = limiters as [SharedUpstreamLimiter];
    const open = () => new AbortController().signal;
    await limiter.acquire({ flow: 'a', signal: open() });
    await limiter.acquire({ flow: 'a', signal: open() });
    const controller = new AbortController();
    const waiting = limiter.acquire({ flow: 'b', signal: controller.signal });
    await idle(limiters);
    expect(limiter.state).toStrictEqual({ active: 2, flows: 1, waiting: 1 });
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    expect(limiter.state).toStrictEqual({ active: 2, flows: 0, waiting: 0 });

    const t0 = clock.timers.now();
    const client = made[0]?.shared.client;
    await runUntil(clock, limiters, () => clock.timers.now() >= t0 + 1_000);
    // The wake-up found no waiter: it took nothing.
    expect(await client?.zcard(`${keyPrefix}quota:window`)).toBe(2);
    let grantedAt: number | undefined;
    void limiter.acquire({ flow: 'c', signal: open() }).then(() => {
      grantedAt = clock.timers.now();
    });
    await runUntil(clock, limiters, () => grantedAt !== undefined);
    expect(grantedAt).toBe(t0 + 1_000);
  });

  it('gives an unused start back to Redis, where the next call takes it at once', async () => {
    const clock = steppingClock();
    const { limiters, made, keyPrefix } = await replicas(clock, { rate: 3, marginMs: 0, count: 2 });
    const [first, second] = limiters as [SharedUpstreamLimiter, SharedUpstreamLimiter];
    const open = () => new AbortController().signal;
    const releases: Release[] = [];
    for (let i = 0; i < 3; i += 1) releases.push(await first.acquire({ flow: 'a', signal: open() }));
    const window = `${keyPrefix}quota:window`;
    const client = made[0]?.shared.client;
    const t0 = clock.timers.now();
    let granted = false;
    void second.acquire({ flow: 'b', signal: open() }).then(() => {
      granted = true;
    });
    await idle(limiters);
    expect(granted).toBe(false);
    expect(await client?.zcard(window)).toBe(3);

    releases[1]?.({ unused: true });
    await expect.poll(() => client?.zcard(window)).toBe(2);
    expect(await client?.zrange(window, '0', '-1')).toStrictEqual(['r0:0', 'r0:2']);
    // The other replica still sleeps out the wait it was told; a call here takes the start now.
    const again = await first.acquire({ flow: 'a', signal: open() });
    expect(clock.timers.now()).toBe(t0);
    expect(await client?.zcard(window)).toBe(3);
    again();
    await runUntil(clock, limiters, () => granted);
    expect(clock.timers.now()).toBe(t0 + 1_000);
  });

  it('keeps serving at rate / replicas while Redis is down, none failing, and shares again when it is back', async () => {
    const clock = steppingClock();
    const { limiters, made, keyPrefix } = await replicas(clock, { rate: 10 });
    const starts: Start[] = [];
    const done = limiters.flatMap((limiter, replica) => queue(limiter, replica, 'burst', 40, starts, clock));
    await runUntil(clock, limiters, () => starts.length >= 20);
    const shared = starts.length;

    await redis.stop();
    await expect.poll(() => made.every(({ shared }) => !shared.up)).toBe(true);
    const downAt = clock.timers.now();
    await runUntil(clock, limiters, () => starts.length >= shared + 45);
    const local = starts.slice(shared);
    expect(limiters.map((limiter) => limiter.gate?.state)).toStrictEqual(
      Array(3).fill({ mode: 'local', replicas: 3, inFlight: 0 }),
    );
    // Each replica alone: floor(10 / 3) = 3 starts per 1.1 s; the starts granted in Redis
    // just before it went away are waited out first.
    expect(limiters[0]?.gate?.localWindow).toStrictEqual({ starts: 3, windowMs: 1_100 });
    for (let replica = 0; replica < 3; replica += 1)
      expect(busiestSecond(local.filter((start) => start.replica === replica))).toBe(3);
    expect(Math.min(...local.map((start) => start.at))).toBeGreaterThanOrEqual(downAt);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(10);

    await redis.restart();
    await expect.poll(() => made.every(({ shared }) => shared.up), { timeout: 10_000 }).toBe(true);
    await idle(limiters);
    const backAt = clock.timers.now();
    // For one window after Redis is back each replica still goes alone, writing its starts
    // into Redis, so that the shared window then holds what the others started alone.
    const rejoined = backAt + 1_100;
    const before = starts.length;
    await runUntil(clock, limiters, () => starts.length > before);
    expect(clock.timers.now()).toBeLessThan(rejoined);
    const now = clock.timers.now();
    const lastWindow = starts.filter((start) => start.at > now - 1_100);
    expect(await made[0]?.shared.client.zcard(`${keyPrefix}quota:window`)).toBe(lastWindow.length);
    expect(limiters.map((limiter) => limiter.gate?.state.mode)).toStrictEqual(['local', 'local', 'local']);

    await runUntil(clock, limiters, () => starts.length === 120);
    await Promise.all(done);
    expect(limiters.map((limiter) => limiter.gate?.state.mode)).toStrictEqual(['shared', 'shared', 'shared']);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(10);
    expect(busiestSecond(starts.filter((start) => start.at >= rejoined))).toBe(10);
  });

  it('leaves Redis alone when there is no rate limit', async () => {
    const keyPrefix = `quota-test-${prefixes++}:`;
    const shared = new SharedRedis({ url: redis.url, keyPrefix, maxReconnectDelayMs: 100 });
    const limiter = new SharedUpstreamLimiter({
      redis: shared,
      maxConcurrency: 2,
      ratePerSecond: Number.POSITIVE_INFINITY,
    });
    cleanups.push(async () => {
      await limiter.close();
      await shared.close();
    });
    expect(await shared.ready(5_000)).toBe(true);
    expect(limiter.gate).toBeUndefined();
    const releases = await Promise.all(
      Array.from({ length: 2 }, () => limiter.acquire({ flow: 'a', signal: new AbortController().signal })),
    );
    expect(limiter.state).toStrictEqual({ active: 2, flows: 0, waiting: 0 });
    for (const release of releases) release();
    expect(await shared.client.keys(`${keyPrefix}*`)).toStrictEqual([]);
  });
});
