import { describe, expect, it } from 'vitest';
import { DescribeSecurityGroups } from '../../src/spec/actions/security-groups.js';
import { FakeEcsError } from './support/fake-ecs.js';
import { execute, regionGateway } from './support/gateway.js';
import { withReadMore } from './support/read-more.js';

function gateway(options: Parameters<typeof regionGateway>[0] = {}) {
  const setup = regionGateway(options);
  withReadMore(setup.ecs);
  return setup;
}

describe('security groups', () => {
  it('lists a page with its filters as DescribeSecurityGroups parameters, in the configured region by default', async () => {
    const { ecs, gateway: yoga } = gateway({ defaultRegionId: 'cn-hangzhou' });
    const result = await execute(
      yoga,
      `{ securityGroups(filter: { vpcId: "vpc-1", type: NORMAL, tags: [{ key: "team" }] }, page: { number: 2, size: 3 }) {
          totalCount pageNumber hasNextPage
          nodes { id name description vpcId type typeRaw creationTime resourceGroupId tags { key value } }
      } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeSecurityGroups',
        input: {
          RegionId: 'cn-hangzhou',
          VpcId: 'vpc-1',
          SecurityGroupType: 'normal',
          Tag: [{ Key: 'team' }],
          PageNumber: 2,
          PageSize: 3,
        },
      },
    ]);
    // The fixture's fake filters on VpcId and type (not tags): 13 normal groups in vpc-1.
    expect(result.data?.securityGroups).toMatchObject({ totalCount: 13, pageNumber: 2, hasNextPage: true });
    const page = result.data?.securityGroups as { nodes: unknown[] };
    expect(page.nodes[0]).toEqual({
      id: 'sg-19',
      name: 'web-19',
      description: 'web tier',
      vpcId: 'vpc-1',
      type: 'NORMAL',
      typeRaw: 'normal',
      creationTime: '2014-07-22T09:53:00.000Z',
      resourceGroupId: 'rg-1',
      tags: [],
    });
  });

  it('serves a listed group by id from the primed cache, and a missing id as null with one call', async () => {
    const { ecs, gateway: yoga } = gateway();
    const result = await execute(
      yoga,
      `{ securityGroups(regionId: "cn-hangzhou") { nodes { id } }
         again: securityGroups(regionId: "cn-hangzhou") { nodes { id } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(ecs.actions()).toEqual(['DescribeSecurityGroups']);

    ecs.reset();
    const byId = await execute(
      yoga,
      '{ a: securityGroup(id: "sg-03") { id name tags { key } } b: securityGroup(id: "sg-99") { id } }',
    );
    expect(byId.data).toEqual({ a: { id: 'sg-03', name: 'web-3', tags: [] }, b: null });
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeSecurityGroups',
        input: { RegionId: 'cn-hangzhou', SecurityGroupIds: ['sg-03', 'sg-99'], PageNumber: 1, PageSize: 2 },
      },
    ]);
  });

  it('refuses out-of-range filters before any call, naming the filter field and the rule', async () => {
    const { ecs, gateway: yoga } = gateway();
    const ids = Array.from({ length: 11 }, (_, index) => `"sg-${index}"`).join(',');
    const tooMany = await execute(yoga, `{ securityGroups(filter: { ids: [${ids}] }) { totalCount } }`);
    expect(tooMany.errors).toEqual([
      expect.objectContaining({
        message: `Argument securityGroups(filter).ids must be at most 10 ids; got ${JSON.stringify(
          Array.from({ length: 11 }, (_, index) => `sg-${index}`),
        )}.`,
        extensions: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          argument: 'securityGroups(filter).ids',
        }),
      }),
    ]);
    const unknown = await execute(yoga, '{ securityGroups(filter: { type: UNKNOWN }) { totalCount } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'securityGroups(filter).type',
    });
    const badKey = await execute(
      yoga,
      '{ securityGroups(filter: { tags: [{ key: "aliyun:x" }] }) { totalCount } }',
    );
    expect(badKey.errors?.[0]?.extensions).toMatchObject({ argument: 'securityGroups(filter).tags[0].key' });
    expect(ecs.calls).toEqual([]);
  });

  it('fails only the failed field, with the ECS code at its path', async () => {
    const { ecs, gateway: yoga } = gateway();
    ecs.failWhen(
      DescribeSecurityGroups,
      (input) => input.RegionId === 'cn-qingdao',
      new FakeEcsError(
        'ServiceUnavailable',
        'The request has failed due to a temporary failure of the server.',
        503,
      ),
    );
    const result = await execute(
      yoga,
      '{ ok: securityGroups { totalCount } broken: securityGroups(regionId: "cn-qingdao") { totalCount } regions { id } }',
    );
    expect(result.data).toEqual({
      ok: { totalCount: 25 },
      broken: null,
      regions: [{ id: 'cn-hangzhou' }, { id: 'cn-qingdao' }],
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['broken'],
        extensions: expect.objectContaining({ code: 'ServiceUnavailable' }),
      }),
    ]);
  });
});

