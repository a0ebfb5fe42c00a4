import type { TransitionDurations } from './clock.js';
import { diskStatus } from './state/disk.js';
import { instanceStatus, isLockedForSecurity } from './state/instance.js';
import { isCreatingSnapshot } from './state/release.js';
import { snapshotDuration } from './state/snapshot.js';
import type { AutoSnapshotPolicyRecord, DiskRecord, RegionState, SnapshotRecord } from './store.js';
import { snapshotUsage } from './views.js';

/**
 * Automatic snapshot policies on the simulator's clock. A policy's TimePoints are hours
 * and its RepeatWeekdays days (1 Monday to 7 Sunday) in UTC+8, as today's API states;
 * at each such instant every disk the policy is applied to (with EnableAutoSnapshot)
 * gets an `auto` snapshot, when the disk could be snapshotted by hand at that instant.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** UTC+8: the policies' hours and weekdays, and the date in an automatic snapshot's name. */
const POLICY_OFFSET = 8 * HOUR;

/** One firing of one policy. */
export interface PolicyFiring {
  readonly at: number;
  readonly policy: AutoSnapshotPolicyRecord;
}

/** The instants in (after, upTo] at which the policy fires, in order. */
export function firingTimes(policy: AutoSnapshotPolicyRecord, after: number, upTo: number): number[] {
  const times: number[] = [];
  if (upTo <= after) return times;
  const firstDay = Math.floor((after + POLICY_OFFSET) / DAY);
  const lastDay = Math.floor((upTo + POLICY_OFFSET) / DAY);
  for (let day = firstDay; day <= lastDay; day++) {
    // Day 0 of the epoch (1970-01-01) was a Thursday: 4.
    const weekday = ((day + 3) % 7) + 1;
    if (!policy.repeatWeekdays.includes(weekday)) continue;
    for (const hour of policy.timePoints) {
      const at = day * DAY + hour * HOUR - POLICY_OFFSET;
      if (at > after && at <= upTo) times.push(at);
    }
  }
  return times.sort((a, b) => a - b);
}

/** Every firing of the region's policies in (after, upTo], oldest first (ties by policy id). */
export function firingsBetween(region: RegionState, after: number, upTo: number): PolicyFiring[] {
  const firings: PolicyFiring[] = [];
  for (const policy of region.autoSnapshotPolicies.values()) {
    for (const at of firingTimes(policy, after, upTo)) firings.push({ at, policy });
  }
  return firings.sort(
    (a, b) =>
      a.at - b.at ||
      (a.policy.autoSnapshotPolicyId < b.policy.autoSnapshotPolicyId
        ? -1
        : a.policy.autoSnapshotPolicyId > b.policy.autoSnapshotPolicyId
          ? 1
          : 0),
  );
}

/**
 * Why the disk gets no automatic snapshot at `at`, or undefined when it gets one: the
 * rules of CreateSnapshot at that instant (the disk In_use on a Running or Stopped
 * instance that has started once and is not locked, or Available after having been
 * attached), and no other snapshot of the disk in progress (a long one makes the next
 * time point pass, as the reference describes).
 */
export function skipReason(region: RegionState, disk: DiskRecord, at: number): string | undefined {
  const status = diskStatus(disk, at);
  if (status === 'In_use') {
    const instance = disk.attachment ? region.instances.get(disk.attachment.instanceId) : undefined;
    if (!instance) return 'no instance';
    const state = instanceStatus(instance, at);
    if (state !== 'Running' && state !== 'Stopped') return `instance ${state}`;
    if (isLockedForSecurity(instance)) return 'instance locked for security';
    if (!instance.everStarted) return 'instance never started';
  } else if (status !== 'Available') {
    return `disk ${status}`;
  } else if (!disk.everAttached) {
    return 'disk never attached';
  }
  if (isCreatingSnapshot(region, disk.diskId, at)) return 'a snapshot in progress';
  return undefined;
}

/** `20250106`: the date in the policies' time zone (UTC+8) of an instant, as automatic snapshot names carry it. */
export function autoSnapshotDate(at: number): string {
  return new Date(at + POLICY_OFFSET).toISOString().slice(0, 10).replaceAll('-', '');
}

