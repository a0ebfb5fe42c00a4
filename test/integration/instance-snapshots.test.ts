import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createGateway } from '../../src/yoga.js';
import { capturingLogger, execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

interface InstancesSnapshots {
  instances: { nodes: { id: string; snapshots: { totalCount: number; nodes: { id: string }[] } }[] };
}

const query = (instances: number, snapshotsPage = '') => `{
  instances(regionId: "${MAIN_REGION}", page: { size: ${instances} }) {
    nodes { id snapshots${snapshotsPage} { totalCount nodes { id } } }
  }
}`;

// Nested pages are estimated per parent; the real count is what these tests measure.
const UNCAPPED = { maxUpstreamCalls: 10_000 };

describe.each([
  { limits: API_LIMITS['2014'], expected: { DescribeInstances: 1, DescribeDisks: 3, DescribeSnapshots: 12 } },
  { limits: API_LIMITS.current, expected: { DescribeInstances: 1, DescribeDisks: 2, DescribeSnapshots: 6 } },
])(
  'Instance.snapshots of a page of 50 instances × 3 disks × 4 snapshots (ECS_API_LIMITS=$limits.name)',
  ({ limits, expected }) => {
    let stack: ReadStack;
    beforeAll(async () => {
      stack = await startReadStack({
        limits,
        sizes: { instancesPerRegion: 50, disksPerInstance: 3, snapshotsPerDisk: 4 },
        gateway: UNCAPPED,
      });
    });
    afterAll(() => stack.close());

    /** The same stack behind a gateway whose page cap of 1 refuses every scan; it records each call's InstanceId. */
    const perInstanceGateway = (instanceIds: unknown[]) =>
      createGateway({
        ecs: {
          call(action, input, options) {
            instanceIds.push((input as Record<string, unknown>).InstanceId);
            return stack.client.call(action, input, options);
          },
        },
        limits,
        defaultRegionId: MAIN_REGION,
        debug: true,
        logger: capturingLogger(),
        allPagesCap: 1,
        ...UNCAPPED,
      });

    it('scans the region’s snapshots, grouped through the disks relation, instead of 50 InstanceId calls', async () => {
      stack.resetCounts();
      const result = await execute<InstancesSnapshots>(stack.gateway, query(50));
      expect(result.errors).toBeUndefined();
      const instances = result.data?.instances.nodes ?? [];
      expect(instances).toHaveLength(50);
      for (const instance of instances) {
        expect(instance.snapshots.totalCount).toBe(12);
        expect(instance.snapshots.nodes).toHaveLength(10);
      }
      expect(stack.simulatorCallsByAction()).toEqual(expected);
      expect(stack.callsByAction()).toEqual(expected);
      expect(stack.inputs.filter((call) => call.input.InstanceId !== undefined)).toEqual([]);
      const total = Object.values(expected).reduce((sum, count) => sum + count, 0);
      // 1 page; up to 20 pages of snapshots per instance, + 1 to choose the plan.
      expect(result.extensions?.upstream).toEqual({
        calls: total,
        estimate: 1 + 50 * 20 + 1,
        byAction: expected,
      });
    });

    it('answers exactly what one InstanceId call per instance answers, in the same order', async () => {
      stack.resetCounts();
      const scanned = await execute<InstancesSnapshots>(stack.gateway, query(50, '(page: { size: 50 })'));
      stack.resetCounts();
      const instanceIds: unknown[] = [];
      const perInstance = await execute<InstancesSnapshots>(
        perInstanceGateway(instanceIds),
        query(50, '(page: { size: 50 })'),
      );
      expect(perInstance.errors).toBeUndefined();
      expect(stack.callsByAction()).toEqual({ DescribeInstances: 1, DescribeSnapshots: 1 + 50 });
      expect(instanceIds.filter((id) => id !== undefined).sort()).toEqual(
        perInstance.data?.instances.nodes.map((instance) => instance.id).sort(),
      );
      expect(scanned.data).toEqual(perInstance.data);
      expect(scanned.data?.instances.nodes.every((instance) => instance.snapshots.nodes.length === 12)).toBe(
        true,
      );
    });

    it('shares the disks a query also asks for: no DescribeDisks beyond the disks relation’s own', async () => {
      stack.resetCounts();
      const result = await execute(
        stack.gateway,
        `{ instances(page: { size: 50 }) { nodes { disks { totalCount } snapshots { totalCount } } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(stack.callsByAction()).toEqual(expected);
    });
  },
);

describe('Instance.snapshots of 5 instances in a large region', () => {
  let stack: ReadStack;
  beforeAll(async () => {
    // 1,440 snapshots: 29 pages of 50, past the page cap of 20.
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 120, disksPerInstance: 3, snapshotsPerDisk: 4 },
      gateway: UNCAPPED,
    });
  });
  afterAll(() => stack.close());

  it('takes one InstanceId call per instance, after the page that decided it, and no disks', async () => {
    stack.resetCounts();
    const result = await execute<InstancesSnapshots>(stack.gateway, query(5));
    expect(result.errors).toBeUndefined();
    const instances = result.data?.instances.nodes ?? [];
    expect(instances.map((instance) => instance.snapshots.totalCount)).toEqual([12, 12, 12, 12, 12]);
    expect(stack.callsByAction()).toEqual({ DescribeInstances: 1, DescribeSnapshots: 1 + 5 });
    expect(stack.simulatorCallsByAction()).toEqual({ DescribeInstances: 1, DescribeSnapshots: 1 + 5 });
    const filtered = stack.inputs
      .filter((call) => call.action === 'DescribeSnapshots' && call.input.InstanceId !== undefined)
      .map((call) => call.input.InstanceId)
      .sort();
    expect(filtered).toEqual(instances.map((instance) => instance.id).sort());
  });
});
