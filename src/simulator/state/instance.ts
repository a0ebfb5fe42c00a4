import type { TransitionDurations } from '../clock.js';
import type { InstanceRecord, InstanceStatus, RegionState } from '../store.js';
import { settlesAt, statusAt, steady, transition } from './timeline.js';

/**
 * The instance status chart: Pending -> Stopped after creation, Stopped -> Starting ->
 * Running, Running -> Stopping -> Stopped, a reboot Running -> Stopping -> Starting ->
 * Running, and Stopped -> Deleted on release, for a while, before the instance is gone.
 */

export function instanceStatus(instance: InstanceRecord, now: number): InstanceStatus {
  return statusAt(instance.status, now);
}

/** "When the creation is complete, the instance stops": Pending until then. */
export function createdInstanceStatus(now: number, durations: TransitionDurations): InstanceRecord['status'] {
  return transition(now, [['Pending', durations.instanceCreate]], 'Stopped');
}

export function startInstance(instance: InstanceRecord, now: number, durations: TransitionDurations): void {
  instance.status = transition(now, [['Starting', durations.instanceStart]], 'Running');
  instance.everStarted = true;
}

export function stopInstance(instance: InstanceRecord, now: number, durations: TransitionDurations): void {
  instance.status = transition(now, [['Stopping', durations.instanceStop]], 'Stopped');
}

export function rebootInstance(instance: InstanceRecord, now: number, durations: TransitionDurations): void {
  instance.status = transition(
    now,
    [
      ['Stopping', durations.instanceStop],
      ['Starting', durations.instanceStart],
    ],
    'Running',
  );
}

export function isLockedForSecurity(instance: InstanceRecord): boolean {
  return instance.operationLocks.includes('security');
}

/**
 * Releases an instance: it leaves the region's instances at once (no disk, group or
 * address counts it any more) and reads as Deleted until `durations.instanceDeleted` has passed.
 */
export function markDeleted(region: RegionState, instance: InstanceRecord, now: number): void {
  region.instances.delete(instance.instanceId);
  instance.status = steady('Deleted', now);
  region.deletedInstances.set(instance.instanceId, instance);
}

/** Forgets the released instances whose Deleted while is over at `now`. */
export function sweepDeleted(region: RegionState, now: number, durations: TransitionDurations): void {
  for (const [id, instance] of region.deletedInstances) {
    if (now >= settlesAt(instance.status) + durations.instanceDeleted) region.deletedInstances.delete(id);
  }
}
