import { defineAction } from '../action.js';
import { InstanceAttributesFields, InstanceAttributesType, InstanceStatusItemType } from '../datatypes.js';
import {
  diskError,
  documented,
  imageNotSubscribed,
  imageRemovedInMarket,
  incorrectInstanceStatus,
  instanceLockedForSecurity,
  instanceNotFound,
  internalError,
  regionNotFound,
  securityGroupNotFound,
  tagErrors,
  zoneNotFound,
} from '../documented-errors.js';
import { p } from '../params.js';
import { descriptionParam, hostName, nameParam, password, tagsParam } from '../rules.js';
import { t } from '../shape.js';

const instanceId = p.id({ required: true, doc: 'The ID of the instance.' });
const forceStop = p.bool({
  doc: 'Whether to force the instance off, like pulling the power: data not yet written to disk may be lost. Default false.',
});
const instanceName = nameParam({
  code: 'InvalidInstanceName.Malformed',
  doc: 'The display name: 2 to 128 characters, starting with a letter or Chinese character, then letters, digits, ".", "_", "-" or ":"; not starting with http:// or https://. Defaults to the instance ID.',
});
const instanceDescription = descriptionParam({
  code: 'InvalidDescription.Malformed',
  doc: 'The description: 2 to 256 characters, not starting with http:// or https://.',
});
const hostNameParam = p.string({
  minLength: 2,
  maxLength: 64,
  check: hostName,
  code: 'InvalidHostName.Malformed',
  doc: 'The host name inside the operating system: at least 2 characters of letters, digits, "." and "-", not starting or ending with "." or "-", without two of them in a row. Windows allows 15 characters and no dots.',
});
const instanceSecurityGroupId = p.id({ required: true, doc: 'The ID of the security group.' });
const diskCategories = ['cloud', 'cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'ephemeral_ssd'] as const;

export const CreateInstance = defineAction({
  name: 'CreateInstance',
  summary:
    'Creates an instance from an image, in a security group; it starts out Stopped. The system disk is a clone of the image.',
  idempotency: 'clientToken',
  // A new instance, its system and data disks, and the images and snapshots they
  // come from, which now show Usage.
  changes: [{ kind: 'instance' }, { kind: 'disk' }, { kind: 'image', ids: 'ImageId' }, { kind: 'snapshot' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the instance.' }),
    ZoneId: p.string({ doc: 'The zone of the instance; ECS picks one when absent.' }),
    ImageId: p.id({ required: true, doc: 'The image the system disk is cloned from.' }),
    InstanceType: p.string({
      required: true,
      doc: 'The instance type, such as ecs.n1.small (see DescribeInstanceTypes).',
    }),
    SecurityGroupId: p.id({
      required: true,
      doc: 'The security group of the new instance; instances of one group reach each other on the intranet.',
    }),
    InstanceName: instanceName,
    Description: instanceDescription,
    InternetChargeType: p.string({
      values: ['PayByBandwidth', 'PayByTraffic'],
      code: 'InvalidInternetChargeType.ValueNotSupported',
      doc: 'How public traffic is billed: PayByBandwidth (a fixed bandwidth, the default) or PayByTraffic (by traffic, up to InternetMaxBandwidthOut).',
    }),
    InternetMaxBandwidthIn: p.int({
      min: 1,
      max: 200,
      doc: 'Most inbound public bandwidth in Mbit/s, 1 to 200 (default 200). Inbound traffic is free.',
    }),
    InternetMaxBandwidthOut: p.int({
      min: 0,
      max: 200,
      doc: 'Most outbound public bandwidth in Mbit/s: 0 to 100 with PayByBandwidth (default 0), 1 to 100 with PayByTraffic; up to 200 when raised by a ticket.',
    }),
    HostName: hostNameParam,
    Password: p.string({
      minLength: 8,
      maxLength: 30,
      check: password,
      code: 'InvalidPassword.Malformed',
      doc: 'The administrator password: 8 to 30 characters with three of upper case, lower case, digits and special characters. Sent only over HTTPS.',
    }),
    IoOptimized: p.string({
      values: ['none', 'optimized'],
      doc: 'Whether the instance is I/O optimized: none (default) or optimized. Optimized instances take cloud_efficiency or cloud_ssd system disks.',
    }),
    'SystemDisk.Category': p.string({
      values: diskCategories,
      code: 'InvalidSystemDisk.Category.ValueNotSupported',
      doc: 'The system disk category: cloud (basic, the default), cloud_efficiency (ultra), cloud_ssd, cloud_essd or ephemeral_ssd.',
    }),
    'SystemDisk.Size': p.int({
      min: 20,
      max: 2048,
      doc: 'The system disk size in GiB, at least the image size (the 2014 API: 40 to 500; today 20 to 2048).',
    }),
    'SystemDisk.DiskName': nameParam({
      code: 'InvalidDiskName.Malformed',
      doc: 'The system disk name, by the resource name rule.',
    }),
    'SystemDisk.Description': descriptionParam({
      code: 'InvalidDiskDescription.Malformed',
      doc: 'The system disk description: 2 to 256 characters, not starting with http:// or https://.',
    }),
    DataDisk: p.repeated({
      max: 16,
      doc: 'Data disks created with the instance, as DataDisk.N.*: at most 4 in the 2014 API, 16 today.',
      fields: {
        Size: p.int({
          min: 5,
          max: 32768,
          code: 'InvalidDataDiskSize.ValueNotSupported',
          doc: 'The size in GiB: cloud 5 to 2000, cloud_efficiency and cloud_ssd 20 to 32768, ephemeral_ssd 5 to 800; ignored with SnapshotId.',
        }),
        Category: p.string({
          values: diskCategories,
          code: 'InvalidDataDiskCategory.ValueNotSupported',
          doc: 'The disk category: cloud (default), cloud_efficiency, cloud_ssd, cloud_essd or ephemeral_ssd.',
        }),
        SnapshotId: p.id({
          doc: 'A data disk snapshot to create the disk from; its size wins over Size. Snapshots of 2013-07-15 or earlier are refused.',
        }),
        DiskName: nameParam({
          code: 'InvalidDiskName.Malformed',
          doc: 'The disk name, by the resource name rule.',
        }),
        Description: descriptionParam({
          code: 'InvalidDiskDescription.Malformed',
          doc: 'The disk description: 2 to 256 characters, not starting with http:// or https://.',
        }),
        Device: p.string({
          code: 'InvalidDataDevice.Malformed',
          doc: 'The device name, /dev/xvdb to /dev/xvdz; allocated in order when absent.',
        }),
        DeleteWithInstance: p.bool({
          doc: 'Whether the disk is released with the instance. Default true; only for cloud disks.',
        }),
      },
    }),
    VSwitchId: p.id({ doc: 'The VSwitch of a VPC instance; required to launch into a VPC.' }),
    PrivateIpAddress: p.string({
      doc: 'The private IP address of a VPC instance, inside the VSwitch CIDR block; needs VSwitchId.',
    }),
    InstanceChargeType: p.string({
      values: ['PrePaid', 'PostPaid'],
      doc: 'PrePaid (monthly or yearly subscription, paid from the balance) or PostPaid (pay as you go, the default).',
    }),
    Period: p.int({
      min: 1,
      max: 36,
      doc: 'Months of a PrePaid subscription: 1 to 9, 12, 24 or 36.',
    }),
    AutoRenew: p.bool({ doc: 'Whether a PrePaid subscription renews itself. Default false.' }),
    AutoRenewPeriod: p.int({
      min: 1,
      max: 12,
      doc: 'Months of each automatic renewal: 1, 2, 3, 6 or 12; required with AutoRenew.',
    }),
    ResourceGroupId: p.string({ doc: 'The resource group of the instance.' }),
    Tag: tagsParam('Tags for the instance, as Tag.N.Key and Tag.N.Value, N from 1 to 20.'),
  },
  response: {
    InstanceId: t.string,
  },
  errors: [
    regionNotFound,
    zoneNotFound,
    documented(
      'InvalidInstanceType.ValueUnauthorized',
      400,
      'The specified InstanceType is not authorized.',
      'The account may not use the instance type.',
    ),
    documented(
      'InvalidInstanceType.ValueNotSupported',
      400,
      'The specified InstanceType beyond the permitted range.',
      'The instance type does not exist.',
    ),
    securityGroupNotFound,
    documented(
      'InvalidDescription.Malformed',
      400,
      'The specified parameter "Description" is not valid.',
      'The Description breaks the description rule.',
    ),
    documented(
      'InvalidInternetChargeType.ValueNotSupported',
      400,
      'The specified InternetChargeType is not valid.',
      'The InternetChargeType is not PayByBandwidth or PayByTraffic.',
    ),
    documented(
      'InvalidHostName.Malformed',
      400,
      'The specified parameter "HostName" is not valid.',
      'The HostName breaks the host name rule.',
    ),
    documented(
      'InvalidPassword.Malformed',
      400,
      'The specified parameter "Password" is not valid.',
      'The Password breaks the password rule.',
    ),
    documented(
      'InvalidSystemDisk.Category.ValueNotSupported',
      400,
      'The specified parameter "SystemDisk.Category" is not valid.',
      'The SystemDisk.Category is not a known category.',
    ),
    documented(
      'InvalidDiskName.Malformed',
      400,
      'The specified parameter "SystemDisk.DiskName" or "DataDisk.n.DiskName" is not valid.',
      'A disk name breaks the resource name rule.',
    ),
    documented(
      'InvalidDiskDescription.Malformed',
      400,
      'The specified parameter "SystemDisk.DiskDescription" or "DataDisk.n.Description" is not valid.',
      'A disk description breaks the description rule.',
    ),
    documented(
      'InvalidDataDiskSize.ValueNotSupported',
      400,
      'The specified DataDisk.n.Size beyond the permitted range, or the capacity of the snapshot exceeds the size limit of the specified disk category.',
      'A data disk size is out of the range of its category, or its snapshot is too large for the category.',
    ),
    documented(
      'InvalidDataDiskCategory.ValueNotSupported',
      400,
      'The specified parameter "DataDisk.n.Category" is not valid.',
      'A DataDisk.N.Category is not a known category.',
    ),
    documented(
      'InvalidDataDiskSnapshotId.NotFound',
      404,
      'The specified parameter "DataDisk.n.SnapshotId" is not valid.',
      'A DataDisk.N.SnapshotId does not exist.',
    ),
    documented(
      'InvalidDataDevice.Malformed',
      400,
      'The specified parameter "DataDisk.n.Device" is not valid.',
      'A DataDisk.N.Device is not a valid device name.',
    ),
    documented(
      'OperationDenied',
      400,
      'The specified parameter "VlanId" is not valid or vlan does not have enough IP addresses.',
      'The VLAN is invalid or has no free IP address.',
    ),
    documented(
      'InvalidParameter.Conflict',
      400,
      'The specified image does not support the specified instance type.',
      'The image cannot run on the instance type.',
    ),
    documented(
      'InvalidSnapshotId.BasedSnapshotTooOld',
      400,
      'The specified snapshot is created before 2013-07-15.',
      'The snapshot was created on or before 2013-07-15.',
    ),
    documented(
      'QuotaExceed.AfterpayInstance',
      400,
      'Living afterpay instances quota exceeded.',
      'The account has as many pay-as-you-go instances as it may.',
    ),
    imageNotSubscribed,
    documented(
      'OperationDenied',
      403,
      'The specified Image is disabled or is deleted.',
      'The image is unavailable or has been deleted.',
    ),
    documented(
      'InvalidSystemDisk.Category.ValueUnauthorized',
      403,
      'The disk category is not authorized.',
      'The account may not use the system disk category.',
    ),
    documented(
      'InvalidParameter.Mismatch',
      403,
      'The data disk must be cloud disk when system disk category is cloud.',
      'With a cloud system disk, the data disks must be cloud disks too.',
    ),
    documented(
      'InvalidSnapshotId.NotReady',
      403,
      'The specified snapshot has not completed yet.',
      'A data disk snapshot is still being created.',
    ),
    documented(
      'OperationDenied',
      403,
      'The specified snapshot is not allowed to create a disk.',
      'The snapshot may not be used to create a disk.',
    ),
    documented(
      'InstanceDiskCategoryLimitExceed',
      403,
      'The total size of specified disk category in an instance exceeds.',
      'The disks of one category exceed the capacity one instance may have of it.',
    ),
    documented(
      'InvalidDevice.InUse',
      403,
      'The specified device has been occupied.',
      'The device name is already taken.',
    ),
    imageRemovedInMarket,
    documented(
      'InvalidClusterId.NotFound',
      404,
      'The ClusterId provided does not exist in our records.',
      'The cluster does not exist.',
    ),
    documented(
      'OperationDenied',
      403,
      'The creation of Instance to the specified Zone is not allowed.',
      'Instances cannot be created in the zone, or the zone is not in the region.',
    ),
    documented(
      'CategoryNotSupported',
      403,
      'The specified zone does not offer the specified disk category.',
      'The zone does not offer the disk category.',
    ),
    documented(
      'OperationDenied',
      403,
      'The specified Zone or cluster does not offer the specified disk category or the specified zone and cluster do not match.',
      'The zone or cluster does not offer the disk category, or they do not match.',
    ),
    documented(
      'InvalidInstanceName.Malformed',
      400,
      'The specified parameter "InstanceId" is not valid.',
      'The InstanceName breaks the resource name rule.',
    ),
    documented(
      'InvalidInstanceDescription.Malformed',
      400,
      'The specified parameter "Description" is not valid.',
      'The instance description is invalid.',
    ),
    documented(
      'OperationDenied',
      404,
      'The specified Image is disabled or is deleted.',
      'The image cannot be found.',
    ),
    documented(
      'OperationDenied',
      403,
      'The resource is out of usage.',
      'The zone or cluster has run out of resources.',
    ),
    documented(
      'InternalError',
      500,
      'The request processing has failed due to some unknown error.',
      'No zone is available to the account: the resource pool is misconfigured or exhausted.',
    ),
    documented(
      'OperationDenied',
      403,
      'The specified region is in resource control, please try later.',
      'Pay-by-traffic instances are not on sale in the region for now.',
    ),
    documented(
      'InvalidParameter.Conflict',
      400,
      'The specified region and cluster do not match.',
      'The cluster is not in the region.',
    ),
    documented(
      'SecurityGroupInstanceLimitExceed',
      403,
      'Exceeding the allowed number of instances in a security group.',
      'The security group holds as many instances as it may (1,000).',
    ),
    documented(
      'RegionUnauthorized',
      403,
      'There is no permission to create instances in the specified region.',
      'The account may not create instances in the region.',
    ),
    documented(
      'CategoryNotSupported',
      403,
      'The specified Zone or cluster does not offer the requested disk category.',
      'The zone or cluster does not offer the disk category.',
    ),
    documented(
      'InvalidSnapshotId.NotDataDiskSnapshot',
      403,
      'The specified snapshot is a system disk snapshot.',
      'A data disk cannot be created from a system disk snapshot.',
    ),
    documented(
      'OperationDenied',
      403,
      'The capacity of snapshot exceeds the size limit of the specified disk category or the specified category is not authorized.',
      'The snapshot is too large for the disk category, or the account may not use the category.',
    ),
    documented(
      'CategoryNotSupported',
      403,
      'The specified cluster does not offer the specified disk category.',
      'The cluster does not offer the disk category.',
    ),
    documented(
      'InvalidDiskCategory.Mismatch',
      403,
      "The specified disk categories' combination is not supported..",
      'The combination of disk categories is not supported.',
    ),
    documented(
      'QuotaExceed.PortableCloudDisk',
      403,
      'The quota of portable cloud disk exceeds.',
      'The instance has as many portable cloud disks as it may (4).',
    ),
    documented(
      'DeleteWithInstance.Conflict',
      403,
      'The specified disk is not a portable disk and cannot be set to DeleteWithInstance attribute.',
      'DeleteWithInstance was given for a disk that is not portable.',
    ),
    documented(
      'InstanceDiskNumLimitExceed',
      403,
      'The number of specified disk in an instance exceeds.',
      'More data disks than an instance may have.',
    ),
    documented(
      'IoOptimized.NotSupported',
      403,
      'The specified image does not support IoOptimized Instance.',
      'The image does not support I/O optimized instances.',
    ),
    documented(
      'OperationDenied',
      403,
      'Another Instance has been created',
      'More than one instance was requested in one synchronous request.',
    ),
    documented(
      'IoOptimized.NotSupported',
      403,
      'The specified instance type does not support IoOptimized instance',
      'The instance type does not support I/O optimization.',
    ),
    documented(
      'InvalidDiskCategory.NotSupported',
      403,
      'The specified disk category does not support the specified instance type.',
      'The disk category cannot be used with the instance type.',
    ),
    documented(
      'OperationDenied',
      403,
      'The specified zone does not support creating IoOptimized instance.',
      'I/O optimized instances cannot be created in the zone.',
    ),
    documented(
      'InstanceDiskCategoryLimitExceed',
      400,
      'The specified DataDisk.n.Size beyond the permitted range, or the capacity of the snapshot exceeds the size limit of the specified disk category.',
      'A data disk size is out of range for its category.',
    ),
    documented(
      'DependencyViolation.Image',
      400,
      'The specified imageid is not supported to create iooptimized instance',
      'The image cannot be used for an I/O optimized instance.',
    ),
    documented(
      'InstanceTypeNotSupported',
      403,
      'The specified zone does not offer the specifiedinstancetype.',
      'The zone does not offer the instance type.',
    ),
    ...tagErrors,
  ],
});

export const StartInstance = defineAction({
  name: 'StartInstance',
  summary: 'Starts a Stopped instance; it goes through Starting to Running.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId },
  response: {},
  errors: [
    instanceNotFound,
    documented(
      'IncorrectInstanceStatus',
      403,
      'The current state of the instance does not support this operation.',
      'The instance is not Stopped.',
    ),
    instanceLockedForSecurity,
    documented(
      'InsufficientBalance',
      403,
      'Your account does not have enough balance.',
      'The account balance is too low to start the instance.',
    ),
    internalError,
    documented(
      'InstanceNotReady',
      403,
      'The specified instance is not ready for use',
      'The instance is still being created.',
    ),
    diskError,
  ],
});

export const StopInstance = defineAction({
  name: 'StopInstance',
  summary: 'Stops a Running instance; it goes through Stopping to Stopped.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, ForceStop: forceStop },
  response: {},
  errors: [instanceNotFound, incorrectInstanceStatus, instanceLockedForSecurity],
});

export const RebootInstance = defineAction({
  name: 'RebootInstance',
  summary: 'Restarts a Running instance; it goes to Starting, then Running.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, ForceStop: forceStop },
  response: {},
  errors: [instanceNotFound, incorrectInstanceStatus, instanceLockedForSecurity, diskError],
});

export const ModifyInstanceAttribute = defineAction({
  name: 'ModifyInstanceAttribute',
  summary:
    'Changes the name, description, password or host name of an instance; only the given attributes change. A new password takes effect after a restart.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: {
    InstanceId: instanceId,
    InstanceName: instanceName,
    Description: instanceDescription,
    Password: p.string({
      minLength: 8,
      maxLength: 30,
      check: password,
      code: 'InvalidHostPassword.Malformed',
      doc: 'The new password: 8 to 30 characters with three of upper case, lower case, digits and special characters. Not for Starting or Deleted instances, nor locked ones.',
    }),
    HostName: hostNameParam,
  },
  response: {},
  errors: [
    instanceNotFound,
    documented(
      'InvalidInstanceName.Malformed',
      400,
      'The specified parameter "InstanceName" is not valid.',
      'The InstanceName breaks the resource name rule.',
    ),
    documented(
      'InvalidDescription.Malformed',
      400,
      'The specified parameter "Description" is not valid.',
      'The Description breaks the description rule.',
    ),
    documented(
      'InvalidHostPassword.Malformed',
      400,
      'The specified parameter "Password" is not valid.',
      'The Password breaks the password rule.',
    ),
    documented(
      'InvalidHostName.Malformed',
      400,
      'The specified parameter "HostName" is not valid.',
      'The HostName breaks the host name rule.',
    ),
    incorrectInstanceStatus,
    instanceLockedForSecurity,
  ],
});

export const DeleteInstance = defineAction({
  name: 'DeleteInstance',
  summary:
    'Releases a Stopped instance with its DeleteWithInstance disks; the data cannot be recovered. Locked instances lose all their disks.',
  idempotency: 'none',
  // Its disks are released or detached with it, their automatic snapshots may go, and
  // its image may no longer be in use.
  changes: [
    { kind: 'instance', ids: 'InstanceId' },
    { kind: 'disk' },
    { kind: 'snapshot' },
    { kind: 'image' },
  ],
  params: { InstanceId: instanceId },
  response: {},
  errors: [
    // Not in the 2014 table, but every other instance action documents it and ECS answers it today.
    instanceNotFound,
    incorrectInstanceStatus,
    documented(
      'ChargeTypeViolation',
      403,
      'The operation is not permitted due to charge type of the instance.',
      'A PrePaid (subscription) instance cannot be deleted.',
    ),
    internalError,
    documented(
      'DependencyViolation.SLBConfiguring',
      400,
      'Specified operation is denied as the instance is being used by another product.',
      'A load balancer that uses the instance is being configured.',
    ),
  ],
});

export const JoinSecurityGroup = defineAction({
  name: 'JoinSecurityGroup',
  summary:
    'Adds a Running or Stopped instance to a security group: at most 5 groups an instance, 1,000 instances a group.',
  idempotency: 'none',
  // A security group lists none of its instances, so only the instance changes.
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, SecurityGroupId: instanceSecurityGroupId },
  response: {},
  errors: [
    instanceNotFound,
    securityGroupNotFound,
    documented(
      'InstanceSecurityGroupLimitExceeded',
      400,
      'Exceeding the allowed number of security groups that an instance can be in.',
      'The instance is in as many security groups as it may (5).',
    ),
    incorrectInstanceStatus,
    instanceLockedForSecurity,
    documented(
      'SecurityGroupInstanceLimitExceeded',
      403,
      'Exceeding the allowed number of instances of a security group.',
      'The security group holds as many instances as it may (1,000).',
    ),
    documented(
      'InvalidInstanceId.Mismatch',
      403,
      'Specified instance and security group are not in the same VPC.',
      'The instance and the security group are not in the same VPC (or only one of them is in a VPC).',
    ),
    documented(
      'InvalidInstanceId.AlreadyExists',
      403,
      'The specified instance is already in the specified security group.',
      'The instance is already in the security group.',
    ),
  ],
});

