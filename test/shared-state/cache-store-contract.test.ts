import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CacheStore, MemoryCacheStore } from '../../src/ecs/read-cache/store.js';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { RedisCacheStore } from '../../src/shared-state/redis-cache-store.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let shared: SharedRedis;
let prefixes = 0;
beforeAll(async () => {
  redis = await startRedis();
  shared = new SharedRedis({ url: redis.url, keyPrefix: 'contract:', maxReconnectDelayMs: 100 });
  expect(await shared.ready(5_000)).toBe(true);
});
afterAll(async () => {
  await shared.close();
  await redis.stop();
});

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A store on the injected clock, keeping values of up to about `maxValueBytes`. */
type MakeStore = (now: () => number, maxValueBytes: number) => Promise<CacheStore>;

const stores: ReadonlyArray<readonly [string, MakeStore]> = [
  // The memory store's bound covers its overheads too (384 + 128 a tag): see its own test.
  ['MemoryCacheStore', async (now, max) => new MemoryCacheStore({ maxBytes: max + 600, now })],
  [
    'RedisCacheStore',
    async (now, max) => {
      // Each test its own prefix on the one server: nothing leaks between tests.
      prefixes += 1;
      const own = new SharedRedis({ url: redis.url, keyPrefix: `c${prefixes}:` });
      expect(await own.ready(5_000)).toBe(true);
      closers.push(() => own.close());
      // The payload adds `{"value":…,"storedAt":1000000,"expiresAt":…}` (about 50 bytes) to the value.
      return new RedisCacheStore({ redis: own, now, maxEntryBytes: max + 50 });
    },
  ],
];
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

describe.each(stores)('the CacheStore contract: %s', (_name, make) => {
  it('serves an entry until its TTL has passed on the injected clock, with the time it was stored', async () => {
    const time = clock();
    const store = await make(time.now, 10_000);
    await store.set('k', { a: 1, list: [true, null, 'x'] }, { ttlMs: 5_000, tags: ['t'] });
    time.advance(4_999);
    expect(await store.get('k')).toEqual({ value: { a: 1, list: [true, null, 'x'] }, storedAt: 1_000_000 });
    time.advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.get('never-set')).toBeUndefined();
  });

  it('keeps nothing for a TTL of 0', async () => {
    const store = await make(clock().now, 10_000);
    await store.set('k', 1, { ttlMs: 0, tags: [] });
    expect(await store.get('k')).toBeUndefined();
  });

  it('drops every entry carrying any of the tags, and only those', async () => {
    const store = await make(clock().now, 10_000);
    await store.set('one', 1, { ttlMs: 60_000, tags: ['disk', 'list'] });
    await store.set('two', 2, { ttlMs: 60_000, tags: ['disk', 'id:d-1'] });
    await store.set('three', 3, { ttlMs: 60_000, tags: ['instance'] });
    await store.set('four', 4, { ttlMs: 60_000, tags: ['id:d-2'] });
    await store.invalidate(['list', 'id:d-2', 'unknown']);
    expect(await store.get('one')).toBeUndefined();
    expect(await store.get('four')).toBeUndefined();
    expect((await store.get('two'))?.value).toBe(2);
    expect((await store.get('three'))?.value).toBe(3);
    await store.invalidate(['disk']);
    expect(await store.get('two')).toBeUndefined();
    expect((await store.get('three'))?.value).toBe(3);
    await store.invalidate([]);
    expect((await store.get('three'))?.value).toBe(3);
  });

  it('re-tags an entry that is replaced: the old tags no longer reach it', async () => {
    const store = await make(clock().now, 10_000);
    await store.set('k', 1, { ttlMs: 60_000, tags: ['old', 'both'] });
    await store.set('k', 2, { ttlMs: 60_000, tags: ['new', 'both'] });
    await store.invalidate(['old']);
    expect((await store.get('k'))?.value).toBe(2);
    await store.invalidate(['both']);
    expect(await store.get('k')).toBeUndefined();
  });

  it('does not keep a value over its bound, and drops an older entry under the same key', async () => {
    const store = await make(clock().now, 200);
    await store.set('k', 'small', { ttlMs: 60_000, tags: ['t'] });
    expect((await store.get('k'))?.value).toBe('small');
    await store.set('k', 'y'.repeat(400), { ttlMs: 60_000, tags: ['t'] });
    expect(await store.get('k')).toBeUndefined();
    await store.set('other', 'z'.repeat(400), { ttlMs: 60_000, tags: ['u'] });
    expect(await store.get('other')).toBeUndefined();
  });

  it('hands out copies: changing what get returned, or what was set, changes nothing stored', async () => {
    const store = await make(clock().now, 10_000);
    const value = { Disks: [{ DiskId: 'd-1', Size: 40 }] };
    await store.set('k', value, { ttlMs: 60_000, tags: [] });
    value.Disks[0]!.Size = 1;
    const first = (await store.get('k'))?.value as typeof value;
    first.Disks[0]!.Size = 2;
    expect((await store.get('k'))?.value).toEqual({ Disks: [{ DiskId: 'd-1', Size: 40 }] });
  });
});

