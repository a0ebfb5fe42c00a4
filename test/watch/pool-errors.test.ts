import { afterEach, describe, expect, it } from 'vitest';
import { EcsError, EcsTransportError } from '../../src/ecs/errors.js';
import { createWatchPool, type WatchEvent, type WatchPool } from '../../src/watch/pool.js';
import { type ManualTimers, manualTimers } from '../support/manual-timers.js';
import { FakeFetcher } from './fake-fetcher.js';

const REGION = 'cn-hangzhou';

/** Every event a watcher got, in order, and whether it ended. */
function consume(iterator: AsyncIterator<WatchEvent<unknown>>) {
  const seen = { events: [] as WatchEvent<unknown>[], done: false };
  void (async () => {
    for (;;) {
      const result = await iterator.next();
      if (result.done) {
        seen.done = true;
        return;
      }
      seen.events.push(result.value);
    }
  })();
  return seen;
}

/** An event as a short line: `i-1 Running`, `i-1,i-2 error Throttling retrying`. */
function lines(seen: { events: WatchEvent<unknown>[] }): string[] {
  return seen.events.map((event) => {
    if (event.type === 'gone') return `${event.id} gone`;
    if (event.type === 'error')
      return `${event.ids.join(',')} error ${event.error.code} ${event.error.retrying ? 'retrying' : 'final'}`;
    return `${event.id} ${(event.item as { Status: string }).Status}`;
  });
}

const throttling = () =>
  new EcsError(
    { code: 'Throttling', message: 'Request was denied due to request throttling.', requestId: 'R-1' },
    400,
  );
const refusedKey = () =>
  new EcsError(
    { code: 'InvalidAccessKeyId.NotFound', message: 'Specified access key is not found.', requestId: 'R-2' },
    404,
  );

interface Harness {
  readonly timers: ManualTimers;
  readonly fetcher: FakeFetcher;
  readonly pool: WatchPool;
  readonly failures: { code: unknown; retrying: boolean; retryInMs: number }[];
}

let open: WatchPool[] = [];
afterEach(() => {
  for (const pool of open) pool.close();
  open = [];
});

function harness(noticeAfterFailures?: number): Harness {
  const timers = manualTimers();
  const fetcher = new FakeFetcher(timers.now);
  const failures: Harness['failures'] = [];
  const pool = createWatchPool({
    fetch: fetcher.fetch,
    timers,
    minIntervalMs: 1_000,
    maxIntervalMs: 8_000,
    ...(noticeAfterFailures === undefined ? {} : { noticeAfterFailures }),
    onPollError: (error, failure) =>
      failures.push({
        code: (error as { code?: unknown }).code,
        retrying: failure.retrying,
        retryInMs: failure.retryInMs,
      }),
  });
  open.push(pool);
  for (const id of ['i-1', 'i-2', 'i-3'])
    fetcher.set('instance', REGION, id, { InstanceId: id, Status: 'Starting' });
  return { timers, fetcher, pool, failures };
}

