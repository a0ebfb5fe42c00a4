import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstancesDisksSnapshotsDocument } from '../../client/graphql.js';
import { API_LIMITS, type ApiLimits } from '../../src/spec/limits.js';
import { createGateway } from '../../src/yoga.js';
import { execute, executeDocument } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

/**
 * The batching targets over the real stack (client ↔ simulator over loopback HTTP):
 * a page of N instances with their disks and each disk's snapshots costs at most
 * 1 + min(N, ⌈region disks / page⌉) + min(N, ⌈region snapshots / page⌉) calls, plus
 * one call per level to choose the plan when the plan is per parent.
 */
function bound(instances: number, disks: number, snapshots: number, limits: ApiLimits): number {
  return (
    1 +
    Math.min(instances, Math.ceil(disks / limits.pageSize)) +
    Math.min(instances, Math.ceil(snapshots / limits.pageSize))
  );
}

// Nested pages are estimated per parent; the real count is what these tests measure.
const UNCAPPED = { maxUpstreamCalls: 10_000 };

describe.each([
  { limits: API_LIMITS['2014'], expected: { DescribeInstances: 1, DescribeDisks: 3, DescribeSnapshots: 12 } },
  { limits: API_LIMITS.current, expected: { DescribeInstances: 1, DescribeDisks: 2, DescribeSnapshots: 6 } },
])('a page of 50 instances × 3 disks × 4 snapshots (ECS_API_LIMITS=$limits.name)', ({ limits, expected }) => {
  let stack: ReadStack;
  beforeAll(async () => {
    stack = await startReadStack({
      limits,
      sizes: { instancesPerRegion: 50, disksPerInstance: 3, snapshotsPerDisk: 4 },
      gateway: UNCAPPED,
    });
  });
  afterAll(() => stack.close());

  it('costs exactly the bound, counted by the simulator, the client and the debug extension', async () => {
    stack.resetCounts();
    const result = await executeDocument(stack.gateway, InstancesDisksSnapshotsDocument, {
      regionId: MAIN_REGION,
      instances: 50,
    });
    expect(result.errors).toBeUndefined();
    const instances = result.data?.instances?.nodes ?? [];
    expect(instances).toHaveLength(50);
    for (const instance of instances) {
      expect(instance.disks?.nodes).toHaveLength(3);
      for (const disk of instance.disks?.nodes ?? []) {
        expect(disk.snapshots?.totalCount).toBe(4);
        expect(disk.snapshots?.nodes).toHaveLength(4);
      }
    }
    const total = bound(50, 150, 600, limits);
    expect(expected.DescribeInstances + expected.DescribeDisks + expected.DescribeSnapshots).toBe(total);
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    expect(stack.callsByAction()).toEqual(expected);
    // 1 page; 50 instances' disks, one page each (17 at most), + 1 to choose the plan; their
    // snapshots, one InstanceId listing of up to 20 pages per instance, + 2 to choose the plan.
    expect(result.extensions?.upstream).toEqual({
      calls: total,
      estimate: 1 + (50 + 1) + (50 * 20 + 2),
      byAction: expected,
    });
  });

  it('answers a disk’s source disk and an attached disk’s instance from the lists, at no cost', async () => {
    const query = (extra: string) => `{
      instances(page: { size: 50 }) { nodes { id disks { nodes { id ${extra} snapshots { nodes { id ${extra ? 'sourceDisk { id }' : ''} } } } } } }
    }`;
    stack.resetCounts();
    const plain = await execute(stack.gateway, query(''));
    const plainCalls = stack.callsByAction();
    stack.resetCounts();
    const linked = await execute<{
      instances: {
        nodes: {
          id: string;
          disks: {
            nodes: {
              id: string;
              instance: { id: string };
              snapshots: { nodes: { sourceDisk: { id: string } }[] };
            }[];
          };
        }[];
      };
    }>(stack.gateway, query('instance { id }'));
    expect(linked.errors).toBeUndefined();
    expect(plain.errors).toBeUndefined();
    expect(stack.callsByAction()).toEqual(plainCalls);
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    for (const instance of linked.data?.instances.nodes ?? [])
      for (const disk of instance.disks.nodes) {
        expect(disk.instance.id).toBe(instance.id);
        for (const snapshot of disk.snapshots.nodes) expect(snapshot.sourceDisk.id).toBe(disk.id);
      }
  });
});

