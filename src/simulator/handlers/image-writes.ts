import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/image-writes.js';
import { DEFAULT_IMAGE_ID } from '../catalog.js';
import { attachedInstanceId } from '../state/disk.js';
import { hasCopyInProgress, isCopying, isImageInUse } from '../state/image.js';
import { instanceStatus } from '../state/instance.js';
import { snapshotDuration, snapshotStatus } from '../state/snapshot.js';
import { statusAt, transition } from '../state/timeline.js';
import type { DiskRecord, ImageRecord, RegionState, SnapshotRecord } from '../store.js';
import { findImage } from '../views.js';
import type { DomainContext, Reply } from './context.js';
import { fail, passDryRun } from './errors.js';
import {
  requireInstance,
  requireNotLocked,
  requireRegion,
  requireSnapshot,
  requireStatus,
} from './guards.js';

/** Snapshots made on or before this day cannot make images (InvalidSnapshot.TooOld). */
const OLDEST_IMAGE_SNAPSHOT = Date.UTC(2013, 6, 16);

/** The operating system an image made from a disk carries: that of the image the disk was made from. */
type OsFields = Pick<ImageRecord, 'osName' | 'osType' | 'platform' | 'architecture'>;

function osOf(region: RegionState, diskId: string): OsFields {
  const imageId = region.disks.get(diskId)?.imageId;
  const image =
    (imageId ? findImage(region, imageId) : undefined) ??
    (findImage(region, DEFAULT_IMAGE_ID) as ImageRecord);
  return {
    osName: image.osName,
    osType: image.osType,
    platform: image.platform,
    architecture: image.architecture,
  };
}

function requireUniqueName<
  A extends typeof api.CreateImage | typeof api.ModifyImageAttribute | typeof api.CopyImage,
>(action: A, region: RegionState, name: string | undefined, except?: string): void {
  if (name === undefined) return;
  for (const image of region.images.values())
    if (image.imageName === name && image.imageId !== except)
      fail(action as typeof api.CopyImage, 'InvalidImageName.Duplicated');
}

function requireImageRoom(
  action: typeof api.CreateImage | typeof api.CopyImage,
  region: RegionState,
  context: DomainContext,
): void {
  if (region.images.size >= context.rules.imagesPerRegion)
    fail(action as typeof api.CopyImage, 'QuotaExceed.Image');
}

/** The system disk of an instance, to snapshot for an image (today's CreateImage by InstanceId). */
function systemDiskOf(region: RegionState, instanceId: string, now: number): DiskRecord {
  const disk = [...region.disks.values()].find(
    (each) => each.type === 'system' && attachedInstanceId(each, now) === instanceId,
  );
  // An instance always has its system disk; one being replaced (ReplaceSystemDisk) has none to image.
  return disk ?? fail(api.CreateImage, 'IncorrectInstanceStatus');
}

/** The snapshot taken of that disk; made only once the call acts, so a dry run draws no id. */
function snapshotOf(disk: DiskRecord, instanceId: string, context: DomainContext): SnapshotRecord {
  const now = context.now;
  return {
    snapshotId: context.newId('snapshot', disk.regionId),
    regionId: disk.regionId,
    snapshotName: '',
    description: `Created for the image of ${instanceId}`,
    sourceDiskId: disk.diskId,
    sourceDiskSize: disk.size,
    sourceDiskType: 'System',
    sourceDiskCategory: disk.category,
    snapshotType: 'user',
    creationTime: now,
    completesAt: now + snapshotDuration(disk.size, context.clock.durations),
    failedAt: undefined,
    retentionDays: undefined,
    tags: [],
    resourceGroupId: disk.resourceGroupId,
  };
}

/**
 * From a completed system-disk snapshot, or (today) from an instance's system disk:
 * its snapshot is taken first, and the image is Creating until that snapshot is done
 * and then for the clock's imageCreate.
 */
