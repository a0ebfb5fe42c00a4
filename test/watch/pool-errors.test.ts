import { afterEach, describe, expect, it } from 'vitest';
import { EcsError, EcsTransportError, ParamError } from '../../src/ecs/errors.js';
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

const invalidParameter = () =>
  new EcsError(
    {
      code: 'InvalidParameter',
      message: 'The specified parameter "InstanceIds" is not valid.',
      requestId: 'R-3',
    },
    400,
  );
const malformedId = () =>
  new ParamError([
    {
      param: 'InstanceIds',
      rule: 'an instance id',
      code: 'InvalidInstanceId.Malformed',
      httpStatus: 400,
      message: 'The specified parameter "InstanceIds" is not valid: an instance id.',
    },
  ]);

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

describe('WatchPool: a refusal of one id among others', () => {
  const ids = (h: Harness) => h.fetcher.calls.map((call) => call.ids);

  it('bisects the refused poll: only the refused id is ended, the other watchers never hear of it', async () => {
    const h = harness();
    h.fetcher.refuse('bad', invalidParameter);
    const a = consume(h.pool.watch('instance', REGION, ['i-1', 'i-2']));
    const hostile = consume(h.pool.watch('instance', REGION, ['bad', 'i-3']));
    const c = consume(h.pool.watch('instance', REGION, ['i-3']));
    await h.timers.advance(0);
    // The refused poll, then its halves at once: [i-1, i-2] answers, so [bad, i-3] holds the
    // refused id and is split without being fetched whole.
    expect(ids(h)).toStrictEqual([['i-1', 'i-2', 'bad', 'i-3'], ['i-1', 'i-2'], ['bad'], ['i-3']]);
    expect(h.fetcher.calls.map((call) => call.at)).toStrictEqual([0, 0, 0, 0]);
    expect(lines(a)).toStrictEqual(['i-1 Starting', 'i-2 Starting']);
    expect(lines(hostile)).toStrictEqual(['bad error InvalidParameter final', 'i-3 Starting']);
    expect(hostile.events[0]).toStrictEqual({
      type: 'error',
      ids: ['bad'],
      error: {
        code: 'InvalidParameter',
        message: 'The specified parameter "InstanceIds" is not valid.',
        retrying: false,
        requestId: 'R-3',
        httpStatus: 400,
      },
    });
    expect(lines(c)).toStrictEqual(['i-3 Starting']);
    expect(h.failures).toStrictEqual([
      { code: 'InvalidParameter', retrying: false, retryInMs: 1_000 },
      { code: 'InvalidParameter', retrying: false, retryInMs: 1_000 },
    ]);
    expect(h.pool.stats()).toStrictEqual({ pollers: 1, watchedIds: 3, watchers: 3 });
    // Back to one poll of every id left, at the interval; changes keep coming.
    h.fetcher.set('instance', REGION, 'i-3', { InstanceId: 'i-3', Status: 'Running' });
    await h.timers.advance(1_000);
    expect(ids(h).slice(4)).toStrictEqual([['i-1', 'i-2', 'i-3']]);
    expect(h.fetcher.calls.at(-1)?.at).toBe(1_000);
    expect(lines(c)).toStrictEqual(['i-3 Starting', 'i-3 Running']);
    expect(lines(hostile)).toStrictEqual(['bad error InvalidParameter final', 'i-3 Starting', 'i-3 Running']);
    await h.timers.advance(60_000);
    expect(h.fetcher.calls.every((call) => !call.ids.includes('bad') || call.at === 0)).toBe(true);
    for (const seen of [a, hostile, c]) expect(seen.done).toBe(false);
    expect(lines(a).some((line) => line.includes('error'))).toBe(false);
    expect(lines(c).some((line) => line.includes('error'))).toBe(false);
  });

  it('isolates several refused ids (a parameter the client refused) in at most 2·log2(n) extra fetches each', async () => {
    const h = harness();
    const all = ['i-1', 'bad-1', 'i-2', 'i-3', 'i-4', 'i-5', 'bad-2', 'i-6'];
    for (const id of all) {
      if (id.startsWith('bad')) h.fetcher.refuse(id, malformedId);
      else h.fetcher.set('instance', REGION, id, { InstanceId: id, Status: 'Starting' });
    }
    const watchers = all.map((id) => consume(h.pool.watch('instance', REGION, [id])));
    await h.timers.advance(0);
    expect(ids(h)).toStrictEqual([
      all,
      ['i-1', 'bad-1', 'i-2', 'i-3'],
      ['i-1', 'bad-1'],
      ['i-1'],
      ['bad-1'],
      ['i-2', 'i-3'],
      ['i-4', 'i-5', 'bad-2', 'i-6'],
      ['i-4', 'i-5'],
      ['bad-2'],
      ['i-6'],
    ]);
    expect(watchers.map(lines)).toStrictEqual(
      all.map((id) => [
        id.startsWith('bad') ? `${id} error InvalidInstanceId.Malformed final` : `${id} Starting`,
      ]),
    );
    await h.timers.advance(1_000);
    expect(ids(h).slice(10)).toStrictEqual([all.filter((id) => !id.startsWith('bad'))]);
  });

  it('retries a part after a transient failure, and drops the ids of a watcher that left', async () => {
    const h = harness();
    h.fetcher.refuse('bad', invalidParameter);
    const a = consume(h.pool.watch('instance', REGION, ['i-1', 'i-2']));
    const b = consume(h.pool.watch('instance', REGION, ['bad', 'i-3']));
    const leaving = h.pool.watch('instance', REGION, ['i-4']);
    h.fetcher.set('instance', REGION, 'i-4', { InstanceId: 'i-4', Status: 'Starting' });
    // The whole poll is refused; its first half is then throttled.
    h.fetcher.failNext(invalidParameter());
    h.fetcher.failNext(throttling());
    await h.timers.advance(0);
    expect(ids(h)).toStrictEqual([
      ['i-1', 'i-2', 'bad', 'i-3', 'i-4'],
      ['i-1', 'i-2', 'bad'],
    ]);
    await leaving.return?.();
    // The same part again after the backoff, then the rest; i-4 has left.
    await h.timers.advance(2_000);
    expect(ids(h).slice(2)).toStrictEqual([['i-1', 'i-2', 'bad'], ['i-1', 'i-2'], ['bad'], ['i-3']]);
    expect(h.fetcher.calls.map((call) => call.at)).toStrictEqual([0, 0, 2_000, 2_000, 2_000, 2_000]);
    expect(lines(a)).toStrictEqual(['i-1 Starting', 'i-2 Starting']);
    expect(lines(b)).toStrictEqual(['bad error InvalidParameter final', 'i-3 Starting']);
    expect(h.failures.map((failure) => [failure.code, failure.retrying])).toStrictEqual([
      ['InvalidParameter', false],
      ['Throttling', true],
      ['InvalidParameter', false],
      ['InvalidParameter', false],
    ]);
  });

  it('still ends every id at once, in one fetch, when the account or the region is refused', async () => {
    const h = harness();
    h.fetcher.refuse('bad', invalidParameter);
    const a = consume(h.pool.watch('instance', REGION, ['i-1', 'i-2']));
    const b = consume(h.pool.watch('instance', REGION, ['bad', 'i-3']));
    h.fetcher.failNext(refusedKey());
    await h.timers.advance(0);
    expect(ids(h)).toStrictEqual([['i-1', 'i-2', 'bad', 'i-3']]);
    expect(lines(a)).toStrictEqual(['i-1,i-2 error InvalidAccessKeyId.NotFound final']);
    expect(lines(b)).toStrictEqual(['bad,i-3 error InvalidAccessKeyId.NotFound final']);
    // A region the client refuses to call: every id of that region alike.
    const region = 'cn-nowhere';
    const c = consume(h.pool.watch('disk', region, ['d-1', 'd-2']));
    h.fetcher.failNext(
      new ParamError([
        {
          param: 'RegionId',
          rule: 'lowercase letters, digits and hyphens',
          code: 'InvalidRegionId.Malformed',
          httpStatus: 400,
          message: 'The specified parameter "RegionId" is not valid: lowercase letters, digits and hyphens.',
        },
      ]),
    );
    await h.timers.advance(0);
    expect(ids(h)).toStrictEqual([
      ['i-1', 'i-2', 'bad', 'i-3'],
      ['d-1', 'd-2'],
    ]);
    expect(lines(c)).toStrictEqual(['d-1,d-2 error InvalidRegionId.Malformed final']);
    await h.timers.advance(60_000);
    expect(h.fetcher.calls).toHaveLength(2);
  });

  it('ends the ids still being isolated when the account is refused during the bisection', async () => {
    const h = harness();
    const a = consume(h.pool.watch('instance', REGION, ['i-1', 'i-2']));
    const b = consume(h.pool.watch('instance', REGION, ['i-3']));
    h.fetcher.failNext(invalidParameter());
    h.fetcher.failNext(
      new EcsError(
        { code: 'Forbidden.RAM', message: 'User not authorized to operate on the specified resource.' },
        403,
      ),
    );
    await h.timers.advance(0);
    expect(ids(h)).toStrictEqual([
      ['i-1', 'i-2', 'i-3'],
      ['i-1', 'i-2'],
    ]);
    expect(lines(a)).toStrictEqual(['i-1,i-2 error Forbidden.RAM final']);
    expect(lines(b)).toStrictEqual(['i-3 error Forbidden.RAM final']);
    await h.timers.advance(60_000);
    expect(h.fetcher.calls).toHaveLength(2);
    expect(h.pool.stats()).toStrictEqual({ pollers: 1, watchedIds: 0, watchers: 2 });
  });
});
