import { print } from 'graphql';
import { createClient } from 'graphql-sse';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchInstanceStatusDocument } from '../../client/graphql.js';
import { GatewayMetrics } from '../../src/metrics/gateway-metrics.js';
import { manualTimers } from '../support/manual-timers.js';
import { estate, mutate, snapshotIdsOf } from './mutations-harness.js';
import {
  type GraphQLEvent,
  openEventStream,
  type StreamingGateway,
  streamingGateway,
  until,
} from './streaming-harness.js';

let h: StreamingGateway | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PROGRESS = `subscription Watch($ids: [ID!]!) {
  snapshotProgress(ids: $ids) { id status progress }
}`;

async function startSnapshot(gateway: StreamingGateway, diskId: string): Promise<string> {
  const result = await mutate(gateway, 'createSnapshot', { diskId }, 'snapshot { id }');
  return (result.snapshot as { id: string }).id;
}

describe('snapshotProgress over yoga SSE', () => {
  it('watches a snapshot from 0 % to ACCOMPLISHED: monotone events, the last at 100 %, then complete', async () => {
    h = await streamingGateway();
    const { running } = await estate(h);
    const id = await startSnapshot(h, running.dataDiskId);
    const stream = await openEventStream(h.origin, { query: PROGRESS, variables: { ids: [id] } });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const seen: { status: string; progress: number }[] = [];
    for (;;) {
      const event = await stream.result();
      expect(event.errors).toBeUndefined();
      const snapshot = event.data?.snapshotProgress as { id: string; status: string; progress: number };
      expect(snapshot.id).toBe(id);
      seen.push({ status: snapshot.status, progress: snapshot.progress });
      if (snapshot.status !== 'PROGRESSING') break;
      // The simulator's clock moves only here: the next event is the pool seeing it.
      h.simulator.advance(2_000);
    }
    expect(await stream.next()).toEqual({ event: 'complete', data: null });
    expect(await stream.next()).toBeUndefined();
    expect(seen[0]).toEqual({ status: 'PROGRESSING', progress: 0 });
    expect(seen.at(-1)).toEqual({ status: 'ACCOMPLISHED', progress: 100 });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.progress).toBeGreaterThan(seen[i - 1]!.progress);
  });
});

/** A graphql-sse client on the gateway's /graphql/stream, in either mode; no retries. */
function sseClient(
  gateway: StreamingGateway,
  singleConnection: boolean,
  headers: Record<string, string> = {},
) {
  return createClient({
    url: `${gateway.origin}/graphql/stream`,
    singleConnection,
    retryAttempts: 0,
    headers,
  });
}

describe('snapshotProgress, the other endings', () => {
  it('ends with the FAILED state when the snapshot fails (graphql-sse, distinct connections)', async () => {
    h = await streamingGateway();
    const { running } = await estate(h);
    const id = await startSnapshot(h, running.dataDiskId);
    const client = sseClient(h, false);
    const events = client.iterate<{ snapshotProgress: { status: string; progress: number } }>({
      query: PROGRESS,
      variables: { ids: [id] },
    });
    const first = await events.next();
    expect(first.value?.data?.snapshotProgress).toEqual({ id, status: 'PROGRESSING', progress: 0 });
    h.simulator.advance(3_000);
    const moved = await events.next();
    const progress = moved.value?.data?.snapshotProgress.progress ?? 0;
    expect(progress).toBeGreaterThan(0);
    h.simulator.failSnapshot(id);
    const failed = await events.next();
    expect(failed.value?.data?.snapshotProgress).toEqual({ id, status: 'FAILED', progress });
    expect(await events.next()).toEqual({ done: true, value: undefined });
    client.dispose();
  });

  it('a missing id gets an event with a NOT_FOUND error naming it; the stream completes when the rest are done (single connection)', async () => {
    h = await streamingGateway();
    const { running } = await estate(h);
    const [done] = await snapshotIdsOf(h, running.dataDiskId);
    const missing = 's-bp1missing0000000000';
    const client = sseClient(h, true);
    const results: GraphQLEvent[] = [];
    for await (const result of client.iterate({ query: PROGRESS, variables: { ids: [done, missing] } }))
      results.push(result as GraphQLEvent);
    client.dispose();
    expect(results).toHaveLength(2);
    const found = results.find((result) => result.data != null);
    expect(found?.data?.snapshotProgress).toMatchObject({ id: done, status: 'ACCOMPLISHED', progress: 100 });
    const gone = results.find((result) => result.errors);
    expect(gone).toEqual({
      data: null,
      errors: [
        {
          message: expect.stringContaining(missing),
          path: ['snapshotProgress'],
          locations: expect.any(Array),
          extensions: { code: 'NOT_FOUND', kind: 'snapshot', id: missing, regionId: 'cn-hangzhou' },
        },
      ],
    });
  });
});

describe('instanceStatus and diskStatus', () => {
  it('watches an instance start until RUNNING, the default end (graphql-sse, single connection)', async () => {
    h = await streamingGateway();
    const { stopped } = await estate(h);
    await mutate(h, 'startInstance', { instanceId: stopped.id });
    const client = sseClient(h, true);
    const events = client.iterate<{ instanceStatus: { id: string; status: string } }>({
      query: 'subscription($ids: [ID!]!) { instanceStatus(ids: $ids) { id status } }',
      variables: { ids: [stopped.id] },
    });
    expect((await events.next()).value?.data?.instanceStatus).toEqual({ id: stopped.id, status: 'STARTING' });
    h.simulator.advance(3_000);
    expect((await events.next()).value?.data?.instanceStatus).toEqual({ id: stopped.id, status: 'RUNNING' });
    expect((await events.next()).done).toBe(true);
    client.dispose();
  });

  it('until: a disk watched until AVAILABLE through DETACHING', async () => {
    h = await streamingGateway();
    const { running } = await estate(h);
    await mutate(h, 'detachDisk', { diskId: running.dataDiskId, instanceId: running.id });
    const stream = await openEventStream(h.origin, {
      query: 'subscription($ids: [ID!]!) { diskStatus(ids: $ids, until: [AVAILABLE]) { id status } }',
      variables: { ids: [running.dataDiskId] },
    });
    expect((await stream.result()).data?.diskStatus).toEqual({ id: running.dataDiskId, status: 'DETACHING' });
    h.simulator.advance(1_000);
    expect((await stream.result()).data?.diskStatus).toEqual({ id: running.dataDiskId, status: 'AVAILABLE' });
    expect((await stream.next())?.event).toBe('complete');
  });
});

