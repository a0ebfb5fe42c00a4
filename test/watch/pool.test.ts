import { afterEach, describe, expect, it } from 'vitest';
import {
  createWatchPool,
  PollTimeoutError,
  type WatchEvent,
  type WatchKind,
  type WatchPool,
} from '../../src/watch/pool.js';
import { type ManualTimers, manualTimers } from '../support/manual-timers.js';
import { FakeFetcher } from './fake-fetcher.js';

const REGION = 'cn-hangzhou';
const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/** An event as a short line: `s-1 progressing 40%`, `i-1 Running`, `s-9 gone`. */
function line(event: WatchEvent<unknown>): string {
  if (event.type === 'gone') return `${event.id} gone`;
  if (event.type === 'error') return `${event.ids.join(',')} error ${event.error.code}`;
  const item = event.item as { Status?: string; Progress?: string };
  return [event.id, item.Status, item.Progress].filter((part) => part !== undefined).join(' ');
}

/** A consumer that reads as fast as events come, keeping them as lines. */
function consume(iterator: AsyncIterator<WatchEvent<unknown>>) {
  const seen = { lines: [] as string[], done: false };
  void (async () => {
    for (;;) {
      const result = await iterator.next();
      if (result.done) {
        seen.done = true;
        return;
      }
      seen.lines.push(line(result.value));
    }
  })();
  return seen;
}

interface Harness {
  readonly timers: ManualTimers;
  readonly fetcher: FakeFetcher;
  readonly pool: WatchPool;
  readonly errors: { error: unknown; retryInMs: number }[];
}

let open: WatchPool[] = [];
afterEach(() => {
  for (const pool of open) pool.close();
  open = [];
});

function harness(): Harness {
  const timers = manualTimers();
  const fetcher = new FakeFetcher(timers.now);
  const errors: Harness['errors'] = [];
  const pool = createWatchPool({
    fetch: fetcher.fetch,
    timers,
    minIntervalMs: 1_000,
    maxIntervalMs: 8_000,
    onPollError: (error, failure) => errors.push({ error, retryInMs: failure.retryInMs }),
  });
  open.push(pool);
  return { timers, fetcher, pool, errors };
}

function snapshots(h: Harness, count: number, progress = '0%'): string[] {
  const ids = Array.from({ length: count }, (_, n) => `s-${n + 1}`);
  for (const id of ids)
    h.fetcher.set('snapshot', REGION, id, { SnapshotId: id, Status: 'progressing', Progress: progress });
  return ids;
}

