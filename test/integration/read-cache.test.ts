import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryCacheStore } from '../../src/ecs/read-cache/store.js';
import type { GatewayOptions } from '../../src/yoga.js';
import type { GraphQLResponse } from '../graph/support/gateway.js';
import { actionCalls, type SimulatedGateway, simulatedGateway } from './mutations-harness.js';

/** The README's example: instances, their disks, each disk's snapshots. */
const EXAMPLE = readFileSync(
  new URL('../../examples/instances-disks-snapshots.graphql', import.meta.url),
  'utf8',
);
const EXAMPLE_VARIABLES = { regionId: 'cn-hangzhou', instances: 5 };
/** The calls one run of the example costs with nothing cached (the lower bound of bench S1 for this estate). */
const EXAMPLE_CALLS = { DescribeInstances: 1, DescribeDisks: 1, DescribeSnapshots: 1 };

let now = 1_000_000;
let h: SimulatedGateway | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function cachedGateway(gateway: Partial<GatewayOptions> = {}): Promise<SimulatedGateway> {
  now = 1_000_000;
  h = await simulatedGateway({ gateway: { cache: {}, now: () => now, debug: true, ...gateway } });
  return h;
}

interface Answer {
  readonly status: number;
  readonly age: string | null;
  readonly body: GraphQLResponse;
}

async function post(
  gateway: SimulatedGateway,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await gateway.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    age: response.headers.get('age'),
    body: (await response.json()) as GraphQLResponse,
  };
}

/** The simulator's calls since the last look, by action; the count starts again from zero. */
function takeCalls(gateway: SimulatedGateway): Record<string, number> {
  const calls = actionCalls(gateway.simulator);
  gateway.simulator.stats.reset();
  return calls;
}

interface CacheStats {
  readonly hits: number;
  readonly coalesced: number;
  readonly misses: number;
  readonly oldestAgeMs?: number;
  readonly storeEntries: number;
  readonly storeBytes: number;
}

function upstreamOf(answer: Answer): { readonly calls: number; readonly cache: CacheStats } {
  const upstream = answer.body.extensions?.upstream;
  if (!upstream) throw new Error('the answer has no extensions.upstream');
  return upstream as { readonly calls: number; readonly cache: CacheStats };
}

function cacheStats(answer: Answer): CacheStats {
  return upstreamOf(answer).cache;
}

