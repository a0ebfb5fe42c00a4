import { defineAction } from '../action.js';
import {
  diskCategoryNotSupported,
  diskNotFound,
  documented,
  incorrectDiskStatus,
  instanceNotFound,
  internalError,
  notEnoughBalance,
  snapshotServiceUnavailable,
  tagErrors,
} from '../documented-errors.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { descriptionParam, snapshotName, tagsParam } from '../value-rules.js';

/** Why Category, InstantAccess and InstantAccessRetentionDays are deprecated (the SDK models say so). */
const INSTANT_BY_DEFAULT =
  'ESSD snapshots are instantly available by default today, at no extra cost: no parameter is needed for it.';

/**
 * CreateSnapshot follows the 2024 edition (004), which supersedes the 2014 one: its
 * parameters and error table. The 2014 rows it keeps are the same codes and statuses.
 */
export const CreateSnapshot = defineAction({
  name: 'CreateSnapshot',
  summary:
    'Starts a snapshot of a disk that is In_use (on a Running or Stopped instance) or Available after having been attached; poll DescribeSnapshots until accomplished.',
  idempotency: 'clientToken',
  changes: [{ kind: 'snapshot' }],
  params: {
    DiskId: p.id({ required: true, doc: 'The disk to snapshot.' }),
    SnapshotName: p.string({
      minLength: 2,
      maxLength: 128,
      check: snapshotName,
      code: 'InvalidSnapshotName.Malformed',
      doc: 'The snapshot name: 2 to 128 characters, starting with a letter, then letters, digits, ":", "_", "." or "-"; not starting with http://, https:// or auto (kept for automatic snapshots).',
    }),
    // Both editions document 404 for a malformed description of a snapshot.
    Description: descriptionParam({
      code: 'InvalidDescription.Malformed',
      httpStatus: 404,
      doc: 'The snapshot description: 2 to 256 characters, not starting with http:// or https://.',
    }),
    RetentionDays: p.int({
      min: 1,
      max: 65536,
      code: 'InvalidRetentionDays.Malformed',
      doc: 'Days to keep the snapshot, 1 to 65536; it is released when they pass. Kept until deleted when absent.',
    }),
    Category: p.string({
      values: ['Standard', 'Flash'],
      ignoreCase: true,
      code: 'InvalidSnapshotCategory.Malformed',
      httpStatus: 403,
      doc: 'Standard (a standard snapshot) or Flash (a local snapshot, only for accounts that used it before 2020-12-14). No longer needed: ESSD snapshots are instantly available. Not with InstantAccess.',
      deprecated: INSTANT_BY_DEFAULT,
    }),
    InstantAccess: p.bool({
      doc: 'Whether the snapshot is instantly available (ESSD only). Default false; no longer needed today.',
      deprecated: INSTANT_BY_DEFAULT,
    }),
    InstantAccessRetentionDays: p.int({
      min: 1,
      max: 65535,
      code: 'InvalidInstantAccessRetentionDays.Malformed',
      httpStatus: 403,
      doc: 'Days the instant access lasts, 1 to 65535, when InstantAccess is true; RetentionDays by default.',
      deprecated: INSTANT_BY_DEFAULT,
    }),
    ResourceGroupId: p.string({ doc: 'The resource group of the snapshot.' }),
    StorageLocationArn: p.string({
      doc: 'Where to store the snapshot, as an ARN (local storage such as CloudBox); the region when absent.',
    }),
    Tag: tagsParam('Tags for the snapshot, as Tag.N.Key and Tag.N.Value, N from 1 to 20.'),
  },
  response: {
    SnapshotId: t.string,
  },
  errors: [
    documented(
      'InvalidParameter.KMSKeyId.NotFound',
      400,
      'The specified KMSKeyId does not exist.',
      'The KMS key of the encrypted disk does not exist.',
    ),
    documented(
      'InvalidSnapshotName.Malformed',
      400,
      'The specified SnapshotName is wrongly formed.',
      'The SnapshotName breaks the snapshot name rule.',
    ),
    documented(
      'IncorrectInstanceStatus',
      400,
      'The current status of the resource does not support this operation.',
      'The instance the disk is attached to is neither Running nor Stopped.',
    ),
    diskCategoryNotSupported,
    ...tagErrors,
    documented(
      'InvalidRetentionDays.Malformed',
      400,
      'The specified RetentionDays is not valid.',
      'RetentionDays is not from 1 to 65536.',
    ),
    documented(
      'CreateSnapshot.Failed',
      400,
      'The process of creating snapshot is failed.',
      'The snapshot could not be created.',
    ),
    documented(
      'IncorrectDiskStatus.CreatingSnapshot',
      403,
      'A previous snapshot creation is in process.',
      'A snapshot of the disk is being created; try again when it is done.',
    ),
    documented(
      'InstanceLockedForSecurity',
      403,
      'The disk attached instance is locked due to security.',
      'The instance the disk is attached to is locked for security reasons.',
    ),
    documented(
      'IncorrectDiskStatus.NeverAttached',
      403,
      'The specified disk has never been attached to any instance.',
      'The portable disk has never been attached, so it holds nothing to snapshot.',
    ),
    documented(
      'QuotaExceed.Snapshot',
      403,
      'The snapshot quota exceeds.',
      'The disk has as many manual snapshots as it may (256 today; disks x 6 + 6 per account in 2014).',
    ),
    documented(
      'IncorrectDiskStatus.NeverUsed',
      403,
      'The specified disk has never been used after creating.',
      'The disk has never been used, so its data has not changed.',
    ),
    documented(
      'DiskInArrears',
      403,
      'The specified operation is denied as your disk has expired.',
      'The disk has expired because of an overdue payment.',
    ),
    documented(
      'DiskId.ValueNotSupported',
      403,
      'The specified parameter diskid is not supported.',
      'The kind of block storage does not support snapshots.',
    ),
    {
      ...incorrectDiskStatus,
      doc: 'The disk is in a status that does not allow a snapshot, or the account has overdue payments.',
    },
    notEnoughBalance,
    snapshotServiceUnavailable,
    documented(
      'IdempotentParameterMismatch',
      403,
      'The specified clientToken is used.',
      'The ClientToken was used before with other parameters.',
    ),
    documented(
      'IncorrectDiskStatus.Invalid',
      403,
      'The specified disk status invalid, restart instance and try again.',
      'The disk is in an invalid state; restart the instance and try again.',
    ),
    documented(
      'IncorrectDiskType.NotSupport',
      403,
      'The specified device type is not supported.',
      'The disk type does not support snapshots.',
    ),
    documented(
      'IncorrectDiskStatus.Transferring',
      403,
      'The specified device is transferring, you can retry after the process is finished.',
      'The disk is being migrated; try again when it is done.',
    ),
    documented(
      'IdempotentProcessing',
      403,
      'The previous idempotent request(s) is still processing.',
      'A request with the same ClientToken is still being processed.',
    ),
    documented(
      'InvalidSnapshotCategory.Malformed',
      403,
      'The specified Category is not valid.',
      'The Category is not Standard or Flash.',
    ),
    documented(
      'InvalidCategoryAndInstantAccess.Malformed',
      403,
      "The snapshot Category and InstantAccess can't be used together.",
      'Category and InstantAccess were both given.',
    ),
    documented(
      'InvalidInstantAccessRetentionDays.Malformed',
      403,
      'The specified InstantAccessRetentionDays is not valid.',
      'InstantAccessRetentionDays is not from 1 to 65535.',
    ),
    documented(
      'DISK_HAS_CREATING_SNAPSHOT',
      403,
      'The operation cannot be performed while a snapshot is being created for the disk.',
      'A snapshot of the disk is being created.',
    ),
    documented(
      'QuotaExceed.ConcurrentSnapshotQuota',
      403,
      'The number of snapshots being created for the disk has exceeded the concurrent quota. Please wait for the previous snapshots to complete before trying again.',
      'Too many snapshots of the disk are being created at once.',
    ),
    {
      ...diskNotFound,
      message: 'The specified DiskId does not exist.',
    },
    documented(
      'InvalidDescription.Malformed',
      404,
      'The specified description is wrongly formed.',
      'The Description breaks the description rule.',
    ),
    {
      ...instanceNotFound,
      message: 'The specified InstanceId does not exist.',
      doc: 'The instance the disk is attached to does not exist.',
    },
    documented(
      'InvalidResourceGroup.NotFound',
      404,
      'The ResourceGroup provided does not exist in our records.',
      'The resource group does not exist.',
    ),
    documented(
      'IncorrectVolumeStatus',
      403,
      'The current volume status does not support this operation.',
      'The shared block storage device is in a status that does not allow a snapshot.',
    ),
    documented(
      'InvalidParameter.KMSKeyId.CMKUnauthorized',
      403,
      'ECS tags must be added to the CMK.',
      'The KMS key of the encrypted disk lacks the ECS tags.',
    ),
    documented(
      'InvalidParameter.KMSKeyId.CMKNotEnabled',
      403,
      'The CMK needs to be enabled.',
      'The KMS key of the encrypted disk is not enabled.',
    ),
    documented(
      'InvalidParameter.KMSKeyId.KMSUnauthorized',
      403,
      'ECS service have no right to access your KMS.',
      'ECS may not use the KMS of the account.',
    ),
    documented(
      'QuotaExceed.Tags',
      403,
      'The number of specified tags exceeds the upper limit.',
      'More tags than a snapshot may carry.',
    ),
    documented(
      'InvalidAction.Unauthorized',
      403,
      'The specified action is not valid.',
      'The operation is not allowed.',
    ),
    documented(
      'InvalidRegion.NotSupportSnapshotInstantAccessRegion',
      403,
      'The snapshot InstantAccess is not supported for this region.',
      'InstantAccess is not offered in the region.',
    ),
    documented(
      'HibernationConfigured.InstanceOperationForbidden',
      403,
      'The operation is not permitted due to limit of the hibernation configured instance.',
      'The instance the disk is attached to is configured for hibernation, which forbids the operation.',
    ),
    documented(
      'QuotaExceed.SnapshotQuota',
      403,
      'The quota is insufficient, please contact your channel partner to increase the quota.',
      'The snapshot quota of the account is used up.',
    ),
    documented(
      'CloudBoxNotSupportSnapshotWithInstantAccess',
      403,
      'The specified disk in CloudBox does not support to create a snapshot with InstantAccess.',
      'A disk in a CloudBox cannot have an instant access snapshot.',
    ),
    documented(
      'InvalidAccountStatus.NotEnoughBalance',
      403,
      'Your account does not have enough balance to order postpaid product.',
      'The balance is under 100 yuan, too low to order a pay-as-you-go product.',
    ),
    documented(
      'InvalidOperation.UnfinishedEncryptedSnapshotCopy',
      403,
      'This disk has unfinished encrypted copy snapshots in the target region.',
      'Encrypted copies of snapshots of the disk are still being made in another region.',
    ),
    documented(
      'InvalidVolumeId.NotFound',
      404,
      'The specified volume does not exist.',
      'The shared block storage device does not exist.',
    ),
    internalError,
  ],
});
