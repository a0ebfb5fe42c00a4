import { describe, expect, it } from 'vitest';
import { createByIdLoader } from '../../src/loaders/by-id.js';
import { disksOfInstance } from '../../src/loaders/disks.js';
import { createInstanceSnapshotsLoader } from '../../src/loaders/instance-snapshots.js';
import type { Collected } from '../../src/loaders/pages.js';
import { createRelationLoader } from '../../src/loaders/relations.js';
import { type SnapshotItem, snapshotListing } from '../../src/loaders/snapshots.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { FakeEcs, FakeEcsError, listingAnswer } from './support/fake-ecs.js';

const limits = API_LIMITS['2014'];
const REGION = 'cn-hangzhou';

type Row = Record<string, string>;

/**
 * `instances` instances i-1… with `disks` disks each, `unattached` disks on none, and
 * `snapshots` snapshots of every disk, made round by round across all disks, so the
 * snapshots of one instance are interleaved with the others' in the listing.
 */
function estate(sizes: { instances: number; disks: number; unattached?: number; snapshots: number }) {
  const disks: Row[] = [];
  for (let i = 1; i <= sizes.instances; i++)
    for (let d = 1; d <= sizes.disks; d++) disks.push({ DiskId: `d-${i}-${d}`, InstanceId: `i-${i}` });
  for (let d = 1; d <= (sizes.unattached ?? 0); d++) disks.push({ DiskId: `d-free-${d}`, InstanceId: '' });
  const snapshots: Row[] = [];
  for (let round = 1; round <= sizes.snapshots; round++)
    for (const disk of disks)
      snapshots.push({ SnapshotId: `s-${disk.DiskId}-${round}`, SourceDiskId: disk.DiskId as string });
  return { disks, snapshots };
}

function setup(rows: ReturnType<typeof estate>, maxPages = 20, batching = true) {
  const instanceOf = new Map(rows.disks.map((disk) => [disk.DiskId, disk.InstanceId]));
  const inRegion = (row: Row): Row => ({ ...row, RegionId: REGION });
  const ecs = new FakeEcs(limits)
    .answer(
      DescribeDisks,
      listingAnswer(rows.disks.map(inRegion), {
        list: 'Disks',
        idsParam: 'DiskIds',
        idOf: (disk) => disk.DiskId as string,
        filters: { RegionId: (disk) => disk.RegionId, InstanceId: (disk) => disk.InstanceId },
      }),
    )
    .answer(
      DescribeSnapshots,
      listingAnswer(rows.snapshots.map(inRegion), {
        list: 'Snapshots',
        idsParam: 'SnapshotIds',
        idOf: (snapshot) => snapshot.SnapshotId as string,
        filters: {
          RegionId: (snapshot) => snapshot.RegionId,
          // As ECS: the snapshots of the disks attached to the instance now.
          InstanceId: (snapshot) => instanceOf.get(snapshot.SourceDiskId as string) || undefined,
        },
      }),
    );
  const byId = createByIdLoader(ecs, snapshotListing, limits);
  const disks = createRelationLoader(ecs, disksOfInstance, limits, { maxPages });
  const loader = createInstanceSnapshotsLoader(ecs, limits, {
    maxPages,
    batching,
    disks,
    onItems: (regionId, items) => {
      for (const item of items) byId.prime({ regionId, id: item.SnapshotId as string }, item);
    },
  });
  const settle = (...instances: number[]) =>
    loader.loadMany(instances.map((n) => ({ regionId: REGION, id: `i-${n}` })));
  const load = async (...instances: number[]) =>
    (await settle(...instances)).map((result) => {
      if (result instanceof Error) throw result;
      return result;
    });
  return { ecs, byId, disks, loader, load, settle };
}

const call = (action: string, number: number, extra: Record<string, unknown> = {}) => ({
  action,
  input: { RegionId: REGION, ...extra, PageNumber: number, PageSize: 50 },
});
const snapshotsPage = (number: number, extra?: Record<string, unknown>) =>
  call('DescribeSnapshots', number, extra);
const disksPage = (number: number, extra?: Record<string, unknown>) => call('DescribeDisks', number, extra);

/** What a per-instance call answers: ids in listing order and the count. */
const view = (collected: Collected<SnapshotItem>) => ({
  ids: collected.items.map((snapshot) => snapshot.SnapshotId),
  totalCount: collected.totalCount,
  truncated: collected.truncated,
});

