import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/index.js';
import { InstanceAttributesFields } from '../../spec/datatypes.js';
import { DISK_SIZE_LIMITS, defaultDiskCategory, instanceTypeInfo, regionInfo, zoneInfo } from '../catalog.js';
import type { TransitionDurations } from '../clock.js';
import { hashSeed } from '../random.js';
import { settleDisk } from '../state/disk.js';
import { instanceStatus, rebootInstance, startInstance, stopInstance } from '../state/instance.js';
import { disksOf, releaseDisk } from '../state/release.js';
import { snapshotStatus } from '../state/snapshot.js';
import { statusAt, steady } from '../state/timeline.js';
import type { DiskCategory, DiskRecord, InstanceRecord, InstanceStatus, RegionState } from '../store.js';
import { findImage, instanceView } from '../views.js';
import {
  type DomainContext,
  hasTags,
  inCreationOrder,
  inIdList,
  matches,
  paginate,
  type Reply,
  tagsFrom,
} from './context.js';
import { newDisk } from './disk-records.js';
import { fail } from './errors.js';
import {
  requireInstance,
  requireNotLocked,
  requireRegion,
  requireStatus,
  requireUniqueTagKeys,
} from './guards.js';

const RUNNING_OR_STOPPED = ['Running', 'Stopped'] as const;

