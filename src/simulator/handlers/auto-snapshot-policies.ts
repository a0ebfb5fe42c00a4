import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/auto-snapshot-policies.js';
import type { AutoSnapshotPolicyRecord, RegionState } from '../store.js';
import { executionStatus } from '../time-passes.js';
import { autoSnapshotPolicyView } from '../views.js';
import {
  type DomainContext,
  hasTags,
  inCreationOrder,
  matches,
  paginate,
  type Reply,
  tagsFrom,
} from './context.js';
import { fail } from './errors.js';
import { requireSnapshotService, requireUniqueTagKeys } from './guards.js';

type PolicyAction =
  | typeof api.ModifyAutoSnapshotPolicyEx
  | typeof api.DeleteAutoSnapshotPolicy
  | typeof api.ApplyAutoSnapshotPolicy;

/** The region of a policy write; today's API answers ParameterInvalid for one it does not know. */
function policyRegion(
  action: PolicyAction | typeof api.CreateAutoSnapshotPolicy | typeof api.CancelAutoSnapshotPolicy,
  context: DomainContext,
  regionId: string,
): RegionState {
  return context.account.regions.get(regionId) ?? fail(action, 'ParameterInvalid', 'The specified RegionId');
}

/** A policy of the region; one of another region is told apart from one that does not exist. */
function requirePolicy(
  action: PolicyAction,
  context: DomainContext,
  region: RegionState,
  policyId: string,
): AutoSnapshotPolicyRecord {
  const policy = region.autoSnapshotPolicies.get(policyId);
  if (policy) return policy;
  const elsewhere = [...context.account.regions.values()].some((other) =>
    other.autoSnapshotPolicies.has(policyId),
  );
  return elsewhere
    ? fail(action, 'ParameterInvalid', 'The specified automatic snapshot policy does not exist in')
    : fail(action, 'ParameterInvalid', 'The specified automatic snapshot policy does not exist.');
}

/** `["0", "12"]` (validated by the declaration) as numbers. */
function numberList(json: string): number[] {
  return (JSON.parse(json) as string[]).map(Number).sort((a, b) => a - b);
}

export function CreateAutoSnapshotPolicy(
  input: ActionInput<typeof api.CreateAutoSnapshotPolicy>,
  context: DomainContext,
): Reply<typeof api.CreateAutoSnapshotPolicy> {
  const action = api.CreateAutoSnapshotPolicy;
  const region = policyRegion(action, context, input.regionId);
  requireSnapshotService(action, context.account);
  if (region.autoSnapshotPolicies.size >= context.rules.autoSnapshotPoliciesPerRegion)
    fail(action, 'AutoSnapshotPolicy.QuotaExceed');
  requireUniqueTagKeys(action, input.Tag);
  const policy: AutoSnapshotPolicyRecord = {
    autoSnapshotPolicyId: context.newId('autoSnapshotPolicy', region.regionId),
    regionId: region.regionId,
    autoSnapshotPolicyName: input.autoSnapshotPolicyName ?? '',
    timePoints: numberList(input.timePoints),
    repeatWeekdays: numberList(input.repeatWeekdays),
    retentionDays: input.retentionDays,
    creationTime: context.now,
    tags: tagsFrom(input.Tag),
    resourceGroupId: input.ResourceGroupId ?? '',
  };
  region.autoSnapshotPolicies.set(policy.autoSnapshotPolicyId, policy);
  return { AutoSnapshotPolicyId: policy.autoSnapshotPolicyId };
}

export function ModifyAutoSnapshotPolicyEx(
  input: ActionInput<typeof api.ModifyAutoSnapshotPolicyEx>,
  context: DomainContext,
): Reply<typeof api.ModifyAutoSnapshotPolicyEx> {
  const action = api.ModifyAutoSnapshotPolicyEx;
  const region = policyRegion(action, context, input.regionId);
  const policy = requirePolicy(action, context, region, input.autoSnapshotPolicyId);
  if (input.autoSnapshotPolicyName !== undefined)
    policy.autoSnapshotPolicyName = input.autoSnapshotPolicyName;
  if (input.timePoints !== undefined) policy.timePoints = numberList(input.timePoints);
  if (input.repeatWeekdays !== undefined) policy.repeatWeekdays = numberList(input.repeatWeekdays);
  if (input.retentionDays !== undefined) policy.retentionDays = input.retentionDays;
  return {};
}

