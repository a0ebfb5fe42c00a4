import { describe, expect, it } from 'vitest';
import { createByIdLoader } from '../../src/loaders/by-id.js';
import { defineListing } from '../../src/loaders/listing.js';
import { DescribeRegions } from '../../src/spec/actions/regions.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { FakeEcs, FakeEcsError } from './support/fake-ecs.js';
import { DescribeVolumes, makeVolumes, volumeListing, withVolumes } from './support/volumes.js';

const hangzhou = makeVolumes('cn-hangzhou', 30);
const qingdao = makeVolumes('cn-qingdao', 4);

describe('by-id loader', () => {
  it('chunks ids to the declared limit, keeps key order, and resolves missing ids to null without another call', async () => {
    const ecs = withVolumes(new FakeEcs(), [...hangzhou, ...qingdao]);
    const loader = createByIdLoader(ecs, volumeListing, API_LIMITS['2014']);
    // 21 existing ids, newest first, with 2 unknown ids among them: 23 keys.
    const ids = [...hangzhou.slice(0, 21).map((volume) => volume.VolumeId as string)].reverse();
    ids.splice(5, 0, 'v-missing-1');
    ids.splice(17, 0, 'v-missing-2');
    const results = await loader.loadMany(ids.map((id) => ({ regionId: 'cn-hangzhou', id })));

    expect(results.map((result) => (result as { VolumeId?: string } | null)?.VolumeId ?? null)).toEqual(
      ids.map((id) => (id.startsWith('v-missing') ? null : id)),
    );
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeVolumes',
        input: { RegionId: 'cn-hangzhou', VolumeIds: ids.slice(0, 10), PageNumber: 1, PageSize: 10 },
      },
      {
        action: 'DescribeVolumes',
        input: { RegionId: 'cn-hangzhou', VolumeIds: ids.slice(10, 20), PageNumber: 1, PageSize: 10 },
      },
      {
        action: 'DescribeVolumes',
        input: { RegionId: 'cn-hangzhou', VolumeIds: ids.slice(20), PageNumber: 1, PageSize: 3 },
      },
    ]);

    // Known and missing ids alike are cached for the request.
    await loader.load({ regionId: 'cn-hangzhou', id: 'v-missing-1' });
    await loader.load({ regionId: 'cn-hangzhou', id: ids[0] as string });
    expect(ecs.calls).toHaveLength(3);
  });

  it('groups keys by region, one call per region under the current limits', async () => {
    const ecs = withVolumes(new FakeEcs(API_LIMITS.current), [...hangzhou, ...qingdao]);
    const loader = createByIdLoader(ecs, volumeListing, API_LIMITS.current);
    const [a, b, c] = await Promise.all([
      loader.load({ regionId: 'cn-qingdao', id: 'q-002' }),
      loader.load({ regionId: 'cn-hangzhou', id: 'v-002' }),
      // The same id in another region is another resource: not there.
      loader.load({ regionId: 'cn-qingdao', id: 'v-002' }),
    ]);
    expect([a?.VolumeId, b?.VolumeId, c]).toEqual(['q-002', 'v-002', null]);
    expect(ecs.calls).toEqual([
      {
        action: 'DescribeVolumes',
        input: { RegionId: 'cn-qingdao', VolumeIds: ['q-002', 'v-002'], PageNumber: 1, PageSize: 2 },
      },
      {
        action: 'DescribeVolumes',
        input: { RegionId: 'cn-hangzhou', VolumeIds: ['v-002'], PageNumber: 1, PageSize: 1 },
      },
    ]);
  });

  it('fails only the keys of a failed call', async () => {
    const ecs = withVolumes(new FakeEcs(), [...hangzhou, ...qingdao]).failWhen(
      DescribeVolumes,
      (input) => input.RegionId === 'cn-hangzhou',
      new FakeEcsError('Throttling', 'Request was denied due to request throttling.', 503),
    );
    const loader = createByIdLoader(ecs, volumeListing, API_LIMITS['2014']);
    const results = await loader.loadMany([
      { regionId: 'cn-hangzhou', id: 'v-001' },
      { regionId: 'cn-qingdao', id: 'q-001' },
    ]);
    expect(results[0]).toBeInstanceOf(FakeEcsError);
    expect((results[0] as FakeEcsError).code).toBe('Throttling');
    expect((results[1] as { VolumeId?: string }).VolumeId).toBe('q-001');
  });

  it('with batching off, makes one call per lookup, one id each, nothing cached', async () => {
    const ecs = withVolumes(new FakeEcs(), hangzhou);
    const loader = createByIdLoader(ecs, volumeListing, API_LIMITS['2014'], { batching: false });
    const ids = ['v-003', 'v-001', 'v-003'];
    const results = await loader.loadMany(ids.map((id) => ({ regionId: 'cn-hangzhou', id })));
    expect(results.map((result) => (result as { VolumeId?: string } | null)?.VolumeId)).toEqual(ids);
    expect(ecs.calls).toEqual(
      ids.map((id) => ({
        action: 'DescribeVolumes',
        input: { RegionId: 'cn-hangzhou', VolumeIds: [id], PageNumber: 1, PageSize: 1 },
      })),
    );
  });
});

describe('defineListing', () => {
  it('refuses an action that is not a paged regional listing with that id filter', () => {
    expect(() =>
      defineListing({
        action: DescribeRegions,
        idsParam: 'RegionIds' as never,
        items: (result) => result.Regions,
        idOf: (region) => region.RegionId ?? '',
      }),
    ).toThrow(
      'DescribeRegions cannot back a listing: RegionIds is not an id-list parameter; it takes no RegionId parameter; it takes no PageNumber parameter; it takes no PageSize parameter.',
    );
  });
});
