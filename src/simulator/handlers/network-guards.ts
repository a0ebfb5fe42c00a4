import type { ActionErrorCode, AnyAction } from '../../spec/action.js';
import { type Found, find, type RouteTableRecord, type VpcRecord, type VSwitchRecord } from '../store.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';

/** Lookups of the network actions, each failing with the calling action's documented row. */

type Scope = Pick<DomainContext, 'account' | 'regionId'>;

export function requireVpc<A extends AnyAction>(
  action: A,
  code: ActionErrorCode<A>,
  scope: Scope,
  vpcId: string,
): Found<VpcRecord> {
  return find(scope.account, 'vpcs', vpcId, scope.regionId) ?? fail(action, code);
}

export function requireVSwitch<A extends AnyAction>(
  action: A,
  code: ActionErrorCode<A>,
  scope: Scope,
  vSwitchId: string,
): Found<VSwitchRecord> {
  return find(scope.account, 'vSwitches', vSwitchId, scope.regionId) ?? fail(action, code);
}

export function requireRouteTable<A extends AnyAction>(
  action: A,
  code: ActionErrorCode<A>,
  scope: Scope,
  routeTableId: string,
): Found<RouteTableRecord> {
  return find(scope.account, 'routeTables', routeTableId, scope.regionId) ?? fail(action, code);
}
