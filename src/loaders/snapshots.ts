import type { ActionResult } from '../spec/action.js';
import { DescribeSnapshots } from '../spec/actions/snapshots.js';
import { defineListing } from './listing.js';
import { defineRelation } from './relations.js';

/** A snapshot as DescribeSnapshots lists it (SnapshotType), with the region it was listed in. */
export type SnapshotItem = ActionResult<typeof DescribeSnapshots>['Snapshots'][number] & {
  readonly regionId: string;
};

/** Snapshots of a region: DescribeSnapshots, by id through SnapshotIds. */
export const snapshotListing = defineListing({
  action: DescribeSnapshots,
  idsParam: 'SnapshotIds',
  items: (result, regionId): SnapshotItem[] =>
    result.Snapshots.map((snapshot) => ({ ...snapshot, regionId })),
  idOf: (snapshot) => snapshot.SnapshotId ?? '',
});

/**
 * The snapshots of a disk: DescribeSnapshots with DiskId. The snapshots of every disk
 * of one instance come from one call with InstanceId, so disks that are attached share
 * their instance's call (the key's `via`).
 */
export const snapshotsOfDisk = defineRelation({
  listing: snapshotListing,
  parentParam: 'DiskId',
  parentOf: (snapshot) => snapshot.SourceDiskId,
  viaParam: 'InstanceId',
});
