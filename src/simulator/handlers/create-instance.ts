import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/index.js';
import {
  DISK_SIZE_LIMITS,
  defaultDiskCategory,
  instanceTypeInfo,
  regionInfo,
  type ZoneInfo,
  zoneInfo,
} from '../catalog.js';
import { hashSeed } from '../random.js';
import { afterpayInstanceCount, portableDiskCount } from '../state/account.js';
import { createdInstanceStatus } from '../state/instance.js';
import { type Placement, placeInVpc } from '../state/network.js';
import { snapshotStatus } from '../state/snapshot.js';
import { statusAt, steady } from '../state/timeline.js';
import type {
  DiskCategory,
  DiskRecord,
  ImageRecord,
  InstanceRecord,
  RegionState,
  SecurityGroupRecord,
} from '../store.js';
import { findImage } from '../views.js';
import { type DomainContext, type Reply, tagsFrom } from './context.js';
import { newDisk } from './disk-records.js';
import { fail, invalidParameter, passDryRun } from './errors.js';
import { requireRegion, requireUnderQuota, requireUniqueTagKeys } from './guards.js';

/**
 * CreateInstance in two steps: every check first, in the order ECS reports them, with
 * nothing written; then the instance, its system disk and its data disks.
 */

const action = api.CreateInstance;
type Input = ActionInput<typeof api.CreateInstance>;
type DataDiskSpec = NonNullable<Input['DataDisk']>[number];

export function CreateInstance(input: Input, context: DomainContext): Reply<typeof api.CreateInstance> {
  const plan = planInstance(input, context);
  passDryRun(context);
  const instance = instanceRecord(input, plan, context);
  plan.region.instances.set(instance.instanceId, instance);
  addDisk(context, plan.region, instance, {
    type: 'system',
    category: plan.systemCategory,
    size: Math.max(input['SystemDisk.Size'] ?? 40, plan.image.size),
    imageId: plan.image.imageId,
    sourceSnapshotId: '',
    device: '/dev/xvda',
    diskName: input['SystemDisk.DiskName'] ?? '',
    description: input['SystemDisk.Description'] ?? '',
    deleteWithInstance: true,
  });
  plan.dataDisks.forEach((disk, index) => {
    addDisk(context, plan.region, instance, {
      ...disk,
      type: 'data',
      imageId: '',
      device: plan.devices[index]!,
    });
  });
  return { InstanceId: instance.instanceId };
}

interface InstancePlan {
  readonly region: RegionState;
  readonly image: ImageRecord;
  readonly instanceTypeId: string;
  readonly zone: ZoneInfo;
  readonly group: SecurityGroupRecord;
  readonly systemCategory: DiskCategory;
  readonly dataDisks: readonly DataDiskPlan[];
  /** The data disks' devices, in their order. */
  readonly devices: readonly string[];
  /** The VSwitch and address of a VPC instance, when its VPC has a VSwitch in the zone. */
  readonly placement: Placement | undefined;
}

/** Every check of the request, nothing written: what the instance will be made of. */
function planInstance(input: Input, context: DomainContext): InstancePlan {
  const region = requireRegion(action, context.account, input.RegionId);
  const image = findImage(region, input.ImageId);
  if (!image || statusAt(image.status, context.now) !== 'Available')
    fail(action, 'OperationDenied', 'The specified Image is disabled or is deleted.');
  const { denied } = context.account.settings;
  if (denied.regions.includes(region.regionId)) fail(action, 'RegionUnauthorized');
  const type = instanceTypeInfo(input.InstanceType) ?? fail(action, 'InvalidInstanceType.ValueNotSupported');
  if (denied.instanceTypes.includes(type.instanceTypeId))
    fail(action, 'InvalidInstanceType.ValueUnauthorized');
  const zone = pickZone(region, input.ZoneId, type.instanceTypeId);
  const group = securityGroupWithRoom(region, input.SecurityGroupId, context);
  const placement = group.vpcId
    ? placeInVpc(region, {
        vpcId: group.vpcId,
        zoneId: zone.zoneId,
        vSwitchId: input.VSwitchId,
        privateIpAddress: input.PrivateIpAddress,
      })
    : undefined;
  if (typeof placement === 'string')
    invalidParameter(placement.startsWith('PrivateIp') ? 'PrivateIpAddress' : 'VSwitchId', placement);
  requireUniqueTagKeys(action, input.Tag);
  const systemCategory = (input['SystemDisk.Category'] ??
    defaultDiskCategory(zone.diskCategories)) as DiskCategory;
  if (denied.diskCategories.includes(systemCategory))
    fail(action, 'InvalidSystemDisk.Category.ValueUnauthorized');
  if (!zone.diskCategories.includes(systemCategory))
    fail(action, 'CategoryNotSupported', 'The specified zone does not offer');
  const dataDisks = (input.DataDisk ?? []).map((spec) =>
    dataDiskPlan(region, zone.diskCategories, spec, context.now),
  );
  // The reference: with a basic cloud system disk, the data disks must be basic cloud disks too.
  if (systemCategory === 'cloud' && dataDisks.some((disk) => disk.category !== 'cloud'))
    fail(action, 'InvalidParameter.Mismatch');
  if (dataDisks.length > context.rules.dataDisksPerInstance) fail(action, 'InstanceDiskNumLimitExceed');
  if ((input.InstanceChargeType ?? 'PostPaid') === 'PostPaid')
    requireUnderQuota(
      action,
      'QuotaExceed.AfterpayInstance',
      afterpayInstanceCount(context.account),
      1,
      context.rules.afterpayInstancesPerAccount,
    );
  // Data disks made with an instance are portable, so they count against that quota too.
  requireUnderQuota(
    action,
    'QuotaExceed.PortableCloudDisk',
    portableDiskCount(context.account),
    dataDisks.length,
    context.rules.portableDisksPerAccount,
  );
  const devices = assignDevices(dataDisks.map((disk) => disk.device));
  return {
    region,
    image,
    instanceTypeId: type.instanceTypeId,
    zone,
    group,
    systemCategory,
    dataDisks,
    devices,
    placement,
  };
}

