import type { DiskRecord, RegionState } from '../store.js';
import { isCreating } from './snapshot.js';

/**
 * Releases a disk. Its manual snapshots stay (with SourceDiskId naming the gone disk);
 * its automatic ones go too when DeleteAutoSnapshot says so; a snapshot still being
 * made of it fails.
 */
export function releaseDisk(region: RegionState, disk: DiskRecord, now: number): void {
  region.disks.delete(disk.diskId);
  for (const snapshot of region.snapshots.values()) {
    if (snapshot.sourceDiskId !== disk.diskId) continue;
    if (isCreating(snapshot, now)) snapshot.failedAt = now;
    if (snapshot.snapshotType === 'auto' && disk.deleteAutoSnapshot)
      region.snapshots.delete(snapshot.snapshotId);
  }
}

/** The disks on an instance, the system disk first. */
export function disksOf(region: RegionState, instanceId: string): DiskRecord[] {
  return [...region.disks.values()]
    .filter((disk) => disk.attachment?.instanceId === instanceId)
    .sort((a, b) => (a.type === b.type ? 0 : a.type === 'system' ? -1 : 1));
}

/** Whether a snapshot of the disk is being created right now. */
export function isCreatingSnapshot(region: RegionState, diskId: string, now: number): boolean {
  for (const snapshot of region.snapshots.values()) {
    if (snapshot.sourceDiskId === diskId && isCreating(snapshot, now)) return true;
  }
  return false;
}
