import { type InstanceItem, instanceListing } from '../loaders/instances.js';
import { DescribeInstances } from '../spec/actions/instance-reads.js';
import { builder } from './builder.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { present } from './errors.js';
import { defineListingFilter } from './listing-filter.js';
import { operationLocksField } from './operation-lock.js';
import { pageObject } from './pagination.js';
import { defineResourceQueries } from './resource-queries.js';
import { tagsField } from './tag.js';
import { nonEmpty, optionalText } from './wire-values.js';

/** The VpcAttributes of an instance (VpcAttributesType). */
type VpcAttributesItem = NonNullable<InstanceItem['VpcAttributes']>;
/** The EipAddress of an instance (EipAddressAssociateType). */
type EipAddressItem = NonNullable<InstanceItem['EipAddress']>;

export const InstanceStatus = defineOpenEnum('InstanceStatus', {
  description: 'The state of an instance in its life cycle (the instance status table).',
  values: {
    Pending: 'being created',
    Starting: 'starting after StartInstance or RebootInstance',
    Running: 'running',
    Stopping: 'stopping after StopInstance or RebootInstance',
    Stopped: 'stopped; created instances start Stopped',
    Deleted: 'released by DeleteInstance',
  },
});

export const InternetChargeType = defineOpenEnum('InternetChargeType', {
  description: 'How public network use is billed (InternetChargeType).',
  values: {
    PayByBandwidth: 'by the fixed outgoing bandwidth; always so for prepaid instances',
    PayByTraffic: 'by the traffic actually used, up to the outgoing bandwidth limit',
  },
});

export const ChargeType = defineOpenEnum('ChargeType', {
  description: 'How a resource is billed (InstanceChargeType, DiskChargeType).',
  values: {
    PrePaid: 'subscription, paid in advance',
    PostPaid: 'pay as you go',
  },
});

export const InstanceNetworkType = defineOpenEnum('InstanceNetworkType', {
  description: 'The network an instance is on (InstanceNetworkType).',
  values: {
    classic: 'the classic network',
    vpc: 'a virtual private cloud (VPC)',
  },
});

export const StoppedMode = defineOpenEnum('StoppedMode', {
  description: 'Whether a stopped instance is still billed (StoppedMode, today’s API).',
  values: {
    KeepCharging: 'stopped and still billed; its resources are kept',
    StopCharging: 'stopped without billing for its compute resources',
    'Not-applicable': 'the instance is not stopped, or the mode does not apply',
  },
});

export const VpcAttributesRef = builder.objectRef<VpcAttributesItem>('VpcAttributes').implement({
  description: 'Where a VPC instance sits in its VPC (VpcAttributesType).',
  fields: (t) => ({
    vpcId: t.string({
      nullable: true,
      description: 'The ID of the VPC (VpcId).',
      resolve: (vpc) => optionalText(vpc.VpcId),
    }),
    vSwitchId: t.string({
      nullable: true,
      description: 'The ID of the VSwitch (VSwitchId).',
      resolve: (vpc) => optionalText(vpc.VSwitchId),
    }),
    privateIpAddresses: t.stringList({
      description: 'The private IP addresses of the instance in the VPC (PrivateIpAddress).',
      resolve: (vpc) => vpc.PrivateIpAddress ?? [],
    }),
    natIpAddress: t.string({
      nullable: true,
      description:
        'The IP address of the Alibaba Cloud product, for interworking between Alibaba Cloud products (NatIpAddress).',
      resolve: (vpc) => optionalText(vpc.NatIpAddress),
    }),
  }),
});

export const EipAddressRef = builder.objectRef<EipAddressItem>('EipAddress').implement({
  description: 'The elastic IP address (EIP) bound to an instance (EipAddressAssociateType).',
  fields: (t) => ({
    allocationId: t.string({
      nullable: true,
      description: 'The ID of the EIP (AllocationId).',
      resolve: (eip) => optionalText(eip.AllocationId),
    }),
    ipAddress: t.string({
      nullable: true,
      description: 'The EIP itself (IpAddress).',
      resolve: (eip) => optionalText(eip.IpAddress),
    }),
    bandwidth: t.int({
      nullable: true,
      description: 'The Internet bandwidth limit of the EIP, in Mbit/s; 5 by default (Bandwidth).',
      resolve: (eip) => eip.Bandwidth ?? null,
    }),
    ...openEnumFields(t, 'internetChargeType', InternetChargeType, {
      description: 'How the EIP is billed (InternetChargeType).',
      read: (eip) => nonEmpty(eip.InternetChargeType),
    }),
  }),
});

/** The Instance type; its relations are added by disk.ts and snapshot.ts (and other domain files). */
export const InstanceRef = builder.objectRef<InstanceItem>('Instance');

