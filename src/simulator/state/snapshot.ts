import type { TransitionDurations } from '../clock.js';
import type { SnapshotRecord } from '../store.js';

/**
 * A snapshot's progress rises from 0% to 100% between its creation and `completesAt`;
 * then its Status is `accomplished`. Before that it is `progressing`, or `failed`
 * from `failedAt` on, with the progress it had then.
 */
export type SnapshotStatus = 'progressing' | 'accomplished' | 'failed';

/** How long a snapshot of a disk takes: larger disks take longer, within the clock's bounds. */
export function snapshotDuration(sizeGiB: number, durations: TransitionDurations): number {
  const span = durations.snapshotMax - durations.snapshotMin;
  return durations.snapshotMin + Math.round(span * Math.min(1, sizeGiB / 500));
}

/** Percent done, 0 to 100; 100 only once complete. */
export function snapshotProgress(snapshot: SnapshotRecord, now: number): number {
  const at = snapshot.failedAt === undefined ? now : Math.min(now, snapshot.failedAt);
  const duration = snapshot.completesAt - snapshot.creationTime;
  if (at >= snapshot.completesAt) return 100;
  if (duration <= 0 || at <= snapshot.creationTime) return 0;
  return Math.min(99, Math.floor(((at - snapshot.creationTime) / duration) * 100));
}

export function snapshotStatus(snapshot: SnapshotRecord, now: number): SnapshotStatus {
  if (snapshot.failedAt !== undefined && snapshot.failedAt <= now && snapshot.failedAt < snapshot.completesAt)
    return 'failed';
  return now >= snapshot.completesAt ? 'accomplished' : 'progressing';
}

export function isCreating(snapshot: SnapshotRecord, now: number): boolean {
  return snapshotStatus(snapshot, now) === 'progressing';
}
