import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EcsCaller } from '../../src/ecs/caller.js';
import { ReadCache } from '../../src/ecs/read-cache/read-cache.js';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { SharedCacheStore } from '../../src/shared-state/shared-cache-store.js';
import { type AnyAction, defineAction } from '../../src/spec/action.js';
import { p } from '../../src/spec/params.js';
import { t } from '../../src/spec/shape.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

const DescribeThings = defineAction({
  name: 'DescribeThings',
  summary: 'Lists things.',
  idempotency: 'read',
  params: { RegionId: p.string({ required: true }) },
  response: { Things: t.list('Thing', t.object({ ThingId: t.string, Size: t.int })) },
  reads: { kind: 'disk', list: 'Things' },
});

const REGION = 'cn-hangzhou';
const LIST = { RegionId: REGION };

/**
 * The ECS side of every replica: each call counted and held until the test settles it,
 * with its own answer (the call's number as the size) or an error.
 */
class Upstream implements EcsCaller {
  readonly pending: Array<{ answer: () => void; fail: (error: Error) => void }> = [];
  calls = 0;
  call(_action: AnyAction): Promise<never> {
    this.calls += 1;
    const size = this.calls;
    return new Promise((resolve, reject) => {
      this.pending.push({
        answer: () => resolve({ Things: [{ ThingId: 't-1', Size: size }] } as never),
        fail: reject,
      });
    });
  }
  /** Settles the n-th call (1-based). */
  settle(n: number, error?: Error): void {
    const call = this.pending[n - 1];
    if (!call) throw new Error(`no call ${n}`);
    if (error) call.fail(error);
    else call.answer();
  }
}

let redis: TestRedis;
let prefixes = 0;
const cleanup: Array<() => Promise<void> | void> = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  if (!redis.running) await redis.restart();
});
afterAll(async () => {
  await redis.stop();
});

/** One replica: its own connection to the shared Redis and its own ReadCache over it. */
async function replica(prefix: string, claimTtlMs?: number) {
  const shared = new SharedRedis({
    url: redis.url,
    keyPrefix: prefix,
    maxReconnectDelayMs: 50,
    connectTimeoutMs: 500,
  });
  const store = new SharedCacheStore({ redis: shared });
  const close = async () => {
    store.close();
    await shared.close();
  };
  cleanup.push(close);
  expect(await shared.ready(5_000)).toBe(true);
  await expect.poll(() => store.usingRedis).toBe(true);
  return { shared, store, close, cache: new ReadCache({ defaultRegionId: REGION, store, claimTtlMs }) };
}

function newPrefix(): string {
  prefixes += 1;
  return `co${prefixes}:`;
}

describe('coalescing the same read across replicas over one Redis', () => {
  it('the same read started on two replicas at once makes one upstream call; both are answered', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix);
    const waited = vi.spyOn(b.store, 'awaitClaimed');
    const viewA = a.cache.view(upstream);
    const viewB = b.cache.view(upstream);
    const onA = viewA.call(DescribeThings, LIST);
    await expect.poll(() => upstream.calls).toBe(1);
    const onB = viewB.call(DescribeThings, LIST);
    await expect.poll(() => waited.mock.calls.length).toBe(1);
    upstream.settle(1);
    const [answerA, answerB] = await Promise.all([onA, onB]);
    expect(answerA).toEqual({ Things: [{ ThingId: 't-1', Size: 1 }] });
    expect(answerB).toEqual(answerA);
    expect(upstream.calls).toBe(1);
    expect(viewA.stats).toMatchObject({ misses: 1, coalesced: 0, hits: 0 });
    expect(viewB.stats).toMatchObject({ misses: 0, coalesced: 1, hits: 0 });
    // The claim is gone with the answer stored: the next read on either is a hit, no wait.
    await expect.poll(() => a.shared.client.keys(`${prefix}claim:*`)).toEqual([]);
    const later = b.cache.view(upstream);
    expect(await later.call(DescribeThings, LIST)).toEqual(answerA);
    expect(later.stats).toMatchObject({ hits: 1, misses: 0 });
    expect(upstream.calls).toBe(1);
  });

  it('the holder fails: its error stays its own, the waiting replica calls and gets its own answer', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix);
    const waited = vi.spyOn(b.store, 'awaitClaimed');
    const onA = a.cache.view(upstream).call(DescribeThings, LIST);
    await expect.poll(() => upstream.calls).toBe(1);
    const viewB = b.cache.view(upstream);
    const onB = viewB.call(DescribeThings, LIST);
    await expect.poll(() => waited.mock.calls.length).toBe(1);
    upstream.settle(1, new Error('ServiceUnavailable'));
    await expect(onA).rejects.toThrow('ServiceUnavailable');
    // B's own call, made once A's claim was released without an answer.
    await expect.poll(() => upstream.calls).toBe(2);
    upstream.settle(2);
    expect(await onB).toEqual({ Things: [{ ThingId: 't-1', Size: 2 }] });
    expect(viewB.stats).toMatchObject({ misses: 1, coalesced: 0 });
  });

  it('the holder dies (its claim is never released): the waiter calls once the claim expires', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix, 300);
    const b = await replica(prefix);
    const waited = vi.spyOn(b.store, 'awaitClaimed');
    const onA = a.cache.view(upstream).call(DescribeThings, LIST);
    await expect.poll(() => upstream.calls).toBe(1);
    // A's process goes away: nothing releases its claim; Redis drops it after 300 ms.
    await a.close();
    const onB = b.cache.view(upstream).call(DescribeThings, LIST);
    await expect.poll(() => waited.mock.calls.length).toBe(1);
    await expect.poll(() => upstream.calls, { timeout: 5_000 }).toBe(2);
    upstream.settle(2);
    expect(await onB).toEqual({ Things: [{ ThingId: 't-1', Size: 2 }] });
    upstream.settle(1);
    await onA;
  });

  it('a fresh view never waits: it calls while another replica holds the read', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix);
    const waited = vi.spyOn(b.store, 'awaitClaimed');
    const claimed = vi.spyOn(b.store, 'claim');
    const onA = a.cache.view(upstream).call(DescribeThings, LIST);
    await expect.poll(() => upstream.calls).toBe(1);
    const onB = b.cache.view(upstream, { fresh: true }).call(DescribeThings, LIST);
    await expect.poll(() => upstream.calls).toBe(2);
    upstream.settle(2);
    expect(await onB).toEqual({ Things: [{ ThingId: 't-1', Size: 2 }] });
    expect(claimed).not.toHaveBeenCalled();
    expect(waited).not.toHaveBeenCalled();
    upstream.settle(1);
    await onA;
  });

  it('Redis down: no claim is taken and nobody waits; each replica calls for itself and is answered', async () => {
    const prefix = newPrefix();
    const upstream = new Upstream();
    const a = await replica(prefix);
    const b = await replica(prefix);
    await redis.stop();
    await expect.poll(() => a.shared.up || b.shared.up).toBe(false);
    const onA = a.cache.view(upstream).call(DescribeThings, LIST);
    const onB = b.cache.view(upstream).call(DescribeThings, LIST);
    await expect.poll(() => upstream.calls).toBe(2);
    upstream.settle(1);
    upstream.settle(2);
    expect(await onA).toEqual({ Things: [{ ThingId: 't-1', Size: 1 }] });
    expect(await onB).toEqual({ Things: [{ ThingId: 't-1', Size: 2 }] });
  });
});