describe('WatchPool: transient poll failures', () => {
  it('retries with backoff, tells the watchers once after 3 failures in a row, then every state on recovery', async () => {
    const h = harness();
    for (let n = 0; n < 5; n += 1) h.fetcher.failNext(throttling());
    const a = consume(h.pool.watch('instance', REGION, ['i-1', 'i-2']));
    const b = consume(h.pool.watch('instance', REGION, ['i-2', 'i-3']));
    // Fails at 0, 2 s, 6 s (the third: the notice), 14 s and 22 s.
    await h.timers.advance(5_999);
    expect(lines(a)).toStrictEqual([]);
    await h.timers.advance(1);
    expect(lines(a)).toStrictEqual(['i-1,i-2 error Throttling retrying']);
    expect(lines(b)).toStrictEqual(['i-2,i-3 error Throttling retrying']);
    expect(a.events[0]).toStrictEqual({
      type: 'error',
      ids: ['i-1', 'i-2'],
      error: {
        code: 'Throttling',
        message: 'Request was denied due to request throttling.',
        retrying: true,
        requestId: 'R-1',
        httpStatus: 400,
      },
    });
    await h.timers.advance(16_000);
    // Still one notice each: the fourth and fifth failures said nothing more.
    expect(lines(a)).toStrictEqual(['i-1,i-2 error Throttling retrying']);
    expect(h.fetcher.calls.map((call) => call.at)).toStrictEqual([0, 2_000, 6_000, 14_000, 22_000]);
    expect(h.failures.map((failure) => [failure.code, failure.retrying, failure.retryInMs])).toStrictEqual([
      ['Throttling', true, 2_000],
      ['Throttling', true, 4_000],
      ['Throttling', true, 8_000],
      ['Throttling', true, 8_000],
      ['Throttling', true, 8_000],
    ]);
    // A watcher joining while the polls fail is told at once; its ids are polled at once (and fail).
    h.fetcher.failNext(throttling());
    const late = consume(h.pool.watch('instance', REGION, ['i-3']));
    await h.timers.advance(0);
    expect(lines(late)).toStrictEqual(['i-3 error Throttling retrying']);
    expect(h.fetcher.calls.map((call) => call.at)).toStrictEqual([0, 2_000, 6_000, 14_000, 22_000, 22_000]);
    // The next poll, 2 s later, answers: every state is sent, unchanged ones too (the polls are back).
    await h.timers.advance(2_000);
    expect(lines(a)).toStrictEqual(['i-1,i-2 error Throttling retrying', 'i-1 Starting', 'i-2 Starting']);
    expect(lines(b)).toStrictEqual(['i-2,i-3 error Throttling retrying', 'i-2 Starting', 'i-3 Starting']);
    expect(lines(late)).toStrictEqual(['i-3 error Throttling retrying', 'i-3 Starting']);
    // Back to normal: no repeat of unchanged states, a change is sent.
    await h.timers.advance(1_000);
    expect(lines(a)).toHaveLength(3);
    h.fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Running' });
    await h.timers.advance(2_000);
    expect(lines(a).at(-1)).toBe('i-1 Running');
    expect(a.done).toBe(false);
  });

  it('counts a run of failures afresh after a poll answers, and classes network, 5xx, breaker and timeouts as transient', async () => {
    const h = harness(2);
    const seen = consume(h.pool.watch('instance', REGION, ['i-1']));
    h.fetcher.failNext(new EcsTransportError('ConnectionReset', 'The connection was reset.'));
    await h.timers.advance(0);
    await h.timers.advance(2_000);
    expect(lines(seen)).toStrictEqual(['i-1 Starting']);
    h.fetcher.failNext(
      new EcsError(
        {
          code: 'ServiceUnavailable',
          message: 'The request has failed due to a temporary failure of the server.',
        },
        503,
      ),
    );
    h.fetcher.failNext(new EcsTransportError('UpstreamUnavailable', 'The endpoint is unavailable.'));
    h.fetcher.failNext(new EcsTransportError('Timeout', 'No answer within 10000 ms.'));
    await h.timers.advance(30_000);
    expect(lines(seen)).toStrictEqual([
      'i-1 Starting',
      'i-1 error UpstreamUnavailable retrying',
      'i-1 Starting',
    ]);
    expect(h.failures.map((failure) => [failure.code, failure.retrying])).toStrictEqual([
      ['ConnectionReset', true],
      ['ServiceUnavailable', true],
      ['UpstreamUnavailable', true],
      ['Timeout', true],
    ]);
    expect(seen.done).toBe(false);
  });

  it('never passes on the text of an unexpected error', async () => {
    const h = harness(1);
    const seen = consume(h.pool.watch('instance', REGION, ['i-1']));
    h.fetcher.failNext(new Error('secret=abc at internal line'));
    await h.timers.advance(0);
    expect(seen.events).toStrictEqual([
      {
        type: 'error',
        ids: ['i-1'],
        error: { code: 'PollFailed', message: 'The poll failed unexpectedly.', retrying: true },
      },
    ]);
  });

  it('refuses a notice threshold below 1', () => {
    expect(() => createWatchPool({ fetch: new FakeFetcher(() => 0).fetch, noticeAfterFailures: 0 })).toThrow(
      'The option "noticeAfterFailures" is not valid: an integer of 1 or more.',
    );
  });
});

