import { defineAction } from '../action.js';
import { DiskItemType } from '../datatypes.js';
import {
  diskCreatingSnapshot,
  diskError,
  diskNotFound,
  diskNotPortable,
  diskTypeViolation,
  documented,
  imageNotSubscribed,
  incorrectDiskStatus,
  instanceExpiredOrInArrears,
  instanceNotFound,
  regionNotFound,
  snapshotNotFound,
  tagErrors,
  zoneNotFound,
} from '../documented-errors.js';
import { p } from '../params.js';
import { descriptionParam, nameParam, password, tagsParam } from '../rules.js';
import { t } from '../shape.js';

/** The disk actions' tables word InvalidInstanceId.NotFound their own way. */
const instanceOfDiskNotFound = documented(
  'InvalidInstanceId.NotFound',
  404,
  'The specified instance does not exist.',
  'The instance does not exist.',
);

const diskId = p.id({ required: true, doc: 'The ID of the disk.' });
const instanceId = p.id({ required: true, doc: 'The ID of the instance.' });
const deleteWithInstance = p.bool({
  doc: 'Whether the disk is released with its instance. Unchanged when absent; false is refused for ephemeral disks and for cloud disks that are not portable.',
});
const diskName = nameParam({
  code: 'InvalidDiskName.Malformed',
  doc: 'The disk name: 2 to 128 characters, starting with a letter or Chinese character, then letters, digits, ".", "_", "-" or ":"; not starting with http:// or https://.',
});
const descriptionRule = 'The disk description: 2 to 256 characters, not starting with http:// or https://.';

// The disk actions word the security lock differently from the instance actions.
const instanceLocked = documented(
  'InstanceLockedForSecurity',
  403,
  'The instance is locked due to security.',
  'The instance the disk is attached to is locked for security reasons.',
);
const incorrectInstanceStatus = documented(
  'IncorrectInstanceStatus',
  403,
  'The current status of the resource does not support this operation.',
  'The status of the instance does not allow the operation (it must be Stopped).',
);
const snapshotNotReady = documented(
  'InvalidSnapshotId.NotReady',
  403,
  'The specified snapshot has not completed yet.',
  'The snapshot is still being created.',
);

