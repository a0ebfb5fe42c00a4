import type { ActionInput } from '../../spec/action.js';
import type * as api from '../../spec/actions/images.js';
import { systemImages } from '../catalog.js';
import { statusAt } from '../state/timeline.js';
import type { ImageRecord } from '../store.js';
import { imageView } from '../views.js';
import { type DomainContext, hasTags, inCreationOrder, matches, paginate, type Reply } from './context.js';

/**
 * The account's own images and the public system ones. Without ImageOwnerAlias both
 * are listed (system + self + others); without Status only Available images are.
 */
export function DescribeImages(
  input: ActionInput<typeof api.DescribeImages>,
  context: DomainContext,
): Reply<typeof api.DescribeImages> {
  const region = context.account.regions.get(input.RegionId);
  const now = context.now;
  const own: readonly ImageRecord[] = region ? [...region.images.values()] : [];
  const all = region ? [...systemImages(region.regionId), ...own] : [];
  const ids = input.ImageId?.split(',').map((id) => id.trim());
  const statuses = (input.Status ?? 'Available').split(',').map((status) => status.trim());
  const inUse = new Set([...(region?.instances.values() ?? [])].map((instance) => instance.imageId));
  const selected = inCreationOrder(all, (image) => image.imageId).filter(
    (image) =>
      (ids === undefined || ids.includes(image.imageId)) &&
      matches(input.SnapshotId, image.snapshotId) &&
      matches(input.ImageName, image.imageName) &&
      matches(input.ImageOwnerAlias, image.imageOwnerAlias) &&
      statuses.includes(statusAt(image.status, now)) &&
      matches(input.OSType?.toLowerCase(), image.osType) &&
      matches(input.Architecture, image.architecture) &&
      matches(input.Usage, inUse.has(image.imageId) ? 'instance' : 'none') &&
      matches(input.ResourceGroupId, image.resourceGroupId) &&
      hasTags(image.tags, input.Tag),
  );
  const { items, ...page } = paginate(selected, input);
  return { RegionId: input.RegionId, ...page, Images: items.map((image) => imageView(image, region!, now)) };
}
