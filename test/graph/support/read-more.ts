import type { AutoSnapshotPolicyItem } from '../../../src/loaders/auto-snapshot-policies.js';
import type { ImageItem } from '../../../src/loaders/images.js';
import type { ActionResult } from '../../../src/spec/action.js';
import { DescribeAutoSnapshotPolicyEx } from '../../../src/spec/actions/auto-snapshot-policies.js';
import { DescribeImages } from '../../../src/spec/actions/images.js';
import { DescribeInstanceTypes } from '../../../src/spec/actions/instance-types.js';
import { DescribeSecurityGroups } from '../../../src/spec/actions/security-groups.js';
import { FakeEcs, type Handler, listingAnswer } from './fake-ecs.js';

/** Security groups sg-01... of cn-hangzhou, listed newest id first as ECS does. */
export const securityGroups: ActionResult<typeof DescribeSecurityGroups>['SecurityGroups'][number][] =
  Array.from({ length: 25 }, (_, index) => ({
    SecurityGroupId: `sg-${String(25 - index).padStart(2, '0')}`,
    SecurityGroupName: `web-${25 - index}`,
    Description: index === 0 ? '' : 'web tier',
    VpcId: index % 2 === 0 ? 'vpc-1' : '',
    SecurityGroupType: index === 1 ? 'enterprise' : 'normal',
    CreationTime: '2014-07-22T09:53Z',
    ResourceGroupId: 'rg-1',
    Tags: index === 0 ? [{ TagKey: 'team', TagValue: 'web' }] : [],
  }));

export const images: (Omit<ImageItem, 'regionId'> & { readonly RegionId: string })[] = [
  {
    RegionId: 'cn-hangzhou',
    ImageId: 'ubuntu1204_64_20G_aliaegeis_20140703.vhd',
    ImageName: 'ubuntu1204_64',
    ImageVersion: '1.0',
    Description: '',
    Architecture: 'x86_64',
    Size: 20,
    ImageOwnerAlias: 'system',
    OSName: 'Ubuntu 12.04 64 bits',
    OSType: 'linux',
    Platform: 'Ubuntu',
    DiskDeviceMappings: [{ Device: '/dev/xvda', Size: '20', SnapshotId: '', Type: 'system' }],
    ProductCode: '',
    IsSubscribed: false,
    IsSupportIoOptimized: true,
    Progress: '100',
    Status: 'Available',
    Usage: 'instance',
    CreationTime: '2014-07-22T09:53:44Z',
    Tags: [],
  },
  {
    RegionId: 'cn-hangzhou',
    ImageId: 'm-old',
    ImageName: 'old-web',
    Architecture: 'sparc',
    Size: 40,
    ImageOwnerAlias: 'self',
    OSType: 'linux',
    DiskDeviceMappings: [
      { Device: '/dev/xvda', Size: '40', SnapshotId: 's-1', Type: 'system' },
      { Device: '/dev/xvdb', Size: '100', SnapshotId: 's-2', Type: 'data' },
    ],
    Progress: '100%',
    Status: 'Deprecated',
    CreationTime: '2014-05-26T12:00Z',
    Tags: [{ TagKey: 'tier', TagValue: 'web' }],
  },
];

export const policies: (AutoSnapshotPolicyItem & { readonly RegionId: string })[] = Array.from(
  { length: 12 },
  (_, index) => ({
    RegionId: 'cn-hangzhou',
    AutoSnapshotPolicyId: `p-${String(index + 1).padStart(2, '0')}`,
    AutoSnapshotPolicyName: `nightly-${index + 1}`,
    TimePoints: '["0","12"]',
    RepeatWeekdays: '["1","7"]',
    RetentionDays: index === 0 ? -1 : 30,
    DiskNums: index,
    VolumeNums: 0,
    Status: index === 1 ? 'Expire' : 'Normal',
    CreationTime: '2014-04-21T12:08:52Z',
    EnableCrossRegionCopy: index === 2,
    TargetCopyRegions: index === 2 ? '["cn-shanghai"]' : '',
    Tags: [],
  }),
);

/** DescribeImages as ECS answers it: ImageId comma-separated, Available only unless Status says. */
function imagesAnswer(): Handler {
  return (input) => {
    const ids = (input.ImageId as string | undefined)?.split(',');
    const statuses = ((input.Status as string | undefined) ?? 'Available').split(',');
    const matches = images.filter(
      (image) =>
        image.RegionId === input.RegionId &&
        (ids === undefined || ids.includes(image.ImageId ?? '')) &&
        statuses.includes(image.Status ?? '') &&
        (input.ImageOwnerAlias === undefined || image.ImageOwnerAlias === input.ImageOwnerAlias),
    );
    const pageNumber = (input.PageNumber as number | undefined) ?? 1;
    const pageSize = (input.PageSize as number | undefined) ?? 10;
    return {
      RegionId: input.RegionId,
      TotalCount: matches.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      Images: matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    };
  };
}

export const instanceTypes: ActionResult<typeof DescribeInstanceTypes>['InstanceTypes'] = [
  { InstanceId: 'ecs.t1.xsmall', CpuCoreCount: 1, MemorySize: 0.5, InstanceTypeFamily: 'ecs.t1' },
  { InstanceTypeId: 'ecs.t1.small', CpuCoreCount: 1, MemorySize: 1, InstanceTypeFamily: 'ecs.t1' },
  {
    InstanceTypeId: 'ecs.gn5-c4g1.xlarge',
    CpuCoreCount: 4,
    MemorySize: 30,
    InstanceTypeFamily: 'ecs.gn5',
    GPUAmount: 1,
    GPUSpec: 'NVIDIA P100',
    EniQuantity: 3,
  },
];

/** A FakeEcs answering the four listings of this domain from the fixtures above. */
export function withReadMore(ecs: FakeEcs = new FakeEcs()): FakeEcs {
  return ecs
    .answer(
      DescribeSecurityGroups,
      listingAnswer(securityGroups, {
        list: 'SecurityGroups',
        idsParam: 'SecurityGroupIds',
        idOf: (group) => group.SecurityGroupId ?? '',
        filters: {
          RegionId: () => 'cn-hangzhou',
          VpcId: (group) => group.VpcId,
          SecurityGroupType: (group) => group.SecurityGroupType,
        },
      }),
    )
    .answer(DescribeImages, imagesAnswer())
    .answer(
      DescribeAutoSnapshotPolicyEx,
      listingAnswer(policies, {
        list: 'AutoSnapshotPolicies',
        idsParam: 'AutoSnapshotPolicyIds-unused',
        idOf: (policy) => policy.AutoSnapshotPolicyId ?? '',
        filters: {
          RegionId: (policy) => policy.RegionId,
          AutoSnapshotPolicyId: (policy) => policy.AutoSnapshotPolicyId,
          AutoSnapshotPolicyName: (policy) => policy.AutoSnapshotPolicyName,
        },
      }),
    )
    .on(DescribeInstanceTypes, ({ InstanceTypeFamily }) => ({
      InstanceTypes: instanceTypes.filter(
        (type) => InstanceTypeFamily === undefined || type.InstanceTypeFamily === InstanceTypeFamily,
      ),
    }));
}
