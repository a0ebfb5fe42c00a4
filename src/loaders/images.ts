import type { ActionResult } from '../spec/action.js';
import { DescribeImages } from '../spec/actions/images.js';
import { defineListing } from './listing.js';

export type ImageItem = ActionResult<typeof DescribeImages>['Images'][number];

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
  items: (result) => result.Images,
  idOf: (image) => image.ImageId ?? '',
});
