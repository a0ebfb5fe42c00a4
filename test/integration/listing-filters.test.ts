import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

const TAGS = [{ Key: 'env', Value: 'prod' }, { Key: 'team' }];

describe('derived listing filters over loopback: the exact calls the simulator takes', () => {
  let stack: ReadStack;
  let instance: { id: string; zoneId: string; vpcId: string; vSwitchId: string };
  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 3, disksPerInstance: 2, snapshotsPerDisk: 1 },
    });
    const listed = await execute<{
      instances: {
        nodes: { id: string; zoneId: string; vpcAttributes: { vpcId: string; vSwitchId: string } }[];
      };
    }>(
      stack.gateway,
      '{ instances(page: { size: 1 }) { nodes { id zoneId vpcAttributes { vpcId vSwitchId } } } }',
    );
    const first = listed.data?.instances.nodes[0];
    if (!first) throw new Error('the estate has no instance');
    instance = { id: first.id, zoneId: first.zoneId, ...first.vpcAttributes };
  });
  afterAll(() => stack.close());

  it('sends every field of every filter as its wire parameter, one call per list, and the simulator applies them', async () => {
    stack.resetCounts();
    const result = await execute<{ instances: { nodes: { id: string }[] } }>(
      stack.gateway,
      `query ($id: ID!, $zoneId: ID!, $vpcId: ID!, $vSwitchId: ID!) {
        instances(filter: { ids: [$id], zoneId: $zoneId, vpcId: $vpcId, vSwitchId: $vSwitchId,
          instanceNetworkType: VPC }) { nodes { id } }
        tagged: instances(filter: { name: "web-*", status: RUNNING, instanceChargeType: POST_PAID,
          instanceType: "ecs.n1.small", instanceTypeFamily: "ecs.n1", imageId: "m-1", securityGroupId: "sg-1",
          privateIpAddresses: ["172.16.0.1"], resourceGroupId: "rg-1",
          tags: [{ key: "env", value: "prod" }, { key: "team" }] }) { totalCount }
        disks(filter: { ids: ["d-1"], instanceId: $id, type: SYSTEM, category: CLOUD_EFFICIENCY, status: IN_USE,
          sourceSnapshotId: "s-1", name: "disk", portable: false, deleteWithInstance: true,
          deleteAutoSnapshot: true, enableAutoSnapshot: false, autoSnapshotPolicyId: "p-1", encrypted: false,
          zoneId: $zoneId, resourceGroupId: "rg-1", tags: [{ key: "env", value: "prod" }, { key: "team" }] }) { totalCount }
        snapshots(filter: { ids: ["s-1"], instanceId: $id, diskId: "d-1", name: "snap", status: ACCOMPLISHED,
          snapshotType: USER, sourceDiskType: DATA, usage: NONE, category: STANDARD, encrypted: false,
          resourceGroupId: "rg-1" }) { totalCount }
        images(filter: { ids: ["m-1", "m-2"], statuses: [AVAILABLE, DEPRECATED], ownerAlias: SELF, osType: LINUX,
          snapshotId: "s-1", name: "img", instanceType: "ecs.n1.small", usage: NONE, resourceGroupId: "rg-1" }) { totalCount }
        securityGroups(filter: { ids: ["sg-1"], vpcId: $vpcId, name: "sg", networkType: VPC, type: NORMAL,
          resourceGroupId: "rg-1" }) { totalCount }
        autoSnapshotPolicies(filter: { name: "policy", resourceGroupId: "rg-1", tags: [{ key: "env" }] }) { totalCount }
        instanceStatuses(filter: { zoneId: $zoneId }) { totalCount }
      }`,
      { ...instance },
    );
    expect(result.errors).toBeUndefined();
    // The first filter matches the one instance it names: the simulator applied every parameter.
    expect(result.data?.instances.nodes).toEqual([{ id: instance.id }]);
    const page = { RegionId: MAIN_REGION, PageNumber: 1, PageSize: 10 };
    // In code-point order of action, then input: the calls of one query run concurrently.
    const key = (call: (typeof stack.inputs)[number]) => `${call.action} ${JSON.stringify(call.input)}`;
    const sorted = [...stack.inputs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(sorted).toEqual([
      {
        action: 'DescribeAutoSnapshotPolicyEx',
        input: { ...page, AutoSnapshotPolicyName: 'policy', ResourceGroupId: 'rg-1', Tag: [{ Key: 'env' }] },
      },
      {
        action: 'DescribeDisks',
        input: {
          ...page,
          DiskIds: ['d-1'],
          ZoneId: instance.zoneId,
          InstanceId: instance.id,
          DiskType: 'system',
          Category: 'cloud_efficiency',
          Status: 'In_use',
          SnapshotId: 's-1',
          DiskName: 'disk',
          Portable: false,
          DeleteWithInstance: true,
          DeleteAutoSnapshot: true,
          EnableAutoSnapshot: false,
          AutoSnapshotPolicyId: 'p-1',
          Encrypted: false,
          ResourceGroupId: 'rg-1',
          Tag: TAGS,
        },
      },
      {
        action: 'DescribeImages',
        input: {
          ...page,
          ImageId: 'm-1,m-2',
          SnapshotId: 's-1',
          ImageName: 'img',
          ImageOwnerAlias: 'self',
          Status: 'Available,Deprecated',
          OSType: 'linux',
          InstanceType: 'ecs.n1.small',
          Usage: 'none',
          ResourceGroupId: 'rg-1',
        },
      },
      { action: 'DescribeInstanceStatus', input: { ...page, ZoneId: instance.zoneId } },
      {
        action: 'DescribeInstances',
        input: {
          ...page,
          InstanceIds: [instance.id],
          ZoneId: instance.zoneId,
          VpcId: instance.vpcId,
          VSwitchId: instance.vSwitchId,
          InstanceNetworkType: 'vpc',
        },
      },
      {
        action: 'DescribeInstances',
        input: {
          ...page,
          PrivateIpAddresses: ['172.16.0.1'],
          SecurityGroupId: 'sg-1',
          InstanceType: 'ecs.n1.small',
          InstanceTypeFamily: 'ecs.n1',
          InstanceName: 'web-*',
          ImageId: 'm-1',
          Status: 'Running',
          InstanceChargeType: 'PostPaid',
          ResourceGroupId: 'rg-1',
          Tag: TAGS,
        },
      },
      {
        action: 'DescribeSecurityGroups',
        input: {
          ...page,
          SecurityGroupIds: ['sg-1'],
          VpcId: instance.vpcId,
          SecurityGroupName: 'sg',
          NetworkType: 'vpc',
          SecurityGroupType: 'normal',
          ResourceGroupId: 'rg-1',
        },
      },
      {
        action: 'DescribeSnapshots',
        input: {
          ...page,
          SnapshotIds: ['s-1'],
          InstanceId: instance.id,
          DiskId: 'd-1',
          SnapshotName: 'snap',
          Status: 'accomplished',
          SnapshotType: 'user',
          SourceDiskType: 'data',
          Usage: 'none',
          Category: 'standard',
          Encrypted: false,
          ResourceGroupId: 'rg-1',
        },
      },
    ]);
    expect(stack.simulatorCallsByAction()).toEqual({
      DescribeAutoSnapshotPolicyEx: 1,
      DescribeDisks: 1,
      DescribeImages: 1,
      DescribeInstanceStatus: 1,
      DescribeInstances: 2,
      DescribeSecurityGroups: 1,
      DescribeSnapshots: 1,
    });
  });
});
