import { createClient } from 'graphql-sse';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../src/metrics/gateway-metrics.js';
import { RESERVATION_MS } from '../../src/plugins/use-sse-streams.js';
import { type ManualTimers, manualTimers } from '../support/manual-timers.js';
import { estate, mutate } from './mutations-harness.js';
import { openEventStream, type StreamingGateway, streamingGateway, until } from './streaming-harness.js';

let h: StreamingGateway | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PROGRESS = 'subscription Watch($ids: [ID!]!) { snapshotProgress(ids: $ids) { id status progress } }';

/** The gateway's subscription gauges, read from its own /metrics. */
async function gauges(gateway: StreamingGateway) {
  const text = await (await fetch(`${gateway.origin}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    subscriptions: read('gateway_subscriptions_open'),
    pollers: read('gateway_watch_pollers'),
    ids: read('gateway_watch_ids'),
  };
}

async function progressingSnapshots(gateway: StreamingGateway, count: number): Promise<string[]> {
  const response = await gateway.run<{ disks: { nodes: { id: string }[] } }>(
    `{ disks(regionId: "cn-hangzhou", page: { size: ${count} }) { nodes { id } } }`,
  );
  const disks = response.data?.disks.nodes.map((disk) => disk.id) ?? [];
  expect(disks).toHaveLength(count);
  const ids: string[] = [];
  for (const diskId of disks)
    ids.push(
      ((await mutate(gateway, 'createSnapshot', { diskId }, 'snapshot { id }')).snapshot as { id: string })
        .id,
    );
  return ids;
}

/** A gateway whose pool and watch time move only with `timers`, with its metrics on. */
async function manualGateway(timers: ManualTimers, watch: Record<string, number> = {}) {
  return streamingGateway({
    watch: { timers, minIntervalMs: 100, maxIntervalMs: 100, ...watch },
    gateway: { metrics: new GatewayMetrics() },
  });
}

describe('checked before any call', () => {
  it('refuses more ids than 5 × the id limit, naming the argument and the rule', async () => {
    h = await streamingGateway();
    const described = h.asked('DescribeSnapshots');
    const ids = Array.from({ length: 51 }, (_, index) => `s-bp1${String(index).padStart(17, '0')}`);
    const stream = await openEventStream(h.origin, { query: PROGRESS, variables: { ids } });
    const result = await stream.result();
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("must name at most 50 ids (5 × the API's id limit of 10)"),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'snapshotProgress(ids)' }),
      }),
    ]);
    expect((await stream.next())?.event).toBe('complete');
    expect(h.asked('DescribeSnapshots')).toBe(described);
  });

  it('refuses a repeated id, a malformed one and an empty list', async () => {
    h = await streamingGateway();
    const described = h.asked('DescribeSnapshots');
    const repeated = await openEventStream(h.origin, {
      query: PROGRESS,
      variables: { ids: ['s-bp1a', 's-bp1b', 's-bp1a', 's-bp1 c'] },
    });
    expect((await repeated.result()).errors?.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ argument: 'snapshotProgress(ids)[2]', rule: 'must not repeat an id' }),
      expect.objectContaining({
        argument: 'snapshotProgress(ids)[3]',
        rule: 'must be an ECS id: letters, digits, - _ . :',
      }),
    ]);
    const empty = await openEventStream(h.origin, { query: PROGRESS, variables: { ids: [] } });
    expect((await empty.result()).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      rule: 'must name at least one id',
    });
    const unknown = await openEventStream(h.origin, {
      query: 'subscription { instanceStatus(ids: ["i-1"], until: [UNKNOWN]) { id } }',
    });
    expect((await unknown.result()).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'instanceStatus(until)',
    });
    expect(h.asked('DescribeSnapshots')).toBe(described);
  });
});

describe('a region the account does not have', () => {
  it('is refused naming the argument, and frees its place at once; no Describe is made', async () => {
    h = await streamingGateway({ watch: { maxSubscriptions: 1 } });
    const described = h.asked('DescribeSnapshots');
    const query = 'subscription($r: ID) { snapshotProgress(ids: ["s-bp1a"], regionId: $r) { id } }';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const stream = await openEventStream(h.origin, { query, variables: { r: 'cn-nowhere' } });
      expect((await stream.result()).errors?.[0]?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        argument: 'snapshotProgress(regionId)',
        rule: 'must be a region of the account (DescribeRegions)',
      });
    }
    expect(h.asked('DescribeSnapshots')).toBe(described);
  });
});

describe('subscription bounds', () => {
  it('TOO_MANY_SUBSCRIPTIONS past GATEWAY_MAX_SUBSCRIPTIONS; a place freed is taken again', async () => {
    h = await streamingGateway({ watch: { maxSubscriptions: 1 } });
    const { running } = await estate(h);
    const [id] = await progressingSnapshotsOf(h, running.dataDiskId);
    const first = await openEventStream(h.origin, { query: PROGRESS, variables: { ids: [id] } });
    expect((await first.result()).data?.snapshotProgress).toMatchObject({ id, status: 'PROGRESSING' });
    const second = await openEventStream(h.origin, { query: PROGRESS, variables: { ids: [id] } });
    expect((await second.result()).errors?.[0]?.extensions).toEqual({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      scope: 'gateway',
      limit: 1,
    });
    expect((await second.next())?.event).toBe('complete');
    first.abort();
    await until(async () => {
      const again = await openEventStream(h!.origin, { query: PROGRESS, variables: { ids: [id] } });
      const result = await again.result();
      again.abort();
      return result.data?.snapshotProgress != null;
    }, 'the place the first subscription held is free');
  });

  it('TOO_MANY_SUBSCRIPTIONS past the per-client bound, across transports', async () => {
    h = await streamingGateway({ watch: { maxSubscriptionsPerClient: 1 } });
    const { running } = await estate(h);
    const [id] = await progressingSnapshotsOf(h, running.dataDiskId);
    const first = await openEventStream(h.origin, { query: PROGRESS, variables: { ids: [id] } });
    await first.result();
    const second = await openEventStream(h.origin, {
      query: PROGRESS,
      variables: { ids: [id] },
      path: '/graphql/stream',
    });
    expect((await second.result()).errors?.[0]?.extensions).toEqual({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      scope: 'client',
      limit: 1,
    });
    first.abort();
  });

  it('WATCH_TIMEOUT after GATEWAY_MAX_WATCH_MS: a last event with the code, then complete', async () => {
    const timers = manualTimers();
    h = await manualGateway(timers, { maxWatchMs: 60_000, maxIntervalMs: 60_000 });
    const { running } = await estate(h);
    const [id] = await progressingSnapshotsOf(h, running.dataDiskId);
    const stream = await openEventStream(h.origin, { query: PROGRESS, variables: { ids: [id] } });
    await until(() => timers.pending() >= 2, 'the watch time and the first poll are scheduled');
    await timers.advance(0);
    expect((await stream.result()).data?.snapshotProgress).toMatchObject({ id, progress: 0 });
    await timers.advance(60_000);
    expect(await stream.result()).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          path: ['snapshotProgress'],
          extensions: { code: 'WATCH_TIMEOUT', maxWatchMs: 60_000 },
        }),
      ],
    });
    expect((await stream.next())?.event).toBe('complete');
    await until(async () => (await gauges(h!)).pollers === 0, 'the poller stopped');
  });

  it('bounds graphql-sse reservations per client, and drops one never connected after RESERVATION_MS', async () => {
    const timers = manualTimers();
    h = await manualGateway(timers, { maxSubscriptionsPerClient: 1 });
    const reserve = () => fetch(`${h!.origin}/graphql/stream`, { method: 'PUT' });
    const first = await reserve();
    expect(first.status).toBe(201);
    const token = await first.text();
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const second = await reserve();
    expect(second.status).toBe(429);
    expect(((await second.json()) as { errors: { extensions: unknown }[] }).errors[0]?.extensions).toEqual({
      code: 'TOO_MANY_STREAMS',
    });
    await timers.advance(RESERVATION_MS);
    // The dropped reservation is gone from the library too: its GET finds no stream.
    const late = await fetch(`${h.origin}/graphql/stream`, {
      headers: { accept: 'application/json', 'x-graphql-event-stream-token': token },
    });
    expect(late.status).toBe(404);
    expect((await reserve()).status).toBe(201);
  });

  it('a connected graphql-sse stream keeps its place until it closes: per client and in all', async () => {
    const timers = manualTimers();
    h = await manualGateway(timers, { maxSubscriptions: 2, maxSubscriptionsPerClient: 1 });
    const first = await connectStream(h);
    // Connected and idle, it still counts: the same address gets no second stream.
    const refused = await fetch(`${h.origin}/graphql/stream`, { method: 'PUT' });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { errors: { extensions: unknown }[] }).errors[0]?.extensions).toEqual({
      code: 'TOO_MANY_STREAMS',
    });
    first.controller.abort();
    await until(
      async () => (await fetch(`${h!.origin}/graphql/stream`, { method: 'PUT' })).status === 201,
      'the place of the closed stream is freed',
    );
  });

  it('the total bound counts connected streams too', async () => {
    h = await manualGateway(manualTimers(), { maxSubscriptions: 2, maxSubscriptionsPerClient: 5 });
    const streams = [await connectStream(h), await connectStream(h)];
    expect((await fetch(`${h.origin}/graphql/stream`, { method: 'PUT' })).status).toBe(429);
    for (const stream of streams) stream.controller.abort();
  });

  it('a connected stream with no operation for RESERVATION_MS is ended; one with an operation is not', async () => {
    const timers = manualTimers();
    h = await manualGateway(timers, {
      maxSubscriptionsPerClient: 1,
      minIntervalMs: 60_000,
      maxIntervalMs: 60_000,
    });
    const { running } = await estate(h);
    const [id] = await progressingSnapshotsOf(h, running.dataDiskId);
    const stream = await connectStream(h);
    const post = await fetch(`${h.origin}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': stream.token },
      body: JSON.stringify({ query: PROGRESS, variables: { ids: [id] }, extensions: { operationId: 'a' } }),
    });
    expect(post.status).toBe(202);
    await until(async () => (await gauges(h!)).subscriptions === 1, 'the operation is in');
    // The operation keeps the stream: no idle timer runs while it does.
    await timers.advance(RESERVATION_MS + 1);
    expect((await gauges(h)).subscriptions).toBe(1);
    const deleted = await fetch(`${h.origin}/graphql/stream?operationId=a`, {
      method: 'DELETE',
      headers: { 'x-graphql-event-stream-token': stream.token },
    });
    expect(deleted.status).toBe(200);
    await until(async () => (await gauges(h!)).subscriptions === 0, 'the operation is released');
    await until(() => timers.pending() >= 1, 'the idle timer runs once the stream carries nothing');
    await timers.advance(RESERVATION_MS - 1);
    expect((await fetch(`${h.origin}/graphql/stream`, { method: 'PUT' })).status).toBe(429);
    await timers.advance(1);
    const text = await stream.rest;
    expect(text).toContain('event: complete');
    expect((await fetch(`${h.origin}/graphql/stream`, { method: 'PUT' })).status).toBe(201);
  });

  it('a PUT always gets a fresh random token, whatever token it names (header or ?token=)', async () => {
    h = await manualGateway(manualTimers(), { maxSubscriptionsPerClient: 5 });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const byHeader = await fetch(`${h.origin}/graphql/stream`, {
      method: 'PUT',
      headers: { 'x-graphql-event-stream-token': 'chosen-1' },
    });
    const byQuery = await fetch(`${h.origin}/graphql/stream?token=chosen-2`, { method: 'PUT' });
    expect([byHeader.status, byQuery.status]).toEqual([201, 201]);
    const tokens = [await byHeader.text(), await byQuery.text()];
    for (const token of tokens) expect(token).toMatch(uuid);
    expect(tokens[0]).not.toBe(tokens[1]);
    // The names asked for reserve nothing: a GET by them finds no stream.
    const chosen = await fetch(`${h.origin}/graphql/stream`, {
      headers: { accept: 'application/json', 'x-graphql-event-stream-token': 'chosen-1' },
    });
    expect(chosen.status).toBe(404);
  });
});

