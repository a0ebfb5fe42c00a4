import { describe, expect, it } from 'vitest';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { listingAnswer } from './support/fake-ecs.js';
import { execute, regionGateway } from './support/gateway.js';

type Row = Record<string, string>;

// Two disks on i-1, one on i-2, one on none (Available: ECS sends an empty InstanceId).
const DISKS: Row[] = [
  { DiskId: 'd-1', InstanceId: 'i-1', Status: 'In_use' },
  { DiskId: 'd-2', InstanceId: 'i-1', Status: 'In_use' },
  { DiskId: 'd-3', InstanceId: 'i-2', Status: 'In_use' },
  { DiskId: 'd-4', InstanceId: '', Status: 'Available' },
].map((disk) => ({ ...disk, RegionId: 'cn-hangzhou' }));

/** Two snapshots of each listed disk, then `others` of disks not listed. */
function snapshots(others: number): Row[] {
  const own = DISKS.flatMap((disk) =>
    [1, 2].map((n) => ({ SnapshotId: `s-${disk.DiskId}-${n}`, SourceDiskId: disk.DiskId as string })),
  );
  const rest = Array.from({ length: others }, (_, n) => ({
    SnapshotId: `s-other-${n}`,
    SourceDiskId: 'd-gone',
  }));
  return [...own, ...rest].map((snapshot) => ({ ...snapshot, RegionId: 'cn-hangzhou' }));
}

function gateway(otherSnapshots: number, options: Parameters<typeof regionGateway>[0] = {}) {
  const context = regionGateway({ maxUpstreamCalls: 10_000, ...options });
  const instanceOf = new Map(DISKS.map((disk) => [disk.DiskId, disk.InstanceId]));
  context.ecs
    .answer(
      DescribeInstances,
      listingAnswer(
        ['i-1', 'i-2'].map((id) => ({ InstanceId: id, RegionId: 'cn-hangzhou' })),
        {
          list: 'Instances',
          idsParam: 'InstanceIds',
          idOf: (instance) => instance.InstanceId,
          filters: { RegionId: (instance) => instance.RegionId },
        },
      ),
    )
    .answer(
      DescribeDisks,
      listingAnswer(DISKS, {
        list: 'Disks',
        idsParam: 'DiskIds',
        idOf: (disk) => disk.DiskId as string,
        filters: { RegionId: (disk) => disk.RegionId, InstanceId: (disk) => disk.InstanceId },
      }),
    )
    .answer(
      DescribeSnapshots,
      listingAnswer(snapshots(otherSnapshots), {
        list: 'Snapshots',
        idsParam: 'SnapshotIds',
        idOf: (snapshot) => snapshot.SnapshotId as string,
        filters: {
          RegionId: (snapshot) => snapshot.RegionId,
          DiskId: (snapshot) => snapshot.SourceDiskId,
          InstanceId: (snapshot) => instanceOf.get(snapshot.SourceDiskId as string) || undefined,
        },
      }),
    );
  return context;
}

const QUERY = `{ disks { nodes { id instance { id } snapshots(page: { size: 1 }) { totalCount hasNextPage nodes { id } } } } }`;

describe('Disk.snapshots', () => {
  it('asks once per instance for attached disks and once per disk for the others, when the region is large', async () => {
    // 8 own + 250 others: 6 pages of 50, more than the 3 calls per parent.
    const { gateway: gw, ecs } = gateway(250);
    const result = await execute<{
      disks: { nodes: { id: string; instance: unknown; snapshots: unknown }[] };
    }>(gw, QUERY);
    expect(result.errors).toBeUndefined();
    const snapshotCalls = ecs.calls
      .filter((call) => call.action === 'DescribeSnapshots')
      .map((call) => call.input);
    expect(snapshotCalls).toEqual([
      { RegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 50 },
      { RegionId: 'cn-hangzhou', InstanceId: 'i-1', PageNumber: 1, PageSize: 50 },
      { RegionId: 'cn-hangzhou', InstanceId: 'i-2', PageNumber: 1, PageSize: 50 },
      { RegionId: 'cn-hangzhou', DiskId: 'd-4', PageNumber: 1, PageSize: 50 },
    ]);
    expect(result.data?.disks.nodes.map((disk) => disk.snapshots)).toEqual(
      DISKS.map((disk) => ({ totalCount: 2, hasNextPage: true, nodes: [{ id: `s-${disk.DiskId}-1` }] })),
    );
    // An Available disk has no instance, and asking costs nothing: one lookup for i-1 and i-2.
    expect(result.data?.disks.nodes.map((disk) => disk.instance)).toEqual([
      { id: 'i-1' },
      { id: 'i-1' },
      { id: 'i-2' },
      null,
    ]);
    expect(ecs.calls.filter((call) => call.action === 'DescribeInstances').map((call) => call.input)).toEqual(
      [{ RegionId: 'cn-hangzhou', InstanceIds: ['i-1', 'i-2'], PageNumber: 1, PageSize: 2 }],
    );
  });

  it('scans the region in one call when it is small, and groups locally', async () => {
    const { gateway: gw, ecs } = gateway(0);
    const result = await execute(gw, QUERY.replace('instance { id } ', ''));
    expect(result.errors).toBeUndefined();
    expect(ecs.actions()).toEqual(['DescribeDisks', 'DescribeSnapshots']);
  });
});

