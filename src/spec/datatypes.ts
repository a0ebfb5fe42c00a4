import { t } from './shape.js';

/**
 * The reference's data types ("Data Types" appendix), as response shapes, plus the
 * fields today's API returns that the gateway exposes. Named as the reference names
 * them so a reader can look each one up. Times are ISO 8601 strings in UTC.
 */

/** Tags of a resource: `<Tags><Tag><TagKey/><TagValue/></Tag></Tags>`. */
export const TagSetType = t.list('Tag', t.object({ TagKey: t.string, TagValue: t.string }));

/** IpAddressSetType: `<IpAddress>` repeated, as in PublicIpAddress and InnerIpAddress. */
export const IpAddressSetType = t.list('IpAddress', t.string);

/**
 * OperationLocksType of an instance: why it is locked (`financial`, `security`).
 * Instances repeat `<LockReason>` inside `<OperationLocks>` (DescribeInstances example,
 * today's API), each with a LockReason and, today, a LockMsg.
 */
export const InstanceOperationLocksType = t.list(
  'LockReason',
  t.object({ LockReason: t.string, LockMsg: t.string }),
);

/** OperationLocksType of a disk: disks repeat `<OperationLock>` (the appendix's node name). */
export const DiskOperationLocksType = t.list('OperationLock', t.object({ LockReason: t.string }));

/** RegionType: a region's id and its name in the local language, and today's endpoint and status. */
export const RegionType = t.object({
  RegionId: t.string,
  LocalName: t.string,
  /** Today's regional endpoint, such as ecs.cn-hangzhou.aliyuncs.com. */
  RegionEndpoint: t.string,
  /** Today's sale status: available or soldOut. */
  Status: t.string,
});

/** ZoneType, with the resource kinds and disk categories that can be created there. */
export const ZoneType = t.object({
  ZoneId: t.string,
  LocalName: t.string,
  AvailableResourceCreation: t.list('ResourceTypes', t.string),
  AvailableDiskCategories: t.list('DiskCategories', t.string),
  AvailableInstanceTypes: t.list('InstanceTypes', t.string),
});

/** VpcAttributesType: where a VPC instance sits in its VPC. */
export const VpcAttributesType = t.object({
  VpcId: t.string,
  VSwitchId: t.string,
  PrivateIpAddress: IpAddressSetType,
  NatIpAddress: t.string,
});

/** EipAddressAssociateType: the elastic IP bound to an instance. */
export const EipAddressAssociateType = t.object({
  AllocationId: t.string,
  IpAddress: t.string,
  /** Mbit/s; 5 by default. */
  Bandwidth: t.int,
  InternetChargeType: t.string,
});

/**
 * The fields DescribeInstanceAttribute returns at the top level and DescribeInstances
 * returns per instance (InstanceAttributesType).
 */
export const InstanceAttributesFields = {
  InstanceId: t.string,
  InstanceName: t.string,
  Description: t.string,
  ImageId: t.string,
  RegionId: t.string,
  ZoneId: t.string,
  ClusterId: t.string,
  InstanceType: t.string,
  HostName: t.string,
  /** Pending, Starting, Running, Stopping, Stopped (Deleted once released). */
  Status: t.string,
  SerialNumber: t.string,
  VlanId: t.string,
  /** vCPUs. */
  Cpu: t.int,
  /** MiB. */
  Memory: t.int,
  OperationLocks: InstanceOperationLocksType,
  SecurityGroupIds: t.list('SecurityGroupId', t.string),
  PublicIpAddress: IpAddressSetType,
  InnerIpAddress: IpAddressSetType,
  /** Mbit/s; -1 when not limited. */
  InternetMaxBandwidthIn: t.int,
  InternetMaxBandwidthOut: t.int,
  /** PayByBandwidth or PayByTraffic. */
  InternetChargeType: t.string,
  /** PrePaid (subscription) or PostPaid (pay as you go). */
  InstanceChargeType: t.string,
  InstanceNetworkType: t.string,
  VpcAttributes: VpcAttributesType,
  EipAddress: EipAddressAssociateType,
  CreationTime: t.string,
  ExpiredTime: t.string,
  /** KeepCharging, StopCharging or Not-applicable. */
  StoppedMode: t.string,
} as const;