/** A graphql-sse single-connection stream, reserved and connected; `rest` is its whole text once it ends. */
async function connectStream(gateway: StreamingGateway) {
  const put = await fetch(`${gateway.origin}/graphql/stream`, { method: 'PUT' });
  expect(put.status).toBe(201);
  const token = await put.text();
  const controller = new AbortController();
  const get = await fetch(`${gateway.origin}/graphql/stream`, {
    headers: { accept: 'text/event-stream', 'x-graphql-event-stream-token': token },
    signal: controller.signal,
  });
  expect(get.status).toBe(200);
  const rest = get.text().catch(() => '');
  return { token, controller, rest };
}

async function progressingSnapshotsOf(gateway: StreamingGateway, diskId: string): Promise<string[]> {
  return [
    ((await mutate(gateway, 'createSnapshot', { diskId }, 'snapshot { id }')).snapshot as { id: string }).id,
  ];
}

describe('polling is shared and stops with its last subscriber', () => {
  it('a client that goes away stops its poller: no more calls, the pool back to 0', async () => {
    const timers = manualTimers();
    h = await manualGateway(timers);
    const { running } = await estate(h);
    const [id] = await progressingSnapshotsOf(h, running.dataDiskId);
    const stream = await openEventStream(h.origin, { query: PROGRESS, variables: { ids: [id] } });
    await until(() => timers.pending() >= 2, 'the first poll is scheduled');
    await timers.advance(0);
    await stream.result();
    expect(await gauges(h)).toEqual({ subscriptions: 1, pollers: 1, ids: 1 });
    const before = h.asked('DescribeSnapshots');
    await timers.advance(300);
    expect(h.asked('DescribeSnapshots')).toBe(before + 3);
    stream.abort();
    await until(async () => (await gauges(h!)).subscriptions === 0, 'the subscription is released');
    expect(await gauges(h)).toEqual({ subscriptions: 0, pollers: 0, ids: 0 });
    const after = h.asked('DescribeSnapshots');
    await timers.advance(10_000);
    expect(h.asked('DescribeSnapshots')).toBe(after);
    expect(timers.pending()).toBe(0);
  });

  it('a graphql-sse single-connection client that goes away ends every operation of its stream', async () => {
    const timers = manualTimers();
    h = await manualGateway(timers);
    const ids = await progressingSnapshots(h, 2);
    const client = createClient({
      url: `${h.origin}/graphql/stream`,
      singleConnection: true,
      retryAttempts: 0,
    });
    const streams = ids.map((id) => client.iterate({ query: PROGRESS, variables: { ids: [id] } }));
    const firsts = Promise.all(streams.map((stream) => stream.next()));
    await until(async () => (await gauges(h!)).subscriptions === 2, 'both operations are in');
    await timers.advance(0);
    await firsts;
    expect(await gauges(h)).toEqual({ subscriptions: 2, pollers: 1, ids: 2 });
    // Going away: disposing the client aborts its connections, the stream's among them.
    client.dispose();
    await until(async () => (await gauges(h!)).subscriptions === 0, 'both operations are released');
    expect(await gauges(h)).toEqual({ subscriptions: 0, pollers: 0, ids: 0 });
    const after = h.asked('DescribeSnapshots');
    await timers.advance(10_000);
    expect(h.asked('DescribeSnapshots')).toBe(after);
  });

  it('100 subscribers to the same 10 snapshots cost the same Describe calls as 1', async () => {
    const cost = async (subscribers: number) => {
      const timers = manualTimers();
      const gateway = await manualGateway(timers, { maxSubscriptionsPerClient: 200 });
      h = gateway;
      const ids = await progressingSnapshots(gateway, 10);
      const before = gateway.asked('DescribeSnapshots');
      const streams = await Promise.all(
        Array.from({ length: subscribers }, () =>
          openEventStream(gateway.origin, { query: PROGRESS, variables: { ids } }),
        ),
      );
      await until(
        async () => (await gauges(gateway)).subscriptions === subscribers,
        'every subscriber is in',
      );
      const progress = async () => {
        const seen = await Promise.all(
          streams.map(async (stream) => {
            const events = [];
            for (let i = 0; i < ids.length; i += 1) events.push(await stream.result());
            return events.map(
              (event) => (event.data?.snapshotProgress as { progress: number } | undefined)?.progress,
            );
          }),
        );
        expect(new Set(seen.map((one) => JSON.stringify(one))).size).toBe(1);
      };
      await timers.advance(0);
      await progress();
      for (let step = 0; step < 3; step += 1) {
        gateway.simulator.advance(1_000);
        await timers.advance(100);
        await progress();
      }
      const calls = gateway.asked('DescribeSnapshots') - before;
      for (const stream of streams) stream.abort();
      await until(async () => (await gauges(gateway)).pollers === 0, 'every poller stopped');
      await gateway.close();
      h = undefined;
      return calls;
    };
    const one = await cost(1);
    // One call a poll (10 ids, the 2014 id limit): the first poll and three more.
    expect(one).toBe(4);
    expect(await cost(100)).toBe(one);
  });
});