describe('5 instances in a large region', () => {
  let stack: ReadStack;
  beforeAll(async () => {
    // 360 disks (8 pages of 50) and 1,440 snapshots (29 pages, past the page cap of 20).
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 120, disksPerInstance: 3, snapshotsPerDisk: 4 },
      gateway: UNCAPPED,
    });
  });
  afterAll(() => stack.close());

  it('takes the per-parent plan: one call to decide, then one filtered call per instance, for disks and for snapshots', async () => {
    stack.resetCounts();
    const result = await executeDocument(stack.gateway, InstancesDisksSnapshotsDocument, { instances: 5 });
    expect(result.errors).toBeUndefined();
    const instances = result.data?.instances?.nodes ?? [];
    expect(instances).toHaveLength(5);
    expect(instances.flatMap((instance) => instance.disks?.nodes ?? [])).toHaveLength(15);

    // 120 instances prove only ⌈120 / 50⌉ = 3 pages of disks, fewer than 5 parents: the disks decide too.
    const expected = { DescribeInstances: 1, DescribeDisks: 1 + 5, DescribeSnapshots: 1 + 5 };
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    expect(stack.callsByAction()).toEqual(expected);
    // The bound, plus the one call per level that chose the plan.
    const calls = Object.values(expected).reduce((sum, count) => sum + count, 0);
    expect(calls).toBe(bound(5, 360, 1440, API_LIMITS['2014']) + 2);

    const ids = instances.map((instance) => instance.id).sort();
    const filtered = (action: string) =>
      stack.inputs
        .filter((call) => call.action === action && call.input.InstanceId !== undefined)
        .map((call) => call.input.InstanceId)
        .sort();
    expect(filtered('DescribeDisks')).toEqual(ids);
    // The snapshots of each instance's three disks come from one call with InstanceId, not one per disk.
    expect(filtered('DescribeSnapshots')).toEqual(ids);
    expect(stack.inputs.filter((call) => call.input.DiskId !== undefined)).toEqual([]);
  });

  it('takes the scan plan for a page whose instances outnumber the region’s disk pages', async () => {
    stack.resetCounts();
    const result = await execute(
      stack.gateway,
      `{ instances(page: { size: 50 }) { nodes { id disks { totalCount nodes { id } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    // 8 pages of 50 disks < 50 instances: the first page decides, 7 more complete the scan.
    expect(stack.callsByAction()).toEqual({ DescribeInstances: 1, DescribeDisks: 8 });
    expect(stack.inputs.filter((call) => call.input.InstanceId !== undefined)).toEqual([]);
  });
});

type NestedAnswer = {
  instances: {
    nodes: { id: string; disks: { nodes: { id: string; snapshots: { nodes: { id: string }[] } }[] } }[];
  };
};

const nested = (filter: string) =>
  `{ instances(page: { size: 5 }${filter}) { nodes { id disks(page: { all: true }) { nodes { id snapshots(page: { all: true }) { nodes { id } } } } } } }`;

describe('5 instances in a region of 500 (S1’s small case)', () => {
  let stack: ReadStack;
  beforeAll(async () => {
    // 500 instances, each with a system disk at least: 1,500 disks (30 pages of 50), 6,000 snapshots.
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 500, disksPerInstance: 3, snapshotsPerDisk: 4 },
      gateway: UNCAPPED,
    });
  });
  afterAll(() => stack.close());

  it('goes per instance for the disks without a deciding call: the page’s TotalCount proves it', async () => {
    stack.resetCounts();
    const result = await execute<NestedAnswer>(stack.gateway, nested(''));
    expect(result.errors).toBeUndefined();
    expect(result.data?.instances.nodes).toHaveLength(5);
    // 1 + 5 + (1 + 5): ⌈500 instances × 1 disk / 50⌉ = 10 pages ≥ 5 parents settles the disks;
    // snapshots have no lower bound per disk, so that level still decides with one first page.
    expect(stack.simulatorCallsByAction()).toEqual({
      DescribeInstances: 1,
      DescribeDisks: 5,
      DescribeSnapshots: 6,
    });
    expect(result.extensions?.upstream).toMatchObject({ calls: 12 });
    const disks = stack.inputs.filter((call) => call.action === 'DescribeDisks');
    expect(disks.every((call) => call.input.InstanceId !== undefined)).toBe(true);
  });

  it('answers the same as the deciding plan, which a filtered page takes on a gateway that has not counted the region', async () => {
    const unfiltered = await execute<NestedAnswer>(stack.gateway, nested(''));
    const ids = (unfiltered.data?.instances.nodes ?? []).map((instance) => instance.id);
    expect(ids).toHaveLength(5);
    const query = nested(`, filter: { ids: ${JSON.stringify(ids)} }`);
    // A fresh gateway over the same client: a filtered TotalCount does not count the region,
    // and nothing else has: one deciding page per level.
    const fresh = createGateway({
      ecs: stack.client,
      limits: API_LIMITS['2014'],
      defaultRegionId: MAIN_REGION,
      ...UNCAPPED,
    });
    stack.resetCounts();
    const decided = await execute<NestedAnswer>(fresh, query);
    expect(decided.errors).toBeUndefined();
    expect(stack.simulatorCallsByAction()).toEqual({
      DescribeInstances: 1,
      DescribeDisks: 6,
      DescribeSnapshots: 6,
    });
    // The stack's gateway has counted the region's 500 instances (its census): per instance at once.
    stack.resetCounts();
    const counted = await execute<NestedAnswer>(stack.gateway, query);
    expect(counted.errors).toBeUndefined();
    expect(stack.simulatorCallsByAction()).toEqual({
      DescribeInstances: 1,
      DescribeDisks: 5,
      DescribeSnapshots: 6,
    });
    const byId = (answer: typeof unfiltered) =>
      [...(answer.data?.instances.nodes ?? [])].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(decided)).toEqual(byId(unfiltered));
    expect(byId(counted)).toEqual(byId(unfiltered));
    expect(byId(decided).flatMap((instance) => instance.disks.nodes)).toHaveLength(15);
  });
});

describe('batching off', () => {
  const sizes = { instancesPerRegion: 4, disksPerInstance: 2, snapshotsPerDisk: 3 };
  let stack: ReadStack;
  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes,
      gateway: { ...UNCAPPED, batching: false },
    });
  });
  afterAll(() => stack.close());

  it('makes 1 + one call per instance + one call per disk for the nested query, with the batched answer', async () => {
    const variables = { regionId: MAIN_REGION, instances: 4 };
    stack.resetCounts();
    const naive = await executeDocument(stack.gateway, InstancesDisksSnapshotsDocument, variables);
    expect(naive.errors).toBeUndefined();
    const disks = sizes.instancesPerRegion * sizes.disksPerInstance;
    expect(stack.callsByAction()).toEqual({
      DescribeInstances: 1,
      DescribeDisks: 4,
      DescribeSnapshots: disks,
    });
    expect(naive.extensions?.upstream).toMatchObject({ calls: 1 + 4 + disks });
    // Each disk's snapshots by its own DiskId, not shared through its instance.
    const snapshotCalls = stack.inputs.filter((call) => call.action === 'DescribeSnapshots');
    expect(
      snapshotCalls.every((call) => call.input.DiskId !== undefined && call.input.InstanceId === undefined),
    ).toBe(true);

    const batched = createGateway({
      ecs: stack.client,
      limits: API_LIMITS['2014'],
      defaultRegionId: MAIN_REGION,
    });
    const answer = await executeDocument(batched, InstancesDisksSnapshotsDocument, variables);
    expect(naive.data).toEqual(answer.data);
  });

  it('looks each listed disk’s instance up with a call of its own: lists prime nothing', async () => {
    stack.resetCounts();
    const result = await execute(
      stack.gateway,
      '{ instances { nodes { disks { nodes { instance { id } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const disks = sizes.instancesPerRegion * sizes.disksPerInstance;
    expect(stack.callsByAction()).toEqual({ DescribeInstances: 1 + disks, DescribeDisks: 4 });
    const lookups = stack.inputs.filter((call) => call.input.InstanceIds !== undefined);
    expect(lookups.map((call) => (call.input.InstanceIds as string[]).length)).toEqual(Array(disks).fill(1));
  });
});
