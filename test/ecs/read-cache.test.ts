import { GraphQLError } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallOptions, EcsCaller } from '../../src/ecs/caller.js';
import { CredentialsError, EcsError, ParamError } from '../../src/ecs/errors.js';
import { CacheMiss, ReadCache } from '../../src/ecs/read-cache/read-cache.js';
import { type AnyAction, defineAction } from '../../src/spec/action.js';
import { p } from '../../src/spec/params.js';
import { t } from '../../src/spec/shape.js';
import { budgetedCaller } from '../../src/upstream-budget.js';

// Small actions declared here, so these tests do not depend on the real declarations.
const DescribeThings = defineAction({
  name: 'DescribeThings',
  summary: 'Lists things.',
  idempotency: 'read',
  params: {
    RegionId: p.string({ required: true }),
    ThingIds: p.idList({ max: 10 }),
    ZoneId: p.string(),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: { Things: t.list('Thing', t.object({ ThingId: t.string, Status: t.string })) },
  reads: {
    kind: 'disk',
    list: 'Things',
    ids: 'ThingIds',
    status: { field: 'Status', transitional: ['Attaching', 'Detaching'] },
  },
});
const DescribeThing = defineAction({
  name: 'DescribeThing',
  summary: 'Describes one thing (no region parameter).',
  idempotency: 'read',
  params: { ThingId: p.string({ required: true }) },
  response: { ThingId: t.string, Status: t.string },
  reads: { kind: 'disk', ids: 'ThingId', status: { field: 'Status', transitional: ['Attaching'] } },
});
const DescribeOthers = defineAction({
  name: 'DescribeOthers',
  summary: 'Lists another kind.',
  idempotency: 'read',
  params: { RegionId: p.string({ required: true }), OtherIds: p.idList({ max: 10 }) },
  response: { Others: t.list('Other', t.object({ OtherId: t.string })) },
  reads: { kind: 'instance', list: 'Others', ids: 'OtherIds' },
});
const DescribeUndeclared = defineAction({
  name: 'DescribeUndeclared',
  summary: 'A read that declares nothing.',
  idempotency: 'read',
  params: { RegionId: p.string({ required: true }) },
  response: { Value: t.string },
});
const ChangeThing = defineAction({
  name: 'ChangeThing',
  summary: 'Changes one thing (no region parameter).',
  idempotency: 'none',
  params: { ThingId: p.string({ required: true }) },
  response: {},
  changes: [{ kind: 'disk', ids: 'ThingId' }],
});
const WipeThings = defineAction({
  name: 'WipeThings',
  summary: 'Changes every thing of its region.',
  idempotency: 'none',
  params: { RegionId: p.string({ required: true }) },
  response: {},
  changes: [{ kind: 'disk' }],
});

const DEFAULT_REGION = 'cn-hangzhou';

interface Recorded {
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly options: CallOptions | undefined;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * An EcsCaller that records every call. Answers come from `answer` at once, or, in
 * manual mode, wait until the test settles them (`settle`).
 */
class Upstream implements EcsCaller {
  readonly calls: Recorded[] = [];
  readonly pending: Pending[] = [];
  manual = false;
  answer: (action: AnyAction, input: Readonly<Record<string, unknown>>) => unknown = (action, input) =>
    defaultAnswer(action, input, this.calls.length);

  call(action: AnyAction, input: unknown, options?: CallOptions): Promise<never> {
    const fields = input as Readonly<Record<string, unknown>>;
    this.calls.push({ action: action.name, input: fields, options });
    if (this.manual) return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
    try {
      return Promise.resolve(this.answer(action, fields) as never);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Settles the oldest pending call with its default answer, or with `error`. */
  settle(error?: unknown): void {
    const next = this.pending.shift();
    if (!next) throw new Error('no call is pending');
    if (error) next.reject(error);
    else next.resolve({ answeredBy: `pending call`, Things: [], Others: [] });
  }

  count(action?: string): number {
    return action === undefined
      ? this.calls.length
      : this.calls.filter((call) => call.action === action).length;
  }
}

/** Numbered answers, so a test sees which call an answer came from. */
function defaultAnswer(action: AnyAction, input: Readonly<Record<string, unknown>>, n: number): unknown {
  switch (action.name) {
    case 'DescribeThings':
      return { Things: [{ ThingId: `thing-${n}`, Status: 'Available' }], RequestId: `r-${n}` };
    case 'DescribeThing':
      return { ThingId: input.ThingId, Status: 'Available', RequestId: `r-${n}` };
    case 'DescribeOthers':
      return { Others: [{ OtherId: `other-${n}` }], RequestId: `r-${n}` };
    default:
      return { RequestId: `r-${n}` };
  }
}

/** Lets every settled promise's continuations run (the memory store is async in form only). */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

let now = 1_000_000;
let upstream: Upstream;
let cache: ReadCache;

beforeEach(() => {
  now = 1_000_000;
  upstream = new Upstream();
  cache = new ReadCache({ defaultRegionId: DEFAULT_REGION, now: () => now });
});

describe('ReadCache: answers within the TTL', () => {
  it('answers a repeated read from the store until the TTL has passed, whatever the property order', async () => {
    const view = cache.view(upstream);
    const first = await view.call(DescribeThings, { RegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 10 });
    now += 4_999;
    const again = await cache
      .view(upstream)
      .call(DescribeThings, { PageSize: 10, PageNumber: 1, RegionId: 'cn-hangzhou' });
    expect(upstream.count()).toBe(0 + 1);
    expect(again).toEqual(first);
    now += 1;
    const later = await cache
      .view(upstream)
      .call(DescribeThings, { RegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 10 });
    expect(upstream.count()).toBe(2);
    expect(later.Things[0]?.ThingId).toBe('thing-2');
  });

  it('keys by action, region and every parameter: a different page, filter or region is another call', async () => {
    const view = cache.view(upstream);
    await view.call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await view.call(DescribeThings, { RegionId: 'cn-hangzhou', PageNumber: 2 });
    await view.call(DescribeThings, { RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-b' });
    await view.call(DescribeThings, { RegionId: 'cn-shanghai' });
    await view.call(DescribeThings, { RegionId: 'cn-hangzhou', ThingIds: ['a', 'b'] });
    await view.call(DescribeThings, { RegionId: 'cn-hangzhou', ThingIds: ['b', 'a'] });
    await view.call(DescribeThing, { ThingId: 'a' }, { regionId: 'cn-shanghai' });
    await view.call(DescribeThing, { ThingId: 'a' });
    expect(upstream.count()).toBe(8);
    // A call without a region in its input or options is the default region's.
    await view.call(DescribeThing, { ThingId: 'a' }, { regionId: DEFAULT_REGION });
    expect(upstream.count()).toBe(8);
    expect(view.stats).toEqual({ hits: 1, coalesced: 0, misses: 8, oldestAgeMs: 0 });
  });

  it('serves an answer holding a transitional state for the shorter TTL only', async () => {
    upstream.answer = (action, input) =>
      input.ThingId === 'moving'
        ? { ThingId: 'moving', Status: 'Attaching' }
        : defaultAnswer(action, input, upstream.calls.length);
    const view = cache.view(upstream);
    await view.call(DescribeThing, { ThingId: 'moving' });
    await view.call(DescribeThing, { ThingId: 'still' });
    now += 999;
    await view.call(DescribeThing, { ThingId: 'moving' });
    expect(upstream.count()).toBe(2);
    now += 1;
    await view.call(DescribeThing, { ThingId: 'moving' });
    await view.call(DescribeThing, { ThingId: 'still' });
    expect(upstream.calls.map((call) => call.input.ThingId)).toEqual(['moving', 'still', 'moving']);
  });

  it('looks for transitional states in every item of the declared list', async () => {
    upstream.answer = () => ({
      Things: [
        { ThingId: 'a', Status: 'Available' },
        { ThingId: 'b', Status: 'Detaching' },
      ],
    });
    const view = cache.view(upstream);
    await view.call(DescribeThings, { RegionId: 'cn-hangzhou' });
    now += 1_000;
    await view.call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(upstream.count()).toBe(2);
  });

  it('never stores an error: the same read after a failure is called again', async () => {
    const refusal = new EcsError(
      { code: 'Throttling', message: 'Request was denied due to flow control.' },
      400,
    );
    upstream.answer = () => {
      throw refusal;
    };
    const view = cache.view(upstream);
    await expect(view.call(DescribeThings, { RegionId: 'cn-hangzhou' })).rejects.toBe(refusal);
    upstream.answer = (action, input) => defaultAnswer(action, input, upstream.calls.length);
    const answer = await view.call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(answer.Things[0]?.ThingId).toBe('thing-2');
    expect(upstream.count()).toBe(2);
  });

  it('hands out frozen answers, so no request can change what another one reads', async () => {
    const answer = await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(Object.isFrozen(answer)).toBe(true);
    expect(Object.isFrozen(answer.Things[0])).toBe(true);
    const stored = await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(stored).toEqual(answer);
    expect(stored).not.toBe(answer);
  });

  it('passes through reads that declare nothing, and writes, counting both as misses', async () => {
    const view = cache.view(upstream);
    await view.call(DescribeUndeclared, { RegionId: 'cn-hangzhou' });
    await view.call(DescribeUndeclared, { RegionId: 'cn-hangzhou' });
    await view.call(ChangeThing, { ThingId: 'a' });
    expect(upstream.count()).toBe(3);
    expect(view.stats).toMatchObject({ hits: 0, misses: 3 });
  });

  it('treats a store that fails as empty: the read is answered by a call, and no error reaches the caller', async () => {
    const broken = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
      invalidate: () => Promise.reject(new Error('store down')),
      stats: () => Promise.reject(new Error('store down')),
    };
    const withBroken = new ReadCache({ defaultRegionId: DEFAULT_REGION, store: broken });
    const view = withBroken.view(upstream);
    await expect(view.call(DescribeThings, { RegionId: 'cn-hangzhou' })).resolves.toMatchObject({
      RequestId: 'r-1',
    });
    await expect(view.call(DescribeThings, { RegionId: 'cn-hangzhou' })).resolves.toMatchObject({
      RequestId: 'r-2',
    });
    await expect(view.call(ChangeThing, { ThingId: 'a' })).resolves.toMatchObject({ RequestId: 'r-3' });
    expect(await view.storeStats()).toBeUndefined();
  });

  it('with ttlMs 0 is a plain pass-through: no store, no coalescing', async () => {
    const off = new ReadCache({ defaultRegionId: DEFAULT_REGION, ttlMs: 0 });
    expect(off.enabled).toBe(false);
    upstream.manual = true;
    const one = off.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    const two = off.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(upstream.count()).toBe(2);
    upstream.settle();
    upstream.settle();
    await Promise.all([one, two]);
    upstream.manual = false;
    await off.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(upstream.count()).toBe(3);
    expect(await off.view(upstream).storeStats()).toBeUndefined();
  });

  it('refuses a TTL that is not an integer of 0 or more, and keeps the transitional TTL within the TTL', () => {
    expect(() => new ReadCache({ defaultRegionId: DEFAULT_REGION, ttlMs: -1 })).toThrow(
      '"ttlMs" is not valid: an integer of 0 or more',
    );
    expect(new ReadCache({ defaultRegionId: DEFAULT_REGION, ttlMs: 500 }).transitionalTtlMs).toBe(500);
  });
});

describe('ReadCache: coalescing', () => {
  it('makes one call for identical reads in flight at once, from any number of views', async () => {
    upstream.manual = true;
    const views = Array.from({ length: 5 }, () => cache.view(upstream));
    const answers = views.map((view) => view.call(DescribeThings, { RegionId: 'cn-hangzhou' }));
    await flush();
    expect(upstream.count()).toBe(1);
    upstream.settle();
    const settled = await Promise.all(answers);
    expect(new Set(settled.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(views.map((view) => [view.stats.misses, view.stats.coalesced])).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
  });

  it('sends the shared call without any caller signal; a caller that aborts fails alone', async () => {
    upstream.manual = true;
    const starter = new AbortController();
    const joiner = new AbortController();
    const first = cache
      .view(upstream)
      .call(DescribeThings, { RegionId: 'cn-hangzhou' }, { signal: starter.signal });
    await flush();
    const second = cache
      .view(upstream)
      .call(DescribeThings, { RegionId: 'cn-hangzhou' }, { signal: joiner.signal });
    const third = cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    expect(upstream.calls[0]?.options?.signal).toBeUndefined();
    starter.abort(new Error('the starter hung up'));
    joiner.abort(new Error('a joiner hung up'));
    await expect(first).rejects.toThrow('the starter hung up');
    await expect(second).rejects.toThrow('a joiner hung up');
    upstream.settle();
    expect(await third).toMatchObject({ answeredBy: 'pending call' });
    expect(upstream.count()).toBe(1);
    // The call ran to its end and was stored.
    await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(upstream.count()).toBe(1);
  });

  it("does not hand the starter's budget refusal to a joiner: the joiner makes its own call", async () => {
    const exhausted = budgetedCaller(upstream, 0);
    // The starter's caller refuses only once the joiner has joined.
    let refuse: (error: unknown) => void = () => {};
    const starterCaller: EcsCaller = {
      call: () =>
        new Promise((_resolve, reject) => {
          refuse = reject;
        }),
    };
    const starter = cache.view(starterCaller).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    const joinerView = cache.view(upstream);
    const joiner = joinerView.call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    const budgetError = await exhausted.call(DescribeThings, { RegionId: 'cn-hangzhou' }).catch((e) => e);
    expect(budgetError).toBeInstanceOf(GraphQLError);
    refuse(budgetError);
    await expect(starter).rejects.toBe(budgetError);
    expect((await joiner).Things[0]?.ThingId).toBe('thing-1');
    expect(upstream.count()).toBe(1);
    expect(joinerView.stats).toMatchObject({ misses: 1, coalesced: 0 });
  });

  it("does not hand the starter's CredentialsError to a joiner, though it is a client error: the joiner asks again", async () => {
    let refuse: (error: unknown) => void = () => {};
    const starterCaller: EcsCaller = {
      call: () =>
        new Promise((_resolve, reject) => {
          refuse = reject;
        }),
    };
    const starter = cache.view(starterCaller).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    const joinerView = cache.view(upstream);
    const joiner = joinerView.call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    const noCredentials = new CredentialsError(
      'ecs-ram-role GatewayRole',
      'the metadata service answered HTTP 503',
      true,
    );
    refuse(noCredentials);
    await expect(starter).rejects.toBe(noCredentials);
    expect((await joiner).Things[0]?.ThingId).toBe('thing-1');
    expect(upstream.count()).toBe(1);
    expect(joinerView.stats).toMatchObject({ misses: 1, coalesced: 0 });
  });

  it("shares a ParamError of the shared call with every joiner, as ECS's own refusal", async () => {
    upstream.manual = true;
    const views = [cache.view(upstream), cache.view(upstream)];
    const answers = views.map((view) =>
      view.call(DescribeThings, { RegionId: 'cn-hangzhou' }).catch((error: unknown) => error),
    );
    await flush();
    const refused = new ParamError([
      {
        param: 'RegionId',
        rule: 'a region',
        code: 'InvalidRegionId.Malformed',
        httpStatus: 400,
        message: 'no',
      },
    ]);
    upstream.settle(refused);
    expect(await Promise.all(answers)).toEqual([refused, refused]);
    expect(upstream.count()).toBe(1);
  });

  it("shares the upstream's own failure with every joiner, and stores none of it", async () => {
    upstream.manual = true;
    const views = [cache.view(upstream), cache.view(upstream)];
    const answers = views.map((view) =>
      view.call(DescribeThings, { RegionId: 'cn-hangzhou' }).catch((error: unknown) => error),
    );
    await flush();
    const notFound = new EcsError({ code: 'InvalidRegionId.NotFound', message: 'no such region' }, 404);
    upstream.settle(notFound);
    expect(await Promise.all(answers)).toEqual([notFound, notFound]);
    expect(upstream.count()).toBe(1);
    const again = cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    expect(upstream.count()).toBe(2);
    upstream.settle();
    await again;
  });
});

describe('ReadCache: fresh and onlyCached views', () => {
  it('a fresh view neither reads the store nor joins, but stores its answer and lets later reads join it', async () => {
    await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    upstream.manual = true;
    const older = cache.view(upstream).call(DescribeThings, { RegionId: 'cn-shanghai' });
    await flush();
    const fresh = cache.view(upstream, { fresh: true });
    const freshStored = fresh.call(DescribeThings, { RegionId: 'cn-hangzhou' });
    const freshNotJoining = fresh.call(DescribeThings, { RegionId: 'cn-shanghai' });
    await flush();
    expect(upstream.count()).toBe(4);
    const later = cache.view(upstream).call(DescribeThings, { RegionId: 'cn-shanghai' });
    await flush();
    expect(upstream.count()).toBe(4);
    upstream.settle(); // the older call
    upstream.settle(); // the fresh cn-hangzhou read
    upstream.pending[0]?.resolve({ Things: [{ ThingId: 'fresh', Status: 'Available' }] });
    await Promise.all([older, freshStored, freshNotJoining]);
    expect((await later).Things[0]?.ThingId).toBe('fresh');
    upstream.manual = false;
    const stored = await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(stored).toMatchObject({ answeredBy: 'pending call' });
    // The older call ended after the fresh one started: its answer was not stored over it.
    const shanghai = await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-shanghai' });
    expect(shanghai.Things[0]?.ThingId).toBe('fresh');
    expect(upstream.count()).toBe(4);
    expect(fresh.stats).toEqual({ hits: 0, coalesced: 0, misses: 2, oldestAgeMs: undefined });
  });

  it('an onlyCached view answers from the store and refuses a miss with CacheMiss, calling nothing', async () => {
    await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    now += 2_500;
    const only = cache.view(upstream, { onlyCached: true });
    await expect(only.call(DescribeThings, { RegionId: 'cn-hangzhou' })).resolves.toMatchObject({
      Things: [{ ThingId: 'thing-1' }],
    });
    const miss = await only
      .call(DescribeThings, { RegionId: 'cn-shanghai' })
      .catch((error: unknown) => error);
    expect(miss).toBeInstanceOf(CacheMiss);
    expect(miss).toMatchObject({ code: 'CacheMiss', action: 'DescribeThings', regionId: 'cn-shanghai' });
    expect(upstream.count()).toBe(1);
    expect(only.cacheMisses).toBe(1);
    expect(only.stats).toEqual({ hits: 1, coalesced: 0, misses: 0, oldestAgeMs: 2_500 });
  });

  it('an onlyCached view sends nothing the store cannot answer: neither a write nor an undeclared read', async () => {
    const only = cache.view(upstream, { onlyCached: true });
    await expect(only.call(ChangeThing, { ThingId: 'a' })).rejects.toBeInstanceOf(CacheMiss);
    await expect(only.call(DescribeUndeclared, { RegionId: 'cn-shanghai' })).rejects.toMatchObject({
      code: 'CacheMiss',
      regionId: 'cn-shanghai',
    });
    expect(upstream.count()).toBe(0);
    expect(only.cacheMisses).toBe(2);
  });

  it('cachedOnly() gives a sibling over the same upstream whose stats the view can absorb', async () => {
    await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    now += 3_000;
    const view = cache.view(upstream);
    const sibling = view.cachedOnly();
    expect(sibling.onlyCached).toBe(true);
    await sibling.call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(view.stats.hits).toBe(0);
    view.absorb(sibling.stats);
    expect(view.stats).toEqual({ hits: 1, coalesced: 0, misses: 0, oldestAgeMs: 3_000 });
  });
});

describe('ReadCache: invalidation by writes', () => {
  /** Reads one of each kind of answer, so a write's effect on each shows in the calls that follow. */
  const READS = [
    ['hangzhou disk listing', DescribeThings, { RegionId: 'cn-hangzhou' }, undefined],
    ['hangzhou disk listing, filtered', DescribeThings, { RegionId: 'cn-hangzhou', ZoneId: 'z' }, undefined],
    [
      'hangzhou lookup a',
      DescribeThings,
      { RegionId: 'cn-hangzhou', ThingIds: ['a'], PageSize: 10 },
      undefined,
    ],
    ['hangzhou lookup b', DescribeThings, { RegionId: 'cn-hangzhou', ThingIds: ['b'] }, undefined],
    [
      'hangzhou lookup b, filtered',
      DescribeThings,
      { RegionId: 'cn-hangzhou', ThingIds: ['b'], ZoneId: 'z' },
      undefined,
    ],
    ['hangzhou one-thing lookup a', DescribeThing, { ThingId: 'a' }, undefined],
    ['shanghai disk listing', DescribeThings, { RegionId: 'cn-shanghai' }, undefined],
    ['shanghai lookup a', DescribeThings, { RegionId: 'cn-shanghai', ThingIds: ['a'] }, undefined],
    ['shanghai one-thing lookup a', DescribeThing, { ThingId: 'a' }, { regionId: 'cn-shanghai' }],
    ['hangzhou instance listing', DescribeOthers, { RegionId: 'cn-hangzhou' }, undefined],
  ] as const;

  async function readAll(): Promise<string[]> {
    const called: string[] = [];
    for (const [name, action, input, options] of READS) {
      const before = upstream.count();
      await cache.view(upstream).call(action as AnyAction, input as never, options);
      if (upstream.count() > before) called.push(name);
    }
    return called;
  }

  it('a write of given ids drops the listings of its kind in its region and the lookups of those ids, only', async () => {
    await readAll();
    await cache.view(upstream).call(ChangeThing, { ThingId: 'a' }, { regionId: 'cn-hangzhou' });
    expect(await readAll()).toEqual([
      'hangzhou disk listing',
      'hangzhou disk listing, filtered',
      'hangzhou lookup a',
      'hangzhou lookup b, filtered',
      'hangzhou one-thing lookup a',
    ]);
  });

  it("a write naming no region is the default region's", async () => {
    await readAll();
    await cache.view(upstream).call(ChangeThing, { ThingId: 'a' });
    expect(await readAll()).toContain('hangzhou lookup a');
    await cache.view(upstream).call(ChangeThing, { ThingId: 'a' }, { regionId: 'cn-shanghai' });
    expect(await readAll()).toEqual([
      'shanghai disk listing',
      'shanghai lookup a',
      'shanghai one-thing lookup a',
    ]);
  });

  it('a change without ids drops everything of its kind in its region, lookups included', async () => {
    await readAll();
    await cache.view(upstream).call(WipeThings, { RegionId: 'cn-hangzhou' });
    expect(await readAll()).toEqual([
      'hangzhou disk listing',
      'hangzhou disk listing, filtered',
      'hangzhou lookup a',
      'hangzhou lookup b',
      'hangzhou lookup b, filtered',
      'hangzhou one-thing lookup a',
    ]);
  });

  it('a failed write drops what it could have changed (a failure may have acted)', async () => {
    await readAll();
    upstream.answer = (action, input) => {
      if (action.name === 'ChangeThing') throw new EcsError({ code: 'InternalError', message: 'oops' }, 500);
      return defaultAnswer(action, input, upstream.calls.length);
    };
    await expect(cache.view(upstream).call(ChangeThing, { ThingId: 'b' })).rejects.toThrow('oops');
    expect(await readAll()).toEqual([
      'hangzhou disk listing',
      'hangzhou disk listing, filtered',
      'hangzhou lookup b',
      'hangzhou lookup b, filtered',
    ]);
  });

  it('drops before the write returns: the write caller reads the change next', async () => {
    await readAll();
    const write = cache.view(upstream).call(ChangeThing, { ThingId: 'a' });
    await write;
    const before = upstream.count();
    await cache.view(upstream).call(DescribeThing, { ThingId: 'a' });
    expect(upstream.count()).toBe(before + 1);
  });

  it('a read in flight across a write is neither stored nor joined by reads that start after it', async () => {
    upstream.manual = true;
    const early = cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    const write = cache.view(upstream).call(ChangeThing, { ThingId: 'x' });
    await flush();
    upstream.pending[1]?.resolve({ RequestId: 'w' });
    upstream.pending.splice(1, 1);
    await write;
    const late = cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    expect(upstream.calls.map((call) => call.action)).toEqual([
      'DescribeThings',
      'ChangeThing',
      'DescribeThings',
    ]);
    upstream.pending[1]?.resolve({ Things: [{ ThingId: 'after the write', Status: 'Available' }] });
    expect((await late).Things[0]?.ThingId).toBe('after the write');
    upstream.pending[0]?.resolve({ Things: [{ ThingId: 'before the write', Status: 'Available' }] });
    expect((await early).Things[0]?.ThingId).toBe('before the write');
    upstream.manual = false;
    const next = await cache.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(next.Things[0]?.ThingId).toBe('after the write');
    expect(upstream.count()).toBe(3);
  });

  it('a read that ends after a write of its kind is not stored, so the next read asks again', async () => {
    upstream.manual = true;
    const early = cache.view(upstream).call(DescribeThing, { ThingId: 'a' });
    await flush();
    const write = cache.view(upstream).call(WipeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    upstream.pending[1]?.resolve({ RequestId: 'w' });
    await write;
    upstream.pending[0]?.resolve({ ThingId: 'a', Status: 'Available' });
    await early;
    upstream.manual = false;
    await cache.view(upstream).call(DescribeThing, { ThingId: 'a' });
    expect(upstream.calls.map((call) => call.action)).toEqual([
      'DescribeThing',
      'WipeThings',
      'DescribeThing',
    ]);
  });
});

describe('ReadCache: onLookup', () => {
  it('tells how each cacheable read was served, and nothing of writes or undeclared reads', async () => {
    const seen: string[] = [];
    const observed = new ReadCache({
      defaultRegionId: DEFAULT_REGION,
      now: () => now,
      onLookup: (action, outcome) => seen.push(`${action}:${outcome}`),
    });
    upstream.manual = true;
    const first = observed.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    const joined = observed.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    await flush();
    upstream.settle();
    await Promise.all([first, joined]);
    upstream.manual = false;
    await observed.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' });
    expect(await observed.storeStats()).toMatchObject({ entries: 1 });
    await observed.view(upstream).call(DescribeUndeclared, { RegionId: 'cn-hangzhou' });
    // The write drops the answer it can have made stale.
    await observed.view(upstream).call(ChangeThing, { ThingId: 'a' });
    expect(seen).toEqual(['DescribeThings:miss', 'DescribeThings:coalesced', 'DescribeThings:hit']);
    expect(await observed.storeStats()).toEqual({ entries: 0, bytes: 0 });
  });

  it('answers the same when the observer throws', async () => {
    const observed = new ReadCache({
      defaultRegionId: DEFAULT_REGION,
      onLookup: () => {
        throw new Error('observer broke');
      },
    });
    await expect(
      observed.view(upstream).call(DescribeThings, { RegionId: 'cn-hangzhou' }),
    ).resolves.toMatchObject({
      RequestId: 'r-1',
    });
  });
});
