import { describe, expect, it } from 'vitest';
import { createByIdLoader } from '../../src/loaders/by-id.js';
import {
  chooseRelationPlan,
  createRelationLoader,
  defineRelation,
  perParentIsProven,
  type RelationLoaderOptions,
  scanCalls,
} from '../../src/loaders/relations.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { FakeEcs, FakeEcsError } from './support/fake-ecs.js';
import {
  DescribeVolumes,
  makeVolumes,
  type Volume,
  volumeListing,
  volumesOfHost,
  withVolumes,
} from './support/volumes.js';

const limits = API_LIMITS['2014'];

// The fixture's hosts are not listed by an action; the parent count comes from the loader option.
const volumesOfHostAtLeastOne = defineRelation({
  listing: volumeListing,
  parentParam: 'HostId',
  parentOf: (volume) => volume.HostId,
  parentListing: { name: 'DescribeHosts' },
  minChildrenPerParent: 1,
});

function setup(
  volumes: readonly Volume[],
  maxPages = 20,
  options: Partial<RelationLoaderOptions<Volume>> & { readonly relation?: typeof volumesOfHost } = {},
) {
  const ecs = withVolumes(new FakeEcs(), volumes);
  const byId = createByIdLoader(ecs, volumeListing, limits);
  const loader = createRelationLoader(ecs, options.relation ?? volumesOfHost, limits, {
    ...options,
    maxPages,
    onItems: (regionId, items) => {
      for (const item of items) byId.prime({ regionId, id: item.VolumeId as string }, item);
    },
  });
  const settle = (...hosts: string[]) =>
    loader.loadMany(hosts.map((id) => ({ regionId: 'cn-hangzhou', id })));
  const load = async (...hosts: string[]) =>
    (await settle(...hosts)).map((result) => {
      if (result instanceof Error) throw result;
      return result;
    });
  return { ecs, byId, load, settle };
}

const page = (number: number, extra: Record<string, unknown> = {}) => ({
  action: 'DescribeVolumes',
  input: { RegionId: 'cn-hangzhou', ...extra, PageNumber: number, PageSize: 50 },
});

describe('chooseRelationPlan', () => {
  it('scans when the rest of the region costs no more calls than one per parent', () => {
    expect(chooseRelationPlan({ parents: 3, totalCount: 200, pageSize: 50, maxPages: 20 })).toBe('scan');
    expect(chooseRelationPlan({ parents: 3, totalCount: 201, pageSize: 50, maxPages: 20 })).toBe('perParent');
    expect(chooseRelationPlan({ parents: 2, totalCount: 0, pageSize: 50, maxPages: 20 })).toBe('scan');
  });

  it('never scans a region the page cap would cut', () => {
    expect(chooseRelationPlan({ parents: 100, totalCount: 1001, pageSize: 50, maxPages: 20 })).toBe(
      'perParent',
    );
  });
});

describe('scanCalls', () => {
  const byNumber = { size: 100, byToken: false };
  const byToken = { size: 100, byToken: true };
  const page = (totalCount: number, nextToken?: string) => ({
    items: [],
    totalCount,
    pageNumber: 1,
    pageSize: 100,
    nextToken,
  });

  it('takes a first page that is the whole listing as the whole scan', () => {
    expect(scanCalls({ parents: 50, first: page(80), pages: byNumber, maxPages: 20 })).toBe(1);
    expect(scanCalls({ parents: 50, first: page(80), pages: byToken, maxPages: 20 })).toBe(1);
  });

  it('by number, scans up to the cap when the count says the rest costs no more than per parent', () => {
    expect(scanCalls({ parents: 5, first: page(600), pages: byNumber, maxPages: 20 })).toBe(20);
    expect(scanCalls({ parents: 4, first: page(600), pages: byNumber, maxPages: 20 })).toBe(0);
    expect(scanCalls({ parents: 50, first: page(2100), pages: byNumber, maxPages: 20 })).toBe(0);
  });

  it('by token, with no count, walks only as far as one call per parent, within the cap', () => {
    // A token page's totalCount is only its own items: it is not read.
    expect(scanCalls({ parents: 5, first: page(100, 't'), pages: byToken, maxPages: 20 })).toBe(5);
    expect(scanCalls({ parents: 50, first: page(100, 't'), pages: byToken, maxPages: 20 })).toBe(20);
    expect(scanCalls({ parents: 1, first: page(100, 't'), pages: byToken, maxPages: 20 })).toBe(0);
    expect(scanCalls({ parents: 5, first: page(100, 't'), pages: byToken, maxPages: 1 })).toBe(0);
  });
});