export function DescribeInstances(
  input: ActionInput<typeof api.DescribeInstances>,
  context: DomainContext,
): Reply<typeof api.DescribeInstances> {
  const region = context.account.regions.get(input.RegionId);
  const now = context.now;
  const selected = inCreationOrder(
    region?.instances.values() ?? [],
    (instance) => instance.instanceId,
  ).filter(
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
  const { items, ...page } = paginate(selected, input);
  return { ...page, Instances: items.map((instance) => instanceView(instance, region!, now)) };
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
  const selected = inCreationOrder(
    region?.instances.values() ?? [],
    (instance) => instance.instanceId,
  ).filter((instance) => matches(input.ZoneId, instance.zoneId));
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
  const view = instanceView(record, region, context.now);
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

export function CreateInstance(
  input: ActionInput<typeof api.CreateInstance>,
  context: DomainContext,
): Reply<typeof api.CreateInstance> {
  const action = api.CreateInstance;
  const region = requireRegion(action, context.account, input.RegionId);
  const image = findImage(region, input.ImageId);
  if (!image || statusAt(image.status, context.now) !== 'Available')
    fail(action, 'OperationDenied', 'The specified Image is disabled or is deleted.');
  const type = instanceTypeInfo(input.InstanceType) ?? fail(action, 'InvalidInstanceType.ValueNotSupported');
  const zone = pickZone(region, input.ZoneId, type.instanceTypeId);
  const group =
    region.securityGroups.get(input.SecurityGroupId) ?? fail(action, 'InvalidSecurityGroupId.NotFound');
  const members = [...region.instances.values()].filter((instance) =>
    instance.securityGroupIds.includes(group.securityGroupId),
  ).length;
  if (members >= context.rules.instancesPerSecurityGroup) fail(action, 'SecurityGroupInstanceLimitExceed');
  requireUniqueTagKeys(action, input.Tag);
  const systemCategory = (input['SystemDisk.Category'] ??
    defaultDiskCategory(zone.diskCategories)) as DiskCategory;
  if (!zone.diskCategories.includes(systemCategory))
    fail(action, 'CategoryNotSupported', 'The specified zone does not offer');
  const dataDisks = (input.DataDisk ?? []).map((spec) => dataDiskPlan(region, zone.diskCategories, spec));
  if (dataDisks.length > context.rules.dataDisksPerInstance) fail(action, 'InstanceDiskNumLimitExceed');
  const devices = assignDevices(dataDisks.map((disk) => disk.device));

  const now = context.now;
  const instanceId = context.newId('instance', region.regionId);
  const hash = hashSeed(instanceId);
  const vpc = group.vpcId !== '';
  const instance: InstanceRecord = {
    instanceId,
    regionId: region.regionId,
    zoneId: zone.zoneId,
    instanceName: input.InstanceName ?? instanceId,
    description: input.Description ?? '',
    hostName: input.HostName ?? `iZ${instanceId.slice(2)}Z`,
    imageId: image.imageId,
    instanceType: type.instanceTypeId,
    securityGroupIds: [group.securityGroupId],
    // "When the creation is complete, the instance stops."
    status: steady('Stopped', now),
    everStarted: false,
    operationLocks: [],
    instanceChargeType: (input.InstanceChargeType as 'PrePaid' | 'PostPaid' | undefined) ?? 'PostPaid',
    internetChargeType:
      (input.InternetChargeType as 'PayByBandwidth' | 'PayByTraffic' | undefined) ?? 'PayByBandwidth',
    internetMaxBandwidthIn: input.InternetMaxBandwidthIn ?? 200,
    internetMaxBandwidthOut: input.InternetMaxBandwidthOut ?? 0,
    ioOptimized: input.IoOptimized === 'optimized',
    instanceNetworkType: vpc ? 'vpc' : 'classic',
    vpcId: group.vpcId,
    vSwitchId: vpc ? (input.VSwitchId ?? `vsw-${instanceId.slice(2, 5)}${zone.zoneId.slice(-1)}default`) : '',
    privateIpAddress:
      input.PrivateIpAddress ?? `${vpc ? '172.16' : '10.0'}.${(hash >>> 8) & 255}.${2 + (hash % 250)}`,
    publicIpAddress:
      (input.InternetMaxBandwidthOut ?? 0) > 0
        ? `47.${96 + (hash % 20)}.${(hash >>> 16) & 255}.${1 + (hash % 253)}`
        : '',
    serialNumber: serialNumber(hash),
    creationTime: now,
    tags: tagsFrom(input.Tag),
    resourceGroupId: input.ResourceGroupId ?? '',
  };
  region.instances.set(instanceId, instance);
  const systemSize = Math.max(input['SystemDisk.Size'] ?? 40, image.size);
  addDisk(context, region, instance, {
    type: 'system',
    category: systemCategory,
    size: systemSize,
    imageId: image.imageId,
    sourceSnapshotId: '',
    device: '/dev/xvda',
    diskName: input['SystemDisk.DiskName'] ?? '',
    description: input['SystemDisk.Description'] ?? '',
    deleteWithInstance: true,
  });
  dataDisks.forEach((plan, index) => {
    addDisk(context, region, instance, { ...plan, type: 'data', imageId: '', device: devices[index]! });
  });
  return { InstanceId: instanceId };

  function pickZone(state: RegionState, zoneId: string | undefined, instanceType: string) {
    const zones =
      zoneId === undefined
        ? undefined
        : [zoneInfo(state.regionId, zoneId) ?? fail(action, 'InvalidZoneId.NotFound')];
    const candidates = zones ?? regionInfo(state.regionId)?.zones ?? [];
    return (
      candidates.find((candidate) => candidate.instanceTypes.includes(instanceType)) ??
      fail(action, 'InstanceTypeNotSupported')
    );
  }

  function dataDiskPlan(
    state: RegionState,
    offered: readonly DiskCategory[],
    spec: NonNullable<typeof input.DataDisk>[number],
  ) {
    const category = (spec.Category ?? defaultDiskCategory(offered)) as DiskCategory;
    if (!offered.includes(category))
      fail(action, 'CategoryNotSupported', 'The specified zone does not offer');
    let size = spec.Size;
    let sourceSnapshotId = '';
    if (spec.SnapshotId !== undefined) {
      const snapshot =
        state.snapshots.get(spec.SnapshotId) ?? fail(action, 'InvalidDataDiskSnapshotId.NotFound');
      if (snapshotStatus(snapshot, context.now) !== 'accomplished')
        fail(action, 'InvalidSnapshotId.NotReady');
      if (snapshot.sourceDiskType === 'System') fail(action, 'InvalidSnapshotId.NotDataDiskSnapshot');
      size = snapshot.sourceDiskSize;
      sourceSnapshotId = snapshot.snapshotId;
    }
    const limits = DISK_SIZE_LIMITS[category];
    if (size === undefined || size < limits.min || size > limits.max)
      fail(action, 'InvalidDataDiskSize.ValueNotSupported');
    if (spec.Device !== undefined && !/^\/dev\/xvd[b-z]$/.test(spec.Device))
      fail(action, 'InvalidDataDevice.Malformed');
    return {
      category,
      size,
      sourceSnapshotId,
      device: spec.Device,
      diskName: spec.DiskName ?? '',
      description: spec.Description ?? '',
      deleteWithInstance: spec.DeleteWithInstance ?? true,
    };
  }

  /** Given devices must differ; the others take the free names from /dev/xvdb in order. */
  function assignDevices(requested: readonly (string | undefined)[]): string[] {
    const taken = new Set<string>();
    for (const device of requested) {
      if (device === undefined) continue;
      if (taken.has(device)) fail(action, 'InvalidDevice.InUse');
      taken.add(device);
    }
    let next = 'b'.charCodeAt(0);
    return requested.map((device) => {
      if (device !== undefined) return device;
      while (taken.has(`/dev/xvd${String.fromCharCode(next)}`)) next++;
      const free = `/dev/xvd${String.fromCharCode(next)}`;
      taken.add(free);
      return free;
    });
  }
}

function serialNumber(hash: number): string {
  const hex = (hash.toString(16).padStart(8, '0') + (hash ^ 0x5bd1e995).toString(16).padStart(8, '0')).repeat(
    2,
  );
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function addDisk(
  context: DomainContext,
  region: RegionState,
  instance: InstanceRecord,
  spec: Pick<
    DiskRecord,
    | 'type'
    | 'category'
    | 'size'
    | 'imageId'
    | 'sourceSnapshotId'
    | 'diskName'
    | 'description'
    | 'deleteWithInstance'
  > & { readonly device: string },
): DiskRecord {
  const { device, ...fields } = spec;
  const disk = newDisk(context, region, {
    ...fields,
    zoneId: instance.zoneId,
    portable: spec.type === 'data',
    status: steady('In_use', context.now),
    attachment: { instanceId: instance.instanceId, device, attachedTime: context.now },
    tags: instance.tags.map((tag) => ({ ...tag })),
    resourceGroupId: instance.resourceGroupId,
  });
  region.disks.set(disk.diskId, disk);
  return disk;
}

/** Start, stop and reboot: the same checks, one status each may start from, one transition each. */
function powerAction(
  action: typeof api.StartInstance | typeof api.StopInstance | typeof api.RebootInstance,
  instanceId: string,
  context: DomainContext,
  from: InstanceStatus,
  apply: (instance: InstanceRecord, now: number, durations: TransitionDurations) => void,
): Record<string, never> {
  const { record } = requireInstance(action, context, instanceId);
  requireNotLocked(action, record);
  requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(record, context.now), [from]);
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
  // "The password for an instance in Deleted or Starting state cannot be reset."
  if (input.Password !== undefined && instanceStatus(record, context.now) === 'Starting')
    fail(action, 'IncorrectInstanceStatus');
  if (input.InstanceName !== undefined) record.instanceName = input.InstanceName;
  if (input.Description !== undefined) record.description = input.Description;
  if (input.HostName !== undefined) record.hostName = input.HostName;
  return {};
}

/**
 * Releases a Stopped instance: its DeleteWithInstance disks go with it (every disk,
 * when it is locked for security), the others stay, detached and Available.
 */
export function DeleteInstance(
  input: ActionInput<typeof api.DeleteInstance>,
  context: DomainContext,
): Reply<typeof api.DeleteInstance> {
  const action = api.DeleteInstance;
  const { region, record } = requireInstance(action, context, input.InstanceId);
  requireStatus(action, 'IncorrectInstanceStatus', instanceStatus(record, context.now), ['Stopped']);
  if (record.instanceChargeType === 'PrePaid') fail(action, 'ChargeTypeViolation');
  const locked = record.operationLocks.includes('security');
  for (const disk of disksOf(region, record.instanceId)) {
    if (locked || disk.deleteWithInstance) {
      releaseDisk(region, disk, context.now);
    } else {
      disk.status = steady('Available', context.now);
      settleDisk(disk, context.now);
    }
  }
  region.instances.delete(record.instanceId);
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
