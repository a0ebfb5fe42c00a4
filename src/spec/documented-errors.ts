import type { ErrorSpec } from './action.js';

/**
 * Rows of the reference's error tables. `documented` keeps a code's literal type, so
 * an action's `errors` give the union of its codes; the rows several actions share
 * word for word are named here once.
 */
export function documented<const C extends string>(
  code: C,
  httpStatus: number,
  message: string,
  doc: string,
): ErrorSpec<C> {
  return { code, httpStatus, message, doc };
}

export const regionNotFound = documented(
  'InvalidRegionId.NotFound',
  404,
  'The specified region does not exist.',
  'The specified RegionId does not exist.',
);
export const zoneNotFound = documented(
  'InvalidZoneId.NotFound',
  404,
  'The specified zone does not exist.',
  'The specified ZoneId does not exist, or the account may not use it.',
);
export const instanceNotFound = documented(
  'InvalidInstanceId.NotFound',
  404,
  'The InstanceId provided does not exist in our records.',
  'The specified InstanceId does not exist.',
);
export const diskNotFound = documented(
  'InvalidDiskId.NotFound',
  404,
  'The specified disk does not exist.',
  'The specified DiskId does not exist.',
);
export const snapshotNotFound = documented(
  'InvalidSnapshotId.NotFound',
  404,
  'The specified snapshot does not exist.',
  'The specified SnapshotId does not exist.',
);
export const securityGroupNotFound = documented(
  'InvalidSecurityGroupId.NotFound',
  404,
  'The SecurityGroupId provided does not exist in our records.',
  'The specified SecurityGroupId does not exist.',
);
export const incorrectInstanceStatus = documented(
  'IncorrectInstanceStatus',
  403,
  'The current status of the resource does not support this operation.',
  'The status of the instance does not allow the operation.',
);
export const incorrectDiskStatus = documented(
  'IncorrectDiskStatus',
  403,
  'The current disk status does not support this operation.',
  'The status of the disk does not allow the operation.',
);
export const instanceLockedForSecurity = documented(
  'InstanceLockedForSecurity',
  403,
  'The specified operation is denied as your instance is locked for security reasons.',
  'The instance (or the instance the disk is attached to) is locked for security reasons (OperationLocks holds security).',
);
export const instanceExpiredOrInArrears = documented(
  'InstanceExpiredOrInArrears',
  403,
  'The specified operation is denied as your prepay instance is expired (prepay mode) or in arrears (afterpay mode).',
  'The subscription of the instance has expired, or its account is in arrears.',
);
export const diskNotPortable = documented(
  'DiskNotPortable',
  403,
  'It is not a portable disk.',
  'The disk cannot be attached or detached on its own (Portable is false).',
);
export const diskCreatingSnapshot = documented(
  'DiskCreatingSnapshot',
  403,
  'The operation is denied due to a snapshot of the specified disk is not completed yet.',
  'A snapshot of the disk is being created.',
);
export const diskTypeViolation = documented(
  'DiskTypeViolation',
  403,
  'The specified disk is a system disk and cannot support the operation.',
  'The disk is a system disk, which does not allow the operation.',
);
export const diskError = documented(
  'DiskError',
  403,
  'IncorrectDiskStatus',
  'A disk of the instance is in an abnormal status.',
);
export const imageNotSubscribed = documented(
  'ImageNotSubscribed',
  403,
  'The specified image is not subscribed.',
  'The marketplace image has not been subscribed to.',
);
export const imageRemovedInMarket = documented(
  'ImageRemovedInMarket',
  403,
  'The specified market image is not available, Or the specified user defined image includes product code because it is based on an image subscribed from marketplace, and that image in marketplace includeing exact the same product code has been removed.',
  'The marketplace image, or the marketplace image a custom image was built from, has been removed.',
);
export const internalError = documented(
  'InternalError',
  500,
  'The request processing has failed due to some unknown error.',
  'An internal error; retry later.',
);

// Today's auto-snapshot-policy actions answer ParameterInvalid for several causes; the message tells them apart.
export const policyNotFound = documented(
  'ParameterInvalid',
  404,
  'The specified automatic snapshot policy does not exist.',
  'The specified automatic snapshot policy does not exist.',
);
export const policyNotInRegion = documented(
  'ParameterInvalid',
  404,
  'The specified automatic snapshot policy does not exist in the region.',
  'The specified automatic snapshot policy exists, but not in the given region.',
);
export const snapshotServiceUnavailable = documented(
  'InvalidAccountStatus.SnapshotServiceUnavailable',
  403,
  'Snapshot service has not been opened yet.',
  'The snapshot service is not activated for the account.',
);
export const notEnoughBalance = documented(
  'InvalidAccountStatus.NotEnoughBalance',
  403,
  'Your account does not have enough balance.',
  'The account balance is insufficient.',
);
export const diskCategoryNotSupported = documented(
  'DiskCategory.OperationNotSupported',
  400,
  'The type of the specified disk does not support creating a snapshot.',
  'The category of the disk does not support snapshots.',
);
export const duplicateTagKey = documented(
  'Duplicate.TagKey',
  400,
  'The Tag.N.Key contain duplicate key.',
  'Two tags have the same key; tag keys must be unique.',
);
export const tagKeyMalformed = documented(
  'InvalidTagKey.Malformed',
  400,
  'The specified Tag.n.Key is not valid.',
  'A Tag.N.Key breaks the tag key rule.',
);
export const tagValueMalformed = documented(
  'InvalidTagValue.Malformed',
  400,
  'The specified Tag.n.Value is not valid.',
  'A Tag.N.Value breaks the tag value rule.',
);
export const tagCount = documented(
  'InvalidTagCount',
  400,
  'The specified tags are beyond the permitted range.',
  'More than 20 tags were given.',
);

/** The rows of the Tag.N parameters, for every action that takes them. */
export const tagErrors = [duplicateTagKey, tagKeyMalformed, tagValueMalformed, tagCount] as const;