describe('the shared read cache, through the gateway', () => {
  it('answers a repeated query within the TTL with no upstream call, and calls again after it', async () => {
    const g = await cachedGateway();
    const first = await post(g, EXAMPLE, EXAMPLE_VARIABLES);
    expect(first.body.errors).toBeUndefined();
    expect(takeCalls(g)).toEqual(EXAMPLE_CALLS);
    expect(first.age).toBeNull();
    expect(cacheStats(first)).toMatchObject({ hits: 0, coalesced: 0, misses: 3, storeEntries: 3 });

    now += 4_999;
    const again = await post(g, EXAMPLE, EXAMPLE_VARIABLES);
    expect(takeCalls(g)).toEqual({});
    expect(again.body.data).toEqual(first.body.data);
    expect(again.body.extensions?.upstream).toMatchObject({ calls: 0, byAction: {} });
    expect(cacheStats(again)).toMatchObject({ hits: 3, coalesced: 0, misses: 0, oldestAgeMs: 4_999 });
    expect(again.age).toBe('4');

    now += 1;
    const later = await post(g, EXAMPLE, EXAMPLE_VARIABLES);
    expect(takeCalls(g)).toEqual(EXAMPLE_CALLS);
    expect(later.age).toBeNull();
  });

  it('costs one query’s calls for many identical queries sent at once with an empty cache', async () => {
    const g = await cachedGateway();
    const answers = await Promise.all(Array.from({ length: 30 }, () => post(g, EXAMPLE, EXAMPLE_VARIABLES)));
    expect(takeCalls(g)).toEqual(EXAMPLE_CALLS);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body.data))).size).toBe(1);
    const stats = answers.map(cacheStats);
    expect(stats.reduce((sum, one) => sum + one.misses, 0)).toBe(3);
    expect(stats.reduce((sum, one) => sum + one.hits + one.coalesced, 0)).toBe(29 * 3);
    // Joined and stored answers are not the requests' calls.
    expect(answers.reduce((sum, answer) => sum + upstreamOf(answer).calls, 0)).toBe(3);
  });

  it.each([
    ['Cache-Control: no-cache', { 'cache-control': 'no-cache' }, EXAMPLE],
    ['Cache-Control: max-age=0, No-Cache', { 'cache-control': 'max-age=0, No-Cache' }, EXAMPLE],
    ['Pragma: no-cache', { pragma: 'no-cache' }, EXAMPLE],
    ['the @fresh directive', {}, EXAMPLE.replace('$instances: Int = 5) {', '$instances: Int = 5) @fresh {')],
  ])(
    '%s costs the calls again, and its answers serve the requests after it',
    async (_name, headers, query) => {
      const g = await cachedGateway();
      await post(g, EXAMPLE, EXAMPLE_VARIABLES);
      takeCalls(g);
      now += 1_000;
      const fresh = await post(g, query, EXAMPLE_VARIABLES, headers);
      expect(fresh.body.errors).toBeUndefined();
      expect(takeCalls(g)).toEqual(EXAMPLE_CALLS);
      expect(fresh.age).toBeNull();
      expect(cacheStats(fresh)).toMatchObject({ hits: 0, coalesced: 0, misses: 3 });
      now += 4_999;
      const next = await post(g, EXAMPLE, EXAMPLE_VARIABLES);
      expect(takeCalls(g)).toEqual({});
      expect(next.age).toBe('4');
    },
  );

  it('does not store errors: a read that failed is asked again, and its success then stored', async () => {
    const g = await cachedGateway();
    const query = '{ instances(regionId: "cn-hangzhou") { totalCount } }';
    g.simulator.faults.configure({ serviceUnavailableRate: 1 });
    const failed = await post(g, query);
    expect(failed.body.errors?.[0]?.path).toEqual(['instances']);
    expect(takeCalls(g)).toEqual({ DescribeInstances: 4 }); // the client's four attempts
    g.simulator.faults.configure({ serviceUnavailableRate: 0 });
    const answered = await post(g, query);
    expect(answered.body).toMatchObject({ data: { instances: { totalCount: 4 } } });
    expect(takeCalls(g)).toEqual({ DescribeInstances: 1 });
    await post(g, query);
    expect(takeCalls(g)).toEqual({});
  });

  it('is off unless asked for: a gateway built without the option calls every time', async () => {
    h = await simulatedGateway({ gateway: { debug: true } });
    await post(h, EXAMPLE, EXAMPLE_VARIABLES);
    const second = await post(h, EXAMPLE, EXAMPLE_VARIABLES);
    expect(takeCalls(h)).toEqual({ DescribeInstances: 2, DescribeDisks: 2, DescribeSnapshots: 2 });
    expect(second.age).toBeNull();
    expect(second.body.extensions?.upstream).not.toHaveProperty('cache');
  });

  it('with ttlMs 0 is off too: no store, no Age, every query calls', async () => {
    const g = await cachedGateway({ cache: { ttlMs: 0 } });
    await post(g, EXAMPLE, EXAMPLE_VARIABLES);
    await post(g, EXAMPLE, EXAMPLE_VARIABLES);
    expect(takeCalls(g)).toEqual({ DescribeInstances: 2, DescribeDisks: 2, DescribeSnapshots: 2 });
  });

  it('evicts within its byte bound: a bound smaller than the answers keeps nothing, so queries call again', async () => {
    const g = await cachedGateway({ cache: { maxBytes: 2_000 } });
    const first = await post(g, EXAMPLE, EXAMPLE_VARIABLES);
    expect(cacheStats(first).storeBytes).toBeLessThanOrEqual(2_000);
    await post(g, EXAMPLE, EXAMPLE_VARIABLES);
    expect(takeCalls(g).DescribeSnapshots).toBe(2);
  });
});

