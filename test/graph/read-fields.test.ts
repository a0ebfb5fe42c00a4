import { describe, expect, it } from 'vitest';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { FakeEcs, FakeEcsError, listingAnswer, withRegions } from './support/fake-ecs.js';
import { execute, regionGateway } from './support/gateway.js';

type Row = Record<string, unknown>;

const CLASSIC_INSTANCE: Row = {
  InstanceId: 'i-classic',
  InstanceName: 'web-1',
  Description: '',
  RegionId: 'cn-hangzhou',
  ZoneId: 'cn-hangzhou-b',
  Status: 'Hibernating',
  Cpu: 2,
  Memory: 4096,
  InstanceNetworkType: 'Classic',
  InstanceChargeType: 'PrePaid',
  InternetChargeType: 'PayByBandwidth',
  OperationLocks: [{ LockReason: 'security', LockMsg: '' }],
  SecurityGroupIds: ['sg-1', 'sg-2'],
  PublicIpAddress: ['42.1.1.1'],
  InnerIpAddress: ['10.1.1.1'],
  VpcAttributes: { VpcId: '', VSwitchId: '', PrivateIpAddress: [], NatIpAddress: '' },
  EipAddress: {
    AllocationId: 'eip-1',
    IpAddress: '47.2.2.2',
    Bandwidth: 5,
    InternetChargeType: 'PayByTraffic',
  },
  CreationTime: '2014-05-26T12:00Z',
  StartTime: '',
  IoOptimized: true,
  Tags: [{ TagKey: 'team', TagValue: 'search' }],
};

const SNAPSHOTS: Row[] = [
  {
    SnapshotId: 's-1',
    RegionId: 'cn-hangzhou',
    Status: 'progressing',
    Progress: '42%',
    SourceDiskType: 'DATA',
  },
  {
    SnapshotId: 's-2',
    RegionId: 'cn-hangzhou',
    Status: 'archived',
    Progress: '100%',
    SourceDiskType: 'System',
  },
  { SnapshotId: 's-3', RegionId: 'cn-hangzhou', Status: 'accomplished', Progress: 'soon' },
];

function gateway(options: Parameters<typeof regionGateway>[0] = {}) {
  const context = regionGateway(options);
  context.ecs
    .answer(
      DescribeInstances,
      listingAnswer([CLASSIC_INSTANCE], {
        list: 'Instances',
        idsParam: 'InstanceIds',
        idOf: (row) => String(row.InstanceId),
        filters: { RegionId: (row) => row.RegionId as string },
      }),
    )
    .answer(
      DescribeSnapshots,
      listingAnswer(SNAPSHOTS, {
        list: 'Snapshots',
        idsParam: 'SnapshotIds',
        idOf: (row) => String(row.SnapshotId),
        filters: { RegionId: (row) => row.RegionId as string },
      }),
    );
  return context;
}

