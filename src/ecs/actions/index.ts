import type { AnyAction } from '../action.js';
import * as autoSnapshotPolicies from './auto-snapshot-policies.js';
import * as disks from './disks.js';
import * as images from './images.js';
import * as instanceTypes from './instance-types.js';
import * as instances from './instances.js';
import * as regions from './regions.js';
import * as securityGroups from './security-groups.js';
import * as snapshots from './snapshots.js';

/**
 * Every declared action by name: the simulator routes with it, and tests check that
 * each declaration is well formed. Each module under actions/ exports only actions;
 * add a domain's module to the list when it is declared.
 */
const modules: readonly Record<string, AnyAction>[] = [
  regions,
  instances,
  disks,
  snapshots,
  securityGroups,
  images,
  instanceTypes,
  autoSnapshotPolicies,
];

/** Every declaration in declaration order; tests check that no name repeats. */
export const ALL_ACTIONS: readonly AnyAction[] = modules.flatMap((module) => Object.values(module));

export const ACTIONS: ReadonlyMap<string, AnyAction> = new Map(
  ALL_ACTIONS.map((action) => [action.name, action]),
);