describe('RedisCacheStore on Redis', () => {
  it('keeps entries and tags under the prefix, with Redis expiry past the TTL as collection only', async () => {
    const store = new RedisCacheStore({ redis: shared, now: clock().now });
    await store.set(
      'DescribeDisks|cn-hangzhou|{}',
      { Disks: [] },
      { ttlMs: 5_000, tags: ['disk:cn-hangzhou'] },
    );
    const entry = 'contract:cache:DescribeDisks|cn-hangzhou|{}';
    const tag = 'contract:tag:disk:cn-hangzhou';
    expect(JSON.parse((await shared.client.hget(entry, 'd')) ?? 'null')).toEqual({
      value: { Disks: [] },
      storedAt: 1_000_000,
      expiresAt: 1_005_000,
    });
    expect(await shared.client.smembers(tag)).toEqual([entry]);
    const entryTtl = await shared.client.pttl(entry);
    expect(entryTtl).toBeGreaterThan(5_000);
    expect(entryTtl).toBeLessThanOrEqual(7_000);
    // A tag lives as long as its longest entry.
    await store.set('long', 1, { ttlMs: 60_000, tags: ['disk:cn-hangzhou'] });
    await store.set('short', 1, { ttlMs: 1_000, tags: ['disk:cn-hangzhou'] });
    expect(await shared.client.pttl(tag)).toBeGreaterThan(60_000);
    await store.invalidate(['disk:cn-hangzhou']);
    expect(await shared.client.exists(entry, tag, 'contract:cache:long', 'contract:cache:short')).toBe(0);
  });

  it('invalidating one tag takes the dropped entries out of their other tags too', async () => {
    const store = new RedisCacheStore({ redis: shared, now: clock().now });
    await store.set('a', 1, { ttlMs: 60_000, tags: ['x', 'y'] });
    await store.set('b', 2, { ttlMs: 60_000, tags: ['y'] });
    await store.invalidate(['x']);
    expect(await shared.client.smembers('contract:tag:y')).toEqual(['contract:cache:b']);
  });

  it('does not count its entries: stats rejects, which the ReadCache reports as unknown', async () => {
    const store = new RedisCacheStore({ redis: shared });
    await expect(store.stats()).rejects.toThrow('does not count');
  });

  it('clear drops every entry and tag under its prefix and nothing else, glob characters in the prefix included', async () => {
    const own = new SharedRedis({ url: redis.url, keyPrefix: 'odd*[p]:' });
    try {
      expect(await own.ready(5_000)).toBe(true);
      await shared.client.set('odd-other:cache:a', 'kept');
      await shared.client.set('oddX[p]:cache:a', 'kept');
      const store = new RedisCacheStore({ redis: own });
      for (let i = 0; i < 1_200; i += 1) await store.set(`k${i}`, i, { ttlMs: 60_000, tags: [`t${i % 7}`] });
      expect(await store.clear()).toBe(1_207);
      // What is left is the epoch that keeps reads under way from storing what was dropped.
      expect((await own.client.keys('odd\\*\\[p\\]:*')).sort()).toEqual([
        'odd*[p]:cache-cleared',
        'odd*[p]:cache-epoch',
      ]);
      expect(await shared.client.get('odd-other:cache:a')).toBe('kept');
      expect(await shared.client.get('oddX[p]:cache:a')).toBe('kept');
    } finally {
      await own.close();
    }
  });

  it('refuses a bound that is not a positive integer, naming the option', () => {
    expect(() => new RedisCacheStore({ redis: shared, maxEntryBytes: 0 })).toThrow(
      '"maxEntryBytes" is not valid: a positive integer',
    );
  });
});
