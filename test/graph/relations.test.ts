import { describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/ecs/limits.js';
import { createByIdLoader } from '../../src/loaders/by-id.js';
import { chooseRelationPlan, createRelationLoader } from '../../src/loaders/relations.js';
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

function setup(volumes: readonly Volume[], maxPages = 20) {
  const ecs = withVolumes(new FakeEcs(), volumes);
  const byId = createByIdLoader(ecs, volumeListing, limits);
  const loader = createRelationLoader(ecs, volumesOfHost, limits, {
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
});