export const LeaveSecurityGroup = defineAction({
  name: 'LeaveSecurityGroup',
  summary:
    'Removes a Running or Stopped instance from one of its security groups; an instance keeps at least one.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: { InstanceId: instanceId, SecurityGroupId: instanceSecurityGroupId },
  response: {},
  errors: [
    instanceNotFound,
    securityGroupNotFound,
    documented(
      'InstanceLastSecurityGroup',
      403,
      'The SecurityGroup is the only one for the Instance.',
      'The security group is the only one of the instance.',
    ),
    incorrectInstanceStatus,
    instanceLockedForSecurity,
  ],
});

export const DescribeInstances = defineAction({
  name: 'DescribeInstances',
  summary:
    'Lists the instances of a region, page by page; every filter given must match (an empty InstanceIds array matches nothing).',
  idempotency: 'read',
  reads: {
    kind: 'instance',
    list: 'Instances',
    ids: 'InstanceIds',
    status: { field: 'Status', transitional: ['Pending', 'Starting', 'Stopping'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    ZoneId: p.string({ doc: 'Only instances in this zone.' }),
    VpcId: p.id({ doc: 'Only instances in this VPC.' }),
    VSwitchId: p.id({ doc: 'Only instances on this VSwitch.' }),
    InstanceIds: p.idList({
      max: 'ids',
      code: 'InvalidInstanceIds.Malformed',
      httpStatus: 400,
      doc: 'Only these instances: a JSON array such as ["i-1", "i-2"], at most 10 ids in the 2014 API and 100 today.',
    }),
    InstanceNetworkType: p.string({ values: ['classic', 'vpc'], ignoreCase: true, doc: 'classic or vpc.' }),
    PrivateIpAddresses: p.idList({
      max: 'ids',
      doc: 'VPC instances with these private IPs: a JSON array such as ["172.16.1.1"].',
    }),
    InnerIpAddresses: p.idList({
      max: 'ids',
      doc: 'Classic instances with these intranet IPs: a JSON array such as ["10.1.1.1"].',
    }),
    PublicIpAddresses: p.idList({
      max: 'ids',
      doc: 'Classic instances with these public IPs: a JSON array such as ["42.1.1.1"].',
    }),
    SecurityGroupId: p.id({ doc: 'Only instances in this security group.' }),
    InstanceType: p.string({ doc: 'Only instances of this type.' }),
    InstanceTypeFamily: p.string({ doc: 'Only instances of this type family.' }),
    InstanceName: p.string({ doc: 'Only instances of this name (today: * as a wildcard).' }),
    ImageId: p.id({ doc: 'Only instances from this image.' }),
    Status: p.string({
      values: ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'],
      doc: 'Only instances in this status: Pending, Running, Starting, Stopping or Stopped.',
    }),
    InstanceChargeType: p.string({
      values: ['PrePaid', 'PostPaid'],
      doc: 'Only PrePaid or PostPaid instances.',
    }),
    ResourceGroupId: p.string({ doc: 'Only instances in this resource group.' }),
    Tag: tagsParam('Only instances that carry these tags (Tag.N.Key, Tag.N.Value, N up to 20).'),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    Instances: t.list('Instance', InstanceAttributesType),
  },
  page: { list: 'Instances' },
  errors: [
    documented(
      'InvalidInstanceIds.Malformed',
      400,
      'The specified InstanceIds is not valid.',
      'InstanceIds is not a JSON array of ids, or holds more ids than allowed.',
    ),

    ...tagErrors,
  ],
});

export const DescribeInstanceAttribute = defineAction({
  name: 'DescribeInstanceAttribute',
  summary: 'Returns the attributes of one instance.',
  idempotency: 'read',
  reads: {
    kind: 'instance',
    ids: 'InstanceId',
    status: { field: 'Status', transitional: ['Pending', 'Starting', 'Stopping'] },
  },
  params: { InstanceId: instanceId },
  response: {
    ...InstanceAttributesFields,
    /** none or optimized here; DescribeInstances answers a boolean. */
    IoOptimized: t.string,
  },
  errors: [instanceNotFound, internalError],
});

export const DescribeInstanceStatus = defineAction({
  name: 'DescribeInstanceStatus',
  summary: 'Lists the status of every instance of a region, page by page.',
  idempotency: 'read',
  reads: {
    kind: 'instance',
    list: 'InstanceStatuses',
    status: { field: 'Status', transitional: ['Pending', 'Starting', 'Stopping'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    ZoneId: p.string({ doc: 'Only instances in this zone.' }),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    InstanceStatuses: t.list('InstanceStatus', InstanceStatusItemType),
  },
  page: { list: 'InstanceStatuses' },
});
