import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EcsCaller } from '../../src/ecs/caller.js';
import { ReadCache } from '../../src/ecs/read-cache/read-cache.js';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { SharedCacheStore } from '../../src/shared-state/shared-cache-store.js';
import { type AnyAction, defineAction } from '../../src/spec/action.js';
import { p } from '../../src/spec/params.js';
import { t } from '../../src/spec/shape.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

// Small actions declared here, so these tests do not depend on the real declarations.
const DescribeThings = defineAction({
  name: 'DescribeThings',
  summary: 'Lists things.',
  idempotency: 'read',
  params: { RegionId: p.string({ required: true }), ThingIds: p.idList({ max: 10 }) },
  response: { Things: t.list('Thing', t.object({ ThingId: t.string, Size: t.int })) },
  reads: { kind: 'disk', list: 'Things', ids: 'ThingIds' },
});
const DescribeOthers = defineAction({
  name: 'DescribeOthers',
  summary: 'Lists another kind.',
  idempotency: 'read',
  params: { RegionId: p.string({ required: true }) },
  response: { Others: t.list('Other', t.object({ OtherId: t.string })) },
  reads: { kind: 'instance', list: 'Others' },
});
const ResizeThing = defineAction({
  name: 'ResizeThing',
  summary: 'Changes the size of one thing.',
  idempotency: 'none',
  params: { RegionId: p.string({ required: true }), ThingId: p.string({ required: true }), Size: p.int() },
  response: {},
  changes: [{ kind: 'disk', ids: 'ThingId' }],
});

const REGION = 'cn-hangzhou';

/** The upstream both replicas call: one thing whose size a write changes; every call counted. */
class Upstream implements EcsCaller {
  readonly calls: string[] = [];
  size = 40;
  /** While set, answers are taken when the call starts and given when this settles: a slow read. */
  hold: Promise<void> | undefined;
  async call(action: AnyAction, input: unknown): Promise<never> {
    const fields = input as Record<string, unknown>;
    this.calls.push(action.name);
    if (action.name === 'ResizeThing') this.size = fields.Size as number;
    const answers: Record<string, unknown> = {
      DescribeThings: { Things: [{ ThingId: 't-1', Size: this.size }] },
      DescribeOthers: { Others: [{ OtherId: 'o-1' }] },
      ResizeThing: {},
    };
    const answer = answers[action.name] as never;
    if (this.hold) await this.hold;
    return answer;
  }
}

let redis: TestRedis;
let proxy: TcpProxy;
let prefixes = 0;
const cleanup: Array<() => Promise<void> | void> = [];
beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy(redis.port);
});
afterEach(async () => {
  proxy.restore();
  if (!redis.running) await redis.restart();
  for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
  await proxy.close();
  await redis.stop();
});

/** One replica: its own connection (direct, or through the proxy) and its own ReadCache over the shared store. */
async function replica(prefix: string, url = redis.url, maxPendingTags?: number) {
  const shared = new SharedRedis({ url, keyPrefix: prefix, maxReconnectDelayMs: 50, connectTimeoutMs: 500 });
  const store = new SharedCacheStore({ redis: shared, maxPendingTags });
  cleanup.push(async () => {
    store.close();
    await shared.close();
  });
  expect(await shared.ready(5_000)).toBe(true);
  await expect.poll(() => store.usingRedis).toBe(true);
  return { shared, store, cache: new ReadCache({ defaultRegionId: REGION, store }) };
}

function newPrefix(): string {
  prefixes += 1;
  return `rep${prefixes}:`;
}

const LIST = { RegionId: REGION };

