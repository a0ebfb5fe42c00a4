import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../../src/yoga.js';
import { forcedFaults } from './forced-faults.js';
import {
  actionCalls,
  actionCallsSince,
  type Estate,
  estate,
  mutate,
  read,
  type SimulatedGateway,
  simulatedGateway,
  snapshotIdsOf,
} from './mutations-harness.js';

let h: SimulatedGateway;
afterEach(() => h.close());

/** What the tests select of an item's result: every member's identifying fields. */
const ITEM_RESULT = `
  __typename
  ... on MutationError { message }
  ... on EcsActionError { code httpStatus requestId }
  ... on OutcomeUnknownError { code action resourceIds }
  ... on ValidationError { field rule code }
  ... on DryRunPassed { action }`;

const SELECTIONS: Record<string, { readonly id: string; readonly payload: string }> = {
  createSnapshots: {
    id: 'diskId',
    payload: '... on CreateSnapshotPayload { snapshot { id sourceDiskId status name } }',
  },
  startInstances: { id: 'instanceId', payload: '... on StartInstancePayload { instance { id status } }' },
  stopInstances: { id: 'instanceId', payload: '... on StopInstancePayload { instance { id status } }' },
};

interface BulkItem {
  readonly id: string;
  readonly result: Record<string, unknown> & { readonly __typename: string };
}

interface BulkAnswer {
  readonly __typename: string;
  readonly dryRun?: boolean;
  readonly items?: BulkItem[];
  readonly field?: string;
  readonly rule?: string;
  readonly code?: string;
}

async function bulk(
  name: keyof typeof SELECTIONS,
  input: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  const { id, payload } = SELECTIONS[name] as { id: string; payload: string };
  const type = name.charAt(0).toUpperCase() + name.slice(1);
  return h.run<Record<string, BulkAnswer>>(
    `mutation Bulk($input: ${type}Input!) {
      ${name}(input: $input) {
        __typename
        ... on ValidationError { field rule code }
        ... on ${type}Payload { dryRun items { id: ${id} result { ${ITEM_RESULT} ${payload} } } }
      }
    }`,
    { input },
    headers,
  );
}

