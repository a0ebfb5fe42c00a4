import { describe, expectTypeOf, it } from 'vitest';
import type { Listing } from '../../src/loaders/listing.js';
import type { DiskRef } from '../../src/schema/disk.js';
import type { InstanceRef } from '../../src/schema/instance.js';
import type { SnapshotRef } from '../../src/schema/snapshot.js';
import type { ecsFetcherListings } from '../../src/watch/ecs-fetcher.js';
import type { ItemOf } from '../../src/watch/pool.js';

type ListedItem<L> = L extends Listing<infer _Action, infer Item> ? Item : never;
type Listings = typeof ecsFetcherListings;

// Checked by the type checker (npx tsc): a subscription may return a pool item as the graph's object.
describe('the items a pool yields', () => {
  it('are the items the graph builds Snapshot, Instance and Disk from', () => {
    expectTypeOf<ItemOf<'snapshot'>>().toEqualTypeOf<typeof SnapshotRef.$inferType>();
    expectTypeOf<ItemOf<'instance'>>().toEqualTypeOf<typeof InstanceRef.$inferType>();
    expectTypeOf<ItemOf<'disk'>>().toEqualTypeOf<typeof DiskRef.$inferType>();
  });

  it("are the items the fetcher's listings decode", () => {
    expectTypeOf<ListedItem<Listings['snapshot']>>().toEqualTypeOf<ItemOf<'snapshot'>>();
    expectTypeOf<ListedItem<Listings['instance']>>().toEqualTypeOf<ItemOf<'instance'>>();
    expectTypeOf<ListedItem<Listings['disk']>>().toEqualTypeOf<ItemOf<'disk'>>();
  });
});
