import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../../src/yoga.js';
import { forcedFaults } from './forced-faults.js';
import {
  actionCalls,
  type Estate,
  estate,
  type SimulatedGateway,
  simulatedGateway,
  snapshotIdsOf,
} from './mutations-harness.js';

let h: SimulatedGateway;
let world: Estate;
let faults: ReturnType<typeof forcedFaults>;

async function setUp(gateway: Partial<GatewayOptions> = {}) {
  faults = forcedFaults();
  h = await simulatedGateway({
    gateway,
    wrapCaller: (client, simulator) => faults.wrapCaller(client, simulator),
  });
  world = await estate(h);
}
afterEach(() => h.close());

interface Answer {
  readonly status: number;
  readonly replayed: string | null;
  readonly body: {
    readonly data?: Record<string, Record<string, unknown>> | null;
    readonly errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

async function post(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await h.gateway.fetch('http://gateway.test/graphql', {
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

const STOP = `mutation Stop($id: ID!) {
  stopInstance(input: { instanceId: $id }) {
    __typename
    ... on StopInstancePayload { requestId instance { id status } }
    ... on OutcomeUnknownError { code action resourceIds message }
  }
}`;

const SNAPSHOT = `mutation Snap($disk: ID!) {
  createSnapshot(input: { diskId: $disk }) {
    __typename
    ... on CreateSnapshotPayload { requestId snapshot { id sourceDiskId } }
    ... on OutcomeUnknownError { code action resourceIds }
  }
}`;

/** Upstream calls the simulator has answered so far, by action. */
const upstream = () => actionCalls(h.simulator);

describe('Idempotency-Key', () => {
  it('the same key with the same operation and variables answers the first body again without calling ECS', async () => {
    await setUp();
    const variables = { id: world.running.id, text: 'first' };
    const first = await post(DESCRIBE, variables, { 'idempotency-key': 'key-1' });
    expect(first).toMatchObject({ status: 200, replayed: null });
    expect(first.body.data?.modifyInstanceAttribute).toMatchObject({ instance: { description: 'first' } });
    const before = upstream();
    // Layout does not matter: the operation is compared as printed.
    const again = await post(DESCRIBE.replace(/\n\s*/g, ' '), variables, { 'idempotency-key': 'key-1' });
    expect(again).toEqual({ status: 200, replayed: 'true', body: first.body });
    expect(upstream()).toEqual(before);
  });

  it('createSnapshot retried with the same key after a lost answer: one snapshot, and the same body after', async () => {
    await setUp();
    const disk = world.running.dataDiskId;
    const before = await snapshotIdsOf(h, disk);
    const key = { 'idempotency-key': '7d5a4c1e-snapshot-before-upgrade' };
    faults.force('CreateSnapshot', { dropAfterActingRate: 1 });
    const lost = await post(SNAPSHOT, { disk }, key);
    expect(lost.body.data?.createSnapshot).toEqual({
      __typename: 'OutcomeUnknownError',
      code: 'ConnectionReset',
      action: 'CreateSnapshot',
      resourceIds: [disk],
    });
    // Not kept (every write of it takes a token): the retry runs, with the same derived ClientToken.
    const retried = await post(SNAPSHOT, { disk }, key);
    expect(retried.replayed).toBeNull();
    expect(retried.body.data?.createSnapshot).toMatchObject({
      __typename: 'CreateSnapshotPayload',
      snapshot: { sourceDiskId: disk },
    });
    const after = await snapshotIdsOf(h, disk);
    expect(after.length).toBe(before.length + 1);
    const created = after.find((id) => !before.includes(id));
    expect(retried.body.data?.createSnapshot).toMatchObject({ snapshot: { id: created } });
    const calls = upstream();
    const third = await post(SNAPSHOT, { disk }, key);
    expect(third).toEqual({ status: 200, replayed: 'true', body: retried.body });
    expect(upstream()).toEqual(calls);
  });

  it('without a key, the same retry makes a second snapshot (what the key prevents)', async () => {
    await setUp();
    const disk = world.running.dataDiskId;
    const before = await snapshotIdsOf(h, disk);
    faults.force('CreateSnapshot', { dropAfterActingRate: 1 });
    await post(SNAPSHOT, { disk });
    // Past the first snapshot's progress: ECS takes one creation at a time per disk.
    h.simulator.advance(600_000);
    await post(SNAPSHOT, { disk });
    expect((await snapshotIdsOf(h, disk)).length).toBe(before.length + 2);
  });

  it('a write without a token whose outcome is unknown is kept: the retry answers it again and never acts twice', async () => {
    await setUp();
    const { id } = world.running;
    faults.force('StopInstance', { dropRate: 1 });
    const first = await post(STOP, { id }, { 'idempotency-key': 'stop-1' });
    expect(first.body.data?.stopInstance).toMatchObject({
      __typename: 'OutcomeUnknownError',
      code: 'ConnectionReset',
    });
    const before = upstream();
    const again = await post(STOP, { id }, { 'idempotency-key': 'stop-1' });
    expect(again).toEqual({ status: 200, replayed: 'true', body: first.body });
    expect(upstream()).toEqual(before);
  });

  it('the same key with other variables: 422 IDEMPOTENCY_KEY_REUSED, and no upstream call', async () => {
    await setUp();
    const id = world.running.id;
    await post(DESCRIBE, { id, text: 'first' }, { 'idempotency-key': 'key-2' });
    const before = upstream();
    const other = await post(DESCRIBE, { id, text: 'second' }, { 'idempotency-key': 'key-2' });
    expect(other.status).toBe(422);
    expect(other.body).toEqual({
      errors: [
        {
          message:
            'This Idempotency-Key was used with another operation or other variables. A key names one request: send a new key for a new request.',
          extensions: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            rule: 'the same key must come with the same operation and variables',
          },
        },
      ],
    });
    expect(upstream()).toEqual(before);
  });

  it('the same key while its first request runs: 409 IDEMPOTENCY_KEY_IN_FLIGHT; afterwards the retry gets the result', async () => {
    await setUp();
    const variables = { id: world.running.id, text: 'slow' };
    const gate = faults.gate('ModifyInstanceAttribute');
    const first = post(DESCRIBE, variables, { 'idempotency-key': 'key-3' });
    await gate.reached;
    const second = await post(DESCRIBE, variables, { 'idempotency-key': 'key-3' });
    expect(second.status).toBe(409);
    expect(second.body.errors?.[0]?.extensions).toEqual({
      code: 'IDEMPOTENCY_KEY_IN_FLIGHT',
      rule: 'one request per key at a time',
    });
    gate.release();
    const done = await first;
    expect(done.status).toBe(200);
    const third = await post(DESCRIBE, variables, { 'idempotency-key': 'key-3' });
    expect(third).toEqual({ status: 200, replayed: 'true', body: done.body });
    expect(upstream().ModifyInstanceAttribute).toBe(1);
  });

  it('a kept result expires after its TTL (injected clock): then the key runs again', async () => {
    let now = 1_000_000;
    await setUp({ idempotency: { ttlMs: 60_000, memory: { now: () => now } } });
    const variables = { id: world.running.id, text: 'ttl' };
    await post(DESCRIBE, variables, { 'idempotency-key': 'key-4' });
    now += 59_999;
    expect((await post(DESCRIBE, variables, { 'idempotency-key': 'key-4' })).replayed).toBe('true');
    expect(upstream().ModifyInstanceAttribute).toBe(1);
    now += 1;
    const expired = await post(DESCRIBE, variables, { 'idempotency-key': 'key-4' });
    expect(expired.replayed).toBeNull();
    expect(upstream().ModifyInstanceAttribute).toBe(2);
  });

  it('the memory bound evicts the least recently used key: its retry runs again', async () => {
    await setUp({ idempotency: { memory: { maxEntries: 1 } } });
    const { id } = world.running;
    await post(DESCRIBE, { id, text: 'text-a' }, { 'idempotency-key': 'key-a' });
    await post(DESCRIBE, { id, text: 'text-b' }, { 'idempotency-key': 'key-b' });
    expect((await post(DESCRIBE, { id, text: 'text-b' }, { 'idempotency-key': 'key-b' })).replayed).toBe(
      'true',
    );
    expect(upstream().ModifyInstanceAttribute).toBe(2);
    expect(
      (await post(DESCRIBE, { id, text: 'text-a' }, { 'idempotency-key': 'key-a' })).replayed,
    ).toBeNull();
    expect(upstream().ModifyInstanceAttribute).toBe(3);
  });

  it.each([
    ['an empty key', '""', 'got an empty key'],
    ['256 characters', 'k'.repeat(256), 'got 256 characters'],
    ['a space', 'two words', 'got another character'],
    ['a non-ASCII character', 'clé', 'got another character'],
  ])(
    'a malformed key (%s): 400 INVALID_IDEMPOTENCY_KEY naming the rule, before any call',
    async (_, key, got) => {
      await setUp();
      const before = upstream();
      const answer = await post(DESCRIBE, { id: world.running.id, text: 'x' }, { 'idempotency-key': key });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          message: expect.stringMatching(
            /^The Idempotency-Key header is not valid: 1 to 255 visible ASCII characters/,
          ),
          extensions: {
            code: 'INVALID_IDEMPOTENCY_KEY',
            header: 'Idempotency-Key',
            rule: expect.stringContaining(got),
          },
        },
      ]);
      expect(upstream()).toEqual(before);
    },
  );

  it('the draft’s quoted form and the bare form are the same key', async () => {
    await setUp();
    const variables = { id: world.running.id, text: 'quoted' };
    await post(DESCRIBE, variables, { 'idempotency-key': '"key-5"' });
    expect((await post(DESCRIBE, variables, { 'idempotency-key': 'key-5' })).replayed).toBe('true');
  });

  it('input refused before sending (ValidationError) is not kept: the key is free for the corrected input', async () => {
    await setUp();
    const { id } = world.running;
    const bad = await post(DESCRIBE, { id, text: 'http://no.example' }, { 'idempotency-key': 'key-6' });
    expect(bad.body.data?.modifyInstanceAttribute?.__typename).toBe('ValidationError');
    const good = await post(DESCRIBE, { id, text: 'fine' }, { 'idempotency-key': 'key-6' });
    expect(good.body.data?.modifyInstanceAttribute).toMatchObject({ instance: { description: 'fine' } });
  });

  it('on a query the header is ignored: reads run every time', async () => {
    await setUp();
    const query = 'query One($id: ID!) { instance(id: $id) { id } }';
    const first = await post(query, { id: world.running.id }, { 'idempotency-key': 'read-1' });
    const again = await post(query, { id: world.running.id }, { 'idempotency-key': 'read-1' });
    expect(again).toEqual({ status: 200, replayed: null, body: first.body });
    expect(h.calls.filter((call) => call.action === 'DescribeInstances').length).toBeGreaterThanOrEqual(2);
  });

  it('a request refused by the token check never claims the key', async () => {
    faults = forcedFaults();
    h = await simulatedGateway({ gateway: { token: 'gateway-token-0123456789' } });
    const listed = await h.run<{ instances: { nodes: { id: string }[] } }>(
      '{ instances(regionId: "cn-hangzhou") { nodes { id } } }',
      {},
      { authorization: 'Bearer gateway-token-0123456789' },
    );
    const id = listed.data?.instances.nodes[0]?.id;
    const refused = await post(
      DESCRIBE,
      { id, text: 'text-a' },
      { 'idempotency-key': 'key-7', authorization: 'Bearer wrong' },
    );
    expect(refused.status).toBe(401);
    const accepted = await post(
      DESCRIBE,
      { id, text: 'text-b' },
      { 'idempotency-key': 'key-7', authorization: 'Bearer gateway-token-0123456789' },
    );
    expect(accepted.body.data?.modifyInstanceAttribute).toMatchObject({
      instance: { description: 'text-b' },
    });
  });
});