describe('SharedCacheStore: replicas over one Redis', () => {
  it('a write through replica A drops what replica B serves: B reads fresh, with exactly one more call', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix);
    const first = await b.cache.view(upstream).call(DescribeThings, LIST);
    // A is answered from what B stored: one upstream read for both replicas.
    expect(await a.cache.view(upstream).call(DescribeThings, LIST)).toEqual(first);
    expect(upstream.calls).toEqual(['DescribeThings']);

    await a.cache.view(upstream).call(ResizeThing, { RegionId: REGION, ThingId: 't-1', Size: 80 });
    const after = await b.cache.view(upstream).call(DescribeThings, LIST);
    expect(after.Things[0]?.Size).toBe(80);
    expect(upstream.calls).toEqual(['DescribeThings', 'ResizeThing', 'DescribeThings']);
    const again = b.cache.view(upstream);
    await again.call(DescribeThings, LIST);
    expect(again.stats).toMatchObject({ hits: 1, misses: 0 });
  });

  it('a read on B that a write on A overtook is not stored: the next read is fresh, as on one replica', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix);
    let release = () => {};
    upstream.hold = new Promise((resolve) => {
      release = resolve;
    });
    const slow = b.cache.view(upstream).call(DescribeThings, LIST);
    await expect.poll(() => upstream.calls).toEqual(['DescribeThings']);
    upstream.hold = undefined;
    await a.cache.view(upstream).call(ResizeThing, { RegionId: REGION, ThingId: 't-1', Size: 90 });
    release();
    // B's answer is from before the write: its caller gets it, the cache does not.
    expect((await slow).Things[0]?.Size).toBe(40);
    expect((await a.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(90);
    expect((await b.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(90);
    expect(upstream.calls).toEqual(['DescribeThings', 'ResizeThing', 'DescribeThings']);
  });

  it('Redis stopped: reads are answered (upstream, then the local store), none fails; a restart brings sharing back', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix);
    await a.cache.view(upstream).call(DescribeThings, LIST);
    await redis.stop();
    await expect.poll(() => a.shared.up || b.shared.up).toBe(false);

    const down = a.cache.view(upstream);
    expect((await down.call(DescribeThings, LIST)).Things[0]?.Size).toBe(40);
    expect((await down.call(DescribeThings, LIST)).Things[0]?.Size).toBe(40);
    expect((await b.cache.view(upstream).call(DescribeOthers, LIST)).Others).toHaveLength(1);
    // Each replica on its own now: A's second read came from its local store.
    expect(down.stats).toMatchObject({ hits: 1, misses: 1 });
    expect(upstream.calls).toEqual(['DescribeThings', 'DescribeThings', 'DescribeOthers']);
    expect(a.store.usingRedis).toBe(false);

    // A write while down: remembered, and the local store forgets at once.
    await a.cache.view(upstream).call(ResizeThing, { RegionId: REGION, ThingId: 't-1', Size: 60 });
    expect(a.store.pendingTags).toBeGreaterThan(0);
    expect((await a.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(60);

    await redis.restart();
    await expect.poll(() => a.store.usingRedis && b.store.usingRedis, { timeout: 10_000 }).toBe(true);
    expect(a.store.pendingTags).toBe(0);
    // The local stores were emptied: the first read after is the upstream's, then shared.
    upstream.calls.length = 0;
    expect((await b.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(60);
    expect((await a.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(60);
    expect(upstream.calls).toEqual(['DescribeThings']);
  });

  it('cut off from a Redis that kept its data: the invalidation is replayed before the replica reads Redis again', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix, proxy.url);
    await a.cache.view(upstream).call(DescribeThings, LIST);
    await a.cache.view(upstream).call(DescribeOthers, LIST);
    proxy.cut();
    await expect.poll(() => b.shared.up).toBe(false);

    // B writes while it cannot reach Redis: the entry A stored is now stale, in Redis.
    await b.cache.view(upstream).call(ResizeThing, { RegionId: REGION, ThingId: 't-1', Size: 120 });
    expect(b.store.pendingTags).toBeGreaterThan(0);
    expect(await a.shared.client.keys(`${prefix}cache:DescribeThings*`)).toHaveLength(1);

    proxy.restore();
    await expect.poll(() => b.store.usingRedis, { timeout: 10_000 }).toBe(true);
    expect(b.store.pendingTags).toBe(0);
    upstream.calls.length = 0;
    // Neither replica serves the stale entry; the other kind's entry was not touched.
    expect((await b.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(120);
    expect((await a.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(120);
    await a.cache.view(upstream).call(DescribeOthers, LIST);
    expect(upstream.calls).toEqual(['DescribeThings']);
  });

  it('more invalidations than it can remember: every shared entry under the prefix is dropped on return, no other prefix', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix, proxy.url, 1);
    const other = await replica(newPrefix());
    await a.cache.view(upstream).call(DescribeOthers, LIST);
    await other.cache.view(upstream).call(DescribeOthers, LIST);
    proxy.cut();
    await expect.poll(() => b.shared.up).toBe(false);
    await b.store.invalidate(['one', 'two']);
    expect(b.store.pendingTags).toBe(0);

    proxy.restore();
    await expect.poll(() => b.store.usingRedis, { timeout: 10_000 }).toBe(true);
    expect(await a.shared.client.keys(`${prefix}cache:*`)).toEqual([]);
    expect(await a.shared.client.keys(`${prefix}tag:*`)).toEqual([]);
    upstream.calls.length = 0;
    // A's entry is gone (a call); the other prefix's is served as before.
    await a.cache.view(upstream).call(DescribeOthers, LIST);
    await other.cache.view(upstream).call(DescribeOthers, LIST);
    expect(upstream.calls).toEqual(['DescribeOthers']);
  });

  it('empties its local store on return: a later outage never serves what an earlier one kept', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix, proxy.url);
    proxy.cut();
    await expect.poll(() => b.shared.up).toBe(false);
    expect((await b.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(40);
    proxy.restore();
    await expect.poll(() => b.store.usingRedis, { timeout: 10_000 }).toBe(true);
    // A write B's local store never hears of: it reaches Redis only.
    await a.cache.view(upstream).call(ResizeThing, { RegionId: REGION, ThingId: 't-1', Size: 200 });
    proxy.cut();
    await expect.poll(() => b.shared.up).toBe(false);
    upstream.calls.length = 0;
    expect((await b.cache.view(upstream).call(DescribeThings, LIST)).Things[0]?.Size).toBe(200);
    expect(upstream.calls).toEqual(['DescribeThings']);
  });

  it('stats are unknown, with Redis and without: the size of the shared cache is not counted', async () => {
    const upstream = new Upstream();
    const b = await replica(newPrefix(), proxy.url);
    await b.cache.view(upstream).call(DescribeThings, LIST);
    expect(await b.cache.storeStats()).toBeUndefined();
    proxy.cut();
    await expect.poll(() => b.shared.up).toBe(false);
    await b.cache.view(upstream).call(DescribeThings, LIST);
    expect(await b.cache.storeStats()).toBeUndefined();
  });
});