async function bulkAnswer(
  name: keyof typeof SELECTIONS,
  input: Record<string, unknown>,
): Promise<BulkAnswer> {
  const response = await bulk(name, input);
  if (response.errors) throw new Error(`${name} answered GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data?.[name] as BulkAnswer;
}

/** The simulator's call counts since `before`, by action (actions not called left out). */
const callsSince = (before: Record<string, number>) => actionCallsSince(h.simulator, before);

async function start(options: { gateway?: Partial<GatewayOptions>; snapshotsPerDisk?: number } = {}) {
  h = await simulatedGateway({
    ...(options.gateway ? { gateway: options.gateway } : {}),
    ...(options.snapshotsPerDisk === undefined
      ? {}
      : { simulator: { seed: { snapshotsPerDisk: options.snapshotsPerDisk } } }),
  });
  return estate(h);
}

/** A refusal as compared between a dry run and a real call: the RequestId differs (a dry run has none). */
function refusalFacts(result: Record<string, unknown>) {
  const { requestId: _requestId, ...facts } = result;
  return facts;
}

/** The plan's refusals at `indexes` are the real call's, but for the RequestId. */
function expectSameRefusals(plan: BulkAnswer, real: BulkAnswer, indexes: readonly number[]) {
  for (const index of indexes)
    expect(refusalFacts(plan.items?.[index]?.result ?? {})).toEqual(
      refusalFacts(real.items?.[index]?.result ?? {}),
    );
}

describe('createSnapshots', () => {
  it('snapshots 3 named disks and an instance’s disks, each once, named ones first, one CreateSnapshot each', async () => {
    const world = await start();
    const { running, stopped } = world;
    const before = actionCalls(h.simulator);
    const answer = await bulkAnswer('createSnapshots', {
      diskIds: [running.dataDiskId, stopped.systemDiskId, stopped.dataDiskId],
      instanceIds: [running.id],
      snapshotName: 'nightly',
    });
    expect(answer.__typename).toBe('CreateSnapshotsPayload');
    expect(answer.dryRun).toBe(false);
    const ids = [running.dataDiskId, stopped.systemDiskId, stopped.dataDiskId, running.systemDiskId];
    expect(answer.items?.map((item) => item.id)).toEqual(ids);
    for (const item of answer.items ?? [])
      expect(item.result).toMatchObject({
        __typename: 'CreateSnapshotPayload',
        snapshot: { sourceDiskId: item.id, status: 'PROGRESSING', name: 'nightly' },
      });
    const calls = callsSince(before);
    // One listing of the instance's disks, one write per disk, and the new snapshots read back.
    expect(calls.DescribeDisks).toBe(1);
    expect(calls.CreateSnapshot).toBe(4);
    expect(calls.DescribeSnapshots).toBeGreaterThanOrEqual(1);
    expect(calls.DescribeSnapshots).toBeLessThanOrEqual(4);
    expect(Object.keys(calls).sort()).toEqual(['CreateSnapshot', 'DescribeDisks', 'DescribeSnapshots']);
    for (const item of answer.items ?? []) {
      const snapshot = item.result.snapshot as { id: string };
      expect(await snapshotIdsOf(h, item.id)).toContain(snapshot.id);
    }
  });

  it('one disk refused (already snapshotting), one missing: the others are still snapshotted', async () => {
    const { running } = await start();
    await mutate(h, 'createSnapshot', { diskId: running.dataDiskId });
    const missing = 'd-bp1missing0000000000';
    const before = actionCalls(h.simulator);
    const answer = await bulkAnswer('createSnapshots', {
      diskIds: [running.dataDiskId, missing, running.systemDiskId],
    });
    expect(answer.items?.map((item) => [item.id, item.result.__typename])).toEqual([
      [running.dataDiskId, 'EcsIncorrectStateError'],
      [missing, 'EcsNotFoundError'],
      [running.systemDiskId, 'CreateSnapshotPayload'],
    ]);
    expect(answer.items?.[0]?.result).toMatchObject({
      code: 'IncorrectDiskStatus.CreatingSnapshot',
      httpStatus: 403,
    });
    expect(answer.items?.[1]?.result).toMatchObject({ code: 'InvalidDiskId.NotFound', httpStatus: 404 });
    expect(callsSince(before)).toMatchObject({ CreateSnapshot: 3, DescribeSnapshots: 1 });
  });

  it('a dry run plans without writing, and its refusals are the real calls’ refusals', async () => {
    const { running, stopped } = await start();
    await mutate(h, 'createSnapshot', { diskId: running.dataDiskId });
    const missing = 'd-bp1missing0000000000';
    const input = { diskIds: [running.dataDiskId, missing], instanceIds: [stopped.id] };
    const before = actionCalls(h.simulator);
    const plan = await bulkAnswer('createSnapshots', { ...input, dryRun: true });
    const planCalls = callsSince(before);
    expect(planCalls.CreateSnapshot).toBeUndefined();
    // The instance's disks listed, the named ones described, the instance read, two counts per disk that passed.
    expect(planCalls).toEqual({ DescribeDisks: 2, DescribeInstances: 1, DescribeSnapshots: 2 * 3 });
    expect(plan.dryRun).toBe(true);
    expect(plan.items?.map((item) => [item.id, item.result.__typename])).toEqual([
      [running.dataDiskId, 'EcsIncorrectStateError'],
      [missing, 'EcsNotFoundError'],
      [stopped.systemDiskId, 'DryRunPassed'],
      [stopped.dataDiskId, 'DryRunPassed'],
    ]);
    expect(plan.items?.[0]?.result).toMatchObject({
      requestId: null,
      code: 'IncorrectDiskStatus.CreatingSnapshot',
    });
    expect(plan.items?.[2]?.result).toEqual({ __typename: 'DryRunPassed', action: 'CreateSnapshot' });

    const real = await bulkAnswer('createSnapshots', input);
    expect(real.items?.map((item) => item.result.__typename)).toEqual([
      'EcsIncorrectStateError',
      'EcsNotFoundError',
      'CreateSnapshotPayload',
      'CreateSnapshotPayload',
    ]);
    expectSameRefusals(plan, real, [0, 1]);
  });

  it('a dry run sees the quota of manual snapshots per disk, as CreateSnapshot refuses it', async () => {
    // 120 seeded daily snapshots a disk, about three quarters manual: past the 2014 quota of 64.
    const { running } = await start({ snapshotsPerDisk: 120 });
    const diskIds = [running.dataDiskId];
    const manual = await h.run<{ snapshots: { totalCount: number } }>(
      'query($d: ID!) { snapshots(filter: { diskId: $d, snapshotType: USER }, page: { size: 1 }) { totalCount } }',
      { d: running.dataDiskId },
    );
    expect(manual.data?.snapshots.totalCount).toBeGreaterThanOrEqual(64);
    const plan = await bulkAnswer('createSnapshots', { diskIds, dryRun: true });
    const real = await bulkAnswer('createSnapshots', { diskIds });
    expect(plan.items?.[0]?.result).toMatchObject({
      __typename: 'EcsQuotaError',
      code: 'QuotaExceed.Snapshot',
      httpStatus: 403,
    });
    expectSameRefusals(plan, real, [0]);
  });

  it('a dry run sees a new disk never attached (no DetachedTime), as CreateSnapshot refuses it', async () => {
    const { running } = await start();
    const created = await mutate(
      h,
      'createDisk',
      { zoneId: running.zoneId, size: 40, diskCategory: 'cloud_efficiency' },
      'disk { id }',
    );
    h.simulator.advance(2_000);
    const diskIds = [(created.disk as { id: string }).id];
    const plan = await bulkAnswer('createSnapshots', { diskIds, dryRun: true });
    const real = await bulkAnswer('createSnapshots', { diskIds });
    expect(plan.items?.[0]?.result).toMatchObject({
      __typename: 'EcsIncorrectStateError',
      code: 'IncorrectDiskStatus.NeverAttached',
      httpStatus: 403,
    });
    expectSameRefusals(plan, real, [0]);
  });

  it('more named disks than the bound: ValidationError naming the field and the rule, no call at all', async () => {
    const { running, stopped } = await start({ gateway: { maxBulkItems: 2 } });
    const before = actionCalls(h.simulator);
    const answer = await bulkAnswer('createSnapshots', {
      diskIds: [running.dataDiskId, running.systemDiskId, stopped.dataDiskId],
    });
    expect(answer).toEqual({
      __typename: 'ValidationError',
      field: 'input.diskIds',
      rule: 'lists at most 2 ids, repeats included (maxItems, GATEWAY_MAX_BULK_ITEMS); got 3',
      code: 'TooManyItems',
    });
    expect(callsSince(before)).toEqual({});
  });

  it('an id repeated past the bound is refused before any call: every entry counts, as the estimate counts it', async () => {
    const { running, stopped } = await start({ gateway: { debug: true } });
    const seeded = await snapshotIdsOf(h, running.dataDiskId);
    const before = actionCalls(h.simulator);
    for (const [field, id] of [
      ['diskIds', running.dataDiskId],
      ['instanceIds', stopped.id],
    ] as const) {
      const response = await bulk('createSnapshots', { [field]: Array(51).fill(id) });
      expect(response.data?.createSnapshots).toEqual({
        __typename: 'ValidationError',
        field: `input.${field}`,
        rule: 'lists at most 50 ids, repeats included (maxItems, GATEWAY_MAX_BULK_ITEMS); got 51',
        code: 'TooManyItems',
      });
      expect(response.extensions?.upstream).toMatchObject({ calls: 0, estimate: 0 });
    }
    expect(callsSince(before)).toEqual({});
    expect(await snapshotIdsOf(h, running.dataDiskId)).toEqual(seeded);
  });

  it('aliases of a repeated id and a filter of everything: refused whole before any call, nothing created', async () => {
    h = await simulatedGateway({ gateway: { maxUpstreamCalls: 30 } });
    const { running } = await estate(h);
    const seeded = await snapshotIdsOf(h, running.dataDiskId);
    const aliases = Array.from(
      { length: 12 },
      (_, index) =>
        `a${index}: createSnapshots(input: $input) { __typename ... on CreateSnapshotsPayload { items { diskId } } }`,
    ).join('\n');
    const document = `mutation($input: CreateSnapshotsInput!) { ${aliases} }`;
    for (const repeats of [51, 50]) {
      const before = actionCalls(h.simulator);
      const response = await h.run<Record<string, { __typename: string }>>(document, {
        input: { diskIds: Array(repeats).fill(running.dataDiskId), filter: {} },
      });
      if (repeats === 51)
        // Each alias is a ValidationError of its own: nothing is counted, nothing called.
        expect(Object.values(response.data ?? {}).map((answer) => answer.__typename)).toEqual(
          Array(12).fill('ValidationError'),
        );
      // 50 entries count 50 items per alias, whatever they name: past the cap, refused whole.
      else expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_UPSTREAM_CALLS' });
      expect(callsSince(before)).toEqual({});
    }
    expect(await snapshotIdsOf(h, running.dataDiskId)).toEqual(seeded);
  });

  it('an empty id in any list is a ValidationError naming its place and the rule, before any call', async () => {
    const { running } = await start();
    const before = actionCalls(h.simulator);
    const empty = (field: string) => ({
      __typename: 'ValidationError',
      field,
      rule: 'at least 1 character',
      code: 'InvalidParameter',
    });
    expect(await bulkAnswer('createSnapshots', { diskIds: [running.dataDiskId, ''] })).toEqual(
      empty('input.diskIds[1]'),
    );
    // An empty InstanceId filter would list every disk of the region.
    expect(await bulkAnswer('createSnapshots', { instanceIds: [''] })).toEqual(empty('input.instanceIds[0]'));
    expect(await bulkAnswer('startInstances', { ids: [''] })).toEqual(empty('input.ids[0]'));
    expect(await bulkAnswer('stopInstances', { ids: [running.id, ''] })).toEqual(empty('input.ids[1]'));
    expect(callsSince(before)).toEqual({});
  });

  it('a disk of another region is not found, in the plan and in the real call alike: nothing is created', async () => {
    const { running } = await start();
    const seeded = await snapshotIdsOf(h, running.dataDiskId);
    const input = { diskIds: [running.dataDiskId], regionId: 'cn-beijing' };
    const plan = await bulkAnswer('createSnapshots', { ...input, dryRun: true });
    const real = await bulkAnswer('createSnapshots', input);
    expect(real.items?.[0]?.result).toMatchObject({ code: 'InvalidDiskId.NotFound', httpStatus: 404 });
    expectSameRefusals(plan, real, [0]);
    expect(await snapshotIdsOf(h, running.dataDiskId)).toEqual(seeded);
  });

  it('a filter or instances selecting more than the bound are refused after listing, before any write', async () => {
    const { running, stopped } = await start();
    let before = actionCalls(h.simulator);
    const byFilter = await bulkAnswer('createSnapshots', { filter: { status: 'IN_USE' }, maxItems: 2 });
    expect(byFilter).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.filter',
      code: 'TooManyItems',
    });
    // The filter's first page tells its total: one call.
    expect(callsSince(before)).toEqual({ DescribeDisks: 1 });

    before = actionCalls(h.simulator);
    const byInstances = await bulkAnswer('createSnapshots', {
      instanceIds: [running.id, stopped.id],
      maxItems: 3,
    });
    expect(byInstances).toEqual({
      __typename: 'ValidationError',
      field: 'input.instanceIds',
      rule: 'selects at most 3 disks (maxItems, GATEWAY_MAX_BULK_ITEMS); got 4',
      code: 'TooManyItems',
    });
    expect(callsSince(before)).toEqual({ DescribeDisks: 2 });
  });

  it('no selector, a maxItems past the setting, a broken input rule: ValidationError before any call', async () => {
    const { running } = await start();
    const before = actionCalls(h.simulator);
    expect(await bulkAnswer('createSnapshots', { snapshotName: 'nightly' })).toEqual({
      __typename: 'ValidationError',
      field: 'input',
      rule: 'needs at least one of input.diskIds, input.instanceIds, input.filter (a list not empty)',
      code: 'MissingParameter',
    });
    // Empty lists select nothing: no selector either.
    for (const [name, input] of [
      ['createSnapshots', { diskIds: [] }],
      ['createSnapshots', { diskIds: [], instanceIds: [], snapshotName: 'nightly' }],
      ['startInstances', { ids: [] }],
      ['stopInstances', { ids: [], forceStop: true }],
    ] as const)
      expect(await bulkAnswer(name, input), `${name} ${JSON.stringify(input)}`).toMatchObject({
        __typename: 'ValidationError',
        field: 'input',
        code: 'MissingParameter',
      });
    expect(await bulkAnswer('createSnapshots', { diskIds: [running.dataDiskId], maxItems: 51 })).toEqual({
      __typename: 'ValidationError',
      field: 'input.maxItems',
      rule: 'must be from 1 to 50 (GATEWAY_MAX_BULK_ITEMS)',
      code: 'TooManyItems',
    });
    expect(
      await bulkAnswer('createSnapshots', { diskIds: [running.dataDiskId], snapshotName: 'auto-nightly' }),
    ).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.snapshotName',
      code: 'InvalidSnapshotName.Malformed',
    });
    expect(
      await bulkAnswer('createSnapshots', {
        diskIds: [running.dataDiskId],
        category: 'Standard',
        instantAccess: true,
      }),
    ).toMatchObject({ __typename: 'ValidationError', code: 'InvalidCategoryAndInstantAccess.Malformed' });
    const overlong = await bulk('createSnapshots', { diskIds: [running.dataDiskId, `d-${'x'.repeat(200)}`] });
    expect(overlong.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'createSnapshots(input).diskIds[1]',
    });
    expect(callsSince(before)).toEqual({});
    // An empty filter is a selector: every instance of the region.
    const everything = await bulkAnswer('startInstances', { ids: [], filter: {}, dryRun: true });
    expect(everything).toMatchObject({ __typename: 'StartInstancesPayload', dryRun: true });
    expect(everything.items?.length).toBeGreaterThan(1);
  });

  it('retried with the same Idempotency-Key after lost answers, it creates no snapshot twice', async () => {
    const faults = forcedFaults();
    h = await simulatedGateway({ wrapCaller: (client, simulator) => faults.wrapCaller(client, simulator) });
    const { running, stopped }: Estate = await estate(h);
    const diskIds = [running.dataDiskId, stopped.dataDiskId];
    const counts = async () => Promise.all(diskIds.map(async (id) => (await snapshotIdsOf(h, id)).length));
    const initial = await counts();
    const headers = { 'idempotency-key': 'bulk-nightly-1' };
    faults.force('CreateSnapshot', { dropAfterActingRate: 1 });
    const first = await bulk('createSnapshots', { diskIds }, headers);
    const firstItems = first.data?.createSnapshots?.items ?? [];
    expect(firstItems.some((item) => item.result.__typename === 'OutcomeUnknownError')).toBe(true);
    // An unknown outcome of token-taking writes is not kept: the retry runs, with the same tokens.
    const retried = await bulk('createSnapshots', { diskIds }, headers);
    const items = retried.data?.createSnapshots?.items ?? [];
    expect(items.map((item) => item.result.__typename)).toEqual([
      'CreateSnapshotPayload',
      'CreateSnapshotPayload',
    ]);
    expect(await counts()).toEqual(initial.map((count) => count + 1));
    // Now done: a third try is answered from the kept result, calling nothing.
    const before = actionCalls(h.simulator);
    const replayed = await bulk('createSnapshots', { diskIds }, headers);
    expect(replayed.data).toEqual(retried.data);
    expect(callsSince(before)).toEqual({});
    expect(await counts()).toEqual(initial.map((count) => count + 1));
  });

  it('each item’s ClientToken is its own: two disks of one request never share one', async () => {
    const { running, stopped } = await start();
    const answer = await bulk(
      'createSnapshots',
      { diskIds: [running.dataDiskId, stopped.dataDiskId] },
      { 'idempotency-key': 'bulk-two-tokens' },
    );
    const snapshots = (answer.data?.createSnapshots?.items ?? []).map(
      (item) => (item.result.snapshot as { id: string }).id,
    );
    expect(new Set(snapshots).size).toBe(2);
  });

  it('the call estimate covers the writes and their reads, and a cap below it refuses before any call', async () => {
    const { running, stopped } = await start({ gateway: { debug: true } });
    const three = { diskIds: [running.dataDiskId, running.systemDiskId, stopped.dataDiskId] };
    const done = await bulk('createSnapshots', three);
    // Three writes, each with its snapshot read back.
    const upstream = (extensions: Record<string, unknown> | undefined) =>
      extensions?.upstream as { calls: number; estimate: number } | undefined;
    expect(upstream(done.extensions)?.estimate).toBe(6);
    expect(upstream(done.extensions)?.calls).toBeLessThanOrEqual(6);
    // A dry run: three disks described in one call, their instances in one, two counts each.
    const plan = await bulk('createSnapshots', { ...three, dryRun: true });
    expect(upstream(plan.extensions)?.estimate).toBe(1 + 3 * 2 + 1);
    // A filter counts at the bound: 50 disks (one page of 50 to list them), each written and read.
    const filtered = await bulk('createSnapshots', {
      filter: { status: 'IN_USE' },
      dryRun: false,
      maxItems: 2,
    });
    expect(upstream(filtered.extensions)?.estimate).toBe(1 + 2 * 2);
    await h.close();

    h = await simulatedGateway({ gateway: { maxUpstreamCalls: 5 } });
    const before = actionCalls(h.simulator);
    const refused = await bulk('createSnapshots', three);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_UPSTREAM_CALLS', estimate: 6 });
    expect(callsSince(before)).toEqual({});
  });

  it('the estimate bounds the calls made, with relations selected below each item and in a dry run', async () => {
    const { running, stopped } = await start({ gateway: { debug: true } });
    const query = `mutation($input: CreateSnapshotsInput!) { createSnapshots(input: $input) {
      ... on CreateSnapshotsPayload { items { diskId result { __typename
        ... on CreateSnapshotPayload { snapshot { id sourceDisk { id instance { id disks { totalCount } } } } } } } } } }`;
    const input = {
      diskIds: [running.dataDiskId],
      instanceIds: [running.id, stopped.id],
      filter: { status: 'IN_USE' },
      maxItems: 20,
    };
    for (const dryRun of [true, false]) {
      const response = await h.run<{ createSnapshots: { items: unknown[] } }>(query, {
        input: { ...input, dryRun },
      });
      expect(response.errors).toBeUndefined();
      expect(response.data?.createSnapshots.items.length).toBeGreaterThan(4);
      const upstream = response.extensions?.upstream as { calls: number; estimate: number };
      expect(upstream.calls).toBeGreaterThan(0);
      expect(upstream.calls).toBeLessThanOrEqual(upstream.estimate);
    }
  });

  it('read-only mode refuses it (MUTATIONS_DISABLED, 403) and calls nothing', async () => {
    const { running } = await start({ gateway: { readOnly: true } });
    const before = actionCalls(h.simulator);
    const response = await h.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({
        query: 'mutation($d: [ID!]) { createSnapshots(input: { diskIds: $d }) { __typename } }',
        variables: { d: [running.dataDiskId] },
      }),
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('MUTATIONS_DISABLED');
    expect(callsSince(before)).toEqual({});
  });

  it('without a token on a non-loopback interface it is refused like every mutation, calling nothing', async () => {
    const { running } = await start({ gateway: { host: '0.0.0.0' } });
    const before = actionCalls(h.simulator);
    const response = await bulk('createSnapshots', { diskIds: [running.dataDiskId] });
    expect(response.errors?.[0]?.extensions?.code).toBe('MUTATIONS_DISABLED');
    expect(response.data ?? null).toBeNull();
    expect(callsSince(before)).toEqual({});
  });

  it('an item whose call never reached ECS (throttled) is null with its error; the others stand', async () => {
    const faults = forcedFaults();
    h = await simulatedGateway({ wrapCaller: (client, simulator) => faults.wrapCaller(client, simulator) });
    const { running, stopped } = await estate(h);
    const diskIds = [running.dataDiskId, stopped.dataDiskId, running.systemDiskId];
    const before = await Promise.all(diskIds.map(async (id) => (await snapshotIdsOf(h, id)).length));
    faults.force('CreateSnapshot', { throttlingRate: 1 });
    const response = await bulk('createSnapshots', { diskIds });
    const items = response.data?.createSnapshots?.items ?? [];
    expect(items.map((item) => item.id)).toEqual(diskIds);
    const failed = (response.errors ?? []).map((error) => ({
      path: error.path,
      code: error.extensions?.code,
    }));
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const { path, code } of failed) {
      expect(code).toBe('Throttling');
      expect(path?.slice(0, 2)).toEqual(['createSnapshots', 'items']);
      expect(path?.[3]).toBe('result');
      expect(items[path?.[2] as number]?.result).toBeNull();
    }
    // Where the call failed nothing was created; where it passed, exactly one snapshot.
    const after = await Promise.all(diskIds.map(async (id) => (await snapshotIdsOf(h, id)).length));
    items.forEach((item, index) => {
      const created = item.result === null ? 0 : 1;
      if (created === 1) expect(item.result.__typename).toBe('CreateSnapshotPayload');
      expect(after[index]).toBe((before[index] ?? 0) + created);
    });
  });
});

describe('startInstances and stopInstances', () => {
  it('stopInstances over a Running and a Stopped instance: one stops, one is refused, forceStop passed to each', async () => {
    const { running, stopped } = await start();
    const before = actionCalls(h.simulator);
    const answer = await bulkAnswer('stopInstances', { ids: [running.id, stopped.id], forceStop: true });
    expect(answer.items).toEqual([
      {
        id: running.id,
        result: {
          __typename: 'StopInstancePayload',
          instance: { id: running.id, status: 'STOPPING' },
        },
      },
      {
        id: stopped.id,
        result: {
          __typename: 'EcsIncorrectStateError',
          code: 'IncorrectInstanceStatus',
          httpStatus: 403,
          requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
          message: expect.any(String),
        },
      },
    ]);
    expect(callsSince(before)).toMatchObject({ StopInstance: 2, DescribeInstances: 1 });
    expect((await read(h, 'instance', stopped.id, 'status'))?.status).toBe('STOPPED');
  });

  it('startInstances by filter, dry run first: the plan equals what the real calls answer', async () => {
    const { running, stopped } = await start();
    const input = { ids: [running.id, stopped.id, 'i-bp1missing0000000000'] };
    const before = actionCalls(h.simulator);
    const plan = await bulkAnswer('startInstances', { ...input, dryRun: true });
    // The named instances described in one call; nothing written.
    expect(callsSince(before)).toEqual({ DescribeInstances: 1 });
    expect(plan.items?.map((item) => item.result.__typename)).toEqual([
      'EcsIncorrectStateError',
      'DryRunPassed',
      'EcsNotFoundError',
    ]);
    const real = await bulkAnswer('startInstances', input);
    expect(real.items?.map((item) => item.result.__typename)).toEqual([
      'EcsIncorrectStateError',
      'StartInstancePayload',
      'EcsNotFoundError',
    ]);
    expectSameRefusals(plan, real, [0, 2]);
    expect((await read(h, 'instance', stopped.id, 'status'))?.status).toBe('STARTING');
  });

  it('an instance of another region is not found, in the plan and in the real call alike: it stays as it was', async () => {
    const { stopped } = await start();
    const input = { ids: [stopped.id], regionId: 'cn-beijing' };
    const plan = await bulkAnswer('startInstances', { ...input, dryRun: true });
    const real = await bulkAnswer('startInstances', input);
    expect(real.items?.[0]?.result).toMatchObject({ code: 'InvalidInstanceId.NotFound', httpStatus: 404 });
    expectSameRefusals(plan, real, [0]);
    const after = await h.run<{ instance: { status: string } }>(
      `{ instance(id: "${stopped.id}") { status } }`,
    );
    expect(after.data?.instance.status).toBe('STOPPED');
  });

  it('startInstances over a filter acts on every instance it lists, once', async () => {
    const { stopped } = await start();
    const listed = await h.run<{ instances: { nodes: { id: string }[] } }>(
      '{ instances(filter: { status: STOPPED }) { nodes { id } } }',
    );
    const stoppedIds = listed.data?.instances.nodes.map((node) => node.id) ?? [];
    expect(stoppedIds).toContain(stopped.id);
    const before = actionCalls(h.simulator);
    const answer = await bulkAnswer('startInstances', { ids: [stopped.id], filter: { status: 'STOPPED' } });
    expect(answer.items?.map((item) => item.id)).toEqual(
      stoppedIds.includes(stopped.id) ? [stopped.id, ...stoppedIds.filter((id) => id !== stopped.id)] : [],
    );
    expect(answer.items?.every((item) => item.result.__typename === 'StartInstancePayload')).toBe(true);
    expect(callsSince(before).StartInstance).toBe(stoppedIds.length);
  });
});