/** InstanceAttributesType: an instance in DescribeInstances. */
export const InstanceAttributesType = t.object({
  ...InstanceAttributesFields,
  InstanceTypeFamily: t.string,
  IoOptimized: t.bool,
  OSName: t.string,
  OSType: t.string,
  StartTime: t.string,
  DeletionProtection: t.bool,
  ResourceGroupId: t.string,
  Tags: TagSetType,
});

/** InstanceStatusItemType: an instance and its status. */
export const InstanceStatusItemType = t.object({
  InstanceId: t.string,
  Status: t.string,
});

/** DiskItemType: a disk in DescribeDisks. */
export const DiskItemType = t.object({
  DiskId: t.string,
  RegionId: t.string,
  ZoneId: t.string,
  DiskName: t.string,
  Description: t.string,
  /** system or data. */
  Type: t.string,
  /** cloud, cloud_efficiency, cloud_ssd, cloud_essd, ephemeral, ephemeral_ssd. */
  Category: t.string,
  /** GiB. */
  Size: t.int,
  ImageId: t.string,
  SourceSnapshotId: t.string,
  ProductCode: t.string,
  /** Whether the disk can be attached and detached on its own. */
  Portable: t.bool,
  /** In_use, Available, Attaching, Detaching, Creating, ReIniting. */
  Status: t.string,
  OperationLocks: DiskOperationLocksType,
  InstanceId: t.string,
  Device: t.string,
  DeleteWithInstance: t.bool,
  DeleteAutoSnapshot: t.bool,
  EnableAutoSnapshot: t.bool,
  /** Today's flag: whether an automatic snapshot policy applies to the disk. */
  EnableAutomatedSnapshotPolicy: t.bool,
  AutoSnapshotPolicyId: t.string,
  Encrypted: t.bool,
  KMSKeyId: t.string,
  /** PrePaid or PostPaid. */
  DiskChargeType: t.string,
  PerformanceLevel: t.string,
  IOPS: t.int,
  SerialNumber: t.string,
  CreationTime: t.string,
  AttachedTime: t.string,
  DetachedTime: t.string,
  ExpiredTime: t.string,
  ResourceGroupId: t.string,
  Tags: TagSetType,
});

/** SnapshotType: a snapshot in DescribeSnapshots. */
export const SnapshotType = t.object({
  SnapshotId: t.string,
  SnapshotName: t.string,
  Description: t.string,
  /** progressing, accomplished or failed. */
  Status: t.string,
  /** Creation progress as ECS writes it: `100%`. */
  Progress: t.string,
  /** Whether the snapshot can be used (to create disks, roll back, make images). */
  Available: t.bool,
  SourceDiskId: t.string,
  /** GiB. */
  SourceDiskSize: t.int,
  /** system or data (the 2014 examples write DATA). */
  SourceDiskType: t.string,
  ProductCode: t.string,
  /** auto or user. */
  SnapshotType: t.string,
  /** image, disk, image_disk or none: what the snapshot has been used to create. */
  Usage: t.string,
  /** Days to keep the snapshot; absent when it is kept until deleted. */
  RetentionDays: t.int,
  /** standard, flash or archive. */
  Category: t.string,
  InstantAccess: t.bool,
  InstantAccessRetentionDays: t.int,
  Encrypted: t.bool,
  KMSKeyId: t.string,
  RegionId: t.string,
  CreationTime: t.string,
  LastModifiedTime: t.string,
  ResourceGroupId: t.string,
  Tags: TagSetType,
});

/** DiskDeviceMapping: a disk of an image and the snapshot it comes from. */
export const DiskDeviceMappingType = t.object({
  SnapshotId: t.string,
  /** GiB; a string on the wire in the reference and today. */
  Size: t.string,
  Device: t.string,
  /** system or data. */
  Type: t.string,
});

/** ImageType: an image in DescribeImages. */
export const ImageType = t.object({
  ImageId: t.string,
  ImageName: t.string,
  ImageVersion: t.string,
  Description: t.string,
  /** i386 or x86_64 (arm64 today). */
  Architecture: t.string,
  /** GiB. */
  Size: t.int,
  /** system, self, others or marketplace. */
  ImageOwnerAlias: t.string,
  OSName: t.string,
  OSType: t.string,
  Platform: t.string,
  DiskDeviceMappings: t.list('DiskDeviceMapping', DiskDeviceMappingType),
  ProductCode: t.string,
  IsSubscribed: t.bool,
  IsSupportIoOptimized: t.bool,
  /** Creation progress: `100` or `100%`. */
  Progress: t.string,
  /** UnAvailable, Available, Creating or CreateFailed. */
  Status: t.string,
  Usage: t.string,
  CreationTime: t.string,
  ResourceGroupId: t.string,
  Tags: TagSetType,
});

