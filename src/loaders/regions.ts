import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { ActionResult } from '../spec/action.js';
import { DescribeRegions, DescribeZones } from '../spec/actions/regions.js';
import { asError } from './batching.js';

export type RegionItem = ActionResult<typeof DescribeRegions>['Regions'][number];
/** A zone as DescribeZones lists it, with the region it was listed in. */
export type ZoneItem = ActionResult<typeof DescribeZones>['Zones'][number] & { readonly regionId: string };

/**
 * The account's regions, shared by every request of the process for `ttlMs`: they
 * change a few times a year, and nearly every query starts from them. A failed call
 * is not remembered; concurrent requests share one call in flight.
 */
export class RegionDirectory {
  readonly #ttlMs: number;
  readonly #now: () => number;
  #cached: { readonly regions: readonly RegionItem[]; readonly expiresAt: number } | undefined;
  #inFlight: Promise<readonly RegionItem[]> | undefined;

  constructor(options: { readonly ttlMs: number; readonly now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** The regions when a fresh list is held, without calling ECS. */
  peek(): readonly RegionItem[] | undefined {
    return this.#cached && this.#now() < this.#cached.expiresAt ? this.#cached.regions : undefined;
  }

  /** The regions, calling DescribeRegions with the given caller when none are fresh. */
  list(ecs: EcsCaller): Promise<readonly RegionItem[]> {
    if (this.#cached && this.#now() < this.#cached.expiresAt) return Promise.resolve(this.#cached.regions);
    this.#inFlight ??= ecs
      .call(DescribeRegions, {})
      .then((result) => {
        this.#cached = { regions: result.Regions, expiresAt: this.#now() + this.#ttlMs };
        return result.Regions;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }
}

/** Per request: the zones of each region, one DescribeZones per region, regions in parallel. */
export function createZonesLoader(ecs: EcsCaller): DataLoader<string, readonly ZoneItem[]> {
  return new DataLoader<string, readonly ZoneItem[]>((regionIds) =>
    Promise.all(
      regionIds.map((regionId) =>
        ecs
          .call(DescribeZones, { RegionId: regionId })
          .then((result) => result.Zones.map((zone) => ({ ...zone, regionId })), asError),
      ),
    ),
  );
}
