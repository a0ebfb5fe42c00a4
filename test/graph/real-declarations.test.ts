import { describe, expect, it } from 'vitest';
import { defineListing } from '../../src/loaders/listing.js';
import { Loaders } from '../../src/loaders/loaders.js';
import { RegionDirectory } from '../../src/loaders/regions.js';
import { defineRelation } from '../../src/loaders/relations.js';
import type { ActionResult } from '../../src/spec/action.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { FakeEcs, listingAnswer } from './support/fake-ecs.js';

type Disk = ActionResult<typeof DescribeDisks>['Disks'][number];

// The declarations of the disk domain as a schema file will make them: the loaders
// accept the real DescribeDisks, and the fake checks calls against its real rules.
const diskListing = defineListing({
  action: DescribeDisks,
  idsParam: 'DiskIds',
  items: (result) => result.Disks,
  idOf: (disk) => disk.DiskId ?? '',
});
const disksOfInstance = defineRelation({
  listing: diskListing,
  parentParam: 'InstanceId',
  parentOf: (disk) => disk.InstanceId,
});

const disks: Disk[] = Array.from({ length: 12 }, (_, index) => ({
  DiskId: `d-${index + 1}`,
  RegionId: 'cn-hangzhou',
  InstanceId: `i-${(index % 3) + 1}`,
  OperationLocks: [],
  Tags: [],
}));

function loaders() {
  const ecs = new FakeEcs().answer(
    DescribeDisks,
    listingAnswer(disks, {
      list: 'Disks',
      idsParam: 'DiskIds',
      idOf: (disk) => disk.DiskId ?? '',
      filters: { RegionId: (disk) => disk.RegionId, InstanceId: (disk) => disk.InstanceId },
    }),
  );
  return {
    ecs,
    loaders: new Loaders({
      ecs,
      limits: API_LIMITS['2014'],
      regions: new RegionDirectory({ ttlMs: 1 }),
      allPagesCap: 20,
    }),
  };
}

describe('loaders over the real DescribeDisks declaration', () => {
  it('loads an instance’s disks, then serves those disks by id from the primed cache', async () => {
    const { ecs, loaders: request } = loaders();
    const children = await request.related(disksOfInstance).load({ regionId: 'cn-hangzhou', id: 'i-2' });
    expect(children.items.map((disk) => disk.DiskId)).toEqual(['d-2', 'd-5', 'd-8', 'd-11']);
    const disk = await request.byId(diskListing).load({ regionId: 'cn-hangzhou', id: 'd-5' });
    expect(disk?.InstanceId).toBe('i-2');
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeDisks',
        input: { RegionId: 'cn-hangzhou', InstanceId: 'i-2', PageNumber: 1, PageSize: 50 },
      },
    ]);
  });

  it('primes by-id lookups from a page', async () => {
    const { ecs, loaders: request } = loaders();
    const page = await request.page(
      diskListing,
      { regionId: 'cn-hangzhou' },
      { kind: 'page', number: 2, size: 5 },
    );
    expect(page).toMatchObject({ totalCount: 12, hasNextPage: true, pageNumber: 2 });
    expect((await request.byId(diskListing).load({ regionId: 'cn-hangzhou', id: 'd-7' }))?.DiskId).toBe(
      'd-7',
    );
    expect(ecs.calls).toHaveLength(1);
  });
});
