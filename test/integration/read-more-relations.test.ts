import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyAutoSnapshotPolicy,
  CreateAutoSnapshotPolicy,
} from '../../src/spec/actions/auto-snapshot-policies.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

/**
 * Security groups, images, instance types and automatic snapshot policies over the
 * real stack (client ↔ simulator over loopback HTTP, gateway through yoga.fetch),
 * with exact call counts on both sides.
 */
describe('security groups, images and policies over loopback (ECS_API_LIMITS=2014)', () => {
  let stack: ReadStack;
  let groupIds: string[];

  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 12, disksPerInstance: 1, snapshotsPerDisk: 0 },
    });
    // Twelve groups, spread so that the first ten instances name eleven of them: more
    // than one DescribeSecurityGroups call would take under the 2014 limit of 10 ids.
    const region = stack.simulator.domain.store.account(stack.simulator.accessKeyId).regions.get(MAIN_REGION);
    if (!region) throw new Error('no main region');
    const [template] = region.securityGroups.values();
    if (!template) throw new Error('no seeded security group');
    groupIds = Array.from({ length: 12 }, (_, index) => `sg-rm${String(index).padStart(2, '0')}`);
    for (const [index, securityGroupId] of groupIds.entries())
      region.securityGroups.set(securityGroupId, {
        ...template,
        securityGroupId,
        securityGroupName: `tier-${index}`,
      });
    const instances = [...region.instances.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    for (const [index, instance] of instances.entries())
      instance.securityGroupIds = [groupIds[index % 12] as string, groupIds[(index + 1) % 12] as string];
  });
  afterAll(() => stack.close());

  it('a page of 10 instances with their groups, image and zone: 1 DescribeInstances, 2 DescribeSecurityGroups (11 ids, 10 a call), 1 DescribeImages, 1 DescribeZones', async () => {
    stack.resetCounts();
    const result = await execute<{
      instances: {
        nodes: {
          id: string;
          securityGroups: { id: string; name: string }[];
          image: { id: string; status: string } | null;
          zone: { id: string } | null;
          zoneId: string;
          imageId: string;
        }[];
      };
    }>(
      stack.gateway,
      `{ instances(page: { size: 10 }) { nodes {
          id zoneId imageId securityGroups { id name } image { id status } zone { id }
      } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.instances.nodes ?? [];
    expect(nodes).toHaveLength(10);
    for (const instance of nodes) {
      expect(instance.securityGroups).toHaveLength(2);
      expect(instance.image?.id).toBe(instance.imageId);
      expect(instance.image?.status).toBe('AVAILABLE');
      expect(instance.zone?.id).toBe(instance.zoneId);
    }
    const expected = { DescribeImages: 1, DescribeInstances: 1, DescribeSecurityGroups: 2, DescribeZones: 1 };
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    expect(stack.callsByAction()).toEqual(expected);
    const groupCalls = stack.inputs.filter((call) => call.action === 'DescribeSecurityGroups');
    expect(groupCalls.map((call) => (call.input.SecurityGroupIds as string[]).length).sort()).toEqual([
      1, 10,
    ]);
  });

  it('pages security groups to the edge: the last page is short, one past it is empty', async () => {
    stack.resetCounts();
    // 13 groups: the seeded one and the twelve above.
    const result = await execute<{
      last: { nodes: unknown[]; hasNextPage: boolean; totalCount: number };
      past: { nodes: unknown[]; hasNextPage: boolean };
    }>(
      stack.gateway,
      '{ last: securityGroups(page: { number: 3, size: 5 }) { totalCount hasNextPage nodes { id } } past: securityGroups(page: { number: 4, size: 5 }) { hasNextPage nodes { id } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.last).toMatchObject({ totalCount: 13, hasNextPage: false });
    expect(result.data?.last.nodes).toHaveLength(3);
    expect(result.data?.past).toEqual({ hasNextPage: false, nodes: [] });
    expect(stack.callsByAction()).toEqual({ DescribeSecurityGroups: 2 });
  });

  it('pages images with all: every page at the API size, as many as TotalCount needs', async () => {
    stack.resetCounts();
    const all = await execute<{
      images: { totalCount: number; truncated: boolean; nodes: { id: string }[] };
    }>(stack.gateway, '{ images(page: { all: true }) { totalCount truncated nodes { id } } }');
    expect(all.errors).toBeUndefined();
    const images = all.data?.images;
    expect(images?.truncated).toBe(false);
    expect(images?.nodes).toHaveLength(images?.totalCount ?? -1);
    expect(stack.callsByAction()).toEqual({
      DescribeImages: Math.max(1, Math.ceil((images?.totalCount ?? 0) / 50)),
    });
  });

  it('shows policies applied to disks on Disk.autoSnapshotPolicy; a disk without one is null', async () => {
    const created = await Promise.all(
      ['nightly', 'weekly'].map((name) =>
        stack.client.call(CreateAutoSnapshotPolicy, {
          regionId: MAIN_REGION,
          autoSnapshotPolicyName: name,
          timePoints: '["1","13"]',
          repeatWeekdays: '["1","7"]',
          retentionDays: 7,
        }),
      ),
    );
    const policyIds = created.map((answer) => answer.AutoSnapshotPolicyId as string);
    const disks =
      (
        await execute<{ disks: { nodes: { id: string }[] } }>(
          stack.gateway,
          '{ disks(page: { size: 3 }) { nodes { id } } }',
        )
      ).data?.disks.nodes.map((disk) => disk.id) ?? [];
    expect(disks).toHaveLength(3);
    await stack.client.call(ApplyAutoSnapshotPolicy, {
      regionId: MAIN_REGION,
      autoSnapshotPolicyId: policyIds[0] as string,
      diskIds: [disks[0] as string],
    });
    await stack.client.call(ApplyAutoSnapshotPolicy, {
      regionId: MAIN_REGION,
      autoSnapshotPolicyId: policyIds[1] as string,
      diskIds: [disks[1] as string],
    });

    stack.resetCounts();
    const result = await execute<{
      disks: {
        nodes: {
          id: string;
          autoSnapshotPolicy: { id: string; name: string; timePoints: number[]; diskCount: number } | null;
        }[];
      };
    }>(
      stack.gateway,
      '{ disks(page: { size: 3 }) { nodes { id autoSnapshotPolicy { id name timePoints diskCount } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.disks.nodes.map((disk) => disk.autoSnapshotPolicy)).toEqual([
      { id: policyIds[0], name: 'nightly', timePoints: [1, 13], diskCount: 1 },
      { id: policyIds[1], name: 'weekly', timePoints: [1, 13], diskCount: 1 },
      null,
    ]);
    // Two policies of one region: one unfiltered page holds both.
    expect(stack.callsByAction()).toEqual({ DescribeAutoSnapshotPolicyEx: 1, DescribeDisks: 1 });

    stack.resetCounts();
    const byId = await execute(
      stack.gateway,
      `{ known: autoSnapshotPolicy(id: "${policyIds[1]}") { name retentionDays } missing: autoSnapshotPolicy(id: "p-missing") { id } image(id: "m-missing") { id } securityGroup(id: "sg-missing") { id } }`,
    );
    expect(byId).toMatchObject({
      data: { known: { name: 'weekly', retentionDays: 7 }, missing: null, image: null, securityGroup: null },
    });
    // Both policy ids of the region in one batch: one unfiltered page answers known and missing alike.
    expect(stack.callsByAction()).toEqual({
      DescribeAutoSnapshotPolicyEx: 1,
      DescribeImages: 1,
      DescribeSecurityGroups: 1,
    });
  });

  it('lists instance types once per request for the list and a lookup', async () => {
    stack.resetCounts();
    const result = await execute<{ instanceTypes: { id: string }[]; instanceType: { id: string } | null }>(
      stack.gateway,
      '{ instanceTypes { id cpuCoreCount memorySize } instanceType(id: "ecs.t1.small") { id } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.instanceTypes.length).toBeGreaterThan(0);
    expect(result.data?.instanceType).toEqual({ id: 'ecs.t1.small' });
    expect(stack.callsByAction()).toEqual({ DescribeInstanceTypes: 1 });
  });
});
