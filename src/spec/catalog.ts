import type { AnyAction } from './action.js';
import * as actions from './actions/index.js';

/**
 * Every declared action by name: the simulator routes with it, and tests check that
 * each declaration is well formed. A module added to actions/index.ts is listed here.
 */
export const ALL_ACTIONS: readonly AnyAction[] = Object.values(actions);

export const ACTIONS: ReadonlyMap<string, AnyAction> = new Map(
  ALL_ACTIONS.map((action) => [action.name, action]),
);
