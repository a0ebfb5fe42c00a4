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

/** Percent done, 0 to 100; 100 only once complete; a failed snapshot keeps what it had when it failed. */
export function snapshotProgress(snapshot: SnapshotRecord, now: number): number {
  const failed = hasFailed(snapshot, now);
  const at = failed ? (snapshot.failedAt as number) : now;
  const duration = snapshot.completesAt - snapshot.creationTime;
  if (!failed && at >= snapshot.completesAt) return 100;
  if (duration <= 0 || at <= snapshot.creationTime) return 0;
  return Math.min(99, Math.floor(((at - snapshot.creationTime) / duration) * 100));
}

export function snapshotStatus(snapshot: SnapshotRecord, now: number): SnapshotStatus {
  if (hasFailed(snapshot, now)) return 'failed';
  return now >= snapshot.completesAt ? 'accomplished' : 'progressing';
}

/**
 * Failed by `now`. `failedAt` is only ever set before `completesAt`, or at creation when
 * the clock makes snapshots instant (the `immediate` mode): then it fails at 0%.
 */
function hasFailed(snapshot: SnapshotRecord, now: number): boolean {
  const { failedAt } = snapshot;
  return (
    failedAt !== undefined &&
    failedAt <= now &&
    (failedAt < snapshot.completesAt || failedAt === snapshot.creationTime)
  );
}

/**
 * When a snapshot created at `creationTime` that completes at `completesAt` fails, given
 * the share of its duration drawn by the faults: strictly before completion, so the
 * progress stays below 100%.
 */
export function failurePoint(creationTime: number, completesAt: number, share: number): number {
  const duration = completesAt - creationTime;
  if (duration <= 0) return creationTime;
  return creationTime + Math.min(duration - 1, Math.floor(duration * share));
}

export function isCreating(snapshot: SnapshotRecord, now: number): boolean {
  return snapshotStatus(snapshot, now) === 'progressing';
}