/** The requested zone, or the region's first that offers the type. */
function pickZone(region: RegionState, zoneId: string | undefined, instanceType: string): ZoneInfo {
  const zones =
    zoneId === undefined
      ? undefined
      : [zoneInfo(region.regionId, zoneId) ?? fail(action, 'InvalidZoneId.NotFound')];
  const candidates = zones ?? regionInfo(region.regionId)?.zones ?? [];
  return (
    candidates.find((candidate) => candidate.instanceTypes.includes(instanceType)) ??
    fail(action, 'InstanceTypeNotSupported')
  );
}

function securityGroupWithRoom(
  region: RegionState,
  groupId: string,
  context: DomainContext,
): SecurityGroupRecord {
  const group = region.securityGroups.get(groupId) ?? fail(action, 'InvalidSecurityGroupId.NotFound');
  const members = [...region.instances.values()].filter((instance) =>
    instance.securityGroupIds.includes(group.securityGroupId),
  ).length;
  if (members >= context.rules.instancesPerSecurityGroup) fail(action, 'SecurityGroupInstanceLimitExceed');
  return group;
}

type DataDiskPlan = ReturnType<typeof dataDiskPlan>;

/** A data disk as requested: its category, its size (a snapshot's when made from one), its device if named. */
function dataDiskPlan(
  region: RegionState,
  offered: readonly DiskCategory[],
  spec: DataDiskSpec,
  now: number,
) {
  const category = (spec.Category ?? defaultDiskCategory(offered)) as DiskCategory;
  if (!offered.includes(category)) fail(action, 'CategoryNotSupported', 'The specified zone does not offer');
  let size = spec.Size;
  let sourceSnapshotId = '';
  if (spec.SnapshotId !== undefined) {
    const snapshot =
      region.snapshots.get(spec.SnapshotId) ?? fail(action, 'InvalidDataDiskSnapshotId.NotFound');
    if (snapshotStatus(snapshot, now) !== 'accomplished') fail(action, 'InvalidSnapshotId.NotReady');
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

/** The new instance, stopped; addresses and serial number derived from its id, so a seed repeats them. */
function instanceRecord(input: Input, plan: InstancePlan, context: DomainContext): InstanceRecord {
  const { region, zone, group, image } = plan;
  const now = context.now;
  const instanceId = context.newId('instance', region.regionId);
  const hash = hashSeed(instanceId);
  const vpc = group.vpcId !== '';
  return {
    instanceId,
    regionId: region.regionId,
    zoneId: zone.zoneId,
    instanceName: input.InstanceName ?? instanceId,
    description: input.Description ?? '',
    hostName: input.HostName ?? `iZ${instanceId.slice(2)}Z`,
    imageId: image.imageId,
    instanceType: plan.instanceTypeId,
    securityGroupIds: [group.securityGroupId],
    // Pending while it is created; "when the creation is complete, the instance stops."
    status: createdInstanceStatus(now, context.clock.durations),
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
    vSwitchId: vpc
      ? (plan.placement?.vSwitchId ??
        input.VSwitchId ??
        `vsw-${instanceId.slice(2, 5)}${zone.zoneId.slice(-1)}default`)
      : '',
    privateIpAddress:
      plan.placement?.privateIpAddress ??
      input.PrivateIpAddress ??
      `${vpc ? '172.16' : '10.0'}.${(hash >>> 8) & 255}.${2 + (hash % 250)}`,
    publicIpAddress:
      (input.InternetMaxBandwidthOut ?? 0) > 0
        ? `47.${96 + (hash % 20)}.${(hash >>> 16) & 255}.${1 + (hash % 253)}`
        : '',
    serialNumber: serialNumber(hash),
    creationTime: now,
    tags: tagsFrom(input.Tag),
    resourceGroupId: input.ResourceGroupId ?? '',
  };
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
