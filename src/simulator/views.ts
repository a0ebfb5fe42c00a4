import type {
  AutoSnapshotPolicyExType,
  DiskItemType,
  ImageType,
  InstanceAttributesType,
  SecurityGroupItemType,
  SnapshotType,
} from '../spec/datatypes.js';
import type { Infer } from '../spec/shape.js';
import { instanceTypeInfo, systemImages } from './catalog.js';
import { isoTime } from './clock.js';
import { diskStatus } from './state/disk.js';
import { eipOfInstance } from './state/eip.js';
import { imageProgress } from './state/image.js';
import { instanceStatus } from './state/instance.js';
import { snapshotProgress, snapshotStatus } from './state/snapshot.js';
import { statusAt } from './state/timeline.js';
import type {
  AutoSnapshotPolicyRecord,
  DiskRecord,
  ImageRecord,
  InstanceRecord,
  LockReason,
  RegionState,
  SecurityGroupRecord,
  SnapshotRecord,
  Tag,
} from './store.js';

/**
 * Records as the reference's data types: what Describe* actions return. Statuses and
 * progress are read at `now`; relations (a snapshot's usage, a policy's disk count)
 * are read from the region.
 */

/** PostPaid resources never expire; ECS writes this date for them. */
const NEVER_EXPIRES = '2099-12-31T15:59Z';

function tagsView(tags: readonly Tag[]) {
  return tags.map((tag) => ({ TagKey: tag.key, TagValue: tag.value }));
}

export function findImage(region: RegionState, imageId: string): ImageRecord | undefined {
  return (
    region.images.get(imageId) ?? systemImages(region.regionId).find((image) => image.imageId === imageId)
  );
}

export function instanceView(
  instance: InstanceRecord,
  region: RegionState,
  now: number,
  /** The locks to show: the account's arrears add `financial` to those set on the instance. */
  locks: readonly LockReason[] = instance.operationLocks,
): Infer<typeof InstanceAttributesType> {
  const status = instanceStatus(instance, now);
  const type = instanceTypeInfo(instance.instanceType);
  const image = findImage(region, instance.imageId);
  const running = instance.status[instance.status.length - 1];
  const vpc = instance.instanceNetworkType === 'vpc';
  return {
    InstanceId: instance.instanceId,
    InstanceName: instance.instanceName,
    Description: instance.description,
    ImageId: instance.imageId,
    RegionId: instance.regionId,
    ZoneId: instance.zoneId,
    ClusterId: '',
    InstanceType: instance.instanceType,
    InstanceTypeFamily: type?.instanceTypeFamily ?? '',
    Cpu: type?.cpuCoreCount ?? 0,
    Memory: Math.round((type?.memorySize ?? 0) * 1024),
    HostName: instance.hostName,
    Status: status,
    SerialNumber: instance.serialNumber,
    VlanId: '',
    OperationLocks: locks.map((reason) => ({ LockReason: reason, LockMsg: '' })),
    SecurityGroupIds: [...instance.securityGroupIds],
    PublicIpAddress: instance.publicIpAddress ? [instance.publicIpAddress] : [],
    InnerIpAddress: vpc ? [] : [instance.privateIpAddress],
    InternetMaxBandwidthIn: instance.internetMaxBandwidthIn,
    InternetMaxBandwidthOut: instance.internetMaxBandwidthOut,
    InternetChargeType: instance.internetChargeType,
    InstanceChargeType: instance.instanceChargeType,
    InstanceNetworkType: instance.instanceNetworkType,
    VpcAttributes: {
      VpcId: instance.vpcId,
      VSwitchId: instance.vSwitchId,
      PrivateIpAddress: vpc ? [instance.privateIpAddress] : [],
      NatIpAddress: '',
    },
    EipAddress: eipAddressView(region, instance.instanceId, now),
    IoOptimized: instance.ioOptimized,
    OSName: image?.osName ?? '',
    OSType: image?.osType ?? 'linux',
    CreationTime: isoTime(instance.creationTime),
    ...(status === 'Running' && running ? { StartTime: isoTime(running.at) } : {}),
    ExpiredTime: NEVER_EXPIRES,
    StoppedMode: status === 'Stopped' ? 'KeepCharging' : 'Not-applicable',
    DeletionProtection: false,
    ResourceGroupId: instance.resourceGroupId,
    Tags: tagsView(instance.tags),
  };
}

/** The EIP bound to the instance (binding, bound or unbinding); empty fields when none. */
function eipAddressView(region: RegionState, instanceId: string, now: number) {
  const eip = eipOfInstance(region, instanceId, now);
  return {
    AllocationId: eip?.allocationId ?? '',
    IpAddress: eip?.ipAddress ?? '',
    ...(eip ? { Bandwidth: eip.bandwidth } : {}),
    InternetChargeType: eip?.internetChargeType ?? '',
  };
}

