import { defineListing } from '../../../src/loaders/listing.js';
import { defineRelation } from '../../../src/loaders/relations.js';
import type { ActionResult } from '../../../src/spec/action.js';
import { defineAction } from '../../../src/spec/action.js';
import { p } from '../../../src/spec/params.js';
import { t } from '../../../src/spec/shape.js';
import { type FakeEcs, listingAnswer } from './fake-ecs.js';

/**
 * A paged, id-filtered Describe* action of the fixtures, shaped like DescribeDisks
 * (RegionId, an id list, a parent filter, PageNumber/PageSize, TotalCount), so the
 * loaders can be exercised before the real resource declarations exist.
 */
export const DescribeVolumes = defineAction({
  name: 'DescribeVolumes',
  summary: 'Lists volumes (test fixture).',
  idempotency: 'read',
  params: {
    RegionId: p.string({ required: true }),
    VolumeIds: p.idList({ max: 'ids' }),
    HostId: p.string(),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    Volumes: t.list(
      'Volume',
      t.object({
        VolumeId: t.string,
        RegionId: t.string,
        HostId: t.string,
        Status: t.string,
        CreationTime: t.string,
      }),
    ),
  },
  page: { list: 'Volumes' },
});

export type Volume = ActionResult<typeof DescribeVolumes>['Volumes'][number];

export const volumeListing = defineListing({
  action: DescribeVolumes,
  idsParam: 'VolumeIds',
  items: (result) => result.Volumes,
  idOf: (volume) => volume.VolumeId ?? '',
});

export const volumesOfHost = defineRelation({
  listing: volumeListing,
  parentParam: 'HostId',
  parentOf: (volume) => volume.HostId,
});

/** `count` volumes `v-001`... in a region, spread round-robin over `hosts` hosts `h-1`... */
export function makeVolumes(regionId: string, count: number, hosts = 5): Volume[] {
  return Array.from({ length: count }, (_, index) => ({
    VolumeId: `${regionId === 'cn-hangzhou' ? 'v' : 'q'}-${String(index + 1).padStart(3, '0')}`,
    RegionId: regionId,
    HostId: `h-${(index % hosts) + 1}`,
    Status: index === 0 ? 'Frozen' : index % 2 === 0 ? 'Available' : 'In_use',
    CreationTime: `2014-05-26T12:${String(index % 60).padStart(2, '0')}Z`,
  }));
}

export function withVolumes(ecs: FakeEcs, volumes: readonly Volume[]): FakeEcs {
  return ecs.answer(
    DescribeVolumes,
    listingAnswer(volumes, {
      list: 'Volumes',
      idsParam: 'VolumeIds',
      idOf: (volume) => volume.VolumeId ?? '',
      filters: { RegionId: (volume) => volume.RegionId, HostId: (volume) => volume.HostId },
    }),
  );
}
