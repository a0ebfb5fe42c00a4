import type { TransitionDurations } from '../clock.js';
import type { DiskRecord, DiskStatus } from '../store.js';
import { isSettled, settlesAt, statusAt, transition } from './timeline.js';

/**
 * The basic cloud disk status chart: Creating -> Available, Available -> Attaching ->
 * In_use, In_use -> Detaching -> Available, In_use -> ReIniting -> In_use.
 */

export function diskStatus(disk: DiskRecord, now: number): DiskStatus {
  return statusAt(disk.status, now);
}

/** The instance the disk is on: while Attaching, In_use, Detaching or ReIniting. */
export function attachedInstanceId(disk: DiskRecord, now: number): string | undefined {
  return diskStatus(disk, now) === 'Available' ? undefined : disk.attachment?.instanceId;
}

export function attachDisk(
  disk: DiskRecord,
  instanceId: string,
  device: string,
  now: number,
  durations: TransitionDurations,
): void {
  disk.status = transition(now, [['Attaching', durations.diskAttach]], 'In_use');
  disk.attachment = { instanceId, device, attachedTime: now };
  disk.everAttached = true;
  disk.detachedTime = undefined;
}

/** Detaching keeps the attachment until the disk settles Available; detached disks stay. */
export function detachDisk(disk: DiskRecord, now: number, durations: TransitionDurations): void {
  disk.status = transition(now, [['Detaching', durations.diskDetach]], 'Available');
  disk.deleteWithInstance = false;
}

export function reInitDisk(disk: DiskRecord, now: number, durations: TransitionDurations): void {
  disk.status = transition(now, [['ReIniting', durations.diskReInit]], 'In_use');
}

/** Applies what completing a transition implies beyond the status (a finished detach frees the disk). */
export function settleDisk(disk: DiskRecord, now: number): void {
  if (disk.attachment && isSettled(disk.status, now) && diskStatus(disk, now) === 'Available') {
    disk.detachedTime = settlesAt(disk.status);
    disk.attachment = undefined;
  }
}

/** Device names of data disks: /dev/xvdb to /dev/xvdz (the system disk is /dev/xvda). */
export function nextFreeDevice(used: ReadonlySet<string>): string | undefined {
  for (let code = 'b'.charCodeAt(0); code <= 'z'.charCodeAt(0); code++) {
    const device = `/dev/xvd${String.fromCharCode(code)}`;
    if (!used.has(device)) return device;
  }
  return undefined;
}
