import type { ActionErrorCode, AnyAction } from '../../spec/action.js';
import { diskInArrears, instanceInArrears } from '../state/account.js';
import { isLockedForSecurity } from '../state/instance.js';
import {
  type AccountState,
  type DiskRecord,
  type Found,
  find,
  type InstanceRecord,
  type RegionState,
  type SecurityGroupRecord,
  type SnapshotRecord,
} from '../store.js';
import type { DomainContext } from './context.js';
import { fail } from './errors.js';

/**
 * Lookups and checks several actions share. Each takes the action so the error it
 * throws is that action's documented row; an action that does not document the code
 * does not compile.
 */
/** What a lookup by id needs: the account, and the request's region it is scoped to. */
type Scope = Pick<DomainContext, 'account' | 'regionId'>;

type Documents<A extends AnyAction, C extends string> =
  C extends ActionErrorCode<A> ? unknown : { readonly undocumentedError: C };

export function requireRegion<A extends AnyAction>(
  action: A & Documents<A, 'InvalidRegionId.NotFound'>,
  account: AccountState,
  regionId: string,
): RegionState {
  return account.regions.get(regionId) ?? fail(action, 'InvalidRegionId.NotFound' as ActionErrorCode<A>);
}

export function requireInstance<A extends AnyAction>(
  action: A & Documents<A, 'InvalidInstanceId.NotFound'>,
  scope: Scope,
  instanceId: string,
): Found<InstanceRecord> {
  return (
    find(scope.account, 'instances', instanceId, scope.regionId) ??
    fail(action, 'InvalidInstanceId.NotFound' as ActionErrorCode<A>)
  );
}

export function requireDisk<A extends AnyAction>(
  action: A & Documents<A, 'InvalidDiskId.NotFound'>,
  scope: Scope,
  diskId: string,
): Found<DiskRecord> {
  return (
    find(scope.account, 'disks', diskId, scope.regionId) ??
    fail(action, 'InvalidDiskId.NotFound' as ActionErrorCode<A>)
  );
}

export function requireSnapshot<A extends AnyAction>(
  action: A & Documents<A, 'InvalidSnapshotId.NotFound'>,
  scope: Scope,
  snapshotId: string,
): Found<SnapshotRecord> {
  return (
    find(scope.account, 'snapshots', snapshotId, scope.regionId) ??
    fail(action, 'InvalidSnapshotId.NotFound' as ActionErrorCode<A>)
  );
}

/** Refuses an instance whose OperationLocks hold `security` (the reference's security-lock table). */
export function requireNotLocked<A extends AnyAction>(
  action: A & Documents<A, 'InstanceLockedForSecurity'>,
  instance: InstanceRecord,
): void {
  if (isLockedForSecurity(instance)) fail(action, 'InstanceLockedForSecurity' as ActionErrorCode<A>);
}

/** Refuses unless `status` is one of `allowed`. */
export function requireStatus<A extends AnyAction, S extends string, C extends ActionErrorCode<A>>(
  action: A,
  code: C,
  status: S,
  allowed: readonly S[],
  messageStart = '',
): void {
  if (!allowed.includes(status)) fail(action, code, messageStart);
}

/** Refuses two tags with one key (Duplicate.TagKey). */
export function requireUniqueTagKeys<A extends AnyAction>(
  action: A & Documents<A, 'Duplicate.TagKey'>,
  tags: readonly { readonly Key: string }[] | undefined,
): void {
  const keys = new Set<string>();
  for (const tag of tags ?? []) {
    if (keys.has(tag.Key)) fail(action, 'Duplicate.TagKey' as ActionErrorCode<A>);
    keys.add(tag.Key);
  }
}

/** A security group of the request's region, which must exist too. */
export function requireSecurityGroup<A extends AnyAction>(
  action: A & Documents<A, 'InvalidRegionId.NotFound'> & Documents<A, 'InvalidSecurityGroupId.NotFound'>,
  account: AccountState,
  regionId: string,
  securityGroupId: string,
): { readonly region: RegionState; readonly group: SecurityGroupRecord } {
  const region =
    account.regions.get(regionId) ?? fail(action, 'InvalidRegionId.NotFound' as ActionErrorCode<A>);
  const group =
    region.securityGroups.get(securityGroupId) ??
    fail(action, 'InvalidSecurityGroupId.NotFound' as ActionErrorCode<A>);
  return { region, group };
}

/** Refuses an instance in arrears, or a PrePaid one expired (the reference's arrears table). */
export function requireInstanceNotInArrears<A extends AnyAction>(
  action: A & Documents<A, 'InstanceExpiredOrInArrears'>,
  account: AccountState,
  instance: InstanceRecord,
): void {
  if (instanceInArrears(account, instance)) fail(action, 'InstanceExpiredOrInArrears' as ActionErrorCode<A>);
}

/** Refuses a disk in arrears (DiskInArrears). */
export function requireDiskNotInArrears<A extends AnyAction>(
  action: A & Documents<A, 'DiskInArrears'>,
  account: AccountState,
  region: RegionState,
  disk: DiskRecord,
): void {
  if (diskInArrears(account, region, disk)) fail(action, 'DiskInArrears' as ActionErrorCode<A>);
}

/**
 * What today's snapshot actions demand of the account: a balance (not in arrears) and
 * an open snapshot service.
 */
export function requireSnapshotService<A extends AnyAction>(
  action: A &
    Documents<A, 'InvalidAccountStatus.NotEnoughBalance'> &
    Documents<A, 'InvalidAccountStatus.SnapshotServiceUnavailable'>,
  account: AccountState,
): void {
  if (account.settings.inArrears) fail(action, 'InvalidAccountStatus.NotEnoughBalance' as ActionErrorCode<A>);
  if (!account.settings.snapshotServiceOpened)
    fail(action, 'InvalidAccountStatus.SnapshotServiceUnavailable' as ActionErrorCode<A>);
}

/** Refuses one more of something counted over the account when its quota is set and reached. */
export function requireUnderQuota<A extends AnyAction, C extends ActionErrorCode<A>>(
  action: A,
  code: C,
  held: number,
  adding: number,
  quota: number | undefined,
): void {
  if (quota !== undefined && held + adding > quota) fail(action, code);
}
