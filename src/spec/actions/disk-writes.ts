import { defineAction } from '../action.js';
import {
  deleteWithInstance,
  descriptionRule,
  diskId,
  diskName,
  instanceId,
  instanceLocked,
  instanceOfDiskNotFound,
  snapshotNotReady,
} from '../disk-common.js';
import {
  diskCreatingSnapshot,
  diskError,
  diskNotFound,
  diskNotPortable,
  diskTypeViolation,
  documented,
  incorrectDiskStatus,
  instanceExpiredOrInArrears,
  regionNotFound,
  snapshotNotFound,
  tagErrors,
  zoneNotFound,
} from '../documented-errors.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { descriptionParam, tagsParam } from '../value-rules.js';

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
      deprecated: 'ECS is to stop taking it: let ECS allocate the device name.',
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
      deprecated:
        'Automatic snapshots are on for every disk today: apply an automatic snapshot policy to the disk instead.',
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