/** `auto_20250106_1`: the UTC+8 date of the time point, and which automatic snapshot of that day it is for the disk. */
export function autoSnapshotName(region: RegionState, diskId: string, at: number): string {
  const prefix = `auto_${autoSnapshotDate(at)}_`;
  let taken = 0;
  for (const snapshot of region.snapshots.values()) {
    if (snapshot.sourceDiskId === diskId && snapshot.snapshotName.startsWith(prefix)) taken++;
  }
  return `${prefix}${taken + 1}`;
}

/** What firing needs from the domain: new ids, the durations, the per-disk limit of automatic snapshots. */
export interface FiringEnvironment {
  newSnapshotId(regionId: string): string;
  readonly durations: TransitionDurations;
  readonly autoSnapshotsPerDisk: number;
}

/** The last run's result per disk type, as the 2014 DescribeAutoSnapshotPolicy reports it. */
export interface ExecutionStatus {
  system: 'Standby' | 'Executed' | 'Failed';
  data: 'Standby' | 'Executed' | 'Failed';
}

/**
 * Fires one policy at its time point: an automatic snapshot of each disk it applies to
 * that may be snapshotted then, made exactly as a manual one (it progresses over the same
 * duration) but never failed by the fault injector. The oldest automatic snapshots of a
 * disk go first when it is at its limit (as today's API does); one behind an image stays.
 */
export function firePolicy(
  region: RegionState,
  firing: PolicyFiring,
  environment: FiringEnvironment,
  status: ExecutionStatus,
): SnapshotRecord[] {
  const { policy, at } = firing;
  const made: SnapshotRecord[] = [];
  const disks = [...region.disks.values()]
    .filter((disk) => disk.autoSnapshotPolicyId === policy.autoSnapshotPolicyId && disk.enableAutoSnapshot)
    .sort((a, b) => (a.diskId < b.diskId ? -1 : a.diskId > b.diskId ? 1 : 0));
  for (const disk of disks) {
    const kind = disk.type === 'system' ? 'system' : 'data';
    if (skipReason(region, disk, at) !== undefined) {
      status[kind] = 'Failed';
      continue;
    }
    dropOldestAuto(region, disk.diskId, environment.autoSnapshotsPerDisk - 1);
    const snapshot: SnapshotRecord = {
      snapshotId: environment.newSnapshotId(region.regionId),
      regionId: region.regionId,
      snapshotName: autoSnapshotName(region, disk.diskId, at),
      description: `Created by automatic snapshot policy ${policy.autoSnapshotPolicyId}`,
      sourceDiskId: disk.diskId,
      sourceDiskSize: disk.size,
      sourceDiskType: disk.type === 'system' ? 'System' : 'Data',
      sourceDiskCategory: disk.category,
      snapshotType: 'auto',
      creationTime: at,
      completesAt: at + snapshotDuration(disk.size, environment.durations),
      failedAt: undefined,
      // The policy's retention when the snapshot is made; -1 keeps it.
      retentionDays: policy.retentionDays === -1 ? undefined : policy.retentionDays,
      tags: disk.tags.map((tag) => ({ ...tag })),
      resourceGroupId: disk.resourceGroupId,
    };
    region.snapshots.set(snapshot.snapshotId, snapshot);
    made.push(snapshot);
    status[kind] = 'Executed';
  }
  return made;
}

/** Deletes the disk's oldest automatic snapshots until at most `keep` remain (those behind an image stay). */
function dropOldestAuto(region: RegionState, diskId: string, keep: number): void {
  const automatic = [...region.snapshots.values()]
    .filter((snapshot) => snapshot.sourceDiskId === diskId && snapshot.snapshotType === 'auto')
    .sort((a, b) => a.creationTime - b.creationTime || (a.snapshotId < b.snapshotId ? -1 : 1));
  let excess = automatic.length - Math.max(0, keep);
  for (const snapshot of automatic) {
    if (excess <= 0) break;
    const usage = snapshotUsage(snapshot, region);
    if (usage === 'image' || usage === 'image_disk') continue;
    region.snapshots.delete(snapshot.snapshotId);
    excess--;
  }
}