InstanceRef.implement({
  description:
    'An ECS instance: a virtual server with its CPU, memory, operating system image and network (InstanceAttributesType).',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the instance (InstanceId).',
      resolve: (instance) => present(instance.InstanceId, 'InstanceId of an instance'),
    }),
    name: t.string({
      nullable: true,
      description: 'The display name of the instance (InstanceName); the instance ID unless one was given.',
      resolve: (instance) => optionalText(instance.InstanceName),
    }),
    description: t.string({
      nullable: true,
      description: 'The description of the instance (Description).',
      resolve: (instance) => optionalText(instance.Description),
    }),
    regionId: t.id({
      description: 'The ID of the region the instance belongs to (RegionId).',
      resolve: (instance) => optionalText(instance.RegionId) ?? instance.regionId,
    }),
    zoneId: t.id({
      nullable: true,
      description: 'The ID of the zone the instance belongs to (ZoneId).',
      resolve: (instance) => optionalText(instance.ZoneId),
    }),
    imageId: t.id({
      nullable: true,
      description: 'The ID of the image the instance runs (ImageId).',
      resolve: (instance) => optionalText(instance.ImageId),
    }),
    clusterId: t.id({
      nullable: true,
      description: 'The ID of the cluster the instance belongs to (ClusterId).',
      resolve: (instance) => optionalText(instance.ClusterId),
    }),
    instanceType: t.string({
      nullable: true,
      description: 'The instance type, such as ecs.n1.small: its CPU and memory (InstanceType).',
      resolve: (instance) => optionalText(instance.InstanceType),
    }),
    instanceTypeFamily: t.string({
      nullable: true,
      description: 'The family of the instance type, such as ecs.n1 (InstanceTypeFamily).',
      resolve: (instance) => optionalText(instance.InstanceTypeFamily),
    }),
    hostName: t.string({
      nullable: true,
      description: 'The host name inside the operating system (HostName).',
      resolve: (instance) => optionalText(instance.HostName),
    }),
    ...openEnumFields(t, 'status', InstanceStatus, {
      description: 'The status of the instance (Status): Pending, Starting, Running, Stopping or Stopped.',
      read: (instance) => nonEmpty(instance.Status),
    }),
    serialNumber: t.string({
      nullable: true,
      description: 'The serial number of the instance (SerialNumber).',
      resolve: (instance) => optionalText(instance.SerialNumber),
    }),
    vlanId: t.string({
      nullable: true,
      description: 'The VLAN of a classic-network instance (VlanId).',
      resolve: (instance) => optionalText(instance.VlanId),
    }),
    cpu: t.int({
      nullable: true,
      description: 'The number of vCPUs (Cpu).',
      resolve: (instance) => instance.Cpu ?? null,
    }),
    memory: t.int({
      nullable: true,
      description: 'The memory, in MiB (Memory).',
      resolve: (instance) => instance.Memory ?? null,
    }),
    operationLocks: operationLocksField(t, 'instance', (instance) => instance.OperationLocks ?? []),
    securityGroupIds: t.idList({
      description: 'The IDs of the security groups the instance belongs to (SecurityGroupIds).',
      resolve: (instance) => instance.SecurityGroupIds ?? [],
    }),
    publicIpAddresses: t.stringList({
      description: 'The public IP addresses of the instance (PublicIpAddress).',
      resolve: (instance) => instance.PublicIpAddress ?? [],
    }),
    innerIpAddresses: t.stringList({
      description: 'The intranet IP addresses of a classic-network instance (InnerIpAddress).',
      resolve: (instance) => instance.InnerIpAddress ?? [],
    }),
    internetMaxBandwidthIn: t.int({
      nullable: true,
      description: 'The most incoming bandwidth from the public network, in Mbit/s (InternetMaxBandwidthIn).',
      resolve: (instance) => instance.InternetMaxBandwidthIn ?? null,
    }),
    internetMaxBandwidthOut: t.int({
      nullable: true,
      description: 'The most outgoing bandwidth to the public network, in Mbit/s (InternetMaxBandwidthOut).',
      resolve: (instance) => instance.InternetMaxBandwidthOut ?? null,
    }),
    ...openEnumFields(t, 'internetChargeType', InternetChargeType, {
      description:
        'How public network use is billed (InternetChargeType): PayByBandwidth or PayByTraffic; always PayByBandwidth for a prepaid instance.',
      read: (instance) => nonEmpty(instance.InternetChargeType),
    }),
    ...openEnumFields(t, 'instanceChargeType', ChargeType, {
      description: 'How the instance is billed (InstanceChargeType): PrePaid or PostPaid.',
      read: (instance) => nonEmpty(instance.InstanceChargeType),
    }),
    ...openEnumFields(t, 'instanceNetworkType', InstanceNetworkType, {
      description: 'The network type of the instance (InstanceNetworkType): classic or vpc.',
      read: (instance) => nonEmpty(instance.InstanceNetworkType)?.toLowerCase(),
    }),
    vpcAttributes: t.field({
      type: VpcAttributesRef,
      nullable: true,
      description: 'Where the instance sits in its VPC (VpcAttributes); null for a classic-network instance.',
      resolve: (instance) =>
        optionalText(instance.VpcAttributes?.VpcId) ? (instance.VpcAttributes ?? null) : null,
    }),
    eipAddress: t.field({
      type: EipAddressRef,
      nullable: true,
      description: 'The elastic IP address bound to the instance (EipAddress); null when none is.',
      resolve: (instance) =>
        optionalText(instance.EipAddress?.IpAddress) || optionalText(instance.EipAddress?.AllocationId)
          ? (instance.EipAddress ?? null)
          : null,
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the instance was created (CreationTime).',
      resolve: (instance) => optionalText(instance.CreationTime),
    }),
    startTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the instance last started (StartTime, today’s API).',
      resolve: (instance) => optionalText(instance.StartTime),
    }),
    expiredTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a prepaid instance expires (ExpiredTime).',
      resolve: (instance) => optionalText(instance.ExpiredTime),
    }),
    ...openEnumFields(t, 'stoppedMode', StoppedMode, {
      description: 'Whether the stopped instance is still billed (StoppedMode).',
      read: (instance) => nonEmpty(instance.StoppedMode),
    }),
    ioOptimized: t.boolean({
      nullable: true,
      description: 'Whether the instance is I/O optimized (IoOptimized).',
      resolve: (instance) => instance.IoOptimized ?? null,
    }),
    osName: t.string({
      nullable: true,
      description: 'The name of the operating system (OSName, today’s API).',
      resolve: (instance) => optionalText(instance.OSName),
    }),
    osType: t.string({
      nullable: true,
      description: 'The kind of operating system: linux or windows (OSType, today’s API).',
      resolve: (instance) => optionalText(instance.OSType),
    }),
    deletionProtection: t.boolean({
      nullable: true,
      description: 'Whether the instance is protected from release (DeletionProtection, today’s API).',
      resolve: (instance) => instance.DeletionProtection ?? null,
    }),
    resourceGroupId: t.id({
      nullable: true,
      description: 'The ID of the resource group of the instance (ResourceGroupId).',
      resolve: (instance) => optionalText(instance.ResourceGroupId),
    }),
    tags: tagsField(t, 'instance', (instance) => instance.Tags ?? []),
  }),
});

