import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/index.js';
import { diskInArrears } from '../state/account.js';
import { attachedInstanceId, diskStatus } from '../state/disk.js';
import { instanceStatus } from '../state/instance.js';
import { isCreatingSnapshot } from '../state/release.js';
import { failurePoint, snapshotDuration, snapshotStatus } from '../state/snapshot.js';
import { find, type SnapshotRecord } from '../store.js';
import { snapshotUsage, snapshotView } from '../views.js';
import {
  type DomainContext,
  hasTags,
  inCreationOrder,
  inIdList,
  matches,
  type Reply,
  tagsFrom,
} from './context.js';
import { fail } from './errors.js';
import {
  requireDisk,
  requireNotLocked,
  requireSnapshotService,
  requireStatus,
  requireUniqueTagKeys,
} from './guards.js';
import { listPage } from './paging.js';

export function DescribeSnapshots(
  input: ActionInput<typeof api.DescribeSnapshots>,
  context: DomainContext,
): Reply<typeof api.DescribeSnapshots> {
  const region = context.account.regions.get(input.RegionId);
  const now = context.now;
  const instanceDisks =
    input.InstanceId === undefined || !region
      ? undefined
      : new Set(
          [...region.disks.values()]
            .filter((disk) => attachedInstanceId(disk, now) === input.InstanceId)
            .map((disk) => disk.diskId),
        );
  const selected = inCreationOrder(
    region?.snapshots.values() ?? [],
    (snapshot) => snapshot.snapshotId,
  ).filter(
    (snapshot) =>
      (instanceDisks === undefined || instanceDisks.has(snapshot.sourceDiskId)) &&
      matches(input.DiskId, snapshot.sourceDiskId) &&
      inIdList(input.SnapshotIds, snapshot.snapshotId) &&
      matches(input.SnapshotName, snapshot.snapshotName) &&
      unlessAll(input.Status, snapshotStatus(snapshot, now)) &&
      unlessAll(input.SnapshotType, snapshot.snapshotType) &&
      matches(input.SourceDiskType?.toLowerCase(), snapshot.sourceDiskType.toLowerCase()) &&
      (input.Usage === undefined || input.Usage === snapshotUsage(snapshot, region!)) &&
      matches(input.Category?.toLowerCase(), 'standard') &&
      matches(input.Encrypted, false) &&
      matches(input.ResourceGroupId, snapshot.resourceGroupId) &&
      hasTags(snapshot.tags, input.Tag),
  );
  const { items, ...page } = listPage(api.DescribeSnapshots, selected, input, context, (snapshot) => ({
    creationTime: snapshot.creationTime,
    id: snapshot.snapshotId,
  }));
  return {
    RegionId: input.RegionId,
    ...page,
    Snapshots: items.map((snapshot) => snapshotView(snapshot, region!, now)),
  };
}

function unlessAll(wanted: string | undefined, actual: string): boolean {
  return wanted === undefined || wanted === 'all' || wanted === actual;
}

/**
 * Starts a snapshot (the 2024 rules): the disk In_use on a Running or Stopped instance
 * that has started once and is not locked, or Available after having been attached;
 * one creation at a time per disk; a quota of manual snapshots per disk.
 */
export function CreateSnapshot(
  input: ActionInput<typeof api.CreateSnapshot>,
  context: DomainContext,
): Reply<typeof api.CreateSnapshot> {
  const action = api.CreateSnapshot;
  const now = context.now;
  const { region, record: disk } = requireDisk(action, context, input.DiskId);
  requireSnapshotService(action, context.account);
  // Reached only by a disk whose PrePaid instance has expired: arrears of the account answer above.
  if (diskInArrears(context.account, region, disk)) fail(action, 'DiskInArrears');
  const status = diskStatus(disk, now);
  requireStatus(action, 'IncorrectDiskStatus', status, ['In_use', 'Available']);
  if (status === 'In_use') {
    const instance = region.instances.get(disk.attachment!.instanceId)!;
    requireNotLocked(action, instance);
    requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(instance, now), ['Running', 'Stopped']);
    if (!instance.everStarted) fail(action, 'IncorrectDiskStatus.NeverUsed');
  } else if (!disk.everAttached) {
    fail(action, 'IncorrectDiskStatus.NeverAttached');
  }
  if (isCreatingSnapshot(region, disk.diskId, now)) fail(action, 'IncorrectDiskStatus.CreatingSnapshot');
  const manual = [...region.snapshots.values()].filter(
    (snapshot) => snapshot.sourceDiskId === disk.diskId && snapshot.snapshotType === 'user',
  ).length;
  if (manual >= context.rules.snapshotQuotaPerDisk) fail(action, 'QuotaExceed.Snapshot');
  if (input.Category !== undefined && input.InstantAccess !== undefined)
    fail(action, 'InvalidCategoryAndInstantAccess.Malformed');
  requireUniqueTagKeys(action, input.Tag);
  const completesAt = now + snapshotDuration(disk.size, context.clock.durations);
  const failure = context.snapshotFailure();
  const snapshot: SnapshotRecord = {
    snapshotId: context.newId('snapshot', region.regionId),
    regionId: region.regionId,
    snapshotName: input.SnapshotName ?? '',
    description: input.Description ?? '',
    sourceDiskId: disk.diskId,
    sourceDiskSize: disk.size,
    sourceDiskType: disk.type === 'system' ? 'System' : 'Data',
    sourceDiskCategory: disk.category,
    snapshotType: 'user',
    creationTime: now,
    completesAt,
    failedAt: failure === undefined ? undefined : failurePoint(now, completesAt, failure),
    retentionDays: input.RetentionDays,
    tags: tagsFrom(input.Tag),
    resourceGroupId: input.ResourceGroupId ?? disk.resourceGroupId,
  };
  region.snapshots.set(snapshot.snapshotId, snapshot);
  return { SnapshotId: snapshot.snapshotId };
}

/**
 * Deletes a snapshot, or cancels one in progress. As documented, an unknown id is
 * ignored; a snapshot behind a custom image stays; one behind disks goes only with Force.
 */
export function DeleteSnapshot(
  input: ActionInput<typeof api.DeleteSnapshot>,
  context: DomainContext,
): Reply<typeof api.DeleteSnapshot> {
  const action = api.DeleteSnapshot;
  // As the regional endpoint: only a snapshot of the request's region goes.
  const found = find(context.account, 'snapshots', input.SnapshotId, context.regionId);
  if (found) {
    const { region, record: snapshot } = found;
    const usage = snapshotUsage(snapshot, region);
    if (usage === 'image' || usage === 'image_disk') fail(action, 'SnapshotCreatedImage');
    if (usage === 'disk' && input.Force !== true) fail(action, 'SnapshotCreatedDisk');
    region.snapshots.delete(snapshot.snapshotId);
  }
  return {};
}