/** Deletes a policy; the disks it applied to are left without one. */
export function DeleteAutoSnapshotPolicy(
  input: ActionInput<typeof api.DeleteAutoSnapshotPolicy>,
  context: DomainContext,
): Reply<typeof api.DeleteAutoSnapshotPolicy> {
  const action = api.DeleteAutoSnapshotPolicy;
  const region = policyRegion(action, context, input.regionId);
  const policy = requirePolicy(action, context, region, input.autoSnapshotPolicyId);
  for (const disk of region.disks.values()) {
    if (disk.autoSnapshotPolicyId === policy.autoSnapshotPolicyId) disk.autoSnapshotPolicyId = '';
  }
  region.autoSnapshotPolicies.delete(policy.autoSnapshotPolicyId);
  return {};
}

/** A disk has at most one policy: applying replaces the one it had. All disks must exist, or none changes. */
export function ApplyAutoSnapshotPolicy(
  input: ActionInput<typeof api.ApplyAutoSnapshotPolicy>,
  context: DomainContext,
): Reply<typeof api.ApplyAutoSnapshotPolicy> {
  const action = api.ApplyAutoSnapshotPolicy;
  const region = policyRegion(action, context, input.regionId);
  const policy = requirePolicy(action, context, region, input.autoSnapshotPolicyId);
  requireSnapshotService(action, context.account);
  const disks = input.diskIds.map((id) => region.disks.get(id) ?? fail(action, 'InvalidDiskId.NotFound'));
  for (const disk of disks) {
    disk.autoSnapshotPolicyId = policy.autoSnapshotPolicyId;
    disk.enableAutoSnapshot = true;
  }
  return {};
}

export function CancelAutoSnapshotPolicy(
  input: ActionInput<typeof api.CancelAutoSnapshotPolicy>,
  context: DomainContext,
): Reply<typeof api.CancelAutoSnapshotPolicy> {
  const action = api.CancelAutoSnapshotPolicy;
  const region = policyRegion(action, context, input.regionId);
  const disks = input.diskIds.map(
    (id) => region.disks.get(id) ?? fail(action, 'ParameterInvalid', 'The specified DiskIds'),
  );
  for (const disk of disks) disk.autoSnapshotPolicyId = '';
  return {};
}

export function DescribeAutoSnapshotPolicyEx(
  input: ActionInput<typeof api.DescribeAutoSnapshotPolicyEx>,
  context: DomainContext,
): Reply<typeof api.DescribeAutoSnapshotPolicyEx> {
  const action = api.DescribeAutoSnapshotPolicyEx;
  const region = context.account.regions.get(input.RegionId) ?? fail(action, 'InvalidRegionId.NotFound');
  const selected = inCreationOrder(
    region.autoSnapshotPolicies.values(),
    (policy) => policy.autoSnapshotPolicyId,
  ).filter(
    (policy) =>
      matches(input.AutoSnapshotPolicyId, policy.autoSnapshotPolicyId) &&
      matches(input.AutoSnapshotPolicyName, policy.autoSnapshotPolicyName) &&
      matches(input.ResourceGroupId, policy.resourceGroupId) &&
      hasTags(policy.tags, input.Tag),
  );
  const { items, ...page } = paginate(selected, input);
  return { ...page, AutoSnapshotPolicies: items.map((policy) => autoSnapshotPolicyView(policy, region)) };
}

/**
 * The 2014 account-wide policy. The simulator keeps no account-wide settings, so it
 * reads as disabled; the execution status is the last run of the account's
 * policies per disk type (Standby until one ran, Failed when a disk was skipped), with
 * the count of automatic snapshots the account holds.
 */
export function DescribeAutoSnapshotPolicy(
  _input: ActionInput<typeof api.DescribeAutoSnapshotPolicy>,
  context: DomainContext,
): Reply<typeof api.DescribeAutoSnapshotPolicy> {
  const execution = executionStatus(context.account);
  let automatic = 0;
  for (const region of context.account.regions.values()) {
    for (const snapshot of region.snapshots.values()) if (snapshot.snapshotType === 'auto') automatic++;
  }
  return {
    AutoSnapshotOccupation: automatic,
    AutoSnapshotPolicy: {
      SystemDiskPolicyEnabled: 'false',
      SystemDiskPolicyTimePeriod: 1,
      SystemDiskPolicyRetentionDays: 1,
      SystemDiskPolicyRetentionLastWeek: 'false',
      DataDiskPolicyEnabled: 'false',
      DataDiskPolicyTimePeriod: 1,
      DataDiskPolicyRetentionDays: 1,
      DataDiskPolicyRetentionLastWeek: 'false',
    },
    AutoSnapshotExcutionStatus: {
      SystemDiskExcutionStatus: execution.system,
      DataDiskExcutionStatus: execution.data,
    },
  };
}
