import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/index.js';
import { DISK_SIZE_LIMITS, defaultDiskCategory, zoneInfo } from '../catalog.js';
import { diskLocks, portableDiskCount } from '../state/account.js';
import {
  attachDisk,
  attachedInstanceId,
  detachDisk,
  diskStatus,
  nextFreeDevice,
  reInitDisk,
} from '../state/disk.js';
import { instanceStatus } from '../state/instance.js';
import { disksOf, isCreatingSnapshot, releaseDisk } from '../state/release.js';
import { snapshotStatus } from '../state/snapshot.js';
import { statusAt, steady, transition } from '../state/timeline.js';
import { type DiskCategory, type DiskRecord, find, type InstanceRecord, type RegionState } from '../store.js';
import { diskView, findImage } from '../views.js';
import {
  type DomainContext,
  hasTags,
  inCreationOrder,
  inIdList,
  matches,
  type Reply,
  tagsFrom,
} from './context.js';
import { newDisk } from './disk-records.js';
import { fail, invalidParameter, passDryRun } from './errors.js';
import {
  requireDisk,
  requireDiskNotInArrears,
  requireInstance,
  requireInstanceNotInArrears,
  requireNotLocked,
  requireRegion,
  requireSnapshot,
  requireStatus,
  requireUnderQuota,
  requireUniqueTagKeys,
} from './guards.js';
import { listPage } from './paging.js';

export function DescribeDisks(
  input: ActionInput<typeof api.DescribeDisks>,
  context: DomainContext,
): Reply<typeof api.DescribeDisks> {
  const region = context.account.regions.get(input.RegionId);
  const now = context.now;
  const selected = inCreationOrder(region?.disks.values() ?? [], (disk) => disk.diskId).filter(
    (disk) =>
      matches(input.ZoneId, disk.zoneId) &&
      inIdList(input.DiskIds, disk.diskId) &&
      matches(input.InstanceId, attachedInstanceId(disk, now)) &&
      matchesUnlessAll(input.DiskType, disk.type) &&
      matchesUnlessAll(input.Category, disk.category) &&
      matchesUnlessAll(input.Status, diskStatus(disk, now)) &&
      matches(input.SnapshotId, disk.sourceSnapshotId) &&
      matches(input.DiskName, disk.diskName) &&
      matches(input.Portable, disk.portable) &&
      matches(input.DeleteWithInstance, disk.deleteWithInstance) &&
      matches(input.DeleteAutoSnapshot, disk.deleteAutoSnapshot) &&
      matches(input.EnableAutoSnapshot, disk.enableAutoSnapshot) &&
      matches(input.AutoSnapshotPolicyId, disk.autoSnapshotPolicyId) &&
      matches(input.Encrypted, false) &&
      matches(input.ResourceGroupId, disk.resourceGroupId) &&
      hasTags(disk.tags, input.Tag),
  );
  const { items, ...page } = listPage(api.DescribeDisks, selected, input, context, (disk) => ({
    creationTime: disk.creationTime,
    id: disk.diskId,
  }));
  return {
    RegionId: input.RegionId,
    ...page,
    Disks: items.map((disk) => diskView(disk, now, diskLocks(context.account, region!, disk))),
  };
}

/** DiskType, Category and Status take `all` (any case) for no filter. */
function matchesUnlessAll(wanted: string | undefined, actual: string): boolean {
  return wanted === undefined || wanted.toLowerCase() === 'all' || wanted === actual;
}

