import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countByAction, maxInWindow } from '../../bench/lib/call-log.js';
import type { Replica } from '../../bench/lib/replica-set.js';
import { openEventStream } from '../integration/streaming-harness.js';
import {
  type GraphQLAnswer,
  graphql,
  type ReplicaStage,
  sharedStateOf,
  startReplicaStage,
} from '../support/replicas.js';

/**
 * Issue 16's scenarios on real processes: a redis-server, the simulator, three gateway
 * processes sharing that Redis (and one alone, the baseline). Upstream calls are counted
 * per replica by a call log in front of the simulator; snapshots move only when the test
 * advances the simulator's clock; waits on processes and Redis poll for the state.
 */

const RATE = 10;
const SETTINGS = {
  ECS_RATE_LIMIT: String(RATE),
  // Four gateways and the simulator share two cores here: a granted call can wait most
  // of a second for its event loop before it leaves. The margin covers that wait, so the
  // bound below is the rate itself, counted on arrival.
  ECS_RATE_MARGIN_MS: '1000',
  // Long enough that nothing expires during the file: every miss is one a replica caused.
  GATEWAY_CACHE_TTL_MS: '60000',
  GATEWAY_CACHE_TRANSITIONAL_TTL_MS: '60000',
  GATEWAY_MAX_UPSTREAM_CALLS: '1000',
  // A poller that has seen nothing move polls again within a second, not fifteen.
  GATEWAY_WATCH_MIN_INTERVAL_MS: '200',
  GATEWAY_WATCH_MAX_INTERVAL_MS: '1000',
};
const REGION = 'cn-hangzhou';
const DASHBOARD = readFileSync(
  new URL('../../examples/instances-disks-snapshots.graphql', import.meta.url),
  'utf8',
);

let stage: ReplicaStage;
beforeAll(async () => {
  stage = await startReplicaStage({ replicas: 3, settings: SETTINGS });
  // Every process learns the account's region list first, as one up for a while has.
  const all = [...stage.set.replicas, ...stage.baseline.replicas];
  await Promise.all(all.map((replica) => read(replica, '{ regions { id } }')));
}, 90_000);
afterAll(async () => {
  await stage?.close();
}, 30_000);

/** A read that must succeed: 200, no error, data. */
async function read(replica: Replica, query: string, variables: Record<string, unknown> = {}) {
  const answer = await graphql(replica.gatewayUrl, query, variables);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.errors, JSON.stringify(answer.body)).toBeUndefined();
  return answer.body.data as Record<string, unknown>;
}

const replica = (index: number) => stage.set.replicas[index] as Replica;

async function firstInstance(): Promise<{ id: string; name: string }> {
  const data = await read(
    replica(0),
    'query($r: ID) { instances(regionId: $r, page: { size: 1 }) { nodes { id name } } }',
    {
      r: REGION,
    },
  );
  return (data.instances as { nodes: Array<{ id: string; name: string }> }).nodes[0]!;
}

const NAME = 'query($id: ID!, $r: ID) { instance(id: $id, regionId: $r) { id name } }';
const RENAME = `mutation($id: ID!, $r: ID, $name: String!) {
  modifyInstanceAttribute(input: { instanceId: $id, regionId: $r, instanceName: $name }) {
    __typename
    ... on ModifyInstanceAttributePayload { instance { id name } }
  }
}`;