describe('instance snapshots loader', () => {
  it('lists one instance with one InstanceId call per page, and no disks', async () => {
    const { ecs, load } = setup(estate({ instances: 30, disks: 3, snapshots: 20 }));
    const [snapshots] = await load(7);
    // 3 disks × 20 snapshots: two pages of 50.
    expect(snapshots && view(snapshots)).toMatchObject({ totalCount: 60, truncated: false });
    expect(snapshots?.items).toHaveLength(60);
    expect(ecs.calls).toEqual([
      snapshotsPage(1, { InstanceId: 'i-7' }),
      snapshotsPage(2, { InstanceId: 'i-7' }),
    ]);
  });

  it('scans a small region for several instances: the deciding page, the rest, and the disks relation', async () => {
    // 10 instances × 2 disks × 6 snapshots: 120 snapshots, 3 pages; 20 disks, 1 page.
    const { ecs, byId, load } = setup(estate({ instances: 10, disks: 2, snapshots: 6 }));
    const results = await load(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    expect(results.map((result) => result.totalCount)).toEqual(Array(10).fill(12));
    expect(results[0]?.items.every((snapshot) => snapshot.SourceDiskId?.startsWith('d-1-'))).toBe(true);
    expect(ecs.calls[0]).toEqual(snapshotsPage(1));
    expect(ecs.calls.slice(1)).toEqual(
      expect.arrayContaining([snapshotsPage(2), snapshotsPage(3), disksPage(1)]),
    );
    expect(ecs.calls).toHaveLength(4);

    // Every listed snapshot primed the lookup by id.
    expect((await byId.load({ regionId: REGION, id: 's-d-4-2-6' }))?.SourceDiskId).toBe('d-4-2');
    expect(ecs.calls).toHaveLength(4);
  });

  it('takes one InstanceId call per instance in a large region, after the deciding page', async () => {
    // 40 instances × 2 disks × 3 snapshots: 240 snapshots, 5 pages, for 3 instances.
    const { ecs, load } = setup(estate({ instances: 40, disks: 2, snapshots: 3 }));
    const results = await load(3, 1, 2);
    expect(results.map((result) => result.totalCount)).toEqual([6, 6, 6]);
    expect(ecs.calls).toEqual([
      snapshotsPage(1),
      snapshotsPage(1, { InstanceId: 'i-3' }),
      snapshotsPage(1, { InstanceId: 'i-1' }),
      snapshotsPage(1, { InstanceId: 'i-2' }),
    ]);
  });

  it('counts the disks relation: a scan must cost fewer calls than one per instance, disks included', async () => {
    // 4 instances × 1 disk × 50 snapshots: 200 snapshots, 4 pages; 3 more pages and a disks call are 4.
    const rows = estate({ instances: 4, disks: 1, snapshots: 50 });
    const { ecs, load } = setup(rows);
    await load(1, 2, 3, 4);
    expect(ecs.calls.filter((entry) => entry.input.InstanceId !== undefined)).toHaveLength(4);
    expect(ecs.actions()).not.toContain('DescribeDisks');
  });

  it('gives each instance the same snapshots, order and count whichever plan runs', async () => {
    const rows = estate({ instances: 12, disks: 3, unattached: 5, snapshots: 4 });
    const instances = Array.from({ length: 12 }, (_, index) => index + 1);
    // 164 snapshots: 4 pages, fewer than 12 instances, so a scan.
    const scan = setup(rows);
    const scanned = await scan.load(...instances);
    expect(scan.ecs.calls.filter((entry) => entry.input.InstanceId !== undefined)).toEqual([]);
    // A page cap of 3 refuses the 4-page scan: one call per instance.
    const perInstance = setup(rows, 3);
    const listed = await perInstance.load(...instances);
    expect(perInstance.ecs.calls.filter((entry) => entry.input.InstanceId !== undefined)).toHaveLength(12);

    expect(scanned.map(view)).toEqual(listed.map(view));
    expect(scanned[4] && view(scanned[4])).toEqual({
      ids: [1, 2, 3, 4].flatMap((round) => [1, 2, 3].map((disk) => `s-d-5-${disk}-${round}`)),
      totalCount: 12,
      truncated: false,
    });
  });

  it('shares the disks the request loads anyway: no second DescribeDisks', async () => {
    const { ecs, disks, loader } = setup(estate({ instances: 10, disks: 2, snapshots: 6 }));
    const keys = [1, 2, 3, 4].map((n) => ({ regionId: REGION, id: `i-${n}` }));
    const [attached, snapshots] = await Promise.all([disks.loadMany(keys), loader.loadMany(keys)]);
    expect(attached.every((result) => !(result instanceof Error) && result.totalCount === 2)).toBe(true);
    expect(snapshots.every((result) => !(result instanceof Error) && result.totalCount === 12)).toBe(true);
    // The disks relation's own deciding page covers its single-page region.
    expect(ecs.actions().filter((action) => action === 'DescribeDisks')).toEqual(['DescribeDisks']);
  });

  it('fails the instances whose disks fail to load with that error, and calls no more', async () => {
    const { ecs, settle } = setup(estate({ instances: 10, disks: 2, snapshots: 6 }));
    // The disks relation's one call (a first page that covers the region) fails.
    ecs.failWhen(DescribeDisks, () => true, new FakeEcsError('ServiceUnavailable', 'try later', 503));
    const results = await settle(1, 2, 3, 4);
    expect(results.map((result) => (result instanceof FakeEcsError ? result.code : result))).toEqual(
      Array(4).fill('ServiceUnavailable'),
    );
    // The scan ran (3 pages); no InstanceId listing follows: the estimate does not allow for one.
    expect(ecs.calls.filter((entry) => entry.action === 'DescribeSnapshots')).toEqual([
      snapshotsPage(1),
      snapshotsPage(2),
      snapshotsPage(3),
    ]);
  });

  it('with batching off, lists each instance on its own, every time', async () => {
    const { ecs, load } = setup(estate({ instances: 10, disks: 2, snapshots: 6 }), 20, false);
    const results = await load(1, 2, 3, 4, 1);
    expect(results.map((result) => result.totalCount)).toEqual([12, 12, 12, 12, 12]);
    expect(ecs.calls).toEqual([1, 2, 3, 4, 1].map((n) => snapshotsPage(1, { InstanceId: `i-${n}` })));
  });

  it('fails every instance of a region whose scan fails, with the ECS error', async () => {
    const { ecs, settle } = setup(estate({ instances: 10, disks: 2, snapshots: 6 }));
    ecs.failWhen(
      DescribeSnapshots,
      (input) => input.PageNumber === 2,
      new FakeEcsError('Throttling', 'slow down'),
    );
    const results = await settle(1, 2, 3, 4);
    expect(results.map((result) => (result instanceof FakeEcsError ? result.code : result))).toEqual(
      Array(4).fill('Throttling'),
    );
    expect(ecs.calls.filter((entry) => entry.input.InstanceId !== undefined)).toEqual([]);
  });
});
