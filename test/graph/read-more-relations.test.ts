import { describe, expect, it } from 'vitest';
import { createAutoSnapshotPolicyLoader } from '../../src/loaders/auto-snapshot-policies.js';
import { createByIdLoader } from '../../src/loaders/by-id.js';
import { imageListing } from '../../src/loaders/images.js';
import { DescribeAutoSnapshotPolicyEx } from '../../src/spec/actions/auto-snapshot-policies.js';
import { DescribeImages } from '../../src/spec/actions/images.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { FakeEcs, FakeEcsError, listingAnswer } from './support/fake-ecs.js';
import { execute, regionGateway } from './support/gateway.js';
import { policies, withReadMore } from './support/read-more.js';

const instances = Array.from({ length: 3 }, (_, index) => ({
  InstanceId: `i-${index + 1}`,
  RegionId: 'cn-hangzhou',
  ZoneId: index === 2 ? 'cn-hangzhou-z' : 'cn-hangzhou-b',
  ImageId: index === 1 ? 'm-gone' : 'ubuntu1204_64_20G_aliaegeis_20140703.vhd',
  SecurityGroupIds: [`sg-0${index + 1}`, 'sg-missing'],
  OperationLocks: [],
  PublicIpAddress: [],
  InnerIpAddress: [],
  Tags: [],
}));

function gateway() {
  const setup = regionGateway();
  withReadMore(setup.ecs).answer(
    DescribeInstances,
    listingAnswer(instances, {
      list: 'Instances',
      idsParam: 'InstanceIds',
      idOf: (instance) => instance.InstanceId,
      filters: { RegionId: (instance) => instance.RegionId },
    }),
  );
  return setup;
}

const QUERY = `{ instances { nodes { id securityGroups { id } image { id } zone { id localName } } } }`;

describe('instance relations', () => {
  it('batch groups and images by id across the page; unknown ones are left out or null; zones come from the region list', async () => {
    const { ecs, gateway: yoga } = gateway();
    const result = await execute(yoga, QUERY);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      instances: {
        nodes: [
          {
            id: 'i-1',
            securityGroups: [{ id: 'sg-01' }],
            image: { id: 'ubuntu1204_64_20G_aliaegeis_20140703.vhd' },
            zone: { id: 'cn-hangzhou-b', localName: '杭州可用区B' },
          },
          {
            id: 'i-2',
            securityGroups: [{ id: 'sg-02' }],
            image: null,
            zone: { id: 'cn-hangzhou-b', localName: '杭州可用区B' },
          },
          {
            id: 'i-3',
            securityGroups: [{ id: 'sg-03' }],
            image: { id: 'ubuntu1204_64_20G_aliaegeis_20140703.vhd' },
            zone: null,
          },
        ],
      },
    });
    expect(ecs.calls.filter((call) => call.action !== 'DescribeInstances')).toEqual([
      {
        action: 'DescribeSecurityGroups',
        input: {
          RegionId: 'cn-hangzhou',
          SecurityGroupIds: ['sg-01', 'sg-missing', 'sg-02', 'sg-03'],
          PageNumber: 1,
          PageSize: 4,
        },
      },
      {
        action: 'DescribeImages',
        input: {
          RegionId: 'cn-hangzhou',
          Status: 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated',
          ImageId: 'ubuntu1204_64_20G_aliaegeis_20140703.vhd,m-gone',
          PageNumber: 1,
          PageSize: 2,
        },
      },
      { action: 'DescribeZones', input: { RegionId: 'cn-hangzhou' } },
    ]);
  });

  it('a failed relation is null with the ECS error at its path; the rest of the answer stands', async () => {
    const { ecs, gateway: yoga } = gateway();
    ecs.failWhen(
      DescribeImages,
      () => true,
      new FakeEcsError('Throttling', 'Request was denied due to request throttling.', 400),
    );
    const result = await execute<{ instances: { nodes: { image: unknown; securityGroups: unknown[] }[] } }>(
      yoga,
      QUERY,
    );
    expect(result.data?.instances.nodes.map((node) => node.image)).toEqual([null, null, null]);
    expect(result.data?.instances.nodes.map((node) => node.securityGroups.length)).toEqual([1, 1, 1]);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['instances', 'nodes', 0, 'image'], 'Throttling'],
      [['instances', 'nodes', 1, 'image'], 'Throttling'],
      [['instances', 'nodes', 2, 'image'], 'Throttling'],
    ]);
  });
});