export function CreateDisk(
  input: ActionInput<typeof api.CreateDisk>,
  context: DomainContext,
): Reply<typeof api.CreateDisk> {
  const action = api.CreateDisk;
  const region = requireRegion(action, context.account, input.RegionId);
  const zone = zoneInfo(region.regionId, input.ZoneId) ?? fail(action, 'InvalidZoneId.NotFound');
  const category = (input.DiskCategory ?? defaultDiskCategory(zone.diskCategories)) as DiskCategory;
  if (
    !zone.diskCategories.includes(category) ||
    context.account.settings.denied.diskCategories.includes(category)
  )
    fail(action, 'InvalidDiskCategory.ValueUnauthorized');
  if (input.Size === undefined && input.SnapshotId === undefined) fail(action, 'MissingParameter');
  const limits = DISK_SIZE_LIMITS[category];
  let size = input.Size ?? 0;
  if (input.SnapshotId !== undefined) {
    const { record: snapshot } = requireSnapshot(action, context, input.SnapshotId);
    if (snapshotStatus(snapshot, context.now) !== 'accomplished') fail(action, 'InvalidSnapshotId.NotReady');
    if (snapshot.sourceDiskType === 'System') fail(action, 'InvalidSnapshotId.NotDataDiskSnapshot');
    if (snapshot.sourceDiskSize > limits.max) fail(action, 'InvalidSnapshot.TooLarge');
    size = Math.max(size, snapshot.sourceDiskSize);
  } else if (size < limits.min || size > limits.max) {
    invalidParameter('Size', `${category} disks take ${limits.min} to ${limits.max} GiB`);
  }
  requireUniqueTagKeys(action, input.Tag);
  requireUnderQuota(
    action,
    'QuotaExceed.PortableCloudDisk',
    portableDiskCount(context.account),
    1,
    context.rules.portableDisksPerAccount,
  );
  const disk = newDisk(context, region, {
    zoneId: zone.zoneId,
    diskName: input.DiskName ?? '',
    description: input.Description ?? '',
    type: 'data',
    category,
    size,
    imageId: '',
    sourceSnapshotId: input.SnapshotId ?? '',
    portable: true,
    status: transition(context.now, [['Creating', context.clock.durations.diskCreate]], 'Available'),
    tags: tagsFrom(input.Tag),
    resourceGroupId: input.ResourceGroupId ?? '',
  });
  region.disks.set(disk.diskId, disk);
  return { DiskId: disk.diskId };
}

export function AttachDisk(
  input: ActionInput<typeof api.AttachDisk>,
  context: DomainContext,
): Reply<typeof api.AttachDisk> {
  const action = api.AttachDisk;
  const { region, record: instance } = requireInstance(action, context, input.InstanceId);
  const { record: disk } = requireDisk(action, context, input.DiskId);
  requireNotLocked(action, instance);
  requireInstanceNotInArrears(action, context.account, instance);
  requireDiskNotInArrears(action, context.account, region, disk);
  requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(instance, context.now), [
    'Running',
    'Stopped',
  ]);
  if (!disk.portable) fail(action, 'DiskNotPortable');
  requireStatus(action, 'IncorrectDiskStatus', diskStatus(disk, context.now), ['Available']);
  if (disk.regionId !== instance.regionId || disk.zoneId !== instance.zoneId)
    fail(action, 'ResourcesNotInSameZone');
  const attached = disksOf(region, instance.instanceId);
  if (attached.filter((other) => other.type === 'data').length >= context.rules.dataDisksPerInstance)
    fail(action, 'InstanceDiskLimitExceeded');
  const used = new Set(attached.map((other) => other.attachment!.device));
  if (input.Device !== undefined && !/^\/dev\/xvd[b-z]$/.test(input.Device))
    fail(action, 'InvalidDevice.Malformed');
  if (input.Device !== undefined && used.has(input.Device)) fail(action, 'InvalidDevice.InUse');
  const device = input.Device ?? nextFreeDevice(used) ?? fail(action, 'InstanceDiskLimitExceeded');
  attachDisk(disk, instance.instanceId, device, context.now, context.clock.durations);
  if (input.DeleteWithInstance !== undefined) disk.deleteWithInstance = input.DeleteWithInstance;
  return {};
}

export function DetachDisk(
  input: ActionInput<typeof api.DetachDisk>,
  context: DomainContext,
): Reply<typeof api.DetachDisk> {
  const action = api.DetachDisk;
  const { record: instance } = requireInstance(action, context, input.InstanceId);
  const { record: disk } = requireDisk(action, context, input.DiskId);
  if (attachedInstanceId(disk, context.now) !== instance.instanceId) fail(action, 'DependencyViolation');
  if (disk.type === 'system') fail(action, 'DiskTypeViolation');
  if (!disk.portable) fail(action, 'DiskNotPortable');
  requireNotLocked(action, instance);
  requireStatus(action, 'IncorrectDiskStatus', diskStatus(disk, context.now), ['In_use']);
  detachDisk(disk, context.now, context.clock.durations);
  return {};
}

