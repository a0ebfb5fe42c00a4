import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/idempotency/store.js';

const pending = (fingerprint: string) => ({ state: 'pending', fingerprint }) as const;
const done = (fingerprint: string, result: unknown) =>
  ({ state: 'done', fingerprint, result: result as never }) as const;

describe('MemoryIdempotencyStore', () => {
  it('setIfAbsent claims a key once; set replaces; delete frees it', async () => {
    const store = new MemoryIdempotencyStore();
    expect(await store.setIfAbsent('k', pending('f'), 1_000)).toBe(true);
    expect(await store.setIfAbsent('k', pending('g'), 1_000)).toBe(false);
    expect(await store.get('k')).toEqual(pending('f'));
    await store.set('k', done('f', { data: { a: 1 } }), 1_000);
    expect(await store.get('k')).toEqual(done('f', { data: { a: 1 } }));
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    expect(await store.setIfAbsent('k', pending('g'), 1_000)).toBe(true);
  });

  it('keeps values as JSON: what comes out is a copy, as a shared store would return it', async () => {
    const store = new MemoryIdempotencyStore();
    const result = { data: { list: [1, 2] } };
    await store.set('k', done('f', result), 1_000);
    result.data.list.push(3);
    const out = await store.get('k');
    expect(out).toEqual(done('f', { data: { list: [1, 2] } }));
  });

  it('a record expires exactly at its TTL on the injected clock, and then counts as absent', async () => {
    let now = 5_000;
    const store = new MemoryIdempotencyStore({ now: () => now });
    await store.set('k', done('f', 1), 100);
    now += 99;
    expect(await store.get('k')).toEqual(done('f', 1));
    now += 1;
    expect(await store.get('k')).toBeUndefined();
    expect(await store.setIfAbsent('k', pending('g'), 100)).toBe(true);
  });

  it('evicts the least recently used record beyond maxEntries', async () => {
    const store = new MemoryIdempotencyStore({ maxEntries: 2 });
    await store.set('a', done('f', 1), 1_000);
    await store.set('b', done('f', 2), 1_000);
    await store.get('a'); // a is now the most recently used
    await store.set('c', done('f', 3), 1_000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toEqual(done('f', 1));
    expect(await store.get('c')).toEqual(done('f', 3));
    expect(store.size).toBe(2);
  });

  it('evicts beyond maxBytes, and refuses a record larger than the whole bound', async () => {
    const store = new MemoryIdempotencyStore({ maxBytes: 250 }); // each record below is 106 characters with its key;
    const body = 'x'.repeat(60);
    await store.set('a', done('f', body), 1_000);
    await store.set('b', done('f', body), 1_000);
    expect(store.size).toBe(2);
    await store.set('c', done('f', body), 1_000);
    expect(await store.get('a')).toBeUndefined();
    expect(store.size).toBe(2);
    expect(await store.setIfAbsent('huge', done('f', 'y'.repeat(500)), 1_000)).toBe(false);
    expect(await store.get('huge')).toBeUndefined();
  });
});
