import type { ActionResult } from '../spec/action.js';
import { DescribeDisks } from '../spec/actions/disk-reads.js';
import { instanceListing } from './instances.js';
import { defineListing } from './listing.js';
import { defineRelation } from './relations.js';

/** A disk as DescribeDisks lists it (DiskItemType), with the region it was listed in. */
export type DiskItem = ActionResult<typeof DescribeDisks>['Disks'][number] & { readonly regionId: string };

/** Disks of a region: DescribeDisks, by id through DiskIds. */
export const diskListing = defineListing({
  action: DescribeDisks,
  idsParam: 'DiskIds',
  items: (result, regionId): DiskItem[] => result.Disks.map((disk) => ({ ...disk, regionId })),
  idOf: (disk) => disk.DiskId ?? '',
});

/** The instance a disk is attached to; ECS sends an empty InstanceId for a disk on none. */
export function attachedInstanceOf(disk: DiskItem): string | undefined {
  return disk.InstanceId || undefined;
}

/**
 * The most disks an instance can have: 16 data disks today (4 in the 2014 reference)
 * and its system disk. The cost estimate bounds the pages of an instance's disks by it.
 */
export const MAX_DISKS_PER_INSTANCE = 17;

/** The disks attached to an instance: DescribeDisks with InstanceId. */
export const disksOfInstance = defineRelation({
  listing: diskListing,
  parentParam: 'InstanceId',
  parentOf: attachedInstanceOf,
  // Every ECS instance has a system disk: creating an instance allocates one from its
  // image, and it is not Portable (cannot be detached) and is released with the
  // instance. So a region holds at least as many disks as instances. Only the plan's
  // cost rests on this, never the answer.
  parentListing: instanceListing,
  minChildrenPerParent: 1,
});