describe('Instance, Disk and Snapshot fields', () => {
  it('types the wire values: enums open to new values, empty strings as null, nested objects', async () => {
    const { gateway: gw } = gateway();
    const result = await execute(
      gw,
      `{ instance(id: "i-classic") {
          id name description regionId status statusRaw cpu memory instanceNetworkType instanceNetworkTypeRaw
          instanceChargeType operationLocks { lockReason lockReasonRaw lockMessage } securityGroupIds
          publicIpAddresses innerIpAddresses vpcAttributes { vpcId }
          eipAddress { allocationId ipAddress bandwidth internetChargeType }
          creationTime startTime ioOptimized tags { key value }
      } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      instance: {
        id: 'i-classic',
        name: 'web-1',
        description: null,
        regionId: 'cn-hangzhou',
        status: 'UNKNOWN',
        statusRaw: 'Hibernating',
        cpu: 2,
        memory: 4096,
        instanceNetworkType: 'CLASSIC',
        instanceNetworkTypeRaw: 'classic',
        instanceChargeType: 'PRE_PAID',
        operationLocks: [{ lockReason: 'SECURITY', lockReasonRaw: 'security', lockMessage: null }],
        securityGroupIds: ['sg-1', 'sg-2'],
        publicIpAddresses: ['42.1.1.1'],
        innerIpAddresses: ['10.1.1.1'],
        vpcAttributes: null,
        eipAddress: {
          allocationId: 'eip-1',
          ipAddress: '47.2.2.2',
          bandwidth: 5,
          internetChargeType: 'PAY_BY_TRAFFIC',
        },
        creationTime: '2014-05-26T12:00:00.000Z',
        startTime: null,
        ioOptimized: true,
        tags: [{ key: 'team', value: 'search' }],
      },
    });
  });

  it('reads progress as a whole percent; a progress that is none fails that field alone', async () => {
    const { gateway: gw } = gateway();
    const result = await execute<{ snapshots: { nodes: Row[] } }>(
      gw,
      '{ snapshots { nodes { id status statusRaw progress sourceDiskType } } }',
    );
    expect(result.data?.snapshots.nodes).toEqual([
      { id: 's-1', status: 'PROGRESSING', statusRaw: 'progressing', progress: 42, sourceDiskType: 'DATA' },
      { id: 's-2', status: 'UNKNOWN', statusRaw: 'archived', progress: 100, sourceDiskType: 'SYSTEM' },
      { id: 's-3', status: 'ACCOMPLISHED', statusRaw: 'accomplished', progress: null, sourceDiskType: null },
    ]);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['snapshots', 'nodes', 2, 'progress'], 'INTERNAL_SERVER_ERROR'],
    ]);
  });
});

describe('filters and regions', () => {
  it('maps a filter to the Describe* parameters, in the configured region when none is named', async () => {
    const { gateway: gw, ecs } = gateway({ defaultRegionId: 'cn-qingdao' });
    const result = await execute(
      gw,
      `{ instances(
          filter: { ids: ["i-1"], status: RUNNING, instanceNetworkType: VPC, vpcId: "vpc-1", securityGroupId: "sg-1",
                    instanceType: "ecs.n1.small", name: "web", tags: [{ key: "team", value: "search" }, { key: "env" }] }
          page: { number: 2, size: 5 }
        ) { totalCount } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeInstances',
        input: {
          RegionId: 'cn-qingdao',
          InstanceIds: ['i-1'],
          Status: 'Running',
          InstanceNetworkType: 'vpc',
          VpcId: 'vpc-1',
          SecurityGroupId: 'sg-1',
          InstanceType: 'ecs.n1.small',
          InstanceName: 'web',
          Tag: [{ Key: 'team', Value: 'search' }, { Key: 'env' }],
          PageNumber: 2,
          PageSize: 5,
        },
      },
    ]);
  });

  it('refuses tag filters the API would refuse, naming each one, before any call', async () => {
    const { gateway: gw, ecs } = gateway();
    const tags = Array.from({ length: 21 }, (_, index) => ({ key: `k${index}` }));
    const result = await execute(
      gw,
      `query ($tags: [TagInput!]) {
        many: snapshots(filter: { tags: $tags }) { totalCount }
        region(id: "cn-hangzhou") { disks(filter: { tags: [{ key: "acs:owner" }], status: DELETED_BY_NOBODY }) { totalCount } }
      }`,
      { tags },
    );
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toContain(
      'Value "DELETED_BY_NOBODY" does not exist in "DiskStatus" enum.',
    );
    expect(ecs.calls).toEqual([]);

    const checked = await execute(
      gw,
      `query ($tags: [TagInput!]) {
        many: snapshots(filter: { tags: $tags }) { totalCount }
        region(id: "cn-hangzhou") { disks(filter: { tags: [{ key: "ok" }, { key: "acs:owner" }] }) { totalCount } }
      }`,
      { tags },
    );
    expect(checked.errors?.map((error) => [error.extensions?.argument, error.extensions?.code])).toEqual([
      ['many(filter).tags', 'BAD_USER_INPUT'],
      ['region.disks(filter).tags[1].key', 'BAD_USER_INPUT'],
    ]);
    expect(ecs.calls).toEqual([]);
  });

  it('nulls one region’s list when its call fails and keeps the others', async () => {
    const ecs = withRegions(new FakeEcs()).answer(
      DescribeInstances,
      listingAnswer([CLASSIC_INSTANCE], {
        list: 'Instances',
        idsParam: 'InstanceIds',
        idOf: (row) => String(row.InstanceId),
        filters: { RegionId: (row) => row.RegionId as string },
      }),
    );
    ecs.failWhen(
      DescribeInstances,
      (input) => input.RegionId === 'cn-qingdao',
      new FakeEcsError(
        'ServiceUnavailable',
        'The request has failed due to a temporary failure of the server.',
        503,
      ),
    );
    const { gateway: gw } = regionGateway({ ecs });
    const result = await execute(gw, '{ regions { id instances { totalCount nodes { id } } } }');
    expect(result.data).toEqual({
      regions: [
        { id: 'cn-hangzhou', instances: { totalCount: 1, nodes: [{ id: 'i-classic' }] } },
        { id: 'cn-qingdao', instances: null },
      ],
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['regions', 1, 'instances'],
        extensions: expect.objectContaining({
          code: 'ServiceUnavailable',
          requestId: 'FAKE-REQUEST-ID',
          httpStatus: 503,
        }),
      }),
    ]);
  });
});
