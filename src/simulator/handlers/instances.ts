import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/index.js';
import { InstanceAttributesFields } from '../../spec/datatypes.js';
import { instanceTypeInfo } from '../catalog.js';
import type { TransitionDurations } from '../clock.js';
import { instanceInArrears, instanceLocks } from '../state/account.js';
import { diskStatus, settleDisk } from '../state/disk.js';
import {
  instanceStatus,
  markDeleted,
  rebootInstance,
  startInstance,
  stopInstance,
} from '../state/instance.js';
import { disksOf, releaseDisk } from '../state/release.js';
import { steady } from '../state/timeline.js';
import { type Found, find, type InstanceRecord, type InstanceStatus, type RegionState } from '../store.js';
import { instanceView } from '../views.js';
import {
  type DomainContext,
  hasTags,
  inCreationOrder,
  inIdList,
  matches,
  paginate,
  type Reply,
} from './context.js';
import { fail, passDryRun } from './errors.js';
import { requireNotLocked, requireStatus } from './guards.js';
import { listPage } from './paging.js';

const RUNNING_OR_STOPPED = ['Running', 'Stopped'] as const;

type ByIdAction =
  | typeof api.DescribeInstanceAttribute
  | typeof api.StartInstance
  | typeof api.StopInstance
  | typeof api.RebootInstance
  | typeof api.ModifyInstanceAttribute
  | typeof api.DeleteInstance
  | typeof api.JoinSecurityGroup
  | typeof api.LeaveSecurityGroup;

/**
 * An instance of the request's region, a released one too while it reads as Deleted:
 * the actions of this file answer for it by its status (IncorrectInstanceStatus), as
 * the reference's tables do, rather than as for an id never seen.
 */
function requireInstance(
  action: ByIdAction,
  context: DomainContext,
  instanceId: string,
): Found<InstanceRecord> {
  return (
    find(context.account, 'instances', instanceId, context.regionId) ??
    find(context.account, 'deletedInstances', instanceId, context.regionId) ??
    fail(action, 'InvalidInstanceId.NotFound')
  );
}

/** The region's instances, the released ones still Deleted with them. */
function listed(region: RegionState | undefined): InstanceRecord[] {
  return region ? [...region.instances.values(), ...region.deletedInstances.values()] : [];
}

export function DescribeInstances(
  input: ActionInput<typeof api.DescribeInstances>,
  context: DomainContext,
): Reply<typeof api.DescribeInstances> {
  const region = context.account.regions.get(input.RegionId);
  const now = context.now;
  const selected = inCreationOrder(listed(region), (instance) => instance.instanceId).filter(
    (instance) =>
      matches(input.ZoneId, instance.zoneId) &&
      matches(input.VpcId, instance.vpcId) &&
      matches(input.VSwitchId, instance.vSwitchId) &&
      inIdList(input.InstanceIds, instance.instanceId) &&
      matches(input.InstanceNetworkType?.toLowerCase(), instance.instanceNetworkType) &&
      inIdList(
        input.PrivateIpAddresses,
        instance.instanceNetworkType === 'vpc' ? instance.privateIpAddress : '',
      ) &&
      inIdList(
        input.InnerIpAddresses,
        instance.instanceNetworkType === 'classic' ? instance.privateIpAddress : '',
      ) &&
      inIdList(input.PublicIpAddresses, instance.publicIpAddress) &&
      (input.SecurityGroupId === undefined || instance.securityGroupIds.includes(input.SecurityGroupId)) &&
      matches(input.InstanceType, instance.instanceType) &&
      matches(input.InstanceTypeFamily, instanceTypeInfo(instance.instanceType)?.instanceTypeFamily) &&
      nameMatches(input.InstanceName, instance.instanceName) &&
      matches(input.ImageId, instance.imageId) &&
      matches(input.Status, instanceStatus(instance, now)) &&
      matches(input.InstanceChargeType, instance.instanceChargeType) &&
      matches(input.ResourceGroupId, instance.resourceGroupId) &&
      hasTags(instance.tags, input.Tag),
  );
  const { items, ...page } = listPage(api.DescribeInstances, selected, input, context, (instance) => ({
    creationTime: instance.creationTime,
    id: instance.instanceId,
  }));
  return {
    ...page,
    Instances: items.map((instance) =>
      instanceView(instance, region!, now, instanceLocks(context.account, instance)),
    ),
  };
}

