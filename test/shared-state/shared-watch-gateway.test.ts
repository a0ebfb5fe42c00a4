import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { createGatewayServer } from '../../src/http/server.js';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createGateway, type GatewayWatchOptions } from '../../src/yoga.js';
import { estate, mutate } from '../integration/mutations-harness.js';
import {
  type GraphQLEvent,
  openEventStream,
  type StreamingGateway,
  streamingGateway,
} from '../integration/streaming-harness.js';
import { manualTimers } from '../support/manual-timers.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

// Two gateways over one simulator and one Redis: subscriptions on both to one snapshot
// cost the DescribeSnapshots calls of one poller. The polls run on a manual clock shared
// by both gateways, so the calls are counted exactly at the simulator.
const PROGRESS = `subscription Watch($ids: [ID!]!) {
  snapshotProgress(ids: $ids) { id status progress }
}`;
const INTERVAL = 1_000;

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function connect(): Promise<SharedRedis> {
  const shared = new SharedRedis({ url: redis.url, keyPrefix: 'gw:', maxReconnectDelayMs: 50 });
  cleanup.push(() => shared.close());
  expect(await shared.ready(5_000)).toBe(true);
  return shared;
}

/** A second gateway, its own client and HTTP server, over the first one's simulator. */
async function secondGateway(first: StreamingGateway, sharedState: SharedRedis, watch: GatewayWatchOptions) {
  const limits = API_LIMITS['2014'];
  const client = new EcsClient({
    credentials: staticCredentials({
      accessKeyId: first.simulator.accessKeyId,
      accessKeySecret: first.simulator.accessKeySecret,
    }),
    defaultRegionId: 'cn-hangzhou',
    endpoint: first.simulator.url,
    limits,
    ratePerSecond: Number.POSITIVE_INFINITY,
  });
  const gateway = createGateway({ ecs: client, limits, graphiql: false, sharedState, watch });
  const server = createGatewayServer(gateway, {
    maxBodyBytes: 1_048_576,
    maxConnections: 1_000,
    headersTimeoutMs: 10_000,
  });
  await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
  cleanup.push(async () => {
    await gateway.dispose();
    server.server.closeAllConnections();
    await new Promise((resolve) => server.server.close(resolve));
    await client.close();
  });
  return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}

describe('two gateways sharing progress on Redis', () => {
  it('subscriptions to one snapshot on both gateways cost one poller’s DescribeSnapshots calls', async () => {
    const clock = manualTimers();
    const watch: GatewayWatchOptions = { timers: clock, minIntervalMs: INTERVAL, maxIntervalMs: INTERVAL };
    const sharedA = await connect();
    const sharedB = await connect();
    const a = await streamingGateway({ watch, gateway: { sharedState: sharedA } });
    cleanup.push(() => a.close());
    const originB = await secondGateway(a, sharedB, watch);
    // Both gateways listen for events before the first subscription: none polls for itself.
    await expect
      .poll(async () => (await sharedA.client.pubsub('NUMSUB', sharedA.key('watch', 'control')))[1], {
        timeout: 5_000,
      })
      .toBe(2);

    const { running } = await estate(a);
    const created = await mutate(a, 'createSnapshot', { diskId: running.dataDiskId }, 'snapshot { id }');
    const id = (created.snapshot as { id: string }).id;
    const before = a.asked('DescribeSnapshots');

    const streams = await Promise.all(
      [a.origin, originB, a.origin, originB].map((origin) =>
        openEventStream(origin, { query: PROGRESS, variables: { ids: [id] } }),
      ),
    );
    const seen: { status: string; progress: number }[][] = streams.map(() => []);
    /** Reads one event from every stream, letting the manual clock run what is due meanwhile. */
    const nextOnEach = async () => {
      let settled = false;
      const reads = Promise.all(
        streams.map(async (stream, index) => {
          const event: GraphQLEvent = await stream.result();
          expect(event.errors).toBeUndefined();
          seen[index]!.push(event.data?.snapshotProgress as { status: string; progress: number });
        }),
      ).finally(() => {
        settled = true;
      });
      await expect
        .poll(
          async () => {
            await clock.advance(0);
            return settled;
          },
          { timeout: 10_000, interval: 20 },
        )
        .toBe(true);
      await reads;
    };

    await nextOnEach();
    expect(a.asked('DescribeSnapshots') - before).toBe(1);
    for (let step = 1; step <= 3; step += 1) {
      a.simulator.advance(2_000);
      await clock.advance(INTERVAL);
      await nextOnEach();
      expect(a.asked('DescribeSnapshots') - before).toBe(1 + step);
    }
    for (const events of seen) {
      expect(events).toHaveLength(4);
      expect(events).toEqual(seen[0]);
      for (let i = 1; i < events.length; i += 1)
        expect(events[i]!.progress).toBeGreaterThan(events[i - 1]!.progress);
    }
    for (const stream of streams) stream.abort();
  });
});
