import type { ActionResult } from '../spec/action.js';
import { DescribeImageSharePermission } from '../spec/actions/image-shares.js';
import { DescribeImages } from '../spec/actions/images.js';
import { defineListing, definePagedListing } from './listing.js';
import { defineRelation } from './relations.js';

/** An image as DescribeImages lists it, with the region it was listed in. */
export type ImageItem = ActionResult<typeof DescribeImages>['Images'][number] & { readonly regionId: string };

/** Every image status ECS documents, then and now. */
export const IMAGE_STATUSES = [
  'Creating',
  'Waiting',
  'Available',
  'UnAvailable',
  'CreateFailed',
  'Deprecated',
] as const;

/**
 * Images by DescribeImages. Its ImageId filter is a comma-separated string, not a JSON
 * array; the gateway sends at most the id limit of the other filters in one call.
 * Without Status, ECS lists only Available images, so a lookup by id asks for every
 * status: an instance's image may have been deprecated since.
 */
export const imageListing = defineListing({
  action: DescribeImages,
  idsParam: 'ImageId',
  idsSeparator: ',',
  lookupFilter: { Status: IMAGE_STATUSES.join(',') },
  items: (result, regionId): ImageItem[] => result.Images.map((image) => ({ ...image, regionId })),
  idOf: (image) => image.ImageId ?? '',
});

/** The snapshot an image's system disk is made from: the mapping of type system, or the first. */
export function systemSnapshotOf(image: ImageItem): string | undefined {
  const mappings = image.DiskDeviceMappings;
  const system = mappings.find((mapping) => mapping.Type === 'system') ?? mappings[0];
  return system?.SnapshotId || undefined;
}

/**
 * The images made from a snapshot: DescribeImages with SnapshotId. Only the account's
 * own images can be made from its snapshots, in any status (ECS lists only Available
 * ones unless told), so every call asks for `self` images of every status; a scan of
 * the region groups them by their system disk's snapshot.
 */
export const imagesOfSnapshot = defineRelation({
  listing: imageListing,
  parentParam: 'SnapshotId',
  parentOf: systemSnapshotOf,
  filter: { ImageOwnerAlias: 'self', Status: IMAGE_STATUSES.join(',') },
});

/** An account a custom image is shared with (DescribeImageSharePermission). */
export type ImageShareItem = ActionResult<typeof DescribeImageSharePermission>['Accounts'][number];

/** The accounts an image is shared with: DescribeImageSharePermission, paged, one image a call. */
export const imageShareListing = definePagedListing({
  action: DescribeImageSharePermission,
  items: (result) => result.Accounts,
  idOf: (account) => account.AliyunId ?? '',
});
