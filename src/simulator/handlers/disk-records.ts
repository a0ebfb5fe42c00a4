import { steady } from '../state/timeline.js';
import type { DiskRecord, RegionState } from '../store.js';
import type { DomainContext } from './context.js';

/** What a new disk's caller decides; everything else starts from the defaults below. */
export type NewDiskFields = Pick<
  DiskRecord,
  | 'zoneId'
  | 'type'
  | 'category'
  | 'size'
  | 'imageId'
  | 'sourceSnapshotId'
  | 'portable'
  | 'diskName'
  | 'description'
> &
  Partial<DiskRecord>;

/**
 * A disk record made now, with a fresh id: Available and unattached, deleted with no
 * instance, auto snapshots deleted with it (CreateDisk's documented defaults), unless
 * the fields say otherwise.
 */
export function newDisk(context: DomainContext, region: RegionState, fields: NewDiskFields): DiskRecord {
  return {
    diskId: context.newId('disk', region.regionId),
    regionId: region.regionId,
    status: steady('Available', context.now),
    attachment: undefined,
    everAttached: fields.attachment !== undefined,
    deleteWithInstance: false,
    deleteAutoSnapshot: true,
    enableAutoSnapshot: false,
    autoSnapshotPolicyId: '',
    creationTime: context.now,
    detachedTime: undefined,
    tags: [],
    resourceGroupId: '',
    ...fields,
  };
}
