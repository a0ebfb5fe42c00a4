/** How many regions' counts the census keeps: every listing of every region of an account fits. */
export const CENSUS_ENTRIES = 1024;

export interface CensusEntry {
  /** The listing's unfiltered TotalCount in the region, as last seen. */
  readonly totalCount: number;
  /** When it was seen, on the gateway's clock. */
  readonly seenAt: number;
}

/**
 * The last known size of each listing in each region (its unfiltered TotalCount), kept
 * by the process across requests so that a request can plan its calls before its own
 * pages are back: whether a relation's deciding page is worth starting alongside the
 * page of its parents. Only the plan's cost rests on a count, never an answer: a stale
 * count can cost a wasted or a later call, within the estimate, and the answer is the
 * same. So it is kept in the process, synchronous, with no expiry, and bounded: past
 * CENSUS_ENTRIES the count seen longest ago is dropped.
 */
export class ListingCensus {
  readonly #entries = new Map<string, CensusEntry>();
  readonly #now: () => number;
  readonly #capacity: number;

  constructor(options: { readonly now?: () => number; readonly capacity?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#capacity = options.capacity ?? CENSUS_ENTRIES;
  }

  record(listing: string, regionId: string, totalCount: number): void {
    const key = censusKey(listing, regionId);
    // Re-inserted, so the map's order is the order counts were last seen in.
    this.#entries.delete(key);
    this.#entries.set(key, { totalCount, seenAt: this.#now() });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  get(listing: string, regionId: string): CensusEntry | undefined {
    return this.#entries.get(censusKey(listing, regionId));
  }

  /** The listing's last known unfiltered TotalCount in the region. */
  count(listing: string, regionId: string): number | undefined {
    return this.get(listing, regionId)?.totalCount;
  }

  get size(): number {
    return this.#entries.size;
  }
}

function censusKey(listing: string, regionId: string): string {
  return `${listing} ${regionId}`;
}