describe('images', () => {
  it('reads every field typed: sizes and progress as Int, enums open, device mappings nested', async () => {
    const { ecs, gateway: yoga } = gateway();
    const result = await execute(
      yoga,
      `{ images(filter: { ids: ["ubuntu1204_64_20G_aliaegeis_20140703.vhd", "m-old"], statuses: [AVAILABLE, DEPRECATED] }) {
          totalCount
          nodes { id name version architecture architectureRaw size ownerAlias osType status progress usage isSubscribed
                  creationTime diskDeviceMappings { snapshotId size device type } tags { key value } }
      } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeImages',
        input: {
          RegionId: 'cn-hangzhou',
          ImageId: 'ubuntu1204_64_20G_aliaegeis_20140703.vhd,m-old',
          Status: 'Available,Deprecated',
          PageNumber: 1,
          PageSize: 10,
        },
      },
    ]);
    expect(result.data?.images).toEqual({
      totalCount: 2,
      nodes: [
        {
          id: 'ubuntu1204_64_20G_aliaegeis_20140703.vhd',
          name: 'ubuntu1204_64',
          version: '1.0',
          architecture: 'X86_64',
          architectureRaw: 'x86_64',
          size: 20,
          ownerAlias: 'SYSTEM',
          osType: 'LINUX',
          status: 'AVAILABLE',
          progress: 100,
          usage: 'INSTANCE',
          isSubscribed: false,
          creationTime: '2014-07-22T09:53:44.000Z',
          diskDeviceMappings: [{ snapshotId: null, size: 20, device: '/dev/xvda', type: 'SYSTEM' }],
          tags: [],
        },
        {
          id: 'm-old',
          name: 'old-web',
          version: null,
          architecture: 'UNKNOWN',
          architectureRaw: 'sparc',
          size: 40,
          ownerAlias: 'SELF',
          osType: 'LINUX',
          status: 'DEPRECATED',
          progress: 100,
          usage: null,
          isSubscribed: null,
          creationTime: '2014-05-26T12:00:00.000Z',
          diskDeviceMappings: [
            { snapshotId: 's-1', size: 40, device: '/dev/xvda', type: 'SYSTEM' },
            { snapshotId: 's-2', size: 100, device: '/dev/xvdb', type: 'DATA' },
          ],
          tags: [{ key: 'tier', value: 'web' }],
        },
      ],
    });
  });

  it('looks images up by id in every state, comma-joined in one call; unknown ids are null', async () => {
    const { ecs, gateway: yoga } = gateway();
    const result = await execute(
      yoga,
      '{ a: image(id: "m-old") { status } b: image(id: "m-gone") { id } c: image(id: "m-old", regionId: "cn-qingdao") { id } }',
    );
    expect(result).toEqual({ data: { a: { status: 'DEPRECATED' }, b: null, c: null } });
    const status = 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated';
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeImages',
        input: {
          RegionId: 'cn-hangzhou',
          Status: status,
          ImageId: 'm-old,m-gone',
          PageNumber: 1,
          PageSize: 2,
        },
      },
      {
        action: 'DescribeImages',
        input: { RegionId: 'cn-qingdao', Status: status, ImageId: 'm-old', PageNumber: 1, PageSize: 1 },
      },
    ]);
  });

  it('refuses an empty or oversized id list and an unknown status before any call', async () => {
    const { ecs, gateway: yoga } = gateway();
    const ids = JSON.stringify(Array.from({ length: 11 }, (_, index) => `m-${index}`));
    for (const [filter, argument, rule] of [
      ['{ ids: [] }', 'images(filter).ids', 'must hold 1 to 10 ids'],
      [`{ ids: ${ids} }`, 'images(filter).ids', 'must hold 1 to 10 ids'],
      ['{ statuses: [UNKNOWN] }', 'images(filter).statuses', 'must be documented values, not UNKNOWN'],
    ] as const) {
      const result = await execute(yoga, `{ images(filter: ${filter}) { totalCount } }`);
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument, rule });
    }
    expect(ecs.calls).toEqual([]);
  });
});

describe('instance types', () => {
  it('costs one DescribeInstanceTypes per request for the list and every lookup; a family is its own call', async () => {
    const { ecs, gateway: yoga } = gateway();
    const result = await execute(
      yoga,
      `{ instanceTypes { id family cpuCoreCount memorySize gpuAmount gpuSpec eniQuantity }
         small: instanceType(id: "ecs.t1.small") { memorySize } none: instanceType(id: "ecs.x") { id }
         t1: instanceTypes(family: "ecs.t1") { id } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      instanceTypes: [
        {
          id: 'ecs.t1.xsmall',
          family: 'ecs.t1',
          cpuCoreCount: 1,
          memorySize: 0.5,
          gpuAmount: null,
          gpuSpec: null,
          eniQuantity: null,
        },
        {
          id: 'ecs.t1.small',
          family: 'ecs.t1',
          cpuCoreCount: 1,
          memorySize: 1,
          gpuAmount: null,
          gpuSpec: null,
          eniQuantity: null,
        },
        {
          id: 'ecs.gn5-c4g1.xlarge',
          family: 'ecs.gn5',
          cpuCoreCount: 4,
          memorySize: 30,
          gpuAmount: 1,
          gpuSpec: 'NVIDIA P100',
          eniQuantity: 3,
        },
      ],
      small: { memorySize: 1 },
      none: null,
      t1: [{ id: 'ecs.t1.xsmall' }, { id: 'ecs.t1.small' }],
    });
    expect(ecs.calls).toEqual([
      { action: 'DescribeInstanceTypes', input: {} },
      { action: 'DescribeInstanceTypes', input: { InstanceTypeFamily: 'ecs.t1' } },
    ]);
  });
});

