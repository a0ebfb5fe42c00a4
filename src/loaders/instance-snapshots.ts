import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { ApiLimits } from '../spec/limits.js';
import { asError, distinct, groupBy } from './batching.js';
import type { DiskItem } from './disks.js';
import type { ListedPage, ResourceKey } from './listing.js';
import { resourceCacheKey } from './listing.js';
import type { Collected } from './pages.js';
import {
  callFirstPage,
  collectRelationPages,
  DEFAULT_RELATION_PAGING,
  type RelationPaging,
  relationPages,
} from './relation-paging.js';
import { type DecidingPage, scanCalls, wholeRegionPage } from './relations.js';
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
  /** How the loader reads every page of a listing. Default DEFAULT_RELATION_PAGING. */
  readonly paging?: RelationPaging;
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
  const { maxPages, onItems, batching = true } = options;
  const pages = relationPages(snapshotListing, limits, options.paging ?? DEFAULT_RELATION_PAGING);

  async function fetchInstance(regionId: string, instanceId: string, results: Results) {
    try {
      const filter = { InstanceId: instanceId };
      const collected = await collectRelationPages(
        ecs,
        snapshotListing,
        { regionId, filter, maxPages },
        pages,
      );
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
      const whole = batching ? await wholeRegionPage(options.startedFirstPage?.(regionId), pages) : undefined;
      if (whole && (await scan(regionId, instanceIds, whole, 1, results))) return results;
      await Promise.all(instanceIds.map((instanceId) => fetchInstance(regionId, instanceId, results)));
      return results;
    }
    const first = await (options.firstPage?.(regionId) ??
      callFirstPage(ecs, snapshotListing, { regionId }, pages));
    // The scan also needs the disks relation, at least one call when the request has not
    // loaded them: its remaining pages plus that call must cost fewer than one per instance.
    const calls = scanCalls({ parents: instanceIds.length - 2, first, pages, maxPages });
    if (calls > 0 && (await scan(regionId, instanceIds, first, calls, results))) return results;
    if (calls === 0) onItems?.(regionId, first.items);
    await Promise.all(instanceIds.map((instanceId) => fetchInstance(regionId, instanceId, results)));
    return results;
  }

  /**
   * The region's pages from `first` on, at most `calls` calls, grouped by instance
   * through the disks relation; false, with nothing set, when they did not reach the
   * end of the listing.
   */
  async function scan(
    regionId: string,
    instanceIds: readonly string[],
    first: ListedPage<SnapshotItem>,
    calls: number,
    results: Results,
  ): Promise<boolean> {
    // The disks' failures stay apart until the scan is known to serve.
    const failed: Results = new Map();
    const [scanned, { instanceOfDisk, mapped }] = await Promise.all([
      collectRelationPages(ecs, snapshotListing, { regionId, maxPages: calls }, pages, first),
      attachedDisks(regionId, instanceIds, failed),
    ]);
    onItems?.(regionId, scanned.items);
    if (scanned.truncated) return false;
    for (const [instanceId, failure] of failed) results.set(instanceId, failure);
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
    return true;
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