describe('WatchPool: one poller per watched set', () => {
  /** The calls a script of progress over 10 s costs with `watchers` watchers of the same 10 snapshots. */
  async function costOf(watchers: number) {
    const h = harness();
    const ids = snapshots(h, 10);
    const seen = Array.from({ length: watchers }, () => consume(h.pool.watch('snapshot', REGION, ids)));
    await h.timers.advance(0);
    for (let second = 1; second <= 10; second += 1) {
      if (second <= 5) snapshots(h, 10, `${second * 20}%`);
      await h.timers.advance(1_000);
    }
    return { calls: h.fetcher.calls.map((call) => ({ ...call })), seen };
  }

  it('costs 100 watchers of the same 10 ids exactly the fetches of 1', async () => {
    const one = await costOf(1);
    const hundred = await costOf(100);
    expect(hundred.calls).toStrictEqual(one.calls);
    // Polls at 0..6 s each saw a change or the first states; then 1 s, 2 s of quiet doubled the wait.
    expect(one.calls.map((call) => call.at)).toStrictEqual([
      0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000,
    ]);
    expect(one.calls.every((call) => call.ids.length === 10)).toBe(true);
    const expected = ['0%', '20%', '40%', '60%', '80%', '100%'].map(
      (progress) => `s-1 progressing ${progress}`,
    );
    for (const { lines } of hundred.seen)
      expect(lines.filter((l) => l.startsWith('s-1 '))).toStrictEqual(expected);
    expect(hundred.seen[99]?.lines).toHaveLength(60);
  });

  it('shares one immediate poll between watchers joining at the same moment, and answers known ids with no fetch', async () => {
    const h = harness();
    snapshots(h, 3);
    const a = consume(h.pool.watch('snapshot', REGION, ['s-1', 's-2']));
    const b = consume(h.pool.watch('snapshot', REGION, ['s-2', 's-3']));
    await h.timers.advance(0);
    expect(h.fetcher.calls).toStrictEqual([
      { kind: 'snapshot', regionId: REGION, ids: ['s-1', 's-2', 's-3'], at: 0 },
    ]);
    expect(a.lines).toStrictEqual(['s-1 progressing 0%', 's-2 progressing 0%']);
    expect(b.lines).toStrictEqual(['s-2 progressing 0%', 's-3 progressing 0%']);

    await h.timers.advance(300);
    const late = consume(h.pool.watch('snapshot', REGION, ['s-3', 's-1']));
    await settle();
    expect(late.lines).toStrictEqual(['s-3 progressing 0%', 's-1 progressing 0%']);
    expect(h.fetcher.calls).toHaveLength(1);
    expect(h.pool.stats()).toStrictEqual({ pollers: 1, watchedIds: 3, watchers: 3 });
  });

  it('keeps kinds and regions apart: one poller each', async () => {
    const h = harness();
    snapshots(h, 1);
    h.fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Starting' });
    h.fetcher.set('snapshot', 'cn-beijing', 's-1', {
      SnapshotId: 's-1',
      Status: 'accomplished',
      Progress: '100%',
    });
    const here = consume(h.pool.watch('snapshot', REGION, ['s-1']));
    const there = consume(h.pool.watch('snapshot', 'cn-beijing', ['s-1']));
    const instance = consume(h.pool.watch('instance', REGION, ['i-1']));
    await h.timers.advance(0);
    expect(h.fetcher.calls.map(({ kind, regionId, ids }) => `${kind} ${regionId} ${ids}`)).toStrictEqual([
      `snapshot ${REGION} s-1`,
      'snapshot cn-beijing s-1',
      `instance ${REGION} i-1`,
    ]);
    expect([here.lines, there.lines, instance.lines]).toStrictEqual([
      ['s-1 progressing 0%'],
      ['s-1 accomplished 100%'],
      ['i-1 Starting'],
    ]);
    expect(h.pool.stats()).toStrictEqual({ pollers: 3, watchedIds: 3, watchers: 3 });
  });

  it('polls ids that join while a poll is in flight right after it, never two polls at once', async () => {
    const h = harness();
    snapshots(h, 2);
    h.fetcher.hold();
    const first = consume(h.pool.watch('snapshot', REGION, ['s-1']));
    await h.timers.advance(0);
    const second = consume(h.pool.watch('snapshot', REGION, ['s-2']));
    // Long, yet within the poll timeout (30 s).
    await h.timers.advance(20_000);
    expect(h.fetcher.calls.map((call) => call.ids)).toStrictEqual([['s-1']]);
    h.fetcher.release();
    await settle();
    expect(first.lines).toStrictEqual(['s-1 progressing 0%']);
    await h.timers.advance(0);
    expect(h.fetcher.calls.map((call) => [call.at, call.ids])).toStrictEqual([
      [0, ['s-1']],
      [20_000, ['s-1', 's-2']],
    ]);
    expect(second.lines).toStrictEqual(['s-2 progressing 0%']);
  });
});

describe('WatchPool: the interval adapts', () => {
  it('doubles up to the maximum while nothing changes, and is back to the minimum after a change', async () => {
    const h = harness();
    h.fetcher.set('disk', REGION, 'd-1', { DiskId: 'd-1', Status: 'Available' });
    const seen = consume(h.pool.watch('disk', REGION, ['d-1']));
    await h.timers.advance(30_000);
    // 0: first state (a change); then quiet: 1 s, 2 s, 4 s, 8 s, 8 s (the maximum) ...
    expect(h.fetcher.calls.map((call) => call.at)).toStrictEqual([0, 1_000, 3_000, 7_000, 15_000, 23_000]);
    h.fetcher.set('disk', REGION, 'd-1', { DiskId: 'd-1', Status: 'Attaching' });
    await h.timers.advance(4_000); // to 34 s
    expect(h.fetcher.calls.map((call) => call.at).slice(6)).toStrictEqual([31_000, 32_000, 34_000]);
    expect(seen.lines).toStrictEqual(['d-1 Available', 'd-1 Attaching']);
  });

  it('goes back to the minimum when new ids join a quiet poller', async () => {
    const h = harness();
    snapshots(h, 2);
    consume(h.pool.watch('snapshot', REGION, ['s-1']));
    await h.timers.advance(7_000); // polls at 0, 1 s, 3 s, 7 s: the next would be at 15 s
    consume(h.pool.watch('snapshot', REGION, ['s-2']));
    await h.timers.advance(0);
    await h.timers.advance(1_000);
    expect(h.fetcher.calls.map((call) => [call.at, call.ids.length])).toStrictEqual([
      [0, 1],
      [1_000, 1],
      [3_000, 1],
      [7_000, 1],
      [7_000, 2],
      [8_000, 2],
    ]);
  });

  it('backs off after a failed poll, reports it to onPollError only, and keeps the watchers', async () => {
    const h = harness();
    h.fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Starting' });
    const throttled = Object.assign(new Error('Request was denied due to request throttling.'), {
      code: 'Throttling',
    });
    h.fetcher.failNext(throttled);
    h.fetcher.failNext(throttled);
    const seen = consume(h.pool.watch('instance', REGION, ['i-1']));
    await h.timers.advance(6_000);
    // Failed at 0 (next in 2 s) and at 2 s (next in 4 s); the poll at 6 s answers.
    expect(h.fetcher.calls.map((call) => call.at)).toStrictEqual([0, 2_000, 6_000]);
    expect(h.errors).toStrictEqual([
      { error: throttled, retryInMs: 2_000 },
      { error: throttled, retryInMs: 4_000 },
    ]);
    expect(seen).toStrictEqual({ lines: ['i-1 Starting'], done: false });
    h.fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Running' });
    await h.timers.advance(1_000);
    expect(seen.lines).toStrictEqual(['i-1 Starting', 'i-1 Running']);
  });
});

