import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IdempotencyRecord } from '../../src/idempotency/store.js';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { RedisIdempotencyStore } from '../../src/shared-state/redis-idempotency-store.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

let redis: TestRedis;
let proxy: TcpProxy;
/** A connection of the test's own, straight to Redis, to look at what the store wrote. */
let direct: SharedRedis;
let prefixes = 0;
const cleanup: Array<() => Promise<void> | void> = [];
beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy(redis.port);
  direct = new SharedRedis({ url: redis.url, keyPrefix: '' });
  expect(await direct.ready(5_000)).toBe(true);
});
afterEach(async () => {
  proxy.restore();
  for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
  await direct.close();
  await proxy.close();
  await redis.stop();
});

const pending = (fingerprint: string): IdempotencyRecord => ({ state: 'pending', fingerprint });
const done = (fingerprint: string, n: number): IdempotencyRecord => ({
  state: 'done',
  fingerprint,
  result: { data: { n } },
});

/** A store through the proxy (so a test can cut it off), on an injected clock. */
async function store() {
  prefixes += 1;
  const prefix = `idem${prefixes}:`;
  let now = 5_000;
  const shared = new SharedRedis({
    url: proxy.url,
    keyPrefix: prefix,
    maxReconnectDelayMs: 50,
    connectTimeoutMs: 500,
  });
  const records = new RedisIdempotencyStore({ redis: shared, memory: { now: () => now } });
  cleanup.push(async () => {
    records.close();
    await shared.close();
  });
  expect(await shared.ready(5_000)).toBe(true);
  await expect.poll(() => records.usingRedis).toBe(true);
  return {
    records,
    shared,
    key: (key: string) => `${prefix}idem:${key}`,
    advance(ms: number) {
      now += ms;
    },
    async cut() {
      proxy.cut();
      await expect.poll(() => shared.up).toBe(false);
    },
    async restore() {
      proxy.restore();
      await expect.poll(() => records.usingRedis, { timeout: 10_000 }).toBe(true);
    },
  };
}

describe('RedisIdempotencyStore on Redis', () => {
  it('claims with SET NX PX, reads, replaces and deletes JSON records under the prefix', async () => {
    const s = await store();
    expect(await s.records.setIfAbsent('k', pending('f1'), 60_000)).toBe(true);
    expect(await s.records.setIfAbsent('k', pending('f2'), 60_000)).toBe(false);
    expect(await s.records.get('k')).toEqual(pending('f1'));
    expect(JSON.parse((await direct.client.get(s.key('k'))) ?? 'null')).toEqual(pending('f1'));
    const claimTtl = await direct.client.pttl(s.key('k'));
    expect(claimTtl).toBeGreaterThan(55_000);
    expect(claimTtl).toBeLessThanOrEqual(60_000);

    await s.records.set('k', done('f1', 1), 3_600_000);
    expect(await s.records.get('k')).toEqual(done('f1', 1));
    expect(await direct.client.pttl(s.key('k'))).toBeGreaterThan(3_500_000);
    await s.records.delete('k');
    expect(await s.records.get('k')).toBeUndefined();
    expect(await direct.client.exists(s.key('k'))).toBe(0);
  });

  it('two stores over one Redis see one record: a claim on one is refused on the other', async () => {
    const a = await store();
    const b = new RedisIdempotencyStore({ redis: a.shared });
    expect(await a.records.setIfAbsent('shared', pending('f'), 60_000)).toBe(true);
    expect(await b.setIfAbsent('shared', pending('f'), 60_000)).toBe(false);
    await a.records.set('shared', done('f', 7), 60_000);
    expect(await b.get('shared')).toEqual(done('f', 7));
    b.close();
  });

  it('Redis away: records are kept locally, none is lost, and reach Redis with the TTL they have left', async () => {
    const s = await store();
    await s.cut();
    expect(await s.records.setIfAbsent('while-down', pending('f'), 300_000)).toBe(true);
    expect(await s.records.setIfAbsent('while-down', pending('f'), 300_000)).toBe(false);
    await s.records.set('while-down', done('f', 1), 600_000);
    expect(await s.records.get('while-down')).toEqual(done('f', 1));
    // Claimed and released during the outage: nothing for Redis.
    expect(await s.records.setIfAbsent('released', pending('g'), 300_000)).toBe(true);
    await s.records.delete('released');
    expect(s.records.unsynced).toBe(1);
    s.advance(200_000);

    await s.restore();
    expect(s.records.unsynced).toBe(0);
    expect(JSON.parse((await direct.client.get(s.key('while-down'))) ?? 'null')).toEqual(done('f', 1));
    const ttl = await direct.client.pttl(s.key('while-down'));
    expect(ttl).toBeGreaterThan(390_000);
    expect(ttl).toBeLessThanOrEqual(400_000);
    expect(await direct.client.exists(s.key('released'))).toBe(0);
  });

  it('a local claim is copied with NX: a record another replica made on Redis meanwhile stands', async () => {
    const s = await store();
    await s.cut();
    expect(await s.records.setIfAbsent('raced', pending('mine'), 300_000)).toBe(true);
    await direct.client.set(s.key('raced'), JSON.stringify(done('theirs', 2)), 'PX', 300_000);
    await s.restore();
    expect(await s.records.get('raced')).toEqual(done('theirs', 2));
  });

  it('a request that claimed on Redis and finished during the outage: its result replaces its own claim', async () => {
    const s = await store();
    expect(await s.records.setIfAbsent('finished', pending('f'), 300_000)).toBe(true);
    expect(await s.records.setIfAbsent('failed', pending('g'), 300_000)).toBe(true);
    await s.cut();
    await s.records.set('finished', done('f', 3), 600_000);
    // A request whose execution failed releases its claim: on Redis too, once it is back.
    await s.records.delete('failed');
    await s.restore();
    expect(await s.records.get('finished')).toEqual(done('f', 3));
    expect(await direct.client.exists(s.key('failed'))).toBe(0);
  });

  it('a finished record on Redis is never replaced by what an outage kept, nor freed by its release', async () => {
    const s = await store();
    await direct.client.set(s.key('final'), JSON.stringify(done('f', 1)), 'PX', 300_000);
    await direct.client.set(s.key('other'), JSON.stringify(pending('someone-else')), 'PX', 300_000);
    await s.cut();
    await s.records.set('final', done('f', 99), 600_000);
    await s.records.set('other', done('mine', 5), 600_000);
    await s.records.delete('other');
    await s.restore();
    expect(await s.records.get('final')).toEqual(done('f', 1));
    expect(await s.records.get('other')).toEqual(pending('someone-else'));
  });
});
