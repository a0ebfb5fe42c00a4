import {
  type ExecutionStatus,
  type FiringEnvironment,
  firePolicy,
  firingsBetween,
} from './auto-snapshots.js';
import type { TransitionDurations } from './clock.js';
import { expireSnapshots } from './retention.js';
import { settleDisk } from './state/disk.js';
import { sweepDeleted } from './state/instance.js';
import type { AccountState, RegionState } from './store.js';

/**
 * What happens between two calls without one: completed transitions take effect,
 * policies fire at their time points, retention releases snapshots, Deleted instances
 * go. Nothing runs in the background: each call first brings its account up to the
 * clock's time, event by event in time order, so the result is exact in every timing
 * mode and a manual clock fully decides when things happen.
 */

export interface TimeEnvironment extends FiringEnvironment {
  readonly durations: TransitionDurations;
  /** When the world began: the seed's anchor. Time points after it fire. */
  readonly since: number;
}

/** How far each region has been brought; a region not seen yet starts at `since`. */
const caughtUp = new WeakMap<RegionState, number>();
const executions = new WeakMap<AccountState, ExecutionStatus>();

/** The last automatic run's result per disk type in the account (Standby until one ran). */
export function executionStatus(account: AccountState): ExecutionStatus {
  let status = executions.get(account);
  if (!status) {
    status = { system: 'Standby', data: 'Standby' };
    executions.set(account, status);
  }
  return status;
}

/** Brings every region of the account to `now`. */
export function catchUp(account: AccountState, now: number, environment: TimeEnvironment): void {
  const status = executionStatus(account);
  for (const region of account.regions.values()) {
    const from = caughtUp.get(region) ?? environment.since;
    if (now > from) {
      for (const firing of firingsBetween(region, from, now)) {
        // What expired before the time point is gone when it fires (it no longer counts toward the limit).
        expireSnapshots(region, firing.at);
        firePolicy(region, firing, environment, status);
      }
      caughtUp.set(region, now);
    }
    expireSnapshots(region, now);
    sweepDeleted(region, now, environment.durations);
    for (const disk of region.disks.values()) settleDisk(disk, now);
  }
}
