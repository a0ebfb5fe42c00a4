import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { SharedRedis } from '../../src/shared-state/redis.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createGateway, type Gateway } from '../../src/yoga.js';
import { capturingLogger } from '../graph/support/gateway.js';
import {
  actionCalls,
  type Estate,
  estate,
  type SimulatedGateway,
  simulatedGateway,
} from '../integration/mutations-harness.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * Two gateway replicas over one simulator and one Redis: A is the harness's gateway
 * (its own client), B a second createGateway with a client of its own, reaching Redis
 * through a proxy a test can cut. Calls are counted at the simulator.
 */
let redis: TestRedis;
let proxy: TcpProxy;
let h: SimulatedGateway;
let world: Estate;
let sharedA: SharedRedis;
let sharedB: SharedRedis;
let clientB: EcsClient;
let gatewayB: Gateway;
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy(redis.port);
});
afterAll(async () => {
  await proxy.close();
  await redis.stop();
});

beforeEach(async () => {
  prefixes += 1;
  const keyPrefix = `gw${prefixes}:`;
  sharedA = new SharedRedis({ url: redis.url, keyPrefix, maxReconnectDelayMs: 50 });
  sharedB = new SharedRedis({ url: proxy.url, keyPrefix, maxReconnectDelayMs: 50, connectTimeoutMs: 500 });
  expect(await sharedA.ready(5_000)).toBe(true);
  expect(await sharedB.ready(5_000)).toBe(true);
  // The shared read cache on in both, as a configured gateway has it.
  h = await simulatedGateway({ gateway: { sharedState: sharedA, cache: {} } });
  const limits = API_LIMITS['2014'];
  clientB = new EcsClient({
    credentials: staticCredentials({
      accessKeyId: h.simulator.accessKeyId,
      accessKeySecret: h.simulator.accessKeySecret,
    }),
    defaultRegionId: 'cn-hangzhou',
    endpoint: h.simulator.url,
    limits,
    ratePerSecond: Number.POSITIVE_INFINITY,
  });
  gatewayB = createGateway({
    ecs: clientB,
    limits,
    graphiql: false,
    logger: capturingLogger(),
    sharedState: sharedB,
    cache: {},
  });
  world = await estate(h);
});
afterEach(async () => {
  proxy.restore();
  await clientB.close();
  await h.close();
  await sharedA.close();
  await sharedB.close();
});

interface Answer {
  readonly status: number;
  readonly replayed: string | null;
  readonly body: {
    readonly data?: Record<string, Record<string, unknown>> | null;
    readonly errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

async function post(
  gateway: Gateway,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  query = DESCRIBE,
): Promise<Answer> {
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    body: (await response.json()) as Answer['body'],
  };
}

const DESCRIBE = `mutation Describe($id: ID!, $text: String!) {
  modifyInstanceAttribute(input: { instanceId: $id, description: $text }) {
    __typename
    ... on ModifyInstanceAttributePayload { requestId instance { id description } }
  }
}`;

const upstream = () => actionCalls(h.simulator);

describe('Idempotency-Key across replicas sharing one Redis', () => {
  it('a retry on replica B answers A\u2019s first body without a second write upstream', async () => {
    const variables = { id: world.running.id, text: 'from A' };
    const first = await post(h.gateway, variables, { 'idempotency-key': 'across-1' });
    expect(first).toMatchObject({ status: 200, replayed: null });
    expect(first.body.data?.modifyInstanceAttribute).toMatchObject({ instance: { description: 'from A' } });
    const before = upstream();
    expect(before.ModifyInstanceAttribute).toBe(1);

    const retried = await post(gatewayB, variables, { 'idempotency-key': 'across-1' });
    expect(retried).toEqual({ status: 200, replayed: 'true', body: first.body });
    expect(upstream()).toEqual(before);
  });

  it('the key reused on B with other variables is refused as on one replica (422), nothing sent', async () => {
    const id = world.running.id;
    await post(h.gateway, { id, text: 'first' }, { 'idempotency-key': 'across-2' });
    const before = upstream();
    const reused = await post(gatewayB, { id, text: 'second' }, { 'idempotency-key': 'across-2' });
    expect(reused.status).toBe(422);
    expect(reused.body.errors?.map((error) => error.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(upstream()).toEqual(before);
  });

  it('a record B made while cut off from Redis reaches it when B is back: A then replays it', async () => {
    const variables = { id: world.running.id, text: 'while away' };
    proxy.cut();
    await expect.poll(() => sharedB.up).toBe(false);
    const first = await post(gatewayB, variables, { 'idempotency-key': 'across-3' });
    expect(first).toMatchObject({ status: 200, replayed: null });
    expect(await sharedA.client.keys(`${sharedA.keyPrefix}idem:*`)).toEqual([]);

    proxy.restore();
    await expect
      .poll(async () => (await sharedA.client.keys(`${sharedA.keyPrefix}idem:*`)).length, {
        timeout: 10_000,
      })
      .toBe(1);
    const before = upstream();
    const retried = await post(h.gateway, variables, { 'idempotency-key': 'across-3' });
    expect(retried).toEqual({ status: 200, replayed: 'true', body: first.body });
    expect(upstream()).toEqual(before);
  });
});

describe('the read cache across replicas sharing one Redis', () => {
  const READ = `query Read($id: ID!) { instance(id: $id) { id description } }`;
  const WRITE = `mutation Write($id: ID!, $text: String!) {
    modifyInstanceAttribute(input: { instanceId: $id, description: $text }) {
      __typename
      ... on ModifyInstanceAttributePayload { requestId }
    }
  }`;
  const description = async (gateway: Gateway) =>
    (await post(gateway, { id: world.running.id }, {}, READ)).body.data?.instance?.description;

  it('one read is shared by both; a write through A, then a read through B is fresh, with one call', async () => {
    const start = upstream();
    const old = await description(gatewayB);
    expect(await description(h.gateway)).toBe(old);
    expect(upstream().DescribeInstances).toBe((start.DescribeInstances ?? 0) + 1);

    const before = upstream();
    const written = await post(h.gateway, { id: world.running.id, text: 'written on A' }, {}, WRITE);
    expect(written.body.data?.modifyInstanceAttribute).toMatchObject({
      __typename: 'ModifyInstanceAttributePayload',
    });
    expect(await description(gatewayB)).toBe('written on A');
    expect(await description(h.gateway)).toBe('written on A');
    // The write, and one read of the instance after it (the write's own check of its
    // result), whose answer both replicas then share.
    expect(upstream()).toEqual({
      ...before,
      ModifyInstanceAttribute: (before.ModifyInstanceAttribute ?? 0) + 1,
      DescribeInstances: (before.DescribeInstances ?? 0) + 1,
    });
  });
});
