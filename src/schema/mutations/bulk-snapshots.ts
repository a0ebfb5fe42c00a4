import type { GatewayContext } from '../../context.js';
import { attachedInstanceOf, diskListing, MAX_DISKS_PER_INSTANCE } from '../../loaders/disks.js';
import { instanceListing } from '../../loaders/instances.js';
import type { ListingFilter } from '../../loaders/listing.js';
import { snapshotListing } from '../../loaders/snapshots.js';
import { DescribeDisks } from '../../spec/actions/disk-reads.js';
import { SNAPSHOTS_PER_DISK } from '../../spec/limits.js';
import { DiskFilter, diskFilter } from '../disk.js';
import { defineBulkMutation } from './bulk.js';
import { isLockedForSecurity } from './bulk-instances.js';
import { createSnapshot } from './snapshots.js';

/** How many snapshots of the region DescribeSnapshots counts for a filter: one call, its TotalCount. */
async function countSnapshots(
  context: GatewayContext,
  regionId: string,
  filter: ListingFilter<typeof snapshotListing.action>,
): Promise<number> {
  const page = await context.loaders.page(
    snapshotListing,
    { regionId, filter },
    { kind: 'page', number: 1, size: 1 },
  );
  return page.totalCount;
}

defineBulkMutation({
  name: 'createSnapshots',
  description:
    'Starts a snapshot of every disk named (diskIds), of every disk of the instances named (instanceIds), and of every disk the filter lists: each disk once, named ones first, at most maxItems (GATEWAY_MAX_BULK_ITEMS). Each disk gets its own createSnapshot, with the other input fields, a few at a time, and its own result in items: one refusal does not hide the others. A selection past the bound, an input breaking a rule, or no selector is a ValidationError, answered before any write (named ids past the bound, before any call). With an Idempotency-Key each disk’s CreateSnapshot has its own ClientToken, so a retry creates no snapshot twice. dryRun: true answers, for each disk, DryRunPassed or the refusal CreateSnapshot would meet by the documented rules as DescribeDisks, DescribeInstances and DescribeSnapshots show them (disk missing, in another status or Available without ever having been attached, instance locked or neither Running nor Stopped, a snapshot of the disk already progressing, the quota of manual snapshots per disk), sending no write.',
  single: createSnapshot,
  idParam: 'DiskId',
  idsField: 'diskIds',
  itemIdField: 'diskId',
  noun: 'disk',
  listing: diskListing,
  filter: { type: DiskFilter, mapping: diskFilter },
  expansion: {
    field: 'instanceIds',
    description:
      'Every disk attached to these instances (DescribeDisks with InstanceId, one call each), in listing order. An instance that lists no disk (none such in the region) adds none.',
    params: { InstanceId: DescribeDisks.params.InstanceId },
    param: 'InstanceId',
    most: MAX_DISKS_PER_INSTANCE,
    list: async (context, regionId, id) =>
      (
        await context.loaders.page(
          diskListing,
          { regionId, filter: { InstanceId: id } },
          { kind: 'page', number: 1, size: context.limits.pageSize },
        )
      ).nodes,
  },
  // Two DescribeSnapshots counts per disk, and the disks' instances by id.
  dryRunCost: { perItem: 2, chunksOfItems: 1 },
  // The order of the checks is CreateSnapshot's: the disk, its instance, then its snapshots.
  check: async (context, regionId, entries) => {
    const instances = await Promise.all(
      entries.map(({ item }) => {
        const instanceId = item?.Status === 'In_use' ? attachedInstanceOf(item) : undefined;
        return instanceId ? context.loaders.byId(instanceListing).load({ regionId, id: instanceId }) : null;
      }),
    );
    return Promise.all(
      entries.map(async ({ id, item }, index) => {
        if (!item) return 'InvalidDiskId.NotFound';
        if (item.Status !== 'In_use' && item.Status !== 'Available') return 'IncorrectDiskStatus';
        // An Available disk that was never attached shows no DetachedTime.
        if (item.Status === 'Available' && !item.DetachedTime) return 'IncorrectDiskStatus.NeverAttached';
        const instance = instances[index];
        if (instance) {
          if (isLockedForSecurity(instance)) return 'InstanceLockedForSecurity';
          if (instance.Status !== 'Running' && instance.Status !== 'Stopped')
            return 'IncorrectInstanceStatus';
        }
        const [creating, manual] = await Promise.all([
          countSnapshots(context, regionId, { DiskId: id, Status: 'progressing' }),
          countSnapshots(context, regionId, { DiskId: id, SnapshotType: 'user' }),
        ]);
        if (creating > 0) return 'IncorrectDiskStatus.CreatingSnapshot';
        if (manual >= SNAPSHOTS_PER_DISK[context.limits.name]) return 'QuotaExceed.Snapshot';
        return undefined;
      }),
    );
  },
});