/** InstanceName filters by equality, or with `*` as a wildcard (today's API). */
function nameMatches(pattern: string | undefined, name: string): boolean {
  if (pattern === undefined || pattern === '') return true;
  if (!pattern.includes('*')) return pattern === name;
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(name);
}

export function DescribeInstanceStatus(
  input: ActionInput<typeof api.DescribeInstanceStatus>,
  context: DomainContext,
): Reply<typeof api.DescribeInstanceStatus> {
  const region = context.account.regions.get(input.RegionId);
  const selected = inCreationOrder(listed(region), (instance) => instance.instanceId).filter((instance) =>
    matches(input.ZoneId, instance.zoneId),
  );
  const { items, ...page } = paginate(selected, input);
  return {
    ...page,
    InstanceStatuses: items.map((instance) => ({
      InstanceId: instance.instanceId,
      Status: instanceStatus(instance, context.now),
    })),
  };
}

export function DescribeInstanceAttribute(
  input: ActionInput<typeof api.DescribeInstanceAttribute>,
  context: DomainContext,
): Reply<typeof api.DescribeInstanceAttribute> {
  const { region, record } = requireInstance(api.DescribeInstanceAttribute, context, input.InstanceId);
  const view = instanceView(record, region, context.now, instanceLocks(context.account, record));
  const attributes: Record<string, unknown> = {};
  for (const field of Object.keys(InstanceAttributesFields)) {
    const value = view[field as keyof typeof view];
    if (value !== undefined) attributes[field] = value;
  }
  return {
    ...(attributes as Omit<Reply<typeof api.DescribeInstanceAttribute>, 'IoOptimized'>),
    IoOptimized: record.ioOptimized ? 'optimized' : 'none',
  };
}

/** Start, stop and reboot: the same checks, one status each may start from, one transition each. */
function powerAction(
  action: typeof api.StartInstance | typeof api.StopInstance | typeof api.RebootInstance,
  instanceId: string,
  context: DomainContext,
  from: InstanceStatus,
  apply: (instance: InstanceRecord, now: number, durations: TransitionDurations) => void,
): Record<string, never> {
  const { region, record } = requireInstance(action, context, instanceId);
  requireNotLocked(action, record);
  const status = instanceStatus(record, context.now);
  // "InstanceNotReady: the specified instance is being created" (StartInstance's table).
  if (status === 'Pending' && action === api.StartInstance) fail(api.StartInstance, 'InstanceNotReady');
  // The arrears table: an instance in arrears does not start; stopping and rebooting are not refused.
  if (action === api.StartInstance && instanceInArrears(context.account, record))
    fail(api.StartInstance, 'InsufficientBalance');
  requireStatus(action, 'IncorrectInstanceStatus', status, [from]);
  // A disk still re-initializing is in no state to boot from.
  if (
    action === api.StartInstance &&
    disksOf(region, record.instanceId).some((disk) => diskStatus(disk, context.now) === 'ReIniting')
  )
    fail(api.StartInstance, 'DiskError');
  passDryRun(context);
  apply(record, context.now, context.clock.durations);
  return {};
}

export function StartInstance(
  input: ActionInput<typeof api.StartInstance>,
  context: DomainContext,
): Reply<typeof api.StartInstance> {
  return powerAction(api.StartInstance, input.InstanceId, context, 'Stopped', startInstance);
}

export function StopInstance(
  input: ActionInput<typeof api.StopInstance>,
  context: DomainContext,
): Reply<typeof api.StopInstance> {
  return powerAction(api.StopInstance, input.InstanceId, context, 'Running', stopInstance);
}

export function RebootInstance(
  input: ActionInput<typeof api.RebootInstance>,
  context: DomainContext,
): Reply<typeof api.RebootInstance> {
  return powerAction(api.RebootInstance, input.InstanceId, context, 'Running', rebootInstance);
}