export const InstancePage = pageObject('Instance', InstanceRef, 'A page of instances (DescribeInstances).');

export const instanceFilters = defineListingFilter(DescribeInstances, {
  name: 'InstanceFilter',
  description: 'Which instances to list (the filters of DescribeInstances); every filter given must match.',
  fields: {
    ids: {
      param: 'InstanceIds',
      description:
        'Only these instances (InstanceIds): at most 10 ids in the 2014 API, 100 today. An empty list matches nothing.',
    },
    zoneId: 'ZoneId',
    vpcId: 'VpcId',
    vSwitchId: 'VSwitchId',
    instanceNetworkType: {
      param: 'InstanceNetworkType',
      type: InstanceNetworkType,
      description: 'Only instances on this network type (InstanceNetworkType): classic or vpc.',
    },
    privateIpAddresses: {
      param: 'PrivateIpAddresses',
      description: 'Only VPC instances with these private IP addresses (PrivateIpAddresses).',
    },
    innerIpAddresses: {
      param: 'InnerIpAddresses',
      description: 'Only classic-network instances with these intranet IP addresses (InnerIpAddresses).',
    },
    publicIpAddresses: {
      param: 'PublicIpAddresses',
      description: 'Only classic-network instances with these public IP addresses (PublicIpAddresses).',
    },
    securityGroupId: 'SecurityGroupId',
    instanceType: 'InstanceType',
    instanceTypeFamily: 'InstanceTypeFamily',
    name: {
      param: 'InstanceName',
      description: 'Only instances of this display name (InstanceName; today * is a wildcard).',
    },
    imageId: { param: 'ImageId', description: 'Only instances running this image (ImageId).' },
    status: {
      param: 'Status',
      type: InstanceStatus,
      description: 'Only instances in this status (Status): Pending, Running, Starting, Stopping or Stopped.',
    },
    instanceChargeType: {
      param: 'InstanceChargeType',
      type: ChargeType,
      description: 'Only instances billed so (InstanceChargeType): PrePaid or PostPaid.',
    },
    resourceGroupId: 'ResourceGroupId',
    tags: {
      param: 'Tag',
      description: 'Only instances that carry every one of these tags (Tag.N), at most 20.',
    },
  },
});

export const InstanceFilter = instanceFilters.type;
export const instanceFilter = instanceFilters.mapping;

defineResourceQueries({
  singular: 'instance',
  plural: 'instances',
  idName: 'InstanceId',
  listing: instanceListing,
  ref: InstanceRef,
  page: InstancePage,
  filter: instanceFilters,
});