describe('each event is the query graph, fresh', () => {
  it("reads the relations of every event anew, within that event's own budget", async () => {
    // Each event reads its snapshot's disk, then the disk's instance: 2 calls. The cap of
    // 12 (the estate query's estimate) is the budget of each event, not of the stream.
    h = await streamingGateway({ gateway: { maxUpstreamCalls: 12 } });
    const { running } = await estate(h);
    const id = await startSnapshot(h, running.dataDiskId);
    const stream = await openEventStream(h.origin, {
      query: `subscription($ids: [ID!]!) {
        snapshotProgress(ids: $ids) { status progress sourceDisk { id instance { id status } } }
      }`,
      variables: { ids: [id] },
    });
    const disksBefore = h.asked('DescribeDisks');
    const instancesBefore = h.asked('DescribeInstances');
    const first = await stream.result();
    expect(first).toEqual({
      data: {
        snapshotProgress: {
          status: 'PROGRESSING',
          progress: 0,
          sourceDisk: { id: running.dataDiskId, instance: { id: running.id, status: 'RUNNING' } },
        },
      },
    });
    await mutate(h, 'stopInstance', { instanceId: running.id });
    const instances: string[] = [];
    let events = 1;
    for (;;) {
      h.simulator.advance(1_000);
      const event = await stream.result();
      events += 1;
      expect(event.errors).toBeUndefined();
      const snapshot = event.data?.snapshotProgress as {
        status: string;
        sourceDisk: { instance: { status: string } };
      };
      instances.push(snapshot.sourceDisk.instance.status);
      if (snapshot.status === 'ACCOMPLISHED') break;
    }
    expect((await stream.next())?.event).toBe('complete');
    // The instance as each event found it: stopping, then stopped; never the first event's RUNNING.
    expect(instances[0]).toBe('STOPPING');
    expect(instances.at(-1)).toBe('STOPPED');
    expect(instances).not.toContain('RUNNING');
    // One call of each a event (the stopInstance mutation reads its instance once more).
    expect(events * 2).toBeGreaterThan(12);
    expect(h.asked('DescribeDisks') - disksBefore).toBe(events);
    expect(h.asked('DescribeInstances') - instancesBefore).toBe(events + 1);
  });
});

describe('a crowd of subscribers shares the relations of an event', () => {
  it('20 subscribers asking Cache-Control: no-cache, the cache on: one event costs the relation calls of one', async () => {
    const RELATED =
      'subscription W($ids: [ID!]!) { snapshotProgress(ids: $ids) { id progress sourceDisk { id instance { id status } } } }';
    const timers = manualTimers();
    h = await streamingGateway({
      watch: { timers, minIntervalMs: 100, maxIntervalMs: 100, maxSubscriptionsPerClient: 100 },
      gateway: { metrics: new GatewayMetrics(), cache: {} },
    });
    const { running } = await estate(h);
    const id = await startSnapshot(h, running.dataDiskId);
    const streams = [];
    for (let i = 0; i < 20; i += 1)
      streams.push(
        await openEventStream(h.origin, {
          query: RELATED,
          variables: { ids: [id] },
          headers: { 'cache-control': 'no-cache' },
        }),
      );
    await until(() => timers.pending() >= 21, 'every watch time and the first poll are scheduled');
    const before = { disks: h.asked('DescribeDisks'), instances: h.asked('DescribeInstances') };
    await timers.advance(0);
    const firsts = await Promise.all(streams.map((stream) => stream.result()));
    for (const first of firsts)
      expect(first.data?.snapshotProgress).toMatchObject({
        id,
        sourceDisk: { id: running.dataDiskId, instance: { id: running.id, status: 'RUNNING' } },
      });
    expect({
      disks: h.asked('DescribeDisks') - before.disks,
      instances: h.asked('DescribeInstances') - before.instances,
    }).toEqual({ disks: 1, instances: 1 });
    for (const stream of streams) stream.abort();
  });
});

describe('the typed client', () => {
  it('runs the generated WatchInstanceStatus document, relations and until included', async () => {
    h = await streamingGateway();
    const { running } = await estate(h);
    await mutate(h, 'stopInstance', { instanceId: running.id });
    const client = sseClient(h, false);
    const statuses: string[] = [];
    for await (const result of client.iterate<{
      instanceStatus: { status: string; disks: { nodes: unknown[] } };
    }>({
      query: print(WatchInstanceStatusDocument),
      variables: { ids: [running.id], until: ['STOPPED'] },
    })) {
      expect(result.errors).toBeUndefined();
      statuses.push(result.data?.instanceStatus.status ?? '');
      expect(result.data?.instanceStatus.disks.nodes).toHaveLength(2);
      if (statuses.length === 1) h.simulator.advance(3_000);
    }
    client.dispose();
    expect(statuses).toEqual(['STOPPING', 'STOPPED']);
  });
});