describe('the call cap and the cache', () => {
  /** Over a cap of 3: the example's estimate is far above it. */
  async function cappedPair() {
    const store = new MemoryCacheStore({ maxBytes: 1_000_000, now: () => now });
    // One gateway fills the shared store under a generous cap; the other, capped at 3, reads it.
    const filler = await simulatedGateway({ gateway: { cache: { store }, now: () => now, debug: true } });
    const capped = await cachedGateway({ cache: { store }, maxUpstreamCalls: 3 });
    return { filler, capped };
  }

  it('refuses an over-cap query when the cache does not hold all of it, and makes no call trying', async () => {
    const { filler, capped } = await cappedPair();
    try {
      await post(filler, '{ instances(regionId: "cn-hangzhou", page: { size: 5 }) { nodes { id } } }');
      const refused = await post(capped, EXAMPLE, EXAMPLE_VARIABLES);
      expect(refused.body.data).toBeUndefined();
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({
        code: 'TOO_MANY_UPSTREAM_CALLS',
        maxUpstreamCalls: 3,
      });
      expect(refused.age).toBeNull();
      expect(takeCalls(capped)).toEqual({});
      expect(takeCalls(filler)).toEqual({ DescribeInstances: 1 });
    } finally {
      await filler.close();
    }
  });

  it('admits an over-cap query that the cache holds whole, at zero calls; not when asked fresh', async () => {
    const { filler, capped } = await cappedPair();
    try {
      const filled = await post(filler, EXAMPLE, EXAMPLE_VARIABLES);
      expect(takeCalls(filler)).toEqual(EXAMPLE_CALLS);
      now += 2_000;
      const admitted = await post(capped, EXAMPLE, EXAMPLE_VARIABLES);
      expect(admitted.body.errors).toBeUndefined();
      expect(admitted.body.data).toEqual(filled.body.data);
      expect(admitted.age).toBe('2');
      expect(admitted.body.extensions?.upstream).toMatchObject({ calls: 0, byAction: {} });
      expect(cacheStats(admitted)).toMatchObject({ hits: 3, misses: 0, oldestAgeMs: 2_000 });
      expect(takeCalls(capped)).toEqual({});

      const fresh = await post(capped, EXAMPLE, EXAMPLE_VARIABLES, { 'cache-control': 'no-cache' });
      expect(fresh.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_UPSTREAM_CALLS' });
      expect(takeCalls(capped)).toEqual({});
    } finally {
      await filler.close();
    }
  });

  it('never runs a mutation from the cache: one over the cap is refused, whatever the cache holds', async () => {
    const { filler, capped } = await cappedPair();
    try {
      await post(capped, '{ instances(regionId: "cn-hangzhou") { nodes { id status } } }');
      const { body } = await post(capped, '{ instances(regionId: "cn-hangzhou") { nodes { id status } } }');
      const running = (
        body.data as { instances: { nodes: { id: string; status: string }[] } }
      ).instances.nodes.filter((node) => node.status === 'RUNNING');
      takeCalls(capped);
      const refused = await post(
        capped,
        `mutation Two($a: ID!, $b: ID!) {
          a: stopInstance(input: { instanceId: $a }) { __typename }
          b: stopInstance(input: { instanceId: $b }) { __typename }
        }`,
        { a: running[0]?.id, b: running[1]?.id },
      );
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({
        code: 'TOO_MANY_UPSTREAM_CALLS',
        estimate: 4,
      });
      expect(takeCalls(capped)).toEqual({});
    } finally {
      await filler.close();
    }
  });
});
