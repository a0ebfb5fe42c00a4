import type { TransitionDurations } from '../clock.js';
import type { InstanceRecord, InstanceStatus } from '../store.js';
import { statusAt, transition } from './timeline.js';

/**
 * The instance status chart: Stopped -> Starting -> Running, Running -> Stopping ->
 * Stopped, and a reboot Running -> Stopping -> Starting -> Running.
 */

export function instanceStatus(instance: InstanceRecord, now: number): InstanceStatus {
  return statusAt(instance.status, now);
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
