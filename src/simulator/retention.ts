import type { RegionState, SnapshotRecord } from './store.js';
import { snapshotUsage } from './views.js';

/**
 * RetentionDays on the simulator's clock: a snapshot that has one (a manual snapshot
 * given RetentionDays, an automatic one made under a policy that keeps its snapshots
 * for some days) is released when that many days have passed since its creation; at
 * that very millisecond it is gone. A snapshot behind an image stays, as DeleteSnapshot
 * keeps it (SnapshotCreatedImage).
 */

const DAY = 86_400_000;

/** When the snapshot is released, or undefined when it is kept until deleted. */
export function expiresAt(snapshot: SnapshotRecord): number | undefined {
  const days = snapshot.retentionDays;
  return days === undefined || days <= 0 ? undefined : snapshot.creationTime + days * DAY;
}

/** Releases the region's snapshots whose retention is over at `now`. */
export function expireSnapshots(region: RegionState, now: number): void {
  for (const snapshot of [...region.snapshots.values()]) {
    const end = expiresAt(snapshot);
    if (end === undefined || end > now) continue;
    const usage = snapshotUsage(snapshot, region);
    if (usage === 'image' || usage === 'image_disk') continue;
    region.snapshots.delete(snapshot.snapshotId);
  }
}