export function CreateImage(
  input: ActionInput<typeof api.CreateImage>,
  context: DomainContext,
): Reply<typeof api.CreateImage> {
  const action = api.CreateImage;
  const now = context.now;
  const region = requireRegion(action, context.account, input.RegionId);
  let source: SnapshotRecord | { readonly disk: DiskRecord; readonly instanceId: string };
  if (input.SnapshotId !== undefined) {
    const snapshot = requireSnapshot(action, context, input.SnapshotId).record;
    if (snapshot.creationTime < OLDEST_IMAGE_SNAPSHOT) fail(action, 'InvalidSnapshot.TooOld');
    const status = snapshotStatus(snapshot, now);
    if (status === 'failed') fail(action, 'OperationDenied', 'The specified snapshot is not allowed');
    if (status === 'progressing') fail(action, 'InvalidSnapshotId.NotReady');
    if (snapshot.sourceDiskType !== 'System')
      fail(action, 'OperationDenied', 'The specified snapshot is not from');
    source = snapshot;
  } else if (input.InstanceId !== undefined) {
    const { record: instance } = requireInstance(action, context, input.InstanceId);
    requireNotLocked(action, instance);
    requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(instance, now), ['Running', 'Stopped']);
    if (!instance.everStarted) fail(action, 'IncorrectInstanceStatus');
    source = { disk: systemDiskOf(region, instance.instanceId, now), instanceId: instance.instanceId };
  } else {
    fail(action, 'MissingParameter');
  }
  requireUniqueName(action, region, input.ImageName);
  requireImageRoom(action, region, context);
  passDryRun(context);
  const snapshot = 'disk' in source ? snapshotOf(source.disk, source.instanceId, context) : source;
  if ('disk' in source) region.snapshots.set(snapshot.snapshotId, snapshot);
  const ready = Math.max(now, snapshot.completesAt) + context.clock.durations.imageCreate;
  const image: ImageRecord = {
    imageId: context.newId('image', region.regionId),
    regionId: region.regionId,
    imageName: input.ImageName ?? '',
    description: input.Description ?? '',
    imageVersion: input.ImageVersion ?? '',
    ...osOf(region, snapshot.sourceDiskId),
    size: snapshot.sourceDiskSize,
    imageOwnerAlias: 'self',
    snapshotId: snapshot.snapshotId,
    status: transition(now, [['Creating', ready - now]], 'Available'),
    creationTime: now,
    tags: [],
    resourceGroupId: snapshot.resourceGroupId,
  };
  region.images.set(image.imageId, image);
  return { ImageId: image.imageId };
}

