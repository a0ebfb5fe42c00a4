import type { EipStatus } from '../../spec/eip-common.js';
import type { SimulatorClock } from '../clock.js';
import type { EipRecord, RegionState } from '../store.js';
import { statusAt, transition } from './timeline.js';

/**
 * The EIP status chart: Available -> Associating -> InUse when bound, InUse ->
 * Unassociating -> Available when unbound. The instance stays named while the EIP
 * is bound or on its way in or out; once it is Available again, it names none.
 */

/** How long binding and unbinding take, where transitions take time (ECS: a second or two). */
export const EIP_TRANSITION_MS = 2_000;

function transitionMs(clock: SimulatorClock): number {
  return clock.mode === 'immediate' ? 0 : EIP_TRANSITION_MS;
}

export function eipStatus(eip: EipRecord, now: number): EipStatus {
  return statusAt(eip.status, now);
}

/** The instance the EIP is bound to (or being bound to or unbound from), if any. */
export function boundInstanceId(eip: EipRecord, now: number): string | undefined {
  return eipStatus(eip, now) === 'Available' ? undefined : eip.instanceId || undefined;
}

/** The EIP bound to the instance at `now`, if any: one at most. */
export function eipOfInstance(region: RegionState, instanceId: string, now: number): EipRecord | undefined {
  for (const eip of region.eips.values()) if (boundInstanceId(eip, now) === instanceId) return eip;
  return undefined;
}

export function associateEip(eip: EipRecord, instanceId: string, now: number, clock: SimulatorClock): void {
  eip.status = transition(now, [['Associating', transitionMs(clock)]], 'InUse');
  eip.instanceId = instanceId;
}

export function unassociateEip(eip: EipRecord, now: number, clock: SimulatorClock): void {
  eip.status = transition(now, [['Unassociating', transitionMs(clock)]], 'Available');
}
