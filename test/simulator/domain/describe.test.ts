import { describe, expect, it } from 'vitest';
import { createSimulatorDomain } from '../../../src/simulator/domain.js';
import { DescribeDisks } from '../../../src/spec/actions/disk-reads.js';
import { DescribeImages } from '../../../src/spec/actions/images.js';
import { DescribeInstanceStatus, DescribeInstances } from '../../../src/spec/actions/instance-reads.js';
import { DescribeInstanceTypes } from '../../../src/spec/actions/instance-types.js';
import { DescribeRegions, DescribeZones } from '../../../src/spec/actions/regions.js';
import { DescribeSecurityGroups } from '../../../src/spec/actions/security-groups.js';
import { DescribeSnapshots } from '../../../src/spec/actions/snapshots.js';
import { ACTIONS } from '../../../src/spec/catalog.js';
import { ACCOUNT, call, REGION } from './helpers.js';

/** 12 instances x 2 disks x 1 snapshot in cn-hangzhou, no extras: a known shape to page through. */
function estate() {
  return createSimulatorDomain({
    clock: { mode: 'manual' },
    seed: {
      seed: 'pages',
      regions: [REGION],
      instancesPerRegion: 12,
      disksPerInstance: 2,
      snapshotsPerDisk: 1,
      extras: false,
    },
  });
}

describe('the domain', () => {
  it('has a handler for every declared action', () => {
    const domain = estate();
    const missing = [...ACTIONS.keys()].filter((name) => !domain.has(name));
    expect(missing).toEqual([]);
    expect(domain.has('NoSuchAction')).toBe(false);
  });

  it('keeps accounts apart', () => {
    const domain = estate();
    const mine = call(domain, DescribeInstances, { RegionId: REGION, PageSize: 50 });
    const theirs = call(domain, DescribeInstances, { RegionId: REGION, PageSize: 50 }, 'LTAI-other');
    expect(theirs.TotalCount).toBe(mine.TotalCount);
    domain.store.account(ACCOUNT).regions.get(REGION)!.instances.clear();
    expect(call(domain, DescribeInstances, { RegionId: REGION }).TotalCount).toBe(0);
    expect(call(domain, DescribeInstances, { RegionId: REGION }, 'LTAI-other').TotalCount).toBe(12);
  });

  it('reset() forgets changes and seeds accounts again', () => {
    const domain = estate();
    domain.store.account(ACCOUNT).regions.get(REGION)!.instances.clear();
    domain.reset();
    expect(call(domain, DescribeInstances, { RegionId: REGION }).TotalCount).toBe(12);
  });
});