describe('automatic snapshot policies by id', () => {
  const request = (ecs: FakeEcs, allPagesCap = 20) =>
    createAutoSnapshotPolicyLoader({ ecs, limits: API_LIMITS['2014'], allPagesCap });

  it('one id costs one filtered call; several cost one page of the region, missing ones null', async () => {
    const ecs = withReadMore(new FakeEcs());
    const loader = request(ecs);
    expect((await loader.load({ regionId: 'cn-hangzhou', id: 'p-05' }))?.AutoSnapshotPolicyName).toBe(
      'nightly-5',
    );
    const many = await loader.loadMany(
      ['p-01', 'p-12', 'p-99'].map((id) => ({ regionId: 'cn-hangzhou', id })),
    );
    expect(
      many.map(
        (policy) => (policy as { AutoSnapshotPolicyId?: string } | null)?.AutoSnapshotPolicyId ?? null,
      ),
    ).toEqual(['p-01', 'p-12', null]);
    expect(ecs.calls.map((call) => call.input)).toEqual([
      { RegionId: 'cn-hangzhou', AutoSnapshotPolicyId: 'p-05', PageNumber: 1, PageSize: 1 },
      { RegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 50 },
    ]);
  });

  it('after the first page, scans the rest or looks the missing ids up one by one, whichever costs fewer calls', async () => {
    const many = Array.from({ length: 120 }, (_, index) => ({
      ...policies[0],
      AutoSnapshotPolicyId: `p-${1000 + index}`,
    }));
    const ecs = new FakeEcs().answer(
      DescribeAutoSnapshotPolicyEx,
      listingAnswer(many, {
        list: 'AutoSnapshotPolicies',
        idsParam: 'unused',
        idOf: (policy) => policy.AutoSnapshotPolicyId,
        filters: {
          RegionId: (policy) => policy.RegionId,
          AutoSnapshotPolicyId: (policy) => policy.AutoSnapshotPolicyId,
        },
      }),
    );
    // Two ids past the first page, two pages to go: the scan costs no more.
    const found = await request(ecs).loadMany(
      ['p-1000', 'p-1100', 'p-1119'].map((id) => ({ regionId: 'cn-hangzhou', id })),
    );
    expect(found.every((policy) => policy !== null && !(policy instanceof Error))).toBe(true);
    expect(ecs.calls.map((call) => call.input)).toEqual([
      { RegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 50 },
      { RegionId: 'cn-hangzhou', PageNumber: 2, PageSize: 50 },
      { RegionId: 'cn-hangzhou', PageNumber: 3, PageSize: 50 },
    ]);

    // One id past the first page, two pages to go: one filtered call instead.
    ecs.reset();
    const pair = await request(ecs).loadMany(
      ['p-1000', 'p-1119'].map((id) => ({ regionId: 'cn-hangzhou', id })),
    );
    expect(pair.map((policy) => (policy as { AutoSnapshotPolicyId?: string }).AutoSnapshotPolicyId)).toEqual([
      'p-1000',
      'p-1119',
    ]);
    expect(ecs.calls.map((call) => call.input)).toEqual([
      { RegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 50 },
      { RegionId: 'cn-hangzhou', AutoSnapshotPolicyId: 'p-1119', PageNumber: 1, PageSize: 1 },
    ]);
  });
});

describe('listings whose id filter is a string', () => {
  it('joins image ids with commas, up to the id limit a call', async () => {
    const ecs = withReadMore(new FakeEcs());
    const loader = createByIdLoader(ecs, imageListing, API_LIMITS['2014']);
    await loader.loadMany(
      Array.from({ length: 12 }, (_, index) => ({ regionId: 'cn-hangzhou', id: `m-${index}` })),
    );
    expect(ecs.calls.map((call) => call.input.ImageId)).toEqual([
      Array.from({ length: 10 }, (_, index) => `m-${index}`).join(','),
      'm-10,m-11',
    ]);
  });
});