describe('automatic snapshot policies', () => {
  it('lists policies with their schedule as numbers, and serves listed ones by id at no cost', async () => {
    const { ecs, gateway: yoga } = gateway();
    const result = await execute(
      yoga,
      `{ autoSnapshotPolicies(filter: { name: "nightly-3" }) {
           totalCount nodes { id name regionId timePoints repeatWeekdays retentionDays diskCount status
                              creationTime enableCrossRegionCopy targetCopyRegions }
         } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.autoSnapshotPolicies).toEqual({
      totalCount: 1,
      nodes: [
        {
          id: 'p-03',
          name: 'nightly-3',
          regionId: 'cn-hangzhou',
          timePoints: [0, 12],
          repeatWeekdays: [1, 7],
          retentionDays: 30,
          diskCount: 2,
          status: 'NORMAL',
          creationTime: '2014-04-21T12:08:52.000Z',
          enableCrossRegionCopy: true,
          targetCopyRegions: ['cn-shanghai'],
        },
      ],
    });
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeAutoSnapshotPolicyEx',
        input: { RegionId: 'cn-hangzhou', AutoSnapshotPolicyName: 'nightly-3', PageNumber: 1, PageSize: 10 },
      },
    ]);
  });

  it('looks one policy up with one filtered call; a missing one is null', async () => {
    const { ecs, gateway: yoga } = gateway();
    expect(await execute(yoga, '{ autoSnapshotPolicy(id: "p-02") { status targetCopyRegions } }')).toEqual({
      data: { autoSnapshotPolicy: { status: 'EXPIRE', targetCopyRegions: null } },
    });
    expect(await execute(yoga, '{ autoSnapshotPolicy(id: "p-99") { id } }')).toEqual({
      data: { autoSnapshotPolicy: null },
    });
    expect(ecs.calls.map((call) => call.input)).toEqual([
      { RegionId: 'cn-hangzhou', AutoSnapshotPolicyId: 'p-02', PageNumber: 1, PageSize: 1 },
      { RegionId: 'cn-hangzhou', AutoSnapshotPolicyId: 'p-99', PageNumber: 1, PageSize: 1 },
    ]);
  });
});
