import { setTimeout as sleep } from 'node:timers/promises';
import type { EcsCaller } from '../src/ecs/caller.js';
import { ReadCache } from '../src/ecs/read-cache/read-cache.js';
import type { CacheStore } from '../src/ecs/read-cache/store.js';
import { SharedRedis } from '../src/shared-state/redis.js';
import { SharedCacheStore } from '../src/shared-state/shared-cache-store.js';
import { type AnyAction, defineAction } from '../src/spec/action.js';
import { p } from '../src/spec/params.js';
import { t } from '../src/spec/shape.js';
import { startRedis } from '../test/support/redis-server.js';
import { percentile } from './lib/stats.js';
import { nowMs } from './lib/timing.js';

/**
 * Coalescing across replicas, measured: N ReadCaches, each over its own connection to
 * one redis-server (as N gateway processes), and clients asking the same read round
 * robin over them at the moment its cache entry has just expired (a dashboard). Each
 * round advances the caches' clock past the TTL, then sends the clients' reads, at once
 * or spread over a window. Rounds alternate between the store as it was (no claims:
 * each replica coalesces only its own reads) and the store with claims, so both see the
 * same machine. Prints upstream calls per round and the reads' p50/p95.
 *
 * `node --import tsx bench/coalesce.ts [rounds]`
 */

const Describe = defineAction({
  name: 'DescribeThings',
  summary: 'Lists things.',
  idempotency: 'read',
  params: { RegionId: p.string({ required: true }) },
  response: { Things: t.list('Thing', t.object({ ThingId: t.string })) },
  reads: { kind: 'disk', list: 'Things' },
});

const REPLICAS = 3;
const CLIENTS = 30;
const TTL_MS = 5_000;
const rounds = Number(process.argv[2] ?? 40);

/** The ECS side: every call counted, answered after `latencyMs`. */
class Upstream implements EcsCaller {
  calls = 0;
  constructor(readonly latencyMs: number) {}
  async call(_action: AnyAction): Promise<never> {
    this.calls += 1;
    await sleep(this.latencyMs);
    return { Things: [{ ThingId: 'd-1' }] } as never;
  }
}

/** The store as it was: the four methods only, so the ReadCache does not claim. */
function withoutClaims(store: CacheStore): CacheStore {
  return {
    get: (key) => store.get(key),
    set: (key, value, options) => store.set(key, value, options),
    invalidate: (tags) => store.invalidate(tags),
    stats: () => store.stats(),
  };
}

interface Tally {
  calls: number;
  rounds: number;
  times: number[];
}

const redis = await startRedis();
let clock = 1_000_000;
const now = () => clock;
const connections: SharedRedis[] = [];
const stores: SharedCacheStore[] = [];

async function replicaSet(prefix: string, claims: boolean): Promise<ReadCache[]> {
  const caches: ReadCache[] = [];
  for (let i = 0; i < REPLICAS; i += 1) {
    const shared = new SharedRedis({ url: redis.url, keyPrefix: prefix });
    connections.push(shared);
    await shared.ready(5_000);
    const store = new SharedCacheStore({ redis: shared, now });
    stores.push(store);
    while (!store.usingRedis) await sleep(5);
    caches.push(
      new ReadCache({
        defaultRegionId: 'cn-hangzhou',
        ttlMs: TTL_MS,
        now,
        store: claims ? store : withoutClaims(store),
      }),
    );
  }
  return caches;
}

async function round(caches: readonly ReadCache[], upstream: Upstream, spreadMs: number, tally: Tally) {
  const before = upstream.calls;
  const reads: Array<Promise<void>> = [];
  const started = nowMs();
  for (let client = 0; client < CLIENTS; client += 1) {
    const cache = caches[client % caches.length] as ReadCache;
    const at = spreadMs === 0 ? 0 : (client / CLIENTS) * spreadMs;
    reads.push(
      (async () => {
        if (at > 0) await sleep(at - (nowMs() - started));
        const sent = nowMs();
        await cache.view(upstream).call(Describe, { RegionId: 'cn-hangzhou' });
        tally.times.push(nowMs() - sent);
      })(),
    );
  }
  await Promise.all(reads);
  tally.calls += upstream.calls - before;
  tally.rounds += 1;
}

const rows: string[][] = [];
for (const latencyMs of [20, 100]) {
  for (const spreadMs of [0, latencyMs * 2]) {
    const tallies = {
      without: { calls: 0, rounds: 0, times: [] } as Tally,
      with: { calls: 0, rounds: 0, times: [] } as Tally,
    };
    const sets = {
      without: await replicaSet(`co-off-${latencyMs}-${spreadMs}:`, false),
      with: await replicaSet(`co-on-${latencyMs}-${spreadMs}:`, true),
    };
    const upstream = new Upstream(latencyMs);
    for (let i = 0; i < rounds; i += 1) {
      // The entries just expired: every replica misses at once.
      clock += TTL_MS;
      for (const mode of i % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const))
        await round(sets[mode], upstream, spreadMs, tallies[mode]);
    }
    for (const mode of ['without', 'with'] as const) {
      const tally = tallies[mode];
      rows.push([
        `${latencyMs} ms`,
        spreadMs === 0 ? 'at once' : `over ${spreadMs} ms`,
        mode === 'with' ? 'claims' : 'none (today)',
        (tally.calls / tally.rounds).toFixed(2),
        percentile(tally.times, 50).toFixed(1),
        percentile(tally.times, 95).toFixed(1),
      ]);
    }
  }
}

const header = ['call ms', 'arrivals', 'cross-replica', 'calls/round', 'p50 ms', 'p95 ms'];
console.log(`${REPLICAS} replicas, ${CLIENTS} clients round robin, ${rounds} rounds each`);
console.log(header.join(' | '));
for (const row of rows) console.log(row.join(' | '));

for (const store of stores) store.close();
for (const shared of connections) await shared.close();
await redis.stop();