export function ModifyInstanceAttribute(
  input: ActionInput<typeof api.ModifyInstanceAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifyInstanceAttribute> {
  const action = api.ModifyInstanceAttribute;
  const { record } = requireInstance(action, context, input.InstanceId);
  requireNotLocked(action, record);
  const status = instanceStatus(record, context.now);
  // A released instance changes no more; "the password for an instance in Deleted or Starting state cannot be reset."
  if (status === 'Deleted' || (input.Password !== undefined && status === 'Starting'))
    fail(action, 'IncorrectInstanceStatus');
  if (input.InstanceName !== undefined) record.instanceName = input.InstanceName;
  if (input.Description !== undefined) record.description = input.Description;
  if (input.HostName !== undefined) record.hostName = input.HostName;
  return {};
}

/**
 * Releases a Stopped instance: its DeleteWithInstance disks go with it (every disk,
 * when it is locked for security), the others stay, detached and Available. The
 * instance reads as Deleted for a while (the clock's `instanceDeleted`), then is gone.
 */
export function DeleteInstance(
  input: ActionInput<typeof api.DeleteInstance>,
  context: DomainContext,
): Reply<typeof api.DeleteInstance> {
  const action = api.DeleteInstance;
  const { region, record } = requireInstance(action, context, input.InstanceId);
  requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(record, context.now), ['Stopped']);
  if (record.instanceChargeType === 'PrePaid') fail(action, 'ChargeTypeViolation');
  passDryRun(context);
  const locked = record.operationLocks.includes('security');
  for (const disk of disksOf(region, record.instanceId)) {
    if (locked || disk.deleteWithInstance) {
      releaseDisk(region, disk, context.now);
    } else {
      disk.status = steady('Available', context.now);
      settleDisk(disk, context.now);
    }
  }
  markDeleted(region, record, context.now);
  return {};
}

export function JoinSecurityGroup(
  input: ActionInput<typeof api.JoinSecurityGroup>,
  context: DomainContext,
): Reply<typeof api.JoinSecurityGroup> {
  const action = api.JoinSecurityGroup;
  const { region, record } = requireInstance(action, context, input.InstanceId);
  const group =
    region.securityGroups.get(input.SecurityGroupId) ?? fail(action, 'InvalidSecurityGroupId.NotFound');
  requireNotLocked(action, record);
  requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(record, context.now), RUNNING_OR_STOPPED);
  if (record.securityGroupIds.includes(group.securityGroupId))
    fail(action, 'InvalidInstanceId.AlreadyExists');
  if (group.vpcId !== record.vpcId) fail(action, 'InvalidInstanceId.Mismatch');
  if (record.securityGroupIds.length >= context.rules.securityGroupsPerInstance)
    fail(action, 'InstanceSecurityGroupLimitExceeded');
  const members = [...region.instances.values()].filter((instance) =>
    instance.securityGroupIds.includes(group.securityGroupId),
  ).length;
  if (members >= context.rules.instancesPerSecurityGroup) fail(action, 'SecurityGroupInstanceLimitExceeded');
  record.securityGroupIds.push(group.securityGroupId);
  return {};
}

export function LeaveSecurityGroup(
  input: ActionInput<typeof api.LeaveSecurityGroup>,
  context: DomainContext,
): Reply<typeof api.LeaveSecurityGroup> {
  const action = api.LeaveSecurityGroup;
  const { region, record } = requireInstance(action, context, input.InstanceId);
  // A group the instance is not in is, for this instance, a group that does not exist.
  if (
    !region.securityGroups.has(input.SecurityGroupId) ||
    !record.securityGroupIds.includes(input.SecurityGroupId)
  )
    fail(action, 'InvalidSecurityGroupId.NotFound');
  requireNotLocked(action, record);
  requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(record, context.now), RUNNING_OR_STOPPED);
  if (record.securityGroupIds.length === 1) fail(action, 'InstanceLastSecurityGroup');
  record.securityGroupIds = record.securityGroupIds.filter((id) => id !== input.SecurityGroupId);
  return {};
}