describe('WatchPool: what changes', () => {
  it('emits on the fingerprint only: status for instances, status and progress for snapshots', async () => {
    const h = harness();
    h.fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Stopped', InstanceName: 'a' });
    snapshots(h, 1, '10%');
    const instance = consume(h.pool.watch('instance', REGION, ['i-1']));
    const snapshot = consume(h.pool.watch('snapshot', REGION, ['s-1']));
    await h.timers.advance(0);
    h.fetcher.set('instance', REGION, 'i-1', {
      InstanceId: 'i-1',
      Status: 'Stopped',
      InstanceName: 'renamed',
    });
    h.fetcher.set('snapshot', REGION, 's-1', { SnapshotId: 's-1', Status: 'progressing', Progress: '30%' });
    await h.timers.advance(1_000);
    h.fetcher.set('snapshot', REGION, 's-1', { SnapshotId: 's-1', Status: 'accomplished', Progress: '30%' });
    await h.timers.advance(1_000);
    expect(instance.lines).toStrictEqual(['i-1 Stopped']);
    expect(snapshot.lines).toStrictEqual([
      's-1 progressing 10%',
      's-1 progressing 30%',
      's-1 accomplished 30%',
    ]);

    // A watcher joining later gets the newest item, rename included, with no fetch.
    const calls = h.fetcher.calls.length;
    const late = h.pool.watch('instance', REGION, ['i-1']);
    const first = await late.next();
    expect(first.value?.type === 'state' && first.value.item.InstanceName).toBe('renamed');
    expect(h.fetcher.calls).toHaveLength(calls);
  });

  it('says gone once for an id a poll no longer describes, and stops polling it', async () => {
    const h = harness();
    snapshots(h, 2);
    const seen = consume(h.pool.watch('snapshot', REGION, ['s-1', 's-2', 's-404']));
    await h.timers.advance(0);
    expect(seen.lines).toStrictEqual(['s-1 progressing 0%', 's-2 progressing 0%', 's-404 gone']);
    h.fetcher.remove('snapshot', REGION, 's-2');
    await h.timers.advance(1_000);
    await h.timers.advance(2_000);
    expect(seen.lines.slice(3)).toStrictEqual(['s-2 gone']);
    expect(h.fetcher.calls.map((call) => call.ids)).toStrictEqual([
      ['s-1', 's-2', 's-404'],
      ['s-1', 's-2'],
      ['s-1'],
    ]);
    expect(seen.done).toBe(false);
    expect(h.pool.stats()).toStrictEqual({ pollers: 1, watchedIds: 1, watchers: 1 });
  });
});

