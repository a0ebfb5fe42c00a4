import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstancesDisksSnapshotsDocument } from '../../client/graphql.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute, executeDocument } from '../graph/support/gateway.js';
import { MAIN_REGION, OTHER_REGIONS, type ReadStack, startReadStack } from './read-stack.js';

const LIMITS = API_LIMITS['2014'];
// The demo estate's shape: 4 instances × 2 disks × 2 snapshots, and the extras (a spare
// disk, snapshots of a released disk, a disk restored from one of them, ...).
const DEMO = { instancesPerRegion: 4, disksPerInstance: 2, snapshotsPerDisk: 2, extras: true };

describe('read results over loopback', () => {
  let stack: ReadStack;
  beforeAll(async () => {
    stack = await startReadStack({ limits: LIMITS, sizes: DEMO });
  });
  afterAll(() => stack.close());

  it('answers a missing id with null, batched with the ids that exist, and asks no more', async () => {
    const listed = await execute<{ instances: { nodes: { id: string }[] } }>(
      stack.gateway,
      '{ instances(page: { size: 1 }) { nodes { id } } }',
    );
    const existing = listed.data?.instances.nodes[0]?.id;
    stack.resetCounts();
    const result = await execute(
      stack.gateway,
      `query ($id: ID!) {
        missing: instance(id: "i-doesnotexist") { id }
        again: instance(id: "i-doesnotexist", regionId: "${MAIN_REGION}") { id }
        found: instance(id: $id) { id regionId }
      }`,
      { id: existing },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      missing: null,
      again: null,
      found: { id: existing, regionId: MAIN_REGION },
    });
    expect(stack.inputs).toEqual([
      {
        action: 'DescribeInstances',
        input: {
          RegionId: MAIN_REGION,
          InstanceIds: ['i-doesnotexist', existing],
          PageNumber: 1,
          PageSize: 2,
        },
      },
    ]);
    expect(stack.simulatorCallsByAction()).toEqual({ DescribeInstances: 1 });
  });

  it('answers sourceDisk with null when the snapshot’s disk is gone, in one lookup for the whole page', async () => {
    stack.resetCounts();
    const result = await execute<{
      snapshots: { nodes: { id: string; sourceDiskId: string; sourceDisk: { id: string } | null }[] };
      disks: { totalCount: number; nodes: { id: string }[] };
    }>(
      stack.gateway,
      `{
        snapshots(page: { size: 50 }) { nodes { id sourceDiskId sourceDisk { id } } }
        disks(page: { size: 50 }) { totalCount nodes { id } }
      }`,
    );
    expect(result.errors).toBeUndefined();
    const diskIds = new Set(result.data?.disks.nodes.map((disk) => disk.id));
    const snapshots = result.data?.snapshots.nodes ?? [];
    const orphans = snapshots.filter((snapshot) => !diskIds.has(snapshot.sourceDiskId));
    expect(orphans.length).toBeGreaterThan(0);
    for (const snapshot of snapshots)
      expect(snapshot.sourceDisk).toEqual(
        diskIds.has(snapshot.sourceDiskId) ? { id: snapshot.sourceDiskId } : null,
      );
    // Every source disk is looked up once, 10 ids a call (the 2014 id limit), gone or not.
    const sourceDiskIds = [...new Set(snapshots.map((snapshot) => snapshot.sourceDiskId))].sort();
    const lookups = stack.inputs.filter((call) => call.input.DiskIds !== undefined);
    expect(lookups).toHaveLength(Math.ceil(sourceDiskIds.length / LIMITS.ids));
    expect(lookups.flatMap((call) => call.input.DiskIds as string[]).sort()).toEqual(sourceDiskIds);
  });

  it('pages: the last page, a page past the end, an empty region, a relation’s second page', async () => {
    stack.resetCounts();
    const result = await execute(
      stack.gateway,
      `{
        last: instances(page: { size: 3, number: 2 }) { pageNumber pageSize totalCount hasNextPage truncated nodes { id } }
        past: instances(page: { size: 3, number: 5 }) { totalCount hasNextPage nodes { id } }
        empty: instances(regionId: "cn-beijing") { totalCount hasNextPage nodes { id disks { nodes { id } } } }
        first: instances(page: { size: 1 }) { nodes { disks(page: { size: 1, number: 2 }) { pageNumber totalCount hasNextPage nodes { type } } } }
      }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      last: { pageNumber: 2, pageSize: 3, totalCount: 4, hasNextPage: false, truncated: false },
      past: { totalCount: 4, hasNextPage: false, nodes: [] },
      empty: { totalCount: 0, hasNextPage: false, nodes: [] },
      first: {
        nodes: [{ disks: { pageNumber: 2, totalCount: 2, hasNextPage: false, nodes: [{ type: 'DATA' }] } }],
      },
    });
    expect((result.data as { last: { nodes: unknown[] } }).last.nodes).toHaveLength(1);
    // An empty page has no disks to ask for; the one instance's disks take one call.
    expect(stack.callsByAction()).toEqual({ DescribeDisks: 1, DescribeInstances: 4 });
  });

  it('lists every region’s instances through Region.instances, each in its own region', async () => {
    const result = await execute<{
      regions: { id: string; instances: { totalCount: number; nodes: { regionId: string }[] } }[];
    }>(stack.gateway, `{ regions { id instances(page: { size: 50 }) { totalCount nodes { regionId } } } }`);
    expect(result.errors).toBeUndefined();
    const totals = Object.fromEntries(
      result.data?.regions.map((region) => [region.id, region.instances.totalCount]) ?? [],
    );
    expect(totals[MAIN_REGION]).toBe(4);
    for (const regionId of OTHER_REGIONS) expect(totals[regionId]).toBe(3);
    for (const region of result.data?.regions ?? [])
      for (const instance of region.instances.nodes) expect(instance.regionId).toBe(region.id);
  });

  it('refuses a filter the API would refuse before any call, naming the field and the rule', async () => {
    stack.resetCounts();
    const ids = Array.from({ length: 11 }, (_, index) => `i-${index}`);
    const result = await execute(
      stack.gateway,
      `query ($ids: [ID!]) {
        regions { id }
        instances(filter: { ids: $ids }) { totalCount }
        disks(filter: { status: UNKNOWN }) { totalCount }
      }`,
      { ids },
    );
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      [
        `Argument instances(filter).ids must be at most 10 ids; got ${JSON.stringify(ids)}.`,
        'BAD_USER_INPUT',
      ],
      [
        'Argument disks(filter).status must be a documented value, not UNKNOWN; got "UNKNOWN".',
        'BAD_USER_INPUT',
      ],
    ]);
    expect(stack.calls).toEqual([]);
    expect(stack.simulator.stats.snapshot().total).toBe(0);
  });
});

describe('ECS failures at their path', () => {
  let stack: ReadStack;
  let failAfterFirstInstances = false;
  beforeAll(async () => {
    stack = await startReadStack({
      limits: LIMITS,
      sizes: DEMO,
      afterCall: (event, simulator) => {
        if (failAfterFirstInstances && event.action === 'DescribeInstances')
          simulator.faults.configure({ serviceUnavailableRate: 1 });
      },
    });
  });
  afterAll(() => stack.close());

  it('nulls each instance’s disks with the ECS code and RequestId, and keeps the instances', async () => {
    failAfterFirstInstances = true;
    try {
      const result = await execute<{ instances: { nodes: { id: string; disks: unknown }[] } }>(
        stack.gateway,
        '{ instances { nodes { id disks { nodes { id } } } } }',
      );
      const nodes = result.data?.instances.nodes ?? [];
      expect(nodes).toHaveLength(4);
      for (const node of nodes) expect(node.disks).toBeNull();
      expect(result.errors?.map((error) => error.path)).toEqual(
        nodes.map((_, index) => ['instances', 'nodes', index, 'disks']),
      );
      for (const error of result.errors ?? []) {
        expect(error.extensions).toMatchObject({ code: 'ServiceUnavailable', httpStatus: 503 });
        expect(error.extensions?.requestId).toEqual(expect.any(String));
      }
    } finally {
      failAfterFirstInstances = false;
      stack.simulator.faults.clear();
    }
  });

  it('nulls a root list with the ECS code when its one call fails', async () => {
    stack.simulator.faults.clear();
    stack.simulator.faults.configure({ internalErrorRate: 1 });
    try {
      const result = await execute(stack.gateway, '{ snapshots { totalCount } }');
      expect(result.data).toEqual({ snapshots: null });
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]).toMatchObject({
        path: ['snapshots'],
        extensions: { code: 'InternalError', httpStatus: 500 },
      });
    } finally {
      stack.simulator.faults.clear();
    }
  });
});

describe('response formats', () => {
  it('gives the same GraphQL result from an XML and a JSON client', async () => {
    const results = [];
    for (const format of ['XML', 'JSON'] as const) {
      const stack = await startReadStack({ limits: LIMITS, sizes: DEMO, format, gateway: { debug: false } });
      try {
        const result = await executeDocument(stack.gateway, InstancesDisksSnapshotsDocument, {
          instances: 5,
        });
        expect(result.errors).toBeUndefined();
        results.push(result);
      } finally {
        await stack.close();
      }
    }
    expect(results[0]?.data?.instances?.nodes).toHaveLength(4);
    expect(results[1]).toEqual(results[0]);
  });
});