export function ModifyImageAttribute(
  input: ActionInput<typeof api.ModifyImageAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifyImageAttribute> {
  const action = api.ModifyImageAttribute;
  // No row for an unknown region: nothing of the account is there, so the image is not found.
  const region = context.account.regions.get(input.RegionId);
  const image = region?.images.get(input.ImageId) ?? fail(action, 'InvalidImageId.NotFoud');
  requireUniqueName(action, region!, input.ImageName, image.imageId);
  passDryRun(context);
  if (input.ImageName !== undefined) image.imageName = input.ImageName;
  if (input.Description !== undefined) image.description = input.Description;
  return {};
}

/**
 * An unknown id is ignored, as the reference says. The image's snapshot stays (and
 * may then be deleted); instances made from it keep running.
 */
export function DeleteImage(
  input: ActionInput<typeof api.DeleteImage>,
  context: DomainContext,
): Reply<typeof api.DeleteImage> {
  const action = api.DeleteImage;
  const region = requireRegion(action, context.account, input.RegionId);
  const image = region.images.get(input.ImageId);
  if (image) {
    if (
      isCopying(image, context.now) ||
      hasCopyInProgress(context.account.regions.values(), image, context.now)
    )
      fail(action, 'OperationDenied.ImageCopying');
    if ((image.sharedWith ?? []).length > 0) fail(action, 'ImageUseShared');
    if (isImageInUse(region, image.imageId) && input.Force !== true) fail(action, 'ImageUsingByInstance');
  }
  passDryRun(context);
  if (image) region.images.delete(image.imageId);
  return {};
}

/**
 * The copy is Creating in the destination region, with its own system-disk snapshot
 * there, for as long as a snapshot of its size takes plus imageCreate.
 */
export function CopyImage(
  input: ActionInput<typeof api.CopyImage>,
  context: DomainContext,
): Reply<typeof api.CopyImage> {
  const action = api.CopyImage;
  const now = context.now;
  const source = context.account.regions.get(input.RegionId) ?? fail(action, 'SourceRegion.NotFound');
  const target =
    context.account.regions.get(input.DestinationRegionId) ?? fail(action, 'DestinationRegion.NotFound');
  const own = source.images.get(input.ImageId);
  if (!own) {
    // A public image is there for every account, but not the account's to copy.
    if (findImage(source, input.ImageId)) fail(action, 'Forbidden');
    fail(action, 'InvalidImageId.NotFound');
  }
  if (target.regionId === source.regionId) fail(action, 'IncorrectDestinationRegion');
  if (statusAt(own.status, now) !== 'Available') fail(action, 'IncorrectImageStatus');
  if (hasCopyInProgress(context.account.regions.values(), own, now))
    fail(action, 'OperationDenied.ImageCopying');
  requireUniqueName(action, target, input.DestinationImageName);
  requireImageRoom(action, target, context);
  passDryRun(context);
  const durations = context.clock.durations;
  const ready = now + snapshotDuration(own.size, durations) + durations.imageCreate;
  const from = source.snapshots.get(own.snapshotId);
  const snapshot: SnapshotRecord = {
    snapshotId: context.newId('snapshot', target.regionId),
    regionId: target.regionId,
    snapshotName: '',
    description: `Copied for ${own.imageId} from ${source.regionId}`,
    // The disk is in another region: the copy's snapshot belongs to no disk here.
    sourceDiskId: '',
    sourceDiskSize: own.size,
    sourceDiskType: 'System',
    sourceDiskCategory: from?.sourceDiskCategory ?? 'cloud_essd',
    snapshotType: 'user',
    creationTime: now,
    completesAt: ready,
    failedAt: undefined,
    retentionDays: undefined,
    tags: [],
    resourceGroupId: own.resourceGroupId,
  };
  const copy: ImageRecord = {
    ...own,
    imageId: context.newId('image', target.regionId),
    regionId: target.regionId,
    imageName: input.DestinationImageName ?? own.imageName,
    description: input.DestinationDescription ?? own.description,
    snapshotId: snapshot.snapshotId,
    status: transition(now, [['Creating', ready - now]], 'Available'),
    creationTime: now,
    tags: [],
    copiedFrom: { imageId: own.imageId, regionId: source.regionId },
    sharedWith: [],
  };
  target.snapshots.set(snapshot.snapshotId, snapshot);
  target.images.set(copy.imageId, copy);
  return { ImageId: copy.imageId };
}

/** Removes a copy still in progress, and the snapshot made for it. */
export function CancelCopyImage(
  input: ActionInput<typeof api.CancelCopyImage>,
  context: DomainContext,
): Reply<typeof api.CancelCopyImage> {
  const action = api.CancelCopyImage;
  const region = requireRegion(action, context.account, input.RegionId);
  const image = region.images.get(input.ImageId) ?? fail(action, 'InvalidImageId.NotFound');
  if (!image.copiedFrom) fail(action, 'IncorrectImageStatus', 'The image is not from copied');
  if (!isCopying(image, context.now)) fail(action, 'IncorrectImageStatus', 'The image has completed copy');
  region.images.delete(image.imageId);
  region.snapshots.delete(image.snapshotId);
  return {};
}