export function ModifyDiskAttribute(
  input: ActionInput<typeof api.ModifyDiskAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifyDiskAttribute> {
  const action = api.ModifyDiskAttribute;
  const { record: disk } = requireDisk(action, context, input.DiskId);
  const { DiskName, Description, DeleteWithInstance, DeleteAutoSnapshot, EnableAutoSnapshot } = input;
  if (
    [DiskName, Description, DeleteWithInstance, DeleteAutoSnapshot, EnableAutoSnapshot].every(
      (v) => v === undefined,
    )
  )
    fail(action, 'NoAttributeToModify');
  if (DeleteWithInstance !== undefined && !disk.portable) fail(action, 'DiskNotPortable');
  if (DiskName !== undefined) disk.diskName = DiskName;
  if (Description !== undefined) disk.description = Description;
  if (DeleteWithInstance !== undefined) disk.deleteWithInstance = DeleteWithInstance;
  if (DeleteAutoSnapshot !== undefined) disk.deleteAutoSnapshot = DeleteAutoSnapshot;
  if (EnableAutoSnapshot !== undefined) disk.enableAutoSnapshot = EnableAutoSnapshot;
  return {};
}

/** Releases an Available portable disk; as documented, an unknown id is ignored. */
export function DeleteDisk(
  input: ActionInput<typeof api.DeleteDisk>,
  context: DomainContext,
): Reply<typeof api.DeleteDisk> {
  const action = api.DeleteDisk;
  const found = find(context.account, 'disks', input.DiskId, context.regionId);
  if (!found) return {};
  const { region, record: disk } = found;
  if (disk.type === 'system') fail(action, 'DiskTypeViolation');
  if (!disk.portable) fail(action, 'DiskNotPortable');
  requireStatus(action, 'IncorrectDiskStatus', diskStatus(disk, context.now), ['Available']);
  if (isCreatingSnapshot(region, disk.diskId, context.now)) fail(action, 'DiskCreatingSnapshot');
  releaseDisk(region, disk, context.now);
  return {};
}

/** The instance of an In_use disk; the caller has checked the status. */
function instanceOf(region: RegionState, disk: DiskRecord): InstanceRecord {
  return region.instances.get(disk.attachment!.instanceId)!;
}

/**
 * What re-initializing and resetting a disk both demand: the disk In_use, on an
 * instance that is not security-locked and is Stopped. Returns that instance.
 */
function requireOnStoppedInstance(
  action: typeof api.ReInitDisk | typeof api.ResetDisk,
  context: DomainContext,
  region: RegionState,
  disk: DiskRecord,
): InstanceRecord {
  const now = context.now;
  requireStatus(action, 'IncorrectDiskStatus', diskStatus(disk, now), ['In_use']);
  const instance = instanceOf(region, disk);
  requireNotLocked(action, instance);
  requireInstanceNotInArrears(action, context.account, instance);
  requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(instance, now), ['Stopped']);
  return instance;
}

export function ReInitDisk(
  input: ActionInput<typeof api.ReInitDisk>,
  context: DomainContext,
): Reply<typeof api.ReInitDisk> {
  const action = api.ReInitDisk;
  const { region, record: disk } = requireDisk(action, context, input.DiskId);
  const instance = requireOnStoppedInstance(action, context, region, disk);
  if (!instance.everStarted) fail(action, 'IncorrectDiskStatus.NeverUsed');
  if (disk.sourceSnapshotId !== '' && !region.snapshots.has(disk.sourceSnapshotId))
    fail(action, 'InvalidSourceSnapshot');
  if (isCreatingSnapshot(region, disk.diskId, context.now)) fail(action, 'DiskCreatingSnapshot');
  reInitDisk(disk, context.now, context.clock.durations);
  return {};
}

