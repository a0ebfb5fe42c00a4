import { defineAction } from '../action.js';
import {
  diskId,
  incorrectInstanceStatus,
  instanceId,
  instanceLocked,
  instanceOfDiskNotFound,
  snapshotNotReady,
} from '../disk-common.js';
import {
  diskCreatingSnapshot,
  diskNotFound,
  documented,
  imageNotSubscribed,
  incorrectDiskStatus,
  instanceExpiredOrInArrears,
  instanceNotFound,
  snapshotNotFound,
} from '../documented-errors.js';
import { dryRunParam } from '../dry-run.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { password } from '../value-rules.js';

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
    DryRun: dryRunParam(),
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