describe('WatchPool: permanent poll failures', () => {
  it('ends the watch of the ids polled with a final error and fetches them no more; other pollers go on', async () => {
    const h = harness();
    h.fetcher.set('snapshot', REGION, 's-1', { SnapshotId: 's-1', Status: 'progressing', Progress: '10%' });
    const a = consume(h.pool.watch('instance', REGION, ['i-1', 'i-2']));
    const b = consume(h.pool.watch('instance', REGION, ['i-2']));
    const other = consume(h.pool.watch('snapshot', REGION, ['s-1']));
    await h.timers.advance(0);
    h.fetcher.set('instance', REGION, 'i-1', { InstanceId: 'i-1', Status: 'Running' });
    // The next instance poll is refused (the snapshot poll before it answers).
    await h.timers.advance(999);
    h.fetcher.failNext(refusedKey());
    await h.timers.advance(1);
    const instanceCalls = () =>
      h.fetcher.calls.filter((call) => call.kind === 'instance').map((call) => call.at);
    expect(instanceCalls()).toStrictEqual([0, 1_000]);
    expect(lines(a)).toStrictEqual([
      'i-1 Starting',
      'i-2 Starting',
      'i-1,i-2 error InvalidAccessKeyId.NotFound final',
    ]);
    expect(a.events.at(-1)).toStrictEqual({
      type: 'error',
      ids: ['i-1', 'i-2'],
      error: {
        code: 'InvalidAccessKeyId.NotFound',
        message: 'Specified access key is not found.',
        retrying: false,
        requestId: 'R-2',
        httpStatus: 404,
      },
    });
    expect(lines(b)).toStrictEqual(['i-2 Starting', 'i-2 error InvalidAccessKeyId.NotFound final']);
    expect(h.failures).toStrictEqual([
      { code: 'InvalidAccessKeyId.NotFound', retrying: false, retryInMs: 1_000 },
    ]);
    expect(h.pool.stats()).toStrictEqual({ pollers: 2, watchedIds: 1, watchers: 3 });
    // No more instance polls, however long; the snapshot poller is untouched.
    h.fetcher.set('snapshot', REGION, 's-1', { SnapshotId: 's-1', Status: 'accomplished', Progress: '100%' });
    await h.timers.advance(60_000);
    expect(instanceCalls()).toStrictEqual([0, 1_000]);
    expect(lines(other).at(-1)).toBe('s-1 accomplished');
    expect(lines(a)).toHaveLength(3);
    // A later watcher of the same ids is polled afresh (the key may have been fixed).
    const again = consume(h.pool.watch('instance', REGION, ['i-1']));
    await h.timers.advance(0);
    expect(instanceCalls()).toStrictEqual([0, 1_000, 61_000]);
    expect(lines(again)).toStrictEqual(['i-1 Running']);
  });

  it('ends only the ids of the refused poll: an id that joined during it is polled next', async () => {
    const h = harness();
    const a = consume(h.pool.watch('instance', REGION, ['i-1']));
    h.fetcher.hold();
    h.fetcher.failNext(
      new EcsError(
        { code: 'Forbidden.RAM', message: 'User not authorized to operate on the specified resource.' },
        403,
      ),
    );
    await h.timers.advance(0);
    const b = consume(h.pool.watch('instance', REGION, ['i-1', 'i-3']));
    h.fetcher.release();
    await h.timers.advance(0);
    expect(lines(a)).toStrictEqual(['i-1 error Forbidden.RAM final']);
    expect(lines(b)).toStrictEqual(['i-1 error Forbidden.RAM final']);
    await h.timers.advance(1_000);
    expect(h.fetcher.calls.map((call) => call.ids)).toStrictEqual([['i-1'], ['i-3']]);
    expect(lines(b)).toStrictEqual(['i-1 error Forbidden.RAM final', 'i-3 Starting']);
  });
});