describe('three replicas on one Redis', () => {
  it('dashboard clients spread round robin cost the upstream what one replica costs', async () => {
    const rounds = 6;
    const variables = { regionId: REGION, instances: 5 };
    const alone = stage.baseline.replicas[0]!;
    stage.baseline.resetCalls();
    const answers: unknown[] = [];
    for (let round = 0; round < rounds; round++) answers.push(await read(alone, DASHBOARD, variables));
    const oneReplica = countByAction(stage.baseline.calls());
    expect(oneReplica.DescribeInstances).toBe(1);

    stage.set.resetCalls();
    for (let round = 0; round < rounds; round++)
      expect(await read(stage.set.next(), DASHBOARD, variables)).toEqual(answers[round]);
    expect(countByAction(stage.set.calls())).toEqual(oneReplica);
  });

  it(`a burst of distinct queries on every replica: the account's ECS_RATE_LIMIT (${RATE}/s) holds across them`, async () => {
    const query = 'query($id: ID!, $r: ID) { instance(id: $id, regionId: $r) { id } }';
    const distinct = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, n) => ({
        id: `i-${prefix}${String(n).padStart(4, '0')}`,
        r: REGION,
      }));
    // The account's bucket emptied first: what follows can start only as fast as it refills.
    await Promise.all(distinct('drain', RATE).map((variables) => read(stage.set.next(), query, variables)));
    stage.set.resetCalls();
    const burst = distinct('burst', 2 * RATE * stage.set.replicas.length);
    const answers = await Promise.all(burst.map((variables) => read(stage.set.next(), query, variables)));
    expect(answers).toEqual(burst.map(() => ({ instance: null })));

    const calls = stage.set.calls();
    // Every read reached ECS (a retry of a read reset under load may add one): the cache hid none.
    const counted = countByAction(calls);
    expect(Object.keys(counted)).toEqual(['DescribeInstances']);
    expect(counted.DescribeInstances).toBeGreaterThanOrEqual(burst.length);
    // Every replica made its share of the calls: the bounds below are the account's, not one replica's.
    expect(new Set(calls.map((call) => call.replica)).size).toBe(stage.set.replicas.length);
    // Counted where ECS would count them, on arrival: never more than the rate in any
    // second (any window [t, t + 1 s)), nor on average over longer ones. Three limiters of
    // their own would start the whole burst within about a second.
    const times = calls.map((call) => call.atMs);
    expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(RATE);
    expect(maxInWindow(times, 3_000)).toBeLessThanOrEqual(3 * RATE);
  }, 60_000);

  it('a mutation on replica A, then a read on replica B: fresh', async () => {
    const { id, name } = await firstInstance();
    for (const index of [0, 1, 2])
      expect(await read(replica(index), NAME, { id, r: REGION })).toEqual({ instance: { id, name } });

    const renamed = await read(replica(0), RENAME, { id, r: REGION, name: 'renamed-on-a' });
    expect(renamed.modifyInstanceAttribute).toEqual({
      __typename: 'ModifyInstanceAttributePayload',
      instance: { id, name: 'renamed-on-a' },
    });
    expect(await read(replica(1), NAME, { id, r: REGION })).toEqual({
      instance: { id, name: 'renamed-on-a' },
    });
    expect(await read(replica(2), NAME, { id, r: REGION })).toEqual({
      instance: { id, name: 'renamed-on-a' },
    });
  });

  it('a retry with the same Idempotency-Key on another replica answers the first result without calling ECS', async () => {
    const { id } = await firstInstance();
    const headers = { 'idempotency-key': 'replicas-rename-1' };
    const variables = { id, r: REGION, name: 'renamed-once' };
    stage.set.resetCalls();
    const first = await graphql(replica(0).gatewayUrl, RENAME, variables, headers);
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const writes = countByAction(stage.set.calls()).ModifyInstanceAttribute;
    expect(writes).toBe(1);

    const retried = await graphql(replica(1).gatewayUrl, RENAME, variables, headers);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);
    expect(countByAction(stage.set.calls()).ModifyInstanceAttribute).toBe(1);
  });

  it('Redis stopped and restarted under load: no failed read, and sharing resumes', async () => {
    const failures: string[] = [];
    let done = 0;
    let stopping = false;
    const LISTING = 'query($r: ID, $n: Int) { instances(regionId: $r, page: { size: $n }) { nodes { id } } }';
    const regions = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'];
    // What each read must answer, asked of the baseline first.
    const expected = new Map<string, unknown>();
    for (const [index, r] of regions.entries())
      for (let n = 1; n <= 8; n++)
        expected.set(`${index}:${n}`, await read(stage.baseline.replicas[0]!, LISTING, { r, n }));
    const client = async (offset: number) => {
      for (let turn = offset; !stopping; turn++) {
        // Sizes and regions vary, so some reads miss the cache and go upstream while Redis is gone.
        const n = 1 + (turn % 8);
        let answer: GraphQLAnswer | undefined;
        try {
          answer = await graphql(stage.set.next().gatewayUrl, LISTING, { r: regions[turn % 3], n });
        } catch (error) {
          failures.push(`no answer: ${String(error)}`);
          continue;
        }
        const right =
          JSON.stringify(answer.body) === JSON.stringify({ data: expected.get(`${turn % 3}:${n}`) });
        if (answer.status !== 200 || !right)
          failures.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        done += 1;
      }
    };
    const clients = [0, 1, 2, 3].map((offset) => client(offset * 5));
    const readsPass = async (count: number) => {
      const target = done + count;
      await expect.poll(() => done, { timeout: 20_000 }).toBeGreaterThanOrEqual(target);
    };
    try {
      await readsPass(20);
      await stage.redis.stop();
      for (const each of stage.set.live())
        await expect.poll(() => sharedStateOf(each.origin), { timeout: 10_000 }).toBe('local');
      await readsPass(40);
      await stage.redis.restart();
      for (const each of stage.set.live())
        await expect.poll(() => sharedStateOf(each.origin), { timeout: 15_000 }).toBe('redis');
      await readsPass(20);
    } finally {
      stopping = true;
      await Promise.all(clients);
    }
    expect(failures).toEqual([]);

    // Invalidation reaches every replica again once Redis is back.
    const { id } = await firstInstance();
    await read(replica(1), NAME, { id, r: REGION });
    await read(replica(0), RENAME, { id, r: REGION, name: 'renamed-after-restart' });
    expect(await read(replica(1), NAME, { id, r: REGION })).toEqual({
      instance: { id, name: 'renamed-after-restart' },
    });
  }, 60_000);

  it('50 subscribers over the replicas cost one poller; killing it, events go on within seconds', async () => {
    const disks = await read(
      replica(0),
      'query($r: ID) { disks(regionId: $r, page: { size: 1 }) { nodes { id } } }',
      {
        r: REGION,
      },
    );
    const diskId = (disks.disks as { nodes: Array<{ id: string }> }).nodes[0]!.id;
    const created = await read(
      replica(0),
      `mutation($d: ID!, $r: ID) { createSnapshot(input: { diskId: $d, regionId: $r }) {
        __typename ... on CreateSnapshotPayload { snapshot { id } } } }`,
      { d: diskId, r: REGION },
    );
    const snapshotId = (created.createSnapshot as { snapshot: { id: string } }).snapshot.id;

    const subscription =
      'subscription($ids: [ID!]!, $r: ID) { snapshotProgress(ids: $ids, regionId: $r) { id status progress } }';
    const subscribers = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const on = stage.set.next();
        const stream = await openEventStream(on.origin, {
          query: subscription,
          variables: { ids: [snapshotId], r: REGION },
        });
        const seen: number[] = [];
        const reading = (async () => {
          try {
            for (let event = await stream.result(); ; event = await stream.result()) {
              const snapshot = event.data?.snapshotProgress as { id: string; progress: number } | undefined;
              if (snapshot?.id === snapshotId) seen.push(snapshot.progress);
            }
          } catch {
            // the stream ended: its replica was killed, or the test aborted it
          }
        })();
        return { on, stream, seen, reading };
      }),
    );
    const lastProgress = (subscriber: (typeof subscribers)[number]) => subscriber.seen.at(-1) ?? -1;
    // The simulator's own answer, past every cache: what the subscribers should hear next.
    const readProgress = async () => {
      const answer = await graphql(
        stage.baseline.replicas[0]!.gatewayUrl,
        'query($id: ID!, $r: ID) { snapshot(id: $id, regionId: $r) { progress } }',
        { id: snapshotId, r: REGION },
        { 'cache-control': 'no-cache' },
      );
      const snapshot = answer.body.data?.snapshot as { progress: number } | undefined;
      if (snapshot === undefined) throw new Error(`no snapshot: ${JSON.stringify(answer.body)}`);
      return snapshot.progress;
    };
    try {
      await expect.poll(() => subscribers.every((s) => s.seen.length > 0), { timeout: 15_000 }).toBe(true);

      // The snapshot moves: every subscriber hears of it, and only one replica asked ECS.
      stage.set.resetCalls();
      stage.simulator.advance(2_000);
      const moved = await readProgress();
      expect(moved).toBeGreaterThan(0);
      await expect
        .poll(() => subscribers.every((s) => lastProgress(s) === moved), { timeout: 15_000 })
        .toBe(true);
      const pollers = pollingReplicas();
      expect(pollers).toHaveLength(1);
      const poller = pollers[0] as number;

      // The poller dies without a word: the others' subscribers keep hearing, from one new poller.
      await stage.set.kill(poller);
      stage.set.resetCalls();
      stage.simulator.advance(2_000);
      const later = await readProgress();
      expect(later).toBeGreaterThan(moved);
      const survivors = subscribers.filter((s) => s.on.index !== poller);
      expect(survivors.length).toBeGreaterThanOrEqual(33);
      await expect
        .poll(() => survivors.every((s) => lastProgress(s) === later), { timeout: 20_000 })
        .toBe(true);
      const next = pollingReplicas();
      expect(next).toHaveLength(1);
      expect(next[0]).not.toBe(poller);
    } finally {
      for (const subscriber of subscribers) subscriber.stream.abort();
      await Promise.all(subscribers.map((subscriber) => subscriber.reading));
    }
  }, 90_000);
});

/** The replicas that sent DescribeSnapshots since the last reset. */
function pollingReplicas(): number[] {
  return [
    ...new Set(
      stage.set
        .calls()
        .filter((call) => call.action === 'DescribeSnapshots')
        .map((call) => call.replica),
    ),
  ];
}
