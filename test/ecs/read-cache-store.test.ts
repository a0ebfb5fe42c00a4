import { describe, expect, it } from 'vitest';
import { MemoryCacheStore } from '../../src/ecs/read-cache/store.js';

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('MemoryCacheStore', () => {
  it('serves an entry until its TTL has passed on the injected clock, with the time it was stored', async () => {
    const time = clock();
    const store = new MemoryCacheStore({ maxBytes: 10_000, now: time.now });
    await store.set('k', { a: 1 }, { ttlMs: 5_000, tags: ['t'] });
    time.advance(4_999);
    expect(await store.get('k')).toEqual({ value: { a: 1 }, storedAt: 1_000_000 });
    time.advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.stats()).toEqual({ entries: 0, bytes: 0 });
    expect(store.indexedTags()).toBe(0);
  });

  it('evicts the least recently used entries, and their tags, once the byte bound is reached', async () => {
    const time = clock();
    // 384 for the entry + key (1 byte) + JSON (12 bytes: "xxxxxxxxxx") + 128 for its tag
    // + the tag (2 bytes) = 527 bytes an entry.
    const store = new MemoryCacheStore({ maxBytes: 3 * 527, now: time.now });
    const value = 'x'.repeat(10);
    await store.set('a', value, { ttlMs: 60_000, tags: ['ta'] });
    await store.set('b', value, { ttlMs: 60_000, tags: ['tb'] });
    await store.set('c', value, { ttlMs: 60_000, tags: ['tc'] });
    expect(await store.stats()).toEqual({ entries: 3, bytes: 3 * 527 });
    await store.get('a'); // now b is the least recently used
    await store.set('d', value, { ttlMs: 60_000, tags: ['td'] });
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('a'))?.value).toBe(value);
    expect((await store.get('c'))?.value).toBe(value);
    expect((await store.get('d'))?.value).toBe(value);
    expect(await store.stats()).toEqual({ entries: 3, bytes: 3 * 527 });
    expect(store.indexedTags()).toBe(3);
  });

  it('does not keep an entry larger than the bound, and drops an older entry under its key', async () => {
    // 'small' costs 521 bytes with the overheads; 100 characters cost 616.
    const store = new MemoryCacheStore({ maxBytes: 600, now: clock().now });
    await store.set('k', 'small', { ttlMs: 60_000, tags: ['t'] });
    expect((await store.get('k'))?.value).toBe('small');
    await store.set('k', 'y'.repeat(100), { ttlMs: 60_000, tags: ['t'] });
    expect(await store.get('k')).toBeUndefined();
    await store.set('other', 'z'.repeat(100), { ttlMs: 60_000, tags: ['u'] });
    expect(await store.get('other')).toBeUndefined();
    expect(await store.stats()).toEqual({ entries: 0, bytes: 0 });
    expect(store.indexedTags()).toBe(0);
  });

  it('drops every entry carrying any of the tags, and only those', async () => {
    const store = new MemoryCacheStore({ maxBytes: 10_000, now: clock().now });
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
    expect(await store.stats()).toMatchObject({ entries: 1 });
    expect(store.indexedTags()).toBe(1);
  });

  it('re-tags an entry that is replaced: the old tags no longer reach it', async () => {
    const store = new MemoryCacheStore({ maxBytes: 10_000, now: clock().now });
    await store.set('k', 1, { ttlMs: 60_000, tags: ['old', 'both'] });
    await store.set('k', 2, { ttlMs: 60_000, tags: ['new', 'both'] });
    await store.invalidate(['old']);
    expect((await store.get('k'))?.value).toBe(2);
    await store.invalidate(['both']);
    expect(await store.get('k')).toBeUndefined();
    expect(store.indexedTags()).toBe(0);
  });

  it('hands out copies: changing what get returned, or what was set, changes nothing stored', async () => {
    const store = new MemoryCacheStore({ maxBytes: 10_000, now: clock().now });
    const value = { Disks: [{ DiskId: 'd-1', Size: 40 }] };
    await store.set('k', value, { ttlMs: 60_000, tags: [] });
    value.Disks[0]!.Size = 1;
    const first = (await store.get('k'))?.value as typeof value;
    first.Disks[0]!.Size = 2;
    first.Disks.push({ DiskId: 'd-2', Size: 3 });
    expect((await store.get('k'))?.value).toEqual({ Disks: [{ DiskId: 'd-1', Size: 40 }] });
  });

  it('refuses a bound that is not a positive integer, naming the option', () => {
    expect(() => new MemoryCacheStore({ maxBytes: 0 })).toThrow(
      '"maxBytes" is not valid: a positive integer',
    );
  });
});