describe('the cost estimate of relation fields', () => {
  it('counts the snapshots of an instance list once per instance, each at the page cap', async () => {
    const { gateway: gw, ecs } = regionGateway();
    const result = await execute(
      gw,
      '{ instances(page: { size: 50 }) { nodes { disks { nodes { snapshots { totalCount } } } } } }',
    );
    // 1 page of instances; 50 for their disks (17 at most: one page each) + 1 to choose the
    // plan; the snapshots of those disks, one shared listing per instance of up to 20 pages,
    // + 2 to choose the plan (the disks can arrive in two batches).
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'TOO_MANY_UPSTREAM_CALLS',
      estimate: 1 + (50 + 1) + (50 * 20 + 2),
    });
    expect(ecs.calls).toEqual([]);
  });

  it('counts one call to choose the plan and the page cap per parent where no sharing applies', async () => {
    const { gateway: gw, ecs } = regionGateway({ maxUpstreamCalls: 51 });
    const result = await execute(gw, '{ disks(page: { size: 50 }) { nodes { snapshots { totalCount } } } }');
    // 1 page of disks from many instances; 1 + 50 × 20 pages for their snapshots.
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_UPSTREAM_CALLS', estimate: 1002 });
    expect(ecs.calls).toEqual([]);
  });

  it('with batching off, counts one call per parent and per id, as the naive loaders make them', async () => {
    const query =
      '{ instances(page: { size: 5 }) { nodes { disks(page: { size: 4 }) { nodes { instance { id } snapshots { totalCount } } } } } }';
    const estimate = async (batching: boolean) => {
      const { gateway: gw, ecs } = regionGateway({ maxUpstreamCalls: 1, batching });
      const result = await execute(gw, query);
      expect(ecs.calls).toEqual([]);
      return result.errors?.[0]?.extensions?.estimate;
    };
    // 1 page; 5 for the disks + 1 to choose the plan; 20 disks' instances by id, 10 ids a
    // call, in up to 2 batches: 3; their snapshots, one shared listing of up to 20 pages per
    // instance, + 2 to choose the plan.
    expect(await estimate(true)).toBe(1 + 6 + 3 + (100 + 2));
    // 1 page; 5 for the disks; 20 for their instances, one per id; 20 × 20 for their snapshots, per disk.
    expect(await estimate(false)).toBe(1 + 5 + 20 + 400);
  });

  it('accepts the every-region inventory on the real region count, read once and then cached', async () => {
    // The default cap of 200.
    const { gateway: gw, ecs } = gateway(0, { maxUpstreamCalls: 200, debug: true });
    const inventory = '{ regions { instances(page: { all: true }) { nodes { id } } } }';
    const estimates = [];
    for (const round of [1, 2]) {
      ecs.calls.length = 0;
      const result = await execute<{ regions: { instances: { nodes: unknown[] } }[] }>(gw, inventory);
      expect(result.errors).toBeUndefined();
      expect(result.data?.regions.map((region) => region.instances.nodes.length)).toEqual([2, 0]);
      // The region list is read before the estimate, once; the next request finds it cached.
      expect(ecs.actions()).toEqual(
        round === 1
          ? ['DescribeRegions', 'DescribeInstances', 'DescribeInstances']
          : ['DescribeInstances', 'DescribeInstances'],
      );
      estimates.push((result.extensions?.upstream as { estimate: number } | undefined)?.estimate);
    }
    // 1 region list + 2 regions × the page cap of 20, not 1 + 30 assumed regions × 20 = 601.
    expect(estimates).toEqual([41, 41]);
  });

  it('still refuses a nested query over every region, after reading only the region list', async () => {
    const { gateway: gw, ecs } = regionGateway();
    const result = await execute(
      gw,
      '{ regions { instances(page: { size: 50 }) { nodes { disks { nodes { snapshots { totalCount } } } } } } }',
    );
    // 1 region list, read to count the regions (2); a page of instances in each; 100 for
    // their disks + 2 to choose the plans; 100 × 20 for the snapshots (one shared listing
    // per instance) + 4 to choose the plans.
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'TOO_MANY_UPSTREAM_CALLS',
      estimate: 1 + 2 + (100 + 2) + (2000 + 4),
    });
    expect(ecs.actions()).toEqual(['DescribeRegions']);
  });
});