describe('perParentIsProven', () => {
  const known = { minChildrenPerParent: 1, pageSize: 50, maxPages: 20 };

  it('holds when the region’s children must fill at least a page per parent to load', () => {
    // S1's small case: 500 instances with a system disk each are 10 pages of disks; 5 parents.
    expect(perParentIsProven({ ...known, parents: 5, parentsInRegion: 500 })).toBe(true);
    expect(perParentIsProven({ ...known, parents: 10, parentsInRegion: 500 })).toBe(true);
    expect(perParentIsProven({ ...known, parents: 11, parentsInRegion: 500 })).toBe(false);
    expect(perParentIsProven({ ...known, parents: 2, parentsInRegion: 51 })).toBe(true);
    expect(perParentIsProven({ ...known, parents: 5, parentsInRegion: 200, minChildrenPerParent: 2 })).toBe(
      true,
    );
  });

  it('holds when a scan would pass the page cap, whatever the parents', () => {
    expect(perParentIsProven({ ...known, parents: 50, parentsInRegion: 1001 })).toBe(true);
  });

  it('never holds without a known parent count or a declared lower bound', () => {
    expect(perParentIsProven({ ...known, parents: 2, parentsInRegion: undefined })).toBe(false);
    expect(
      perParentIsProven({ ...known, parents: 2, parentsInRegion: 500, minChildrenPerParent: undefined }),
    ).toBe(false);
  });
});

describe('defineRelation', () => {
  it('rejects a lower bound of children that is not a positive integer', () => {
    expect(() =>
      defineRelation({
        listing: volumeListing,
        parentParam: 'HostId',
        parentOf: (volume) => volume.HostId,
        parentListing: { name: 'DescribeHosts' },
        minChildrenPerParent: 0,
      }),
    ).toThrow(
      'The relation of DescribeVolumes by HostId: minChildrenPerParent must be a positive integer; got 0.',
    );
  });
});

