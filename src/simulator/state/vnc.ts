import { createHash } from 'node:crypto';
import type { InstanceRecord } from '../store.js';

/**
 * The VNC password of each instance, kept only as a digest and beside the instance
 * record rather than in it, so no view, listing or state dump can ever show it. A new
 * store (reset) holds new records, which start without one.
 */
const vncPasswordDigests = new WeakMap<InstanceRecord, string>();

function digest(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

export function setVncPassword(instance: InstanceRecord, password: string): void {
  vncPasswordDigests.set(instance, digest(password));
}

/** Whether `candidate` is the VNC password last set on the instance (for in-process checks). */
export function vncPasswordIs(instance: InstanceRecord, candidate: string): boolean {
  return vncPasswordDigests.get(instance) === digest(candidate);
}