export function ResetDisk(
  input: ActionInput<typeof api.ResetDisk>,
  context: DomainContext,
): Reply<typeof api.ResetDisk> {
  const action = api.ResetDisk;
  const { region, record: disk } = requireDisk(action, context, input.DiskId);
  const { record: snapshot } = requireSnapshot(action, context, input.SnapshotId);
  requireOnStoppedInstance(action, context, region, disk);
  if (snapshot.sourceDiskId !== disk.diskId) fail(action, 'InvalidParameter.Mismatch');
  if (snapshotStatus(snapshot, context.now) !== 'accomplished') fail(action, 'InvalidSnapshotId.NotReady');
  passDryRun(context);
  reInitDisk(disk, context.now, context.clock.durations);
  return {};
}

/**
 * A new system disk (new id) from an image for a Stopped instance; the old one is
 * released. The security-lock table lists ReplaceSystemDisk as normal logic, so a
 * locked instance is not refused.
 */
export function ReplaceSystemDisk(
  input: ActionInput<typeof api.ReplaceSystemDisk>,
  context: DomainContext,
): Reply<typeof api.ReplaceSystemDisk> {
  const action = api.ReplaceSystemDisk;
  const { region, record: instance } = requireInstance(action, context, input.InstanceId);
  const image = findImage(region, input.ImageId);
  if (!image || statusAt(image.status, context.now) !== 'Available') fail(action, 'InvalidImageId.NotFound');
  requireInstanceNotInArrears(action, context.account, instance);
  requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(instance, context.now), ['Stopped']);
  const old = disksOf(region, instance.instanceId).find((disk) => disk.type === 'system');
  if (old && isCreatingSnapshot(region, old.diskId, context.now)) fail(action, 'DiskCreatingSnapshot');
  const disk = newDisk(context, region, {
    zoneId: instance.zoneId,
    diskName: old?.diskName ?? '',
    description: old?.description ?? '',
    type: 'system',
    category:
      old?.category ?? defaultDiskCategory(zoneInfo(region.regionId, instance.zoneId)?.diskCategories ?? []),
    size: input['SystemDisk.Size'] ?? Math.max(old?.size ?? 40, image.size),
    imageId: image.imageId,
    sourceSnapshotId: '',
    portable: false,
    status: steady('In_use', context.now),
    attachment: { instanceId: instance.instanceId, device: '/dev/xvda', attachedTime: context.now },
    deleteWithInstance: true,
    deleteAutoSnapshot: old?.deleteAutoSnapshot ?? true,
    enableAutoSnapshot: old?.enableAutoSnapshot ?? false,
    autoSnapshotPolicyId: old?.autoSnapshotPolicyId ?? '',
    tags: old?.tags.map((tag) => ({ ...tag })) ?? [],
    resourceGroupId: old?.resourceGroupId ?? instance.resourceGroupId,
  });
  if (old) releaseDisk(region, old, context.now);
  region.disks.set(disk.diskId, disk);
  instance.imageId = image.imageId;
  return { DiskId: disk.diskId };
}

/** Grows a data disk; an attached one must be on a Running or Stopped instance. */
export function ResizeDisk(
  input: ActionInput<typeof api.ResizeDisk>,
  context: DomainContext,
): Reply<typeof api.ResizeDisk> {
  const action = api.ResizeDisk;
  const { region, record: disk } = requireDisk(action, context, input.DiskId);
  if (disk.type === 'system') fail(action, 'OperationDenied', 'The type of the disk');
  const status = diskStatus(disk, context.now);
  // "Instance the disk is attached on has expired": the arrears of the instance bar the resize.
  if (status === 'In_use') requireInstanceNotInArrears(action, context.account, instanceOf(region, disk));
  const busy =
    (status !== 'In_use' && status !== 'Available') ||
    (status === 'In_use' &&
      !['Running', 'Stopped'].includes(instanceStatus(instanceOf(region, disk), context.now))) ||
    isCreatingSnapshot(region, disk.diskId, context.now);
  if (busy) fail(action, 'OperationDenied', 'The status of the disk');
  if (input.NewSize < disk.size) fail(action, 'InvalidDiskSize.TooSmall');
  const limits = DISK_SIZE_LIMITS[disk.category];
  if (input.NewSize > limits.max)
    invalidParameter('NewSize', `${disk.category} disks take up to ${limits.max} GiB`);
  disk.size = input.NewSize;
  return {};
}