export function diskView(
  disk: DiskRecord,
  now: number,
  locks: readonly LockReason[] = [],
): Infer<typeof DiskItemType> {
  const status = diskStatus(disk, now);
  const attachment = status === 'Available' ? undefined : disk.attachment;
  return {
    DiskId: disk.diskId,
    RegionId: disk.regionId,
    ZoneId: disk.zoneId,
    DiskName: disk.diskName,
    Description: disk.description,
    Type: disk.type,
    Category: disk.category,
    Size: disk.size,
    ImageId: disk.imageId,
    SourceSnapshotId: disk.sourceSnapshotId,
    ProductCode: '',
    Portable: disk.portable,
    Status: status,
    OperationLocks: locks.map((reason) => ({ LockReason: reason })),
    InstanceId: attachment?.instanceId ?? '',
    Device: attachment?.device ?? '',
    DeleteWithInstance: disk.deleteWithInstance,
    DeleteAutoSnapshot: disk.deleteAutoSnapshot,
    EnableAutoSnapshot: disk.enableAutoSnapshot,
    EnableAutomatedSnapshotPolicy: disk.autoSnapshotPolicyId !== '',
    AutoSnapshotPolicyId: disk.autoSnapshotPolicyId,
    Encrypted: false,
    KMSKeyId: '',
    DiskChargeType: 'PostPaid',
    ...(disk.category === 'cloud_essd' ? { PerformanceLevel: 'PL1' } : {}),
    IOPS: Math.min(50_000, 1_800 + 50 * disk.size),
    SerialNumber: `${disk.diskId.slice(2)}`,
    CreationTime: isoTime(disk.creationTime),
    AttachedTime: attachment ? isoTime(attachment.attachedTime) : '',
    DetachedTime: disk.detachedTime !== undefined && !attachment ? isoTime(disk.detachedTime) : '',
    ExpiredTime: NEVER_EXPIRES,
    ResourceGroupId: disk.resourceGroupId,
    Tags: tagsView(disk.tags),
  };
}

/** What a snapshot has been used to create: `image`, `disk`, `image_disk` or `none`. */
export function snapshotUsage(snapshot: SnapshotRecord, region: RegionState): string {
  const image = [...region.images.values()].some((candidate) => candidate.snapshotId === snapshot.snapshotId);
  const disk = [...region.disks.values()].some(
    (candidate) => candidate.sourceSnapshotId === snapshot.snapshotId,
  );
  if (image && disk) return 'image_disk';
  if (image) return 'image';
  return disk ? 'disk' : 'none';
}

export function snapshotView(
  snapshot: SnapshotRecord,
  region: RegionState,
  now: number,
): Infer<typeof SnapshotType> {
  const status = snapshotStatus(snapshot, now);
  return {
    SnapshotId: snapshot.snapshotId,
    SnapshotName: snapshot.snapshotName,
    Description: snapshot.description,
    Status: status,
    Progress: `${snapshotProgress(snapshot, now)}%`,
    Available: status === 'accomplished',
    SourceDiskId: snapshot.sourceDiskId,
    SourceDiskSize: snapshot.sourceDiskSize,
    SourceDiskType: snapshot.sourceDiskType.toLowerCase(),
    ProductCode: '',
    SnapshotType: snapshot.snapshotType,
    Usage: snapshotUsage(snapshot, region),
    ...(snapshot.retentionDays === undefined ? {} : { RetentionDays: snapshot.retentionDays }),
    Category: 'standard',
    InstantAccess: false,
    Encrypted: false,
    KMSKeyId: '',
    RegionId: snapshot.regionId,
    CreationTime: isoTime(snapshot.creationTime),
    LastModifiedTime: isoTime(Math.min(now, snapshot.failedAt ?? snapshot.completesAt)),
    ResourceGroupId: snapshot.resourceGroupId,
    Tags: tagsView(snapshot.tags),
  };
}

export function imageView(image: ImageRecord, region: RegionState, now: number): Infer<typeof ImageType> {
  const status = statusAt(image.status, now);
  const inUse = [...region.instances.values()].some((instance) => instance.imageId === image.imageId);
  return {
    ImageId: image.imageId,
    ImageName: image.imageName,
    ImageVersion: image.imageVersion,
    Description: image.description,
    Architecture: image.architecture,
    Size: image.size,
    ImageOwnerAlias: image.imageOwnerAlias,
    OSName: image.osName,
    OSType: image.osType,
    Platform: image.platform,
    DiskDeviceMappings: [
      { SnapshotId: image.snapshotId, Size: String(image.size), Device: '/dev/xvda', Type: 'system' },
    ],
    ProductCode: '',
    IsSubscribed: false,
    IsSupportIoOptimized: true,
    Progress: `${imageProgress(image, now)}%`,
    Status: status,
    Usage: inUse ? 'instance' : 'none',
    CreationTime: isoTime(image.creationTime),
    ResourceGroupId: image.resourceGroupId,
    Tags: tagsView(image.tags),
  };
}

export function securityGroupView(group: SecurityGroupRecord): Infer<typeof SecurityGroupItemType> {
  return {
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.securityGroupName,
    Description: group.description,
    VpcId: group.vpcId,
    SecurityGroupType: 'normal',
    CreationTime: isoTime(group.creationTime),
    ResourceGroupId: group.resourceGroupId,
    Tags: tagsView(group.tags),
  };
}

export function autoSnapshotPolicyView(
  policy: AutoSnapshotPolicyRecord,
  region: RegionState,
): Infer<typeof AutoSnapshotPolicyExType> {
  const disks = [...region.disks.values()].filter(
    (disk) => disk.autoSnapshotPolicyId === policy.autoSnapshotPolicyId,
  );
  return {
    AutoSnapshotPolicyId: policy.autoSnapshotPolicyId,
    AutoSnapshotPolicyName: policy.autoSnapshotPolicyName,
    RegionId: policy.regionId,
    TimePoints: JSON.stringify(policy.timePoints.map(String)),
    RepeatWeekdays: JSON.stringify(policy.repeatWeekdays.map(String)),
    RetentionDays: policy.retentionDays,
    DiskNums: disks.length,
    VolumeNums: 0,
    Status: 'Normal',
    CreationTime: isoTime(policy.creationTime),
    EnableCrossRegionCopy: false,
    ResourceGroupId: policy.resourceGroupId,
    Tags: tagsView(policy.tags),
  };
}