export const CreateDisk = defineAction({
  name: 'CreateDisk',
  summary:
    'Creates a pay-as-you-go data disk in a zone, empty (Size) or from a data disk snapshot (SnapshotId); it starts out Available.',
  idempotency: 'clientToken',
  // A snapshot a disk is created from shows it in its Usage.
  changes: [{ kind: 'disk' }, { kind: 'snapshot', ids: 'SnapshotId' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the disk.' }),
    ZoneId: p.string({
      required: true,
      doc: 'The zone of the disk; it can be attached only to instances there.',
    }),
    DiskName: diskName,
    Description: descriptionParam({ code: 'InvalidDescription.Malformed', doc: descriptionRule }),
    DiskCategory: p.string({
      values: ['cloud', 'cloud_efficiency', 'cloud_ssd', 'cloud_essd'],
      doc: 'The category: cloud (basic, the default), cloud_efficiency (ultra), cloud_ssd or cloud_essd.',
    }),
    Size: p.int({
      min: 5,
      max: 32768,
      doc: 'The size in GiB: cloud 5 to 2000, cloud_efficiency and cloud_ssd 20 to 32768. Either Size or SnapshotId is required; with both, at least the snapshot size.',
    }),
    SnapshotId: p.id({
      doc: 'A data disk snapshot to create the disk from; the disk gets its size. Snapshots of 2013-07-15 or earlier are refused.',
    }),
    Encrypted: p.bool({ doc: 'Whether the disk is encrypted. Default false.' }),
    ResourceGroupId: p.string({ doc: 'The resource group of the disk.' }),
    Tag: tagsParam('Tags for the disk, as Tag.N.Key and Tag.N.Value, N from 1 to 20.'),
  },
  response: {
    DiskId: t.string,
  },
  errors: [
    documented(
      'MissingParameter',
      400,
      'The input parameter either "SnapshotId" or "Size" should be specified.',
      'Neither Size nor SnapshotId was given.',
    ),
    regionNotFound,
    zoneNotFound,
    snapshotNotFound,
    documented(
      'InvalidDiskName.Malformed',
      400,
      'The specified disk name is wrongly formed.',
      'The DiskName breaks the resource name rule.',
    ),
    documented(
      'InvalidDescription.Malformed',
      400,
      'The specified description is wrongly formed.',
      'The Description breaks the description rule.',
    ),
    documented(
      'InstanceDiskCategoryLimitExceed',
      403,
      'The total size of specified disk category in an instance exceeds.',
      'The disks of the category exceed the capacity one instance may have of it.',
    ),
    documented(
      'InvalidSnapshot.TooOld',
      403,
      'This operation is forbidden because the specified snapshot is created before 2013-07-15.',
      'The snapshot was created on or before 2013-07-15.',
    ),
    documented(
      'InvalidSnapshot.TooLarge',
      403,
      'The capacity of snapshot exceeds 2000GB.',
      'The snapshot is larger than the disk category allows.',
    ),
    documented(
      'OperationDenied',
      403,
      'The specified snapshot is not allowed to create disk.',
      'The snapshot may not be used to create a disk.',
    ),
    documented(
      'QuotaExceed.PortableCloudDisk',
      403,
      'The quota of portable general cloud disk exceeds.',
      'The account has as many portable cloud disks as it may.',
    ),
    documented(
      'InvalidDiskCategory.ValueUnauthorized',
      403,
      'The disk category is not authorized.',
      'The account may not use the disk category.',
    ),
    snapshotNotReady,
    documented(
      'InvalidSnapshotId.NotDataDiskSnapshot',
      403,
      'The specified snapshot is system disk snapshot.',
      'A data disk cannot be created from a system disk snapshot.',
    ),
    ...tagErrors,
  ],
});

export const DescribeDisks = defineAction({
  name: 'DescribeDisks',
  summary:
    'Lists the disks of a region, page by page; every filter given must match (an empty DiskIds array matches nothing).',
  idempotency: 'read',
  reads: {
    kind: 'disk',
    list: 'Disks',
    ids: 'DiskIds',
    status: { field: 'Status', transitional: ['Creating', 'Attaching', 'Detaching', 'ReIniting'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    ZoneId: p.string({ doc: 'Only disks in this zone; all zones when absent.' }),
    DiskIds: p.idList({
      max: 'ids',
      code: 'InvalidDiskIds.Malformed',
      httpStatus: 403,
      doc: 'Only these disks: a JSON array such as ["d-1", "d-2"], at most 10 ids in the 2014 API and 100 today.',
    }),
    InstanceId: p.id({ doc: 'Only disks attached to this instance.' }),
    DiskType: p.string({
      values: ['all', 'system', 'data'],
      code: 'InvalidDiskType.ValueNotSupported',
      doc: 'all (default), system or data.',
    }),
    Category: p.string({
      values: ['all', 'cloud', 'cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'ephemeral', 'ephemeral_ssd'],
      code: 'InvalidCategory.ValueNotSupported',
      doc: 'Only disks of this category; all (default).',
    }),
    Status: p.string({
      values: ['In_use', 'Available', 'Attaching', 'Detaching', 'Creating', 'ReIniting', 'All'],
      code: 'InvalidStatus.ValueNotSupported',
      doc: 'Only disks in this status: In_use, Available, Attaching, Detaching, Creating, ReIniting; All (default).',
    }),
    SnapshotId: p.id({ doc: 'Only disks created from this snapshot.' }),
    DiskName: p.string({ doc: 'Only disks of this name.' }),
    Portable: p.bool({
      doc: 'Only disks that can (true) or cannot (false) be attached and detached on their own.',
    }),
    DeleteWithInstance: p.bool({
      doc: 'Only disks that are (true) or are not (false) released with their instance.',
    }),
    DeleteAutoSnapshot: p.bool({
      doc: 'Only disks whose automatic snapshots are (true) or are not (false) deleted with them.',
    }),
    EnableAutoSnapshot: p.bool({
      doc: 'Only disks that do (true) or do not (false) take automatic snapshots.',
    }),
    AutoSnapshotPolicyId: p.id({ doc: 'Only disks this automatic snapshot policy applies to.' }),
    Encrypted: p.bool({ doc: 'Only encrypted (true) or unencrypted (false) disks.' }),
    ResourceGroupId: p.string({ doc: 'Only disks in this resource group.' }),
    Tag: tagsParam('Only disks that carry these tags (Tag.N.Key, Tag.N.Value, N up to 20).'),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    RegionId: t.string,
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    Disks: t.list('Disk', DiskItemType),
  },
  page: { list: 'Disks' },
  errors: [
    documented(
      'InvalidDiskType.ValueNotSupported',
      400,
      'The specified disk type is not supported.',
      'DiskType is not all, system or data.',
    ),
    documented(
      'InvalidCategory.ValueNotSupported',
      400,
      'The specified disk category is not supported.',
      'The Category is not supported or not authorized.',
    ),
    documented(
      'InvalidStatus.ValueNotSupported',
      400,
      'The specified disk status is not supported.',
      'The Status is not a disk status.',
    ),
    documented(
      'InvalidDiskIds.Malformed',
      403,
      'The amount of specified disk Ids exceeds the limit.',
      'DiskIds is not a JSON array of ids, or holds more ids than allowed.',
    ),

    ...tagErrors,
  ],
});

export const AttachDisk = defineAction({
  name: 'AttachDisk',
  summary:
    'Attaches an Available portable disk to a Running or Stopped instance in the same zone; it goes through Attaching to In_use.',
  idempotency: 'none',
  // The snapshots listed by InstanceId are those of the disks attached to it.
  changes: [{ kind: 'disk', ids: 'DiskId' }, { kind: 'snapshot' }],
  params: {
    InstanceId: instanceId,
    DiskId: p.id({ required: true, doc: 'The ID of the disk, in the zone of the instance.' }),
    Device: p.string({
      code: 'InvalidDevice.Malformed',
      doc: 'The device name, /dev/xvdb to /dev/xvdz; allocated in order when absent.',
    }),
    DeleteWithInstance: deleteWithInstance,
  },
  response: {},
  errors: [
    instanceOfDiskNotFound,
    diskNotFound,
    documented(
      'InvalidDevice.Malformed',
      400,
      'The specified device is not valid.',
      'The Device is not a valid device name.',
    ),
    documented(
      'InstanceDiskLimitExceeded',
      403,
      'The amount of the disk on instance in question reach its limits.',
      'The instance has as many disks attached as it may.',
    ),
    documented(
      'InvalidDevice.InUse',
      403,
      'The specified device has been occupied.',
      'Another disk is attached at the Device.',
    ),
    documented(
      'IncorrectDiskStatus',
      403,
      'The operation is not supported in this status.',
      'The disk is not Available.',
    ),
    diskNotPortable,
    instanceLocked,
    documented(
      'ResourcesNotInSameZone',
      403,
      'The specified instance and disk are not in the same zone.',
      'The disk and the instance are in different zones.',
    ),
    instanceExpiredOrInArrears,
    documented(
      'DiskInArrears',
      403,
      'The specified operation is denied as your disk owing fee.',
      'The disk is in arrears.',
    ),
    documented(
      'IncorrectInstanceStatus',
      400,
      'The current status of the resource does not support this operation.',
      'The instance is neither Running nor Stopped.',
    ),
    diskError,
  ],
});

export const DetachDisk = defineAction({
  name: 'DetachDisk',
  summary:
    'Detaches a portable data disk from its Running or Stopped instance; it goes through Detaching to Available, with DeleteWithInstance set to false.',
  idempotency: 'none',
  // The snapshots listed by InstanceId are those of the disks attached to it.
  changes: [{ kind: 'disk', ids: 'DiskId' }, { kind: 'snapshot' }],
  params: { InstanceId: instanceId, DiskId: diskId },
  response: {},
  errors: [
    instanceOfDiskNotFound,
    diskNotFound,
    incorrectDiskStatus,
    diskNotPortable,
    instanceLocked,
    documented(
      'DependencyViolation',
      403,
      'The specified disk has not been attached on the specified instance.',
      'The disk is not attached to the instance.',
    ),
    diskTypeViolation,
  ],
});

export const ModifyDiskAttribute = defineAction({
  name: 'ModifyDiskAttribute',
  summary:
    'Changes the name, description and release and automatic snapshot flags of a disk; absent ones stay.',
  idempotency: 'none',
  changes: [{ kind: 'disk', ids: 'DiskId' }],
  params: {
    DiskId: diskId,
    DiskName: diskName,
    // The reference documents 404 for a malformed description here.
    Description: descriptionParam({
      code: 'InvalidDescription.Malformed',
      httpStatus: 404,
      doc: descriptionRule,
    }),
    DeleteWithInstance: deleteWithInstance,
    DeleteAutoSnapshot: p.bool({
      doc: 'Whether the automatic snapshots of the disk are deleted with it. Unchanged when absent.',
    }),
    EnableAutoSnapshot: p.bool({
      doc: 'Whether the disk takes automatic snapshots (when the account policy is on). Unchanged when absent.',
    }),
  },
  response: {},
  errors: [
    diskNotFound,
    documented(
      'InvalidDiskName.Malformed',
      400,
      'The specified disk name is wrongly formed.',
      'The DiskName breaks the resource name rule.',
    ),
    documented(
      'InvalidDescription.Malformed',
      404,
      'The specified description is wrongly formed.',
      'The Description breaks the description rule.',
    ),
    documented(
      'NoAttributeToModify',
      400,
      'No attribute to be modified in this request.',
      'The request changes nothing.',
    ),
    diskNotPortable,
  ],
});

export const DeleteDisk = defineAction({
  name: 'DeleteDisk',
  summary:
    'Releases an Available portable data disk; its manual snapshots stay. ECS ignores an id that does not exist.',
  idempotency: 'none',
  // Its automatic snapshots may go with it, and its policy counts one disk fewer.
  changes: [{ kind: 'disk', ids: 'DiskId' }, { kind: 'snapshot' }, { kind: 'autoSnapshotPolicy' }],
  params: { DiskId: diskId },
  response: {},
  errors: [
    incorrectDiskStatus,
    documented(
      'DiskNotPortable',
      403,
      'The operation is denied due to the specified disk is not a portable disk.',
      'The disk is not portable; it goes with its instance.',
    ),
    diskTypeViolation,
    diskCreatingSnapshot,
  ],
});

export const ReInitDisk = defineAction({
  name: 'ReInitDisk',
  summary:
    'Returns an In_use disk of a Stopped instance to its state at creation: empty, its source snapshot, or its image.',
  idempotency: 'none',
  changes: [{ kind: 'disk', ids: 'DiskId' }],
  params: { DiskId: diskId },
  response: {},
  errors: [
    diskNotFound,
    incorrectDiskStatus,
    incorrectInstanceStatus,
    instanceLocked,
    documented(
      'InvalidSnapshot.TooOld',
      403,
      'The disk is created from a snapshotId made before 2013-07-15, it cannot be re-initiated the specified disk any more since the detached first time.',
      'The source snapshot was created on or before 2013-07-15.',
    ),
    documented(
      'InvalidSourceSnapshot',
      403,
      'The snapshot which is used to create the specified disk has been deleted.',
      'The source snapshot of the disk has been deleted.',
    ),
    instanceExpiredOrInArrears,
    diskCreatingSnapshot,
    documented(
      'IncorrectDiskStatus.NeverUsed',
      403,
      'The specified disk has never been used after creating.',
      'The disk has not been used since its creation, so there is nothing to undo.',
    ),
  ],
});

export const ResetDisk = defineAction({
  name: 'ResetDisk',
  summary: 'Rolls an In_use disk of a Stopped instance back to one of its own snapshots.',
  idempotency: 'none',
  changes: [{ kind: 'disk', ids: 'DiskId' }],
  params: {
    DiskId: diskId,
    SnapshotId: p.id({
      required: true,
      doc: 'The snapshot to roll back to; it must be a snapshot of the disk.',
    }),
  },
  response: {},
  errors: [
    diskNotFound,
    snapshotNotFound,
    incorrectDiskStatus,
    incorrectInstanceStatus,
    instanceLocked,
    documented(
      'InvalidParameter.Mismatch',
      403,
      'The specified snapshot is not created from the specified disk.',
      'The snapshot is not a snapshot of the disk.',
    ),
    documented(
      'InvalidSnapshot.TooOld',
      403,
      'The snapshotId is created before 2013-07-15, it cannot be restored since the first time the disk detached.',
      'The snapshot was created on or before 2013-07-15.',
    ),
    instanceExpiredOrInArrears,
    documented(
      'OperationDenied',
      403,
      'The specified snapshot does not support ResetDisk.',
      'The snapshot cannot be used for a rollback.',
    ),
    snapshotNotReady,
  ],
});

export const ReplaceSystemDisk = defineAction({
  name: 'ReplaceSystemDisk',
  summary:
    'Gives a Stopped instance a new system disk from an image; the old one is released (its manual snapshots stay) and the new disk has a new id.',
  idempotency: 'clientToken',
  // A new system disk replaces the old one (released, its automatic snapshots may go),
  // and the instance runs another image.
  changes: [
    { kind: 'instance', ids: 'InstanceId' },
    { kind: 'disk' },
    { kind: 'snapshot' },
    { kind: 'image' },
  ],
  params: {
    InstanceId: instanceId,
    ImageId: p.id({ required: true, doc: 'The image of the new system disk.' }),
    'SystemDisk.Size': p.int({
      min: 20,
      max: 2048,
      doc: 'The size of the new system disk in GiB, at least the image size; the current size when absent.',
    }),
    Password: p.string({
      minLength: 8,
      maxLength: 30,
      check: password,
      code: 'InvalidPassword.Malformed',
      doc: 'The administrator password of the new system: 8 to 30 characters with three of upper case, lower case, digits and special characters.',
    }),
  },
  response: {
    DiskId: t.string,
  },
  errors: [
    instanceOfDiskNotFound,
    instanceNotFound,
    documented(
      'InvalidImageId.NotFound',
      404,
      'The specified Image is disabled or is deleted.',
      'The image does not exist.',
    ),
    incorrectInstanceStatus,
    instanceLocked,
    imageNotSubscribed,
    documented(
      'ImageRemovedInMarket',
      403,
      'The specified market image is not available, Or the specified user defined image includes product code because it is based on an image subscribed from the marketplace, and that image in marketplace with the same product code has been removed.',
      'The marketplace image has been removed.',
    ),
    documented('OperationDenied', 500, 'Internal Error.', 'An internal error.'),
    documented(
      'InvalidParameter.Conflict',
      400,
      'The specified image does not support the specified instance type.',
      'The image cannot run on the instance type.',
    ),
    instanceExpiredOrInArrears,
    documented(
      'ChargeTypeViolation',
      403,
      'The operation is not permitted due to charge type of the instance.',
      'The charge type of the instance does not allow replacing its system disk.',
    ),
    diskCreatingSnapshot,
    documented(
      'IoOptimized.NotSupported',
      403,
      'The specified image does not support IoOptimized Instance type.',
      'The image does not support I/O optimized instances.',
    ),
    documented(
      'InvalidPassword.Malformed',
      400,
      'The specified parameter "Password" is not valid.',
      'The Password breaks the password rule.',
    ),
  ],
});

export const ResizeDisk = defineAction({
  name: 'ResizeDisk',
  summary:
    'Grows a data disk; an attached disk must be on a Running or Stopped instance and takes the new size after a restart. Partitions and file systems are not grown.',
  idempotency: 'clientToken',
  changes: [{ kind: 'disk', ids: 'DiskId' }],
  params: {
    DiskId: diskId,
    NewSize: p.int({
      required: true,
      min: 5,
      max: 32768,
      httpStatus: 403,
      doc: 'The new size in GiB, larger than the current one: cloud up to 2000, cloud_efficiency and cloud_ssd up to 32768.',
    }),
    Type: p.string({
      values: ['offline', 'online'],
      doc: 'offline (default: takes effect after a restart) or online (today, for some categories: at once).',
    }),
  },
  response: {},
  errors: [
    documented(
      'InvalidDiskSize.TooSmall',
      403,
      'Specified new disk size is less than the original disk size',
      'NewSize is smaller than the current size.',
    ),
    documented(
      'OperationDenied',
      403,
      'The status of the disk or the instance that the disk is attaching with does not support the operation',
      'The status of the disk or of its instance does not allow a resize.',
    ),
    documented(
      'OperationDenied',
      403,
      'The type of the disk does not support the operation',
      'The disk category cannot be resized.',
    ),
    diskNotFound,
    documented(
      'InvalidInstanceId.NotFound',
      404,
      'The specified instance does not exist.',
      'The instance the disk is attached to does not exist.',
    ),
    instanceExpiredOrInArrears,
  ],
});