/** SecurityGroupItemType: a security group in DescribeSecurityGroups. */
export const SecurityGroupItemType = t.object({
  SecurityGroupId: t.string,
  SecurityGroupName: t.string,
  Description: t.string,
  VpcId: t.string,
  /** normal or enterprise. */
  SecurityGroupType: t.string,
  CreationTime: t.string,
  ResourceGroupId: t.string,
  Tags: TagSetType,
});

/**
 * PermissionType: one rule of a security group in DescribeSecurityGroupAttribute. An
 * ingress rule fills the Source* fields, an egress rule the Dest* ones; Direction,
 * Priority, Description and CreateTime are today's additions.
 */
export const PermissionType = t.object({
  IpProtocol: t.string,
  PortRange: t.string,
  SourceCidrIp: t.string,
  SourceGroupId: t.string,
  SourceGroupOwnerAccount: t.string,
  DestCidrIp: t.string,
  DestGroupId: t.string,
  DestGroupOwnerAccount: t.string,
  /** accept or drop. */
  Policy: t.string,
  /** internet or intranet. */
  NicType: t.string,
  /** 1 (highest) to 100, as a string like the request's. */
  Priority: t.string,
  /** ingress or egress. */
  Direction: t.string,
  Description: t.string,
  CreateTime: t.string,
});

/**
 * InstanceTypeItemType. The reference names the type's id `InstanceId` (appendix and
 * example); today's API names it `InstanceTypeId`. Both are declared; ECS sends one.
 */
export const InstanceTypeItemType = t.object({
  InstanceTypeId: t.string,
  InstanceId: t.string,
  CpuCoreCount: t.int,
  /** GiB, fractional for the smallest types (0.5). */
  MemorySize: t.float,
  InstanceTypeFamily: t.string,
  GPUAmount: t.int,
  GPUSpec: t.string,
  /** Most ENIs the type can attach. */
  EniQuantity: t.int,
});

/**
 * AutoSnapshotPolicyType of the 2014 API: one policy per account, one schedule for
 * system disks and one for data disks. Flags are the strings `true`/`false` there.
 */
export const AutoSnapshotPolicyType = t.object({
  SystemDiskPolicyEnabled: t.string,
  /** 1: 1:00-7:00, 2: 7:00-13:00, 3: 13:00-19:00, 4: 19:00-1:00. */
  SystemDiskPolicyTimePeriod: t.int,
  /** 1, 2 or 3. */
  SystemDiskPolicyRetentionDays: t.int,
  SystemDiskPolicyRetentionLastWeek: t.string,
  DataDiskPolicyEnabled: t.string,
  DataDiskPolicyTimePeriod: t.int,
  DataDiskPolicyRetentionDays: t.int,
  DataDiskPolicyRetentionLastWeek: t.string,
});

/**
 * AutoSnapshotExecutionStatusType: Standby, Executed or Failed for the last run on
 * system and data disks. On the wire ECS spells it `Excution` (as the official SDKs read it).
 */
export const AutoSnapshotExecutionStatusType = t.object({
  SystemDiskExcutionStatus: t.string,
  DataDiskExcutionStatus: t.string,
});

/** An automatic snapshot policy of today's API (DescribeAutoSnapshotPolicyEx). */
export const AutoSnapshotPolicyExType = t.object({
  AutoSnapshotPolicyId: t.string,
  AutoSnapshotPolicyName: t.string,
  RegionId: t.string,
  /** A JSON array of hours (UTC+8) as written by ECS: `["0","12"]`. */
  TimePoints: t.string,
  /** A JSON array of weekdays, 1 for Monday: `["1","7"]`. */
  RepeatWeekdays: t.string,
  /** -1 keeps automatic snapshots forever. */
  RetentionDays: t.int,
  /** How many disks the policy applies to. */
  DiskNums: t.int,
  VolumeNums: t.int,
  /** Normal, or Expire when the account is in arrears. */
  Status: t.string,
  CreationTime: t.string,
  EnableCrossRegionCopy: t.bool,
  TargetCopyRegions: t.string,
  CopiedSnapshotsRetentionDays: t.int,
  ResourceGroupId: t.string,
  Tags: TagSetType,
});
