import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { ApiLimits } from '../spec/limits.js';
import { asError, distinct, groupBy } from './batching.js';
import type { DiskItem } from './disks.js';
import { callListingPage, type ListedPage, type ResourceKey, resourceCacheKey } from './listing.js';
import { type Collected, collectAllPages } from './pages.js';
import { chooseRelationPlan, type DecidingPage, wholeRegionPage } from './relations.js';
import { type SnapshotItem, snapshotListing } from './snapshots.js';

/**
 * The deciding page of the snapshots of instances: the region's unfiltered first page
 * of snapshots. Nothing bounds a disk's snapshots from below, so no parent count can
 * make it needless.
 */
export const instanceSnapshotsPlan: DecidingPage<typeof snapshotListing.action, SnapshotItem> = {
  listing: snapshotListing,
};

export type InstanceSnapshotsLoader = DataLoader<ResourceKey, Collected<SnapshotItem>, string>;

export interface InstanceSnapshotsOptions {
  /** Cap on calls for one instance's snapshots (per-instance plan) or one region (scan). */
  readonly maxPages: number;
  /** The disks attached to each instance: the request's disks relation loader. */
  readonly disks: DataLoader<ResourceKey, Collected<DiskItem>, string>;
  /** Sees every snapshot fetched, to prime the by-id cache. */
  readonly onItems?: (regionId: string, items: readonly SnapshotItem[]) => void;
  /** The deciding page of a region, fetched at most once per request (see RelationLoaderOptions). */
  readonly firstPage?: (regionId: string) => Promise<ListedPage<SnapshotItem>>;
  /** The deciding page of a region when something has already started it, else undefined. */
  readonly startedFirstPage?: (regionId: string) => Promise<ListedPage<SnapshotItem>> | undefined;
  /**
   * False: behave like a naive resolver, for comparison: every instance's snapshots
   * come from its own InstanceId listing (no batch, no scan, no cache).
   */
  readonly batching?: boolean;
}

type Results = Map<string, Collected<SnapshotItem> | Error>;

/**
 * Loads the snapshots of every disk attached to many instances at once (what
 * DescribeSnapshots with InstanceId answers). Per region: one instance is one filtered
 * listing; more cost one unfiltered first page at the API page size, then the cheaper
 * of one InstanceId listing per instance, or the rest of the region's pages grouped
 * locally. A snapshot names only its source disk, so the scan maps disks to instances
 * through the disks relation: free when the request loads those disks anyway, and at
 * least one call otherwise, which the comparison counts. Grouping keeps the listing's
 * order, so either plan gives an instance the same snapshots in the same order. The
 * deciding page may have been started early by the request (options.firstPage); one
 * started for a single instance serves it when it holds the whole region.
 */
export function createInstanceSnapshotsLoader(
  ecs: EcsCaller,
  limits: ApiLimits,
  options: InstanceSnapshotsOptions,
): InstanceSnapshotsLoader {
  const { pageSize } = limits;
  const { maxPages, onItems, batching = true } = options;

  async function fetchInstance(regionId: string, instanceId: string, results: Results) {
    try {
      const filter = { InstanceId: instanceId };
      const collected = await collectAllPages(ecs, snapshotListing, { regionId, filter, pageSize, maxPages });
      onItems?.(regionId, collected.items);
      results.set(instanceId, collected);
    } catch (error) {
      results.set(instanceId, asError(error));
    }
  }

  /**
   * Each instance's attached disk ids; instances whose disks are not all known are left
   * out, and those whose disks failed to load get that failure.
   */
  async function attachedDisks(regionId: string, instanceIds: readonly string[], results: Results) {
    const disks = await options.disks.loadMany(instanceIds.map((id) => ({ regionId, id })));
    const instanceOfDisk = new Map<string, string>();
    const mapped: string[] = [];
    instanceIds.forEach((instanceId, index) => {
      const collected = disks[index];
      if (collected instanceof Error) results.set(instanceId, collected);
      if (collected === undefined || collected instanceof Error || collected.truncated) return;
      for (const disk of collected.items) if (disk.DiskId) instanceOfDisk.set(disk.DiskId, instanceId);
      mapped.push(instanceId);
    });
    return { instanceOfDisk, mapped };
  }

  async function loadRegion(regionId: string, instanceIds: readonly string[]): Promise<Results> {
    const results: Results = new Map();
    if (instanceIds.length === 1 || !batching) {
      // A deciding page started early for nothing still serves when it holds the whole region.
      const whole = batching
        ? await wholeRegionPage(options.startedFirstPage?.(regionId), pageSize)
        : undefined;
      if (whole) return scan(regionId, instanceIds, whole, results);
      await Promise.all(instanceIds.map((instanceId) => fetchInstance(regionId, instanceId, results)));
      return results;
    }
    const first = await (options.firstPage?.(regionId) ??
      callListingPage(ecs, snapshotListing, { regionId, pageSize, pageNumber: 1 }));
    // The scan also needs the disks relation, at least one call when the request has not
    // loaded them: its remaining pages plus that call must cost fewer than one per instance.
    const plan = chooseRelationPlan({
      parents: instanceIds.length - 2,
      totalCount: first.totalCount,
      pageSize,
      maxPages,
    });
    if (plan === 'perParent') {
      onItems?.(regionId, first.items);
      await Promise.all(instanceIds.map((instanceId) => fetchInstance(regionId, instanceId, results)));
      return results;
    }
    return scan(regionId, instanceIds, first, results);
  }

  /** The region's every page from `first` on, grouped by instance through the disks relation. */
  async function scan(
    regionId: string,
    instanceIds: readonly string[],
    first: ListedPage<SnapshotItem>,
    results: Results,
  ): Promise<Results> {
    const query = { regionId, pageSize, maxPages };
    const [scanned, { instanceOfDisk, mapped }] = await Promise.all([
      collectAllPages(ecs, snapshotListing, query, first),
      attachedDisks(regionId, instanceIds, results),
    ]);
    onItems?.(regionId, scanned.items);
    const byInstance = groupBy(scanned.items, (snapshot) =>
      snapshot.SourceDiskId ? instanceOfDisk.get(snapshot.SourceDiskId) : undefined,
    );
    for (const instanceId of mapped) {
      const items = byInstance.get(instanceId) ?? [];
      results.set(instanceId, { items, totalCount: items.length, truncated: false });
    }
    // An instance whose disks were cut gets its own filtered call. One whose disks failed
    // keeps that failure: a call of its own would cost more than the estimate allows for.
    const unmapped = instanceIds.filter((instanceId) => !results.has(instanceId));
    await Promise.all(unmapped.map((instanceId) => fetchInstance(regionId, instanceId, results)));
    return results;
  }

  return new DataLoader<ResourceKey, Collected<SnapshotItem>, string>(
    async (keys) => {
      const byRegion = new Map<string, Results>();
      await Promise.all(
        [...groupBy(keys, (key) => key.regionId)].map(async ([regionId, regionKeys]) => {
          const instanceIds = distinct(regionKeys.map((key) => key.id));
          const results = await loadRegion(regionId, instanceIds).catch(
            (error: unknown): Results => new Map(instanceIds.map((id) => [id, asError(error)])),
          );
          byRegion.set(regionId, results);
        }),
      );
      return keys.map(
        (key) => byRegion.get(key.regionId)?.get(key.id) ?? new Error('instance snapshots not loaded'),
      );
    },
    batching ? { cacheKeyFn: resourceCacheKey } : { batch: false, cache: false },
  );
}
