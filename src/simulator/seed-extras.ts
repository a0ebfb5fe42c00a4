import type { RegionSeeder } from './seed-region.js';
import { steady } from './state/timeline.js';

/** The resources that make the estate look lived in, and exercise the deletion rules. */
export function seedExtras(seeder: RegionSeeder): void {
  const zone = seeder.info.zones[0]!;
  // A detached, reusable disk.
  seeder.disk(undefined, {
    type: 'data',
    category: 'cloud_essd',
    size: 200,
    imageId: '',
    device: '',
    portable: true,
    deleteWithInstance: false,
    diskName: 'spare-data',
    zoneId: zone.zoneId,
  });
  // A golden image from the snapshot of a system disk since released: that snapshot
  // cannot be deleted (SnapshotCreatedImage).
  const [imageSource] = seeder.snapshots(seeder.goneDisk('system', 'golden-build'), 1);
  if (imageSource && imageSource.failedAt === undefined) {
    const imageId = seeder.id('image');
    seeder.region.images.set(imageId, {
      imageId,
      regionId: seeder.region.regionId,
      imageName: 'golden-web-2024q3',
      description: 'Web tier image with the runtime preinstalled',
      imageVersion: '1',
      osName: 'Alibaba Cloud Linux 3.2104 LTS 64 bit',
      osType: 'linux',
      platform: 'Aliyun',
      architecture: 'x86_64',
      size: 40,
      imageOwnerAlias: 'self',
      snapshotId: imageSource.snapshotId,
      status: steady('Available', imageSource.completesAt),
      creationTime: imageSource.completesAt,
      tags: [],
      resourceGroupId: seeder.defaultResourceGroup,
    });
  }
  // Snapshots whose disk is gone keep its SourceDiskId; a disk restored from one of
  // them makes that snapshot undeletable (SnapshotCreatedDisk).
  const [restoreSource] = seeder.snapshots(seeder.goneDisk('data', 'retired-data'), 2);
  if (restoreSource && restoreSource.failedAt === undefined) {
    seeder.disk(undefined, {
      type: 'data',
      category: 'cloud_essd',
      size: restoreSource.sourceDiskSize,
      imageId: '',
      device: '',
      portable: true,
      deleteWithInstance: false,
      diskName: 'restored-data',
      zoneId: zone.zoneId,
      sourceSnapshotId: restoreSource.snapshotId,
    });
  }
  const policyId = seeder.id('autoSnapshotPolicy');
  seeder.region.autoSnapshotPolicies.set(policyId, {
    autoSnapshotPolicyId: policyId,
    regionId: seeder.region.regionId,
    autoSnapshotPolicyName: 'nightly',
    timePoints: [2],
    repeatWeekdays: [1, 2, 3, 4, 5, 6, 7],
    retentionDays: 30,
    creationTime: seeder.past(300, 400),
    tags: [],
    resourceGroupId: seeder.defaultResourceGroup,
  });
  for (const disk of seeder.region.disks.values()) {
    if (disk.type === 'data' && disk.attachment && seeder.random.chance(0.5)) {
      disk.autoSnapshotPolicyId = policyId;
      disk.enableAutoSnapshot = true;
    }
  }
}
