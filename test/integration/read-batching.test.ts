import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS, type ApiLimits } from '../../src/ecs/limits.js';
import { InstancesDisksSnapshotsDocument } from '../generated/graphql.js';
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
    expect(result.extensions?.upstream).toEqual({ calls: total, byAction: expected });
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
