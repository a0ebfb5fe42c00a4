import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOptions, EcsCaller } from '../../src/ecs/caller.js';
import { ReadCache } from '../../src/ecs/read-cache/read-cache.js';
import { instanceListing } from '../../src/loaders/instances.js';
import { collectAllPages } from '../../src/loaders/pages.js';
import { snapshotListing } from '../../src/loaders/snapshots.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { API_LIMITS, type ApiLimits } from '../../src/spec/limits.js';
import { createEcsFetcher, POLL_FLOW } from '../../src/watch/ecs-fetcher.js';
import { MAIN_REGION, type ReadStack, startReadStack } from '../integration/read-stack.js';

/** A caller over the stack's client that records each call's action, id filter, page size and flow. */
function recorder(stack: ReadStack) {
  const calls: { action: string; ids: number; pageSize: unknown; flow: string | undefined }[] = [];
  const ecs: EcsCaller = {
    call(action, input, options?: CallOptions) {
      const fields = input as Record<string, unknown>;
      const filter = fields.SnapshotIds ?? fields.InstanceIds ?? fields.DiskIds;
      calls.push({
        action: action.name,
        ids: Array.isArray(filter) ? filter.length : -1,
        pageSize: fields.PageSize,
        flow: options?.flow,
      });
      return stack.client.call(action, input, options);
    },
  };
  return { ecs, calls };
}

async function allSnapshotIds(stack: ReadStack): Promise<string[]> {
  const all = await collectAllPages(stack.client, snapshotListing, {
    regionId: MAIN_REGION,
    pageSize: 50,
    maxPages: 100,
  });
  return all.items.map((snapshot) => snapshot.SnapshotId ?? '');
}

describe.each([
  [
    '2014',
    API_LIMITS['2014'],
    [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
  ],
  ['current', API_LIMITS.current, [100, 100, 50]],
] as const)('createEcsFetcher under the %s limits', (_name, limits: ApiLimits, chunks: readonly number[]) => {
  let stack: ReadStack;
  let ids: string[];
  beforeAll(async () => {
    // 25 instances × 2 disks × 5 snapshots: 250 snapshots in the region.
    stack = await startReadStack({
      limits,
      sizes: { instancesPerRegion: 25, disksPerInstance: 2, snapshotsPerDisk: 5 },
    });
    ids = await allSnapshotIds(stack);
  });
  afterAll(() => stack.close());

  it("describes 250 snapshots in one DescribeSnapshots call per id chunk, on the polls' own flow", async () => {
    expect(ids).toHaveLength(250);
    const { ecs, calls } = recorder(stack);
    stack.resetCounts();
    const found = await createEcsFetcher({ ecs, limits })('snapshot', MAIN_REGION, ids);
    expect(calls).toStrictEqual(
      chunks.map((size) => ({ action: 'DescribeSnapshots', ids: size, pageSize: size, flow: POLL_FLOW })),
    );
    expect(stack.simulatorCallsByAction()).toStrictEqual({ DescribeSnapshots: chunks.length });
    expect([...found.keys()].sort()).toStrictEqual([...ids].sort());
    const first = found.get(ids[0] as string);
    expect(first).toMatchObject({
      SnapshotId: ids[0],
      regionId: MAIN_REGION,
      Status: 'accomplished',
      Progress: '100%',
    });
  });
});

describe('createEcsFetcher: kinds, missing ids, failures and the shared cache', () => {
  const limits = API_LIMITS['2014'];
  let stack: ReadStack;
  beforeAll(async () => {
    stack = await startReadStack({
      limits,
      sizes: { instancesPerRegion: 3, disksPerInstance: 2, snapshotsPerDisk: 1 },
    });
  });
  afterAll(() => stack.close());

  it('describes instances and disks by id, and leaves out ids ECS does not know', async () => {
    const { ecs, calls } = recorder(stack);
    const fetch = createEcsFetcher({ ecs, limits });
    const instances = await collectAllPages(stack.client, instanceListing, {
      regionId: MAIN_REGION,
      pageSize: 50,
      maxPages: 1,
    });
    const instanceIds = instances.items.map((instance) => instance.InstanceId ?? '');
    const found = await fetch('instance', MAIN_REGION, [...instanceIds, 'i-missing']);
    expect([...found.keys()]).toStrictEqual(instanceIds);
    expect(found.get(instanceIds[0] as string)).toMatchObject({
      InstanceId: instanceIds[0],
      Status: 'Running',
    });
    const disks = await fetch('disk', MAIN_REGION, ['d-missing']);
    expect(disks.size).toBe(0);
    expect(calls.map(({ action, ids, pageSize }) => [action, ids, pageSize])).toStrictEqual([
      ['DescribeInstances', 4, 4],
      ['DescribeDisks', 1, 1],
    ]);
  });

  it('fails the whole fetch when one chunk fails, rather than take its ids for gone', async () => {
    const ids = Array.from({ length: 15 }, (_, n) => `s-${n}`);
    const refused = new Error('throttled');
    let calls = 0;
    const ecs: EcsCaller = {
      call(action, input, options) {
        calls += 1;
        return calls === 2 ? Promise.reject(refused) : stack.client.call(action, input, options);
      },
    };
    await expect(createEcsFetcher({ ecs, limits })('snapshot', MAIN_REGION, ids)).rejects.toBe(refused);
    expect(calls).toBe(2);
  });

  it("hands the poll's signal to every call: aborting it stops the calls, and the fetch rejects", async () => {
    const ids = Array.from({ length: 15 }, (_, n) => `s-${n}`);
    const signals: (AbortSignal | undefined)[] = [];
    const ecs: EcsCaller = {
      call(action, input, options) {
        signals.push(options?.signal);
        return stack.client.call(action, input, options);
      },
    };
    const poll = new AbortController();
    poll.abort(new Error('given up'));
    const before = stack.simulator.stats.snapshot().total;
    await expect(
      createEcsFetcher({ ecs, limits })('snapshot', MAIN_REGION, ids, poll.signal),
    ).rejects.toThrow();
    // Two chunks, each with the poll's signal; the client sent neither.
    expect(signals).toStrictEqual([poll.signal, poll.signal]);
    expect(stack.simulator.stats.snapshot().total).toBe(before);
  });

  it("through the shared cache's fresh view, calls ECS every poll and leaves its answer for other readers", async () => {
    const cache = new ReadCache({ defaultRegionId: MAIN_REGION });
    const { ecs: upstream, calls } = recorder(stack);
    const fetch = createEcsFetcher({ ecs: cache.view(upstream, { fresh: true }), limits });
    const ids = (await allSnapshotIds(stack)).slice(0, 3);
    await fetch('snapshot', MAIN_REGION, ids);
    await fetch('snapshot', MAIN_REGION, ids);
    expect(calls).toHaveLength(2);

    // A request's lookup of the same ids is answered by the poll's answer.
    const reader = cache.view(upstream);
    const page = await reader.call(DescribeSnapshots, {
      RegionId: MAIN_REGION,
      SnapshotIds: ids,
      PageNumber: 1,
      PageSize: 3,
    });
    expect(page.Snapshots.map((snapshot) => snapshot.SnapshotId)).toStrictEqual(ids);
    expect(reader.stats).toMatchObject({ hits: 1, misses: 0 });
    expect(calls).toHaveLength(2);
  });
});
