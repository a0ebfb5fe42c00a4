import { documented } from './documented-errors.js';
import { p } from './params.js';
import { nameParam } from './value-rules.js';

/** The disk actions' tables word InvalidInstanceId.NotFound their own way. */
export const instanceOfDiskNotFound = documented(
  'InvalidInstanceId.NotFound',
  404,
  'The specified instance does not exist.',
  'The instance does not exist.',
);

export const diskId = p.id({ required: true, doc: 'The ID of the disk.' });
export const instanceId = p.id({ required: true, doc: 'The ID of the instance.' });
export const deleteWithInstance = p.bool({
  doc: 'Whether the disk is released with its instance. Unchanged when absent; false is refused for ephemeral disks and for cloud disks that are not portable.',
});
export const diskName = nameParam({
  code: 'InvalidDiskName.Malformed',
  doc: 'The disk name: 2 to 128 characters, starting with a letter or Chinese character, then letters, digits, ".", "_", "-" or ":"; not starting with http:// or https://.',
});
export const descriptionRule =
  'The disk description: 2 to 256 characters, not starting with http:// or https://.';

// The disk actions word the security lock differently from the instance actions.
export const instanceLocked = documented(
  'InstanceLockedForSecurity',
  403,
  'The instance is locked due to security.',
  'The instance the disk is attached to is locked for security reasons.',
);
export const incorrectInstanceStatus = documented(
  'IncorrectInstanceStatus',
  403,
  'The current status of the resource does not support this operation.',
  'The status of the instance does not allow the operation (it must be Stopped).',
);
export const snapshotNotReady = documented(
  'InvalidSnapshotId.NotReady',
  403,
  'The specified snapshot has not completed yet.',
  'The snapshot is still being created.',
);
