import type { EcsCaller } from '../ecs/caller.js';
import { createByIdLoader } from '../loaders/by-id.js';
import { diskListing } from '../loaders/disks.js';
import { instanceListing } from '../loaders/instances.js';
import type { Listing } from '../loaders/listing.js';
import { snapshotListing } from '../loaders/snapshots.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import type { ItemOf, WatchFetcher, WatchKind } from './pool.js';

/** The listing each kind is polled through: the same declarations and decoding the graph's lookups use. */
export const ecsFetcherListings = {
  snapshot: snapshotListing,
  instance: instanceListing,
  disk: diskListing,
} as const;

/** The listing of a kind, typed by its item: WatchItems names the same item types the listings decode to. */
function listingOf<K extends WatchKind>(kind: K): Listing<AnyAction, ItemOf<K>> {
  return ecsFetcherListings[kind] as unknown as Listing<AnyAction, ItemOf<K>>;
}

/** The flow of every poll in the client's fair limiter: polls together take turns with each request. */
export const POLL_FLOW = 'watch-poll';

export interface EcsFetcherOptions {
  /**
   * The caller of polls: the shared cache's view with `fresh: true` (a poll is a fresh read
   * whose answer every request then gets), or the client itself when the cache is off.
   */
  readonly ecs: EcsCaller;
  /** The id limit chunks follow (DescribeSnapshots takes 10 SnapshotIds in the 2014 API, 100 today). */
  readonly limits: ApiLimits;
  /** The limiter flow of the polls; default POLL_FLOW. */
  readonly flow?: string;
}

/**
 * Fetches watched ids with the kind's Describe action and its id filter: ids chunked
 * to the id limit, one call per chunk with PageSize equal to the chunk (the by-id
 * loader's plan), chunks in parallel as the client's limiter allows. Any failed chunk
 * fails the fetch: the pool retries later rather than take that chunk's ids for gone.
 */
export function createEcsFetcher(options: EcsFetcherOptions): WatchFetcher {
  const { ecs, limits, flow = POLL_FLOW } = options;
  return async <K extends WatchKind>(
    kind: K,
    regionId: string,
    ids: readonly string[],
    signal?: AbortSignal,
  ) => {
    // The poll's signal goes to each call: a poll given up stops its calls and their retries.
    const polls: EcsCaller = {
      call: (action, input, callOptions) =>
        ecs.call(action, input, { flow, ...callOptions, ...(signal ? { signal } : {}) }),
    };
    // A loader of its own per poll: it must ask ECS every time, never answer from a previous poll.
    const loader = createByIdLoader(polls, listingOf(kind), limits);
    const results = await loader.loadMany(ids.map((id) => ({ regionId, id })));
    const found = new Map<string, ItemOf<K>>();
    for (const [index, result] of results.entries()) {
      if (result instanceof Error) throw result;
      if (result !== null) found.set(ids[index] as string, result);
    }
    return found;
  };
}
