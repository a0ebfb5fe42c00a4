import { describe, expect, it } from 'vitest';
import { parallelScript, type Request, sequentialScript } from '../../bench/lib/sdk-script.js';

/** A fake ECS in pop-core's JSON shapes: 3 instances, 2 disks each, 60 snapshots on the first disk, 1 on the others. */
function fakeEcs() {
  const calls: Array<{ action: string; params: Record<string, string | number> }> = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const page = <T>(all: T[], params: Record<string, string | number>) => {
    const size = Number(params.PageSize);
    const start = (Number(params.PageNumber) - 1) * size;
    return { TotalCount: all.length, items: all.slice(start, start + size) };
  };
  const request: Request = async (action, params) => {
    calls.push({ action, params });
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    if (action === 'DescribeInstances') {
      const { TotalCount, items } = page(['i-1', 'i-2', 'i-3'], params);
      return { TotalCount, Instances: { Instance: items.map((InstanceId) => ({ InstanceId })) } };
    }
    if (action === 'DescribeDisks') {
      const disks = [`${params.InstanceId}-d1`, `${params.InstanceId}-d2`];
      const { TotalCount, items } = page(disks, params);
      return { TotalCount, Disks: { Disk: items.map((DiskId) => ({ DiskId })) } };
    }
    const count = params.DiskId === 'i-1-d1' ? 60 : 1;
    const { TotalCount, items } = page(
      Array.from({ length: count }, (_, n) => `s-${n}`),
      params,
    );
    return { TotalCount, Snapshots: { Snapshot: items.map((SnapshotId) => ({ SnapshotId })) } };
  };
  return { request, calls, mostInFlight: () => mostInFlight };
}

const TREE = { instances: 3, disks: 6, snapshots: 65 };

describe('the SDK scripts', () => {
  it('sequentially: lists instances, then each one’s disks, then each disk’s snapshots, paging to TotalCount', async () => {
    const ecs = fakeEcs();
    expect(await sequentialScript(ecs.request, 'cn-hangzhou', 3)).toEqual(TREE);
    // 1 + 3 + 6 snapshot lists, one of which takes a second page of 50.
    expect(ecs.calls).toHaveLength(11);
    expect(ecs.calls[0]).toEqual({
      action: 'DescribeInstances',
      params: { RegionId: 'cn-hangzhou', PageNumber: 1, PageSize: 3 },
    });
    expect(ecs.calls.filter((c) => c.params.DiskId === 'i-1-d1').map((c) => c.params.PageNumber)).toEqual([
      1, 2,
    ]);
    expect(ecs.mostInFlight()).toBe(1);
  });

  it('with Promise.all: the same calls and answer, never more in flight than the bound', async () => {
    const ecs = fakeEcs();
    expect(await parallelScript(ecs.request, 'cn-hangzhou', 3, 2)).toEqual(TREE);
    expect(ecs.calls).toHaveLength(11);
    expect(ecs.mostInFlight()).toBe(2);
  });
});