describe('WatchPool: consumers', () => {
  it('keeps only the latest state per id for a slow consumer, without holding up a fast one', async () => {
    const h = harness();
    snapshots(h, 2);
    const slow = h.pool.watch('snapshot', REGION, ['s-1', 's-2']);
    const fast = consume(h.pool.watch('snapshot', REGION, ['s-1']));
    await h.timers.advance(0);
    for (const progress of ['25%', '50%', '75%']) {
      h.fetcher.set('snapshot', REGION, 's-1', {
        SnapshotId: 's-1',
        Status: 'progressing',
        Progress: progress,
      });
      await h.timers.advance(1_000);
    }
    expect(fast.lines).toStrictEqual(['0%', '25%', '50%', '75%'].map((p) => `s-1 progressing ${p}`));
    const read = [];
    for (let n = 0; n < 2; n += 1) read.push(line((await slow.next()).value as WatchEvent<unknown>));
    // s-1 kept its place at the front of the queue with its newest state.
    expect(read).toStrictEqual(['s-1 progressing 75%', 's-2 progressing 0%']);
    const pending = slow.next();
    h.fetcher.set('snapshot', REGION, 's-2', { SnapshotId: 's-2', Status: 'failed', Progress: '0%' });
    await h.timers.advance(1_000);
    expect(line((await pending).value as WatchEvent<unknown>)).toBe('s-2 failed 0%');
  });

  it('releases the ids at once on return() and on abort, and stops the poller with the last watcher', async () => {
    const h = harness();
    snapshots(h, 3);
    const controller = new AbortController();
    const a = h.pool.watch('snapshot', REGION, ['s-1', 's-2']);
    const b = consume(h.pool.watch('snapshot', REGION, ['s-2', 's-3'], { signal: controller.signal }));
    await h.timers.advance(0);
    expect(h.pool.stats()).toStrictEqual({ pollers: 1, watchedIds: 3, watchers: 2 });

    const waiting = (async () => {
      for await (const event of a) if (event.type === 'state' && event.id === 'never') break;
      return 'ended';
    })();
    await a.return?.();
    expect(await waiting).toBe('ended');
    expect(h.pool.stats()).toStrictEqual({ pollers: 1, watchedIds: 2, watchers: 1 });
    await h.timers.advance(1_000);
    expect(h.fetcher.calls.at(-1)?.ids).toStrictEqual(['s-2', 's-3']);

    controller.abort();
    await settle();
    expect(b.done).toBe(true);
    expect(h.pool.stats()).toStrictEqual({ pollers: 0, watchedIds: 0, watchers: 0 });
    expect(h.timers.pending()).toBe(0);
    const calls = h.fetcher.calls.length;
    await h.timers.advance(60_000);
    expect(h.fetcher.calls).toHaveLength(calls);
  });

  it('aborts a poll in flight when its last watcher leaves and drops the poller at once; the answer is ignored', async () => {
    const h = harness();
    snapshots(h, 1);
    h.fetcher.hold();
    const a = h.pool.watch('snapshot', REGION, ['s-1']);
    await h.timers.advance(0);
    await a.return?.();
    expect(h.fetcher.signals[0]?.aborted).toBe(true);
    expect(h.pool.stats()).toStrictEqual({ pollers: 0, watchedIds: 0, watchers: 0 });
    expect(h.timers.pending()).toBe(0);
    h.fetcher.release();
    await settle();
    expect(h.pool.stats()).toStrictEqual({ pollers: 0, watchedIds: 0, watchers: 0 });
    expect(h.timers.pending()).toBe(0);
    expect(h.errors).toStrictEqual([]);
  });

  it('a poll that never settles: the last watcher leaving drops its poller, and a new watcher is served', async () => {
    const timers = manualTimers();
    const signals: AbortSignal[] = [];
    let hang = true;
    const pool = createWatchPool({
      timers,
      fetch: async (_kind, _region, ids, signal) => {
        if (signal) signals.push(signal);
        // A socket that hangs and ignores the abort.
        if (hang) return new Promise(() => {});
        return new Map(
          ids.map((id) => [id, { SnapshotId: id, Status: 'progressing', Progress: '5%' } as never]),
        );
      },
    });
    open.push(pool);
    const a = pool.watch('snapshot', REGION, ['s-1']);
    await timers.advance(0);
    await a.return?.();
    expect(signals.map((signal) => signal.aborted)).toStrictEqual([true]);
    expect(pool.stats()).toStrictEqual({ pollers: 0, watchedIds: 0, watchers: 0 });
    expect(timers.pending()).toBe(0);
    hang = false;
    const seen = consume(pool.watch('snapshot', REGION, ['s-2']));
    await timers.advance(0);
    expect(signals).toHaveLength(2);
    expect(seen.lines).toStrictEqual(['s-2 progressing 5%']);
  });

  it('gives a poll up after pollTimeoutMs: aborted, failed with backoff and onPollError, its late answer ignored', async () => {
    const timers = manualTimers();
    const fetcher = new FakeFetcher(timers.now);
    const errors: { error: unknown; retryInMs: number }[] = [];
    const pool = createWatchPool({
      fetch: fetcher.fetch,
      timers,
      minIntervalMs: 1_000,
      maxIntervalMs: 8_000,
      pollTimeoutMs: 5_000,
      onPollError: (error, failure) => errors.push({ error, retryInMs: failure.retryInMs }),
    });
    open.push(pool);
    fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Starting' });
    fetcher.hold();
    const seen = consume(pool.watch('instance', REGION, ['i-1']));
    await timers.advance(4_999);
    expect(errors).toStrictEqual([]);
    await timers.advance(1);
    expect(fetcher.signals[0]?.aborted).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(PollTimeoutError);
    expect(errors[0]?.error).toMatchObject({
      message: 'The poll of instances in cn-hangzhou did not answer within 5000 ms.',
    });
    expect(errors[0]?.retryInMs).toBe(2_000);
    // The state changes, then the hung call answers late: its answer (Running) is not taken.
    fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Running' });
    fetcher.release();
    await settle();
    expect(seen.lines).toStrictEqual([]);
    fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Stopping' });
    await timers.advance(2_000);
    expect(fetcher.calls.map((call) => call.at)).toStrictEqual([0, 7_000]);
    expect(seen.lines).toStrictEqual(['i-1 Stopping']);
    expect(() => createWatchPool({ fetch: fetcher.fetch, pollTimeoutMs: 0 })).toThrow(
      'The option "pollTimeoutMs" is not valid: an integer of 1 or more.',
    );
  });

  it('close() aborts a poll in flight', async () => {
    const h = harness();
    snapshots(h, 1);
    h.fetcher.hold();
    consume(h.pool.watch('snapshot', REGION, ['s-1']));
    await h.timers.advance(0);
    expect(h.fetcher.signals[0]?.aborted).toBe(false);
    h.pool.close();
    expect(h.fetcher.signals[0]?.aborted).toBe(true);
    h.fetcher.release();
    await settle();
    expect(h.timers.pending()).toBe(0);
    expect(h.errors).toStrictEqual([]);
  });

  it('answers done at once for a signal already aborted, and fetches nothing', async () => {
    const h = harness();
    const controller = new AbortController();
    controller.abort();
    const watcher = h.pool.watch('snapshot', REGION, ['s-1'], { signal: controller.signal });
    expect(await watcher.next()).toStrictEqual({ value: undefined, done: true });
    await h.timers.advance(1_000);
    expect(h.fetcher.calls).toStrictEqual([]);
    expect(h.pool.stats()).toStrictEqual({ pollers: 0, watchedIds: 0, watchers: 0 });
  });

  it('ends every iterator and leaves no timer on close()', async () => {
    const h = harness();
    snapshots(h, 2);
    const kinds: WatchKind[] = ['snapshot', 'instance'];
    const seen = kinds.map((kind) => consume(h.pool.watch(kind, REGION, ['s-1'])));
    const pending = h.pool.watch('snapshot', 'cn-beijing', ['s-2']);
    await h.timers.advance(0);
    h.pool.close();
    await settle();
    expect(seen.map((s) => s.done)).toStrictEqual([true, true]);
    // Its queued first state is dropped: a closed pool answers done.
    expect(await pending.next()).toStrictEqual({ value: undefined, done: true });
    expect(h.timers.pending()).toBe(0);
    expect(h.pool.stats()).toStrictEqual({ pollers: 0, watchedIds: 0, watchers: 0 });
    expect(await h.pool.watch('snapshot', REGION, ['s-1']).next()).toStrictEqual({
      value: undefined,
      done: true,
    });
  });

  it('refuses a kind it cannot watch, and intervals that make no sense', () => {
    const h = harness();
    expect(() => h.pool.watch('image' as WatchKind, REGION, ['m-1'])).toThrow(
      'Cannot watch "image": not one of snapshot, instance, disk.',
    );
    const fetch = new FakeFetcher(() => 0).fetch;
    expect(() => createWatchPool({ fetch, minIntervalMs: 0 })).toThrow(/"minIntervalMs" is not valid/);
    expect(() => createWatchPool({ fetch, minIntervalMs: 2_000, maxIntervalMs: 1_000 })).toThrow(
      /"maxIntervalMs" is not valid/,
    );
  });
});