describe('relation loader', () => {
  it('fetches a single parent directly with its filter, all pages', async () => {
    const { ecs, load } = setup(makeVolumes('cn-hangzhou', 300, 2));
    const [children] = await load('h-1');
    expect(children).toMatchObject({ totalCount: 150, truncated: false });
    expect(children?.items).toHaveLength(150);
    expect(ecs.calls).toEqual([1, 2, 3].map((n) => page(n, { HostId: 'h-1' })));
  });

  it('scans a small region once and groups it locally for many parents', async () => {
    const { ecs, byId, load } = setup(makeVolumes('cn-hangzhou', 40, 5));
    const results = await load('h-1', 'h-2', 'h-9');
    expect(results.map((result) => result.items.length)).toEqual([8, 8, 0]);
    expect(results[0]?.items.every((volume) => volume.HostId === 'h-1')).toBe(true);
    expect(ecs.calls).toEqual([page(1)]);

    // The scan primed the by-id cache: no further call.
    expect((await byId.load({ regionId: 'cn-hangzhou', id: 'v-007' }))?.HostId).toBe('h-2');
    expect(ecs.calls).toHaveLength(1);
  });

  it('scans the remaining pages when they are fewer than the parents', async () => {
    const { ecs, load } = setup(makeVolumes('cn-hangzhou', 120, 4));
    const results = await load('h-1', 'h-2', 'h-3');
    expect(results.map((result) => result.items.length)).toEqual([30, 30, 30]);
    expect(ecs.calls).toEqual([page(1), page(2), page(3)]);
  });

  it('asks per parent after one first page when the region is large', async () => {
    const { ecs, load } = setup(makeVolumes('cn-hangzhou', 400, 50));
    const results = await load('h-1', 'h-2');
    expect(results.map((result) => result.items.length)).toEqual([8, 8]);
    expect(ecs.calls).toEqual([page(1), page(1, { HostId: 'h-1' }), page(1, { HostId: 'h-2' })]);
  });

  it('says when the page cap cut a parent’s children', async () => {
    const { ecs, load } = setup(makeVolumes('cn-hangzhou', 120, 1), 2);
    const [children] = await load('h-1');
    expect(children).toMatchObject({ totalCount: 120, truncated: true });
    expect(children?.items).toHaveLength(100);
    expect(ecs.calls).toEqual([page(1, { HostId: 'h-1' }), page(2, { HostId: 'h-1' })]);
  });

  it('fails every parent of a region whose first page failed', async () => {
    const { ecs, settle } = setup(makeVolumes('cn-hangzhou', 10, 2));
    ecs.failWhen(
      DescribeVolumes,
      () => true,
      new FakeEcsError('ServiceUnavailable', 'The service is unavailable.', 503),
    );
    const results = await settle('h-1', 'h-2');
    expect(results.map((result) => (result as FakeEcsError).code)).toEqual([
      'ServiceUnavailable',
      'ServiceUnavailable',
    ]);
    expect(ecs.calls).toHaveLength(1);
  });

  it('goes per parent without the deciding call when the parent count proves it, with the same children', async () => {
    const volumes = makeVolumes('cn-hangzhou', 400, 50);
    const counted: string[] = [];
    const proven = setup(volumes, 20, {
      relation: volumesOfHostAtLeastOne,
      parentsInRegion: (regionId) => {
        counted.push(regionId);
        return 100;
      },
    });
    const decided = setup(volumes, 20, { relation: volumesOfHostAtLeastOne });
    const results = await proven.load('h-1', 'h-2');
    expect(proven.ecs.calls).toEqual([page(1, { HostId: 'h-1' }), page(1, { HostId: 'h-2' })]);
    expect(counted).toEqual(['cn-hangzhou']);
    // Without a known parent count: the deciding page first, then the same per-parent calls.
    expect(await decided.load('h-1', 'h-2')).toEqual(results);
    expect(decided.ecs.calls).toEqual([page(1), page(1, { HostId: 'h-1' }), page(1, { HostId: 'h-2' })]);
  });

  it('still decides when the known parent count cannot prove per parent, and reports the region total', async () => {
    const totals: Array<[string, number]> = [];
    const { ecs, load } = setup(makeVolumes('cn-hangzhou', 120, 4), 20, {
      relation: volumesOfHostAtLeastOne,
      parentsInRegion: () => 100,
      onRegionTotal: (regionId, total) => totals.push([regionId, total]),
    });
    const results = await load('h-1', 'h-2', 'h-3');
    // 100 parents prove 2 pages, fewer than 3 parents: the first page decides, and the scan wins.
    expect(results.map((result) => result.items.length)).toEqual([30, 30, 30]);
    expect(ecs.calls).toEqual([page(1), page(2), page(3)]);
    expect(totals).toEqual([['cn-hangzhou', 120]]);
  });

  it('with batching off, fetches every parent’s children with its own calls, every page, nothing cached', async () => {
    const { ecs, load } = setup(makeVolumes('cn-hangzhou', 120, 2), 20, { batching: false });
    const results = await load('h-1', 'h-2', 'h-1');
    expect(results.map((result) => result.items.length)).toEqual([60, 60, 60]);
    expect(ecs.calls).toEqual([
      page(1, { HostId: 'h-1' }),
      page(1, { HostId: 'h-2' }),
      page(1, { HostId: 'h-1' }),
      page(2, { HostId: 'h-1' }),
      page(2, { HostId: 'h-2' }),
      page(2, { HostId: 'h-1' }),
    ]);
  });
});
