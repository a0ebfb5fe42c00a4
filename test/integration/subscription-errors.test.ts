import { afterEach, describe, expect, it } from 'vitest';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { GatewayMetrics } from '../../src/metrics/gateway-metrics.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { estate } from './mutations-harness.js';
import { openEventStream, type StreamingGateway, streamingGateway, until } from './streaming-harness.js';

let h: StreamingGateway | undefined;
const after: (() => Promise<void>)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const close of after.splice(0)) await close();
});

/** The pool's pollers and ids, from the gateway's own /metrics. */
async function pool(gateway: StreamingGateway) {
  const text = await (await fetch(`${gateway.origin}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { pollers: read('gateway_watch_pollers'), ids: read('gateway_watch_ids') };
}

const STATUS = `subscription Watch($ids: [ID!]!) {
  instanceStatus(ids: $ids) { id status }
}`;

describe('subscriptions when ECS polls fail (over a real socket, against the simulator)', () => {
  it('tells the subscriber UPSTREAM_UNAVAILABLE while ECS throttles every poll, then the state once it answers', async () => {
    h = await streamingGateway({ gateway: { metrics: new GatewayMetrics() } });
    const { running } = await estate(h);
    h.simulator.faults.configure({ throttlingRate: 1 });
    const stream = await openEventStream(h.origin, { query: STATUS, variables: { ids: [running.id] } });
    const notice = await stream.result();
    expect(notice.data).toBeNull();
    expect(notice.errors).toHaveLength(1);
    const [error] = notice.errors ?? [];
    expect(error?.path).toEqual(['instanceStatus']);
    expect(error?.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      upstreamCode: 'Throttling',
      kind: 'instance',
      ids: [running.id],
      regionId: 'cn-hangzhou',
      retrying: true,
      requestId: expect.any(String),
      httpStatus: 400,
    });
    expect(error?.message).toMatch(
      new RegExp(
        `^ECS keeps failing to describe the instances ${running.id} \\(Throttling: .+\\); the gateway keeps trying`,
      ),
    );
    // Three polls failed (each after the client's own four attempts) before the notice.
    const throttled = h.simulator.stats.snapshot().actions.DescribeInstances?.calls ?? 0;
    expect(throttled).toBeGreaterThanOrEqual(12);
    h.simulator.faults.clear();
    // The first poll that answers sends the state; RUNNING is settled, so the stream completes.
    expect((await stream.result()).data).toEqual({ instanceStatus: { id: running.id, status: 'RUNNING' } });
    expect(await stream.next()).toEqual({ event: 'complete', data: null });
    await until(async () => (await pool(h!)).pollers === 0, 'the poller stopped');
  });

  it('ends with the ECS code when ECS refuses the key (a client signing with a wrong secret): one call, then complete', async () => {
    const wrongSecret = 'not-the-secret-0123456789';
    h = await streamingGateway({
      gateway: { metrics: new GatewayMetrics() },
      wrapCaller: (_client, simulator) => {
        const client = new EcsClient({
          credentials: staticCredentials({
            accessKeyId: simulator.accessKeyId,
            accessKeySecret: wrongSecret,
          }),
          defaultRegionId: 'cn-hangzhou',
          endpoint: simulator.url,
          limits: API_LIMITS['2014'],
          ratePerSecond: Number.POSITIVE_INFINITY,
          maxAttempts: 4,
          sleep: async () => {},
        });
        after.push(() => client.close());
        return client;
      },
    });
    const ids = ['i-bp1aaaaaaaaaaaaaaaaa', 'i-bp1bbbbbbbbbbbbbbbbb'];
    const stream = await openEventStream(h.origin, { query: STATUS, variables: { ids } });
    const event = await stream.result();
    expect(event.data).toBeNull();
    const [error] = event.errors ?? [];
    expect(error?.extensions).toEqual({
      code: 'SignatureDoesNotMatch',
      kind: 'instance',
      ids,
      regionId: 'cn-hangzhou',
      retrying: false,
      requestId: expect.any(String),
      httpStatus: 400,
    });
    expect(error?.message).toMatch(/^ECS refused to describe the instances .*: they are watched no more\.$/);
    expect(JSON.stringify(event)).not.toContain(wrongSecret);
    expect(await stream.next()).toEqual({ event: 'complete', data: null });
    // Refused for good: not retried by the client, not polled again by the pool.
    await until(async () => (await pool(h!)).pollers === 0, 'the poller stopped');
    expect(await pool(h)).toEqual({ pollers: 0, ids: 0 });
    expect(h.asked('DescribeInstances')).toBe(1);
  });
});