describe('paging', () => {
  it('defaults to page 1 of 10 and echoes TotalCount, PageNumber and PageSize', () => {
    const page = call(estate(), DescribeDisks, { RegionId: REGION });
    expect([page.TotalCount, page.PageNumber, page.PageSize, page.Disks.length]).toEqual([24, 1, 10, 10]);
    expect(page.RegionId).toBe(REGION);
  });

  it('walks every page without skipping or repeating, the last page short, past the end empty', () => {
    const domain = estate();
    const seen: string[] = [];
    for (let pageNumber = 1; pageNumber <= 5; pageNumber++) {
      const page = call(domain, DescribeDisks, { RegionId: REGION, PageNumber: pageNumber, PageSize: 7 });
      expect(page.TotalCount).toBe(24);
      expect(page.PageNumber).toBe(pageNumber);
      expect(page.Disks.length).toBe(pageNumber <= 3 ? 7 : pageNumber === 4 ? 3 : 0);
      seen.push(...page.Disks.map((disk) => disk.DiskId!));
    }
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    const all = call(domain, DescribeDisks, { RegionId: REGION, PageSize: 50 }).Disks;
    expect(all.map((disk) => disk.DiskId)).toEqual(seen);
  });

  it('orders by creation time, then id', () => {
    const disks = call(estate(), DescribeDisks, { RegionId: REGION, PageSize: 50 }).Disks;
    const keys = disks.map((disk) => `${disk.CreationTime} ${disk.DiskId}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('answers an empty region with an empty first page', () => {
    const page = call(estate(), DescribeInstances, { RegionId: 'cn-beijing' });
    expect(page).toEqual({ TotalCount: 0, PageNumber: 1, PageSize: 10, Instances: [] });
  });
});

describe('filters', () => {
  it('combine with AND', () => {
    const domain = estate();
    const instances = call(domain, DescribeInstances, { RegionId: REGION, PageSize: 50 }).Instances;
    const first = instances[0]!;
    const sameZone = instances.filter((instance) => instance.ZoneId === first.ZoneId);
    expect(
      call(domain, DescribeInstances, { RegionId: REGION, ZoneId: first.ZoneId, PageSize: 50 }).TotalCount,
    ).toBe(sameZone.length);
    const both = call(domain, DescribeInstances, {
      RegionId: REGION,
      ZoneId: first.ZoneId,
      InstanceIds: [first.InstanceId!, instances.find((i) => i.ZoneId !== first.ZoneId)!.InstanceId!],
    });
    expect(both.Instances.map((instance) => instance.InstanceId)).toEqual([first.InstanceId]);
  });

  it('treat an empty id list as a filter that matches nothing, and unknown ids as no match', () => {
    const domain = estate();
    expect(call(domain, DescribeDisks, { RegionId: REGION, DiskIds: [] }).TotalCount).toBe(0);
    expect(call(domain, DescribeInstances, { RegionId: REGION, InstanceIds: [] }).TotalCount).toBe(0);
    expect(call(domain, DescribeSnapshots, { RegionId: REGION, SnapshotIds: [] }).TotalCount).toBe(0);
    const some = call(domain, DescribeDisks, { RegionId: REGION, PageSize: 2 }).Disks.map(
      (disk) => disk.DiskId!,
    );
    const found = call(domain, DescribeDisks, { RegionId: REGION, DiskIds: [...some, 'd-doesnotexist'] });
    expect(found.Disks.map((disk) => disk.DiskId)).toEqual(some);
  });

  it('select the disks of an instance and the snapshots of a disk', () => {
    const domain = estate();
    const instance = call(domain, DescribeInstances, { RegionId: REGION }).Instances[0]!;
    const disks = call(domain, DescribeDisks, { RegionId: REGION, InstanceId: instance.InstanceId }).Disks;
    expect(disks.map((disk) => disk.Type).sort()).toEqual(['data', 'system']);
    expect(disks.every((disk) => disk.Status === 'In_use' && disk.InstanceId === instance.InstanceId)).toBe(
      true,
    );
    const system = disks.find((disk) => disk.Type === 'system')!;
    expect(
      call(domain, DescribeDisks, { RegionId: REGION, InstanceId: instance.InstanceId, DiskType: 'data' })
        .TotalCount,
    ).toBe(1);
    const snapshots = call(domain, DescribeSnapshots, { RegionId: REGION, DiskId: system.DiskId }).Snapshots;
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.SourceDiskId).toBe(system.DiskId);
    expect(
      call(domain, DescribeSnapshots, { RegionId: REGION, InstanceId: instance.InstanceId }).TotalCount,
    ).toBe(2);
  });

  it('lists instance statuses of a zone', () => {
    const domain = estate();
    const statuses = call(domain, DescribeInstanceStatus, {
      RegionId: REGION,
      ZoneId: 'cn-hangzhou-h',
      PageSize: 50,
    });
    expect(statuses.TotalCount).toBe(3);
    expect(statuses.InstanceStatuses.every((item) => ['Running', 'Stopped'].includes(item.Status!))).toBe(
      true,
    );
  });
});

describe('catalog', () => {
  it('lists regions in the requested language and the zones of one', () => {
    const domain = estate();
    const regions = call(domain, DescribeRegions, { AcceptLanguage: 'en-US' }).Regions;
    expect(regions.find((region) => region.RegionId === 'cn-hangzhou')?.LocalName).toBe('China (Hangzhou)');
    expect(call(domain, DescribeRegions, {}).Regions[0]?.LocalName).toBe('华东1（杭州）');
    const zones = call(domain, DescribeZones, { RegionId: 'ap-southeast-1', AcceptLanguage: 'en-US' }).Zones;
    expect(zones.map((zone) => zone.ZoneId)).toEqual([
      'ap-southeast-1a',
      'ap-southeast-1b',
      'ap-southeast-1c',
    ]);
    expect(zones[2]!.AvailableDiskCategories).toEqual(['cloud_efficiency', 'cloud_essd']);
    expect(call(domain, DescribeZones, { RegionId: 'xx-nowhere' }).Zones).toEqual([]);
  });

  it('lists instance types by family, images and security groups', () => {
    const domain = createSimulatorDomain({ clock: { mode: 'manual' } });
    const g7 = call(domain, DescribeInstanceTypes, { InstanceTypeFamily: 'ecs.g7' }).InstanceTypes;
    expect(g7.map((type) => type.InstanceTypeId)).toEqual([
      'ecs.g7.large',
      'ecs.g7.xlarge',
      'ecs.g7.2xlarge',
    ]);
    expect(g7[0]).toMatchObject({ InstanceId: 'ecs.g7.large', CpuCoreCount: 2, MemorySize: 8 });
    const images = call(domain, DescribeImages, { RegionId: REGION, PageSize: 50 }).Images;
    expect(images.some((image) => image.ImageId === 'aliyun_3_x64_20G_alibase_20240819.vhd')).toBe(true);
    const own = call(domain, DescribeImages, { RegionId: REGION, ImageOwnerAlias: 'self' }).Images;
    expect(own).toHaveLength(1);
    expect(own[0]!.DiskDeviceMappings[0]!.SnapshotId).toMatch(/^s-bp1/);
    const groups = call(domain, DescribeSecurityGroups, { RegionId: REGION }).SecurityGroups;
    const ids = groups.map((group) => group.SecurityGroupId!);
    expect(ids).toEqual([...ids].sort().reverse());
  });
});
