import { describe, expect, it } from 'vitest';
import { CallRecorder } from '../../bench/lib/rounds.js';
import type { CallOptions, EcsCaller } from '../../src/ecs/caller.js';
import { ListingCensus } from '../../src/loaders/census.js';
import type { ActionInput, ActionResult, AnyAction } from '../../src/spec/action.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeSnapshots } from '../../src/spec/actions/snapshots.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createGateway, type Gateway } from '../../src/yoga.js';
import { FakeEcs, FakeEcsError, listingAnswer, withRegions } from './support/fake-ecs.js';
import { capturingLogger, execute, type GraphQLResponse } from './support/gateway.js';

const REGION = 'cn-hangzhou';
type Row = Record<string, string>;

/**
 * A region's estate, mutable between requests: `instances` instances i-1… named
 * `web-<n>`, `disks` disks each, `free` disks attached to none, `snapshots` snapshots
 * of every disk.
 */
class Estate {
  instances: Row[] = [];
  disks: Row[] = [];
  snapshots: Row[] = [];

  constructor(sizes: { instances: number; disks: number; snapshots: number; free?: number }) {
    this.resize(sizes);
  }

  resize(sizes: { instances: number; disks: number; snapshots: number; free?: number }) {
    this.instances = Array.from({ length: sizes.instances }, (_, i) => ({
      InstanceId: `i-${i + 1}`,
      InstanceName: `web-${i + 1}`,
      RegionId: REGION,
    }));
    this.disks = this.instances.flatMap((instance) =>
      Array.from({ length: sizes.disks }, (_, d) => ({
        DiskId: `d-${instance.InstanceId}-${d + 1}`,
        InstanceId: instance.InstanceId as string,
        RegionId: REGION,
      })),
    );
    for (let d = 1; d <= (sizes.free ?? 0); d++)
      this.disks.push({ DiskId: `d-free-${d}`, InstanceId: '', RegionId: REGION });
    this.snapshots = this.disks.flatMap((disk) =>
      Array.from({ length: sizes.snapshots }, (_, s) => ({
        SnapshotId: `s-${disk.DiskId}-${s + 1}`,
        SourceDiskId: disk.DiskId as string,
        RegionId: REGION,
      })),
    );
  }

  instanceOf(diskId: string): string | undefined {
    return this.disks.find((disk) => disk.DiskId === diskId)?.InstanceId || undefined;
  }
}

function fakeEcs(estate: Estate): FakeEcs {
  return withRegions(new FakeEcs(API_LIMITS['2014']))
    .answer(DescribeInstances, (input) =>
      listingAnswer(estate.instances, {
        list: 'Instances',
        idsParam: 'InstanceIds',
        idOf: (instance) => instance.InstanceId as string,
        filters: { RegionId: (row) => row.RegionId, InstanceName: (row) => row.InstanceName },
      })(input),
    )
    .answer(DescribeDisks, (input) =>
      listingAnswer(estate.disks, {
        list: 'Disks',
        idsParam: 'DiskIds',
        idOf: (disk) => disk.DiskId as string,
        filters: { RegionId: (row) => row.RegionId, InstanceId: (row) => row.InstanceId },
      })(input),
    )
    .answer(DescribeSnapshots, (input) =>
      listingAnswer(estate.snapshots, {
        list: 'Snapshots',
        idsParam: 'SnapshotIds',
        idOf: (snapshot) => snapshot.SnapshotId as string,
        filters: {
          RegionId: (row) => row.RegionId,
          DiskId: (row) => row.SourceDiskId,
          InstanceId: (row) => estate.instanceOf(row.SourceDiskId as string),
        },
      })(input),
    );
}

interface HeldCall {
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** How many rounds had been released when the call was made: 0 for the first round. */
  readonly round: number;
}

/**
 * A caller that holds every call until the test releases the calls waiting, all at
 * once: one release is one upstream round trip. The clock counts releases, so a call's
 * interval is [round it was made in, the release that answered it], and the recorder's
 * dependent rounds are the releases the longest chain of calls waited for.
 */
class HoldingCaller implements EcsCaller {
  readonly calls: HeldCall[] = [];
  readonly recorder = new CallRecorder(() => this.#released);
  #released = 0;
  /** Releases before the request under test: its rounds count from here. */
  #base = 0;
  #waiting: Array<() => void> = [];

  constructor(readonly inner: EcsCaller) {}

  call<A extends AnyAction>(
    action: A,
    input: ActionInput<A>,
    options?: CallOptions,
  ): Promise<ActionResult<A>> {
    this.calls.push({
      action: action.name,
      input: { ...(input as object) },
      round: this.#released - this.#base,
    });
    return this.recorder.record(async () => {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
      return this.inner.call(action, input, options);
    });
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  release(): void {
    this.#released += 1;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  reset(): void {
    this.calls.length = 0;
    this.recorder.reset();
    this.#base = this.#released;
  }
}

/** Lets every callback already due run (no timer, no wall clock): the gateway's work up to its next wait. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs one request, releasing the waiting calls whenever the gateway has made every
 * call it can make without an answer (nothing new for a few turns of the event loop).
 */
async function run(
  gateway: Gateway,
  held: HoldingCaller,
  query: string,
  variables?: Record<string, unknown>,
) {
  let finished = false;
  const answer = execute(gateway, query, variables).finally(() => {
    finished = true;
  });
  let quiet = 0;
  let last = -1;
  for (let turn = 0; !finished; turn++) {
    if (turn > 10_000) throw new Error('the request never finished');
    await settle();
    quiet = held.waiting === last ? quiet + 1 : 0;
    last = held.waiting;
    if (held.waiting > 0 && quiet >= 3) {
      held.release();
      quiet = 0;
    }
  }
  return answer;
}

function setup(estate: Estate) {
  const ecs = fakeEcs(estate);
  const held = new HoldingCaller(ecs);
  const gateway = createGateway({
    ecs: held,
    limits: API_LIMITS['2014'],
    defaultRegionId: REGION,
    debug: true,
    maxUpstreamCalls: 10_000,
    logger: capturingLogger(),
  });
  return { ecs, held, gateway };
}

type Upstream = { calls: number; estimate: number };
const upstreamOf = (result: GraphQLResponse) => result.extensions?.upstream as Upstream;

const label = (call: HeldCall) => {
  const { RegionId: _region, ...rest } = call.input;
  return `${call.action} ${JSON.stringify(rest)}`;
};
const inRound = (held: HoldingCaller, round: number) =>
  held.calls.filter((call) => call.round === round).map(label);
const sorted = (held: HoldingCaller) => held.calls.map(label).sort();

const first = (action: string) => `${action} {"PageNumber":1,"PageSize":50}`;

const NESTED = `query Nested($size: Int!) {
  instances(page: { size: $size }) { nodes { id ...Disks } }
}
fragment Disks on Instance {
  disks(page: { all: true }) { nodes { id ... on Disk { snapshots(page: { all: true }) { nodes { id } } } } }
}`;

type NestedAnswer = {
  instances: {
    nodes: { id: string; disks: { nodes: { id: string; snapshots: { nodes: { id: string }[] } }[] } }[];
  };
};

describe('deciding pages started alongside the page of their parents', () => {
  it('on a gateway that knows the region, the nested query takes 3 rounds and the same calls', async () => {
    // 30 instances × 3 disks: 90 disks (2 pages of 50), 180 snapshots (4 pages).
    const { held, gateway } = setup(new Estate({ instances: 30, disks: 3, snapshots: 2 }));
    const cold = await run(gateway, held, NESTED, { size: 30 });
    expect(cold.errors).toBeUndefined();
    const coldCalls = sorted(held);
    // Cold: the census has not seen the region, so only the snapshots' page goes with the instances.
    expect(inRound(held, 0)).toEqual([
      'DescribeInstances {"PageNumber":1,"PageSize":30}',
      first('DescribeSnapshots'),
    ]);
    expect(held.recorder.rounds).toBe(4);

    held.reset();
    const warm = await run(gateway, held, NESTED, { size: 30 });
    expect(warm.errors).toBeUndefined();
    expect(warm.data).toEqual(cold.data);
    expect(inRound(held, 0)).toEqual([
      'DescribeInstances {"PageNumber":1,"PageSize":30}',
      first('DescribeDisks'),
      first('DescribeSnapshots'),
    ]);
    expect(inRound(held, 1)).toEqual(['DescribeDisks {"PageNumber":2,"PageSize":50}']);
    expect(inRound(held, 2)).toEqual(
      [2, 3, 4].map((n) => `DescribeSnapshots {"PageNumber":${n},"PageSize":50}`),
    );
    expect(held.recorder.rounds).toBe(3);
    // The very calls of the cold request (and of the plan without early pages): 1 + 2 + 4.
    expect(sorted(held)).toEqual(coldCalls);
    expect(held.calls).toHaveLength(7);
    expect(upstreamOf(warm).calls).toBe(7);
    expect(upstreamOf(warm).calls).toBeLessThanOrEqual(upstreamOf(warm).estimate);
    const answer = warm.data as NestedAnswer;
    expect(answer.instances.nodes.flatMap((instance) => instance.disks.nodes)).toHaveLength(90);
  });

  it('starts nothing for a page of one instance', async () => {
    const { held, gateway } = setup(new Estate({ instances: 30, disks: 3, snapshots: 2 }));
    await run(gateway, held, NESTED, { size: 30 });
    held.reset();
    const result = await run(gateway, held, NESTED, { size: 1 });
    expect(result.errors).toBeUndefined();
    expect(inRound(held, 0)).toEqual(['DescribeInstances {"PageNumber":1,"PageSize":1}']);
    expect(held.calls.map(label)).toEqual([
      'DescribeInstances {"PageNumber":1,"PageSize":1}',
      'DescribeDisks {"InstanceId":"i-1","PageNumber":1,"PageSize":50}',
      'DescribeSnapshots {"InstanceId":"i-1","PageNumber":1,"PageSize":50}',
    ]);
  });

  it('starts nothing for relation fields left out by @skip or @include', async () => {
    const { held, gateway } = setup(new Estate({ instances: 30, disks: 3, snapshots: 2 }));
    await run(gateway, held, NESTED, { size: 30 });
    held.reset();
    const result = await run(
      gateway,
      held,
      `query ($no: Boolean = true) { instances(page: { size: 30 }) { nodes { id
        disks @skip(if: $no) { totalCount } snapshots @include(if: false) { totalCount }
        ... on Instance @skip(if: true) { disks { nodes { snapshots { totalCount } } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(held.calls.map(label)).toEqual(['DescribeInstances {"PageNumber":1,"PageSize":30}']);
    expect(upstreamOf(result)).toEqual(expect.objectContaining({ calls: 1, estimate: 1 }));
  });

  it('counts a page started for a plan that proves per parent when the page is back, within the estimate', async () => {
    const estate = new Estate({ instances: 30, disks: 3, snapshots: 2 });
    const { held, gateway } = setup(estate);
    await run(gateway, held, NESTED, { size: 30 }); // the census: 30 instances
    // The region grows to 500: the census is stale, so the disks' page is started, but the
    // page's own TotalCount proves per instance (⌈500 / 50⌉ = 10 pages ≥ 5 instances).
    estate.resize({ instances: 500, disks: 3, snapshots: 2 });
    held.reset();
    const result = await run(gateway, held, NESTED, { size: 5 });
    expect(result.errors).toBeUndefined();
    expect(inRound(held, 0)).toEqual([
      'DescribeInstances {"PageNumber":1,"PageSize":5}',
      first('DescribeDisks'),
      first('DescribeSnapshots'),
    ]);
    const disks = held.calls.filter((call) => call.action === 'DescribeDisks').map(label);
    expect(disks).toEqual([
      first('DescribeDisks'),
      ...[1, 2, 3, 4, 5].map((n) => `DescribeDisks {"InstanceId":"i-${n}","PageNumber":1,"PageSize":50}`),
    ]);
    // 1 + (1 wasted + 5) + (1 + 5): 3,000 snapshots are 60 pages, past the cap of 20.
    expect(upstreamOf(result).calls).toBe(13);
    expect(held.calls).toHaveLength(13);
    expect(upstreamOf(result).calls).toBeLessThanOrEqual(upstreamOf(result).estimate);
    // The next request's census knows 500: the disks' page is not started again.
    held.reset();
    await run(gateway, held, NESTED, { size: 5 });
    expect(inRound(held, 0)).toEqual([
      'DescribeInstances {"PageNumber":1,"PageSize":5}',
      first('DescribeSnapshots'),
    ]);
    expect(held.calls).toHaveLength(12);
  });

  it('counts the pages started for a page that comes back with one instance, within the estimate', async () => {
    // 60 disks on no instance keep the region's disks and snapshots past one page.
    const estate = new Estate({ instances: 30, disks: 3, snapshots: 2, free: 60 });
    const { held, gateway } = setup(estate);
    await run(gateway, held, NESTED, { size: 30 });
    held.reset();
    const result = await run(
      gateway,
      held,
      `{ instances(filter: { name: "web-7" }, page: { size: 30 }) { nodes { id
          disks { nodes { id snapshots { nodes { id } } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(held.calls.map(label)).toEqual([
      'DescribeInstances {"InstanceName":"web-7","PageNumber":1,"PageSize":30}',
      first('DescribeDisks'),
      first('DescribeSnapshots'),
      'DescribeDisks {"InstanceId":"i-7","PageNumber":1,"PageSize":50}',
      'DescribeSnapshots {"InstanceId":"i-7","PageNumber":1,"PageSize":50}',
    ]);
    expect(upstreamOf(result).calls).toBe(5);
    expect(upstreamOf(result).calls).toBeLessThanOrEqual(upstreamOf(result).estimate);
  });

  it('answers a single instance from a started page that holds the whole region', async () => {
    // 3 instances × 2 disks × 2 snapshots: 6 disks and 12 snapshots, one page each. Both
    // Instance.snapshots and Disk.snapshots are answered from the one page of snapshots.
    const { held, gateway } = setup(new Estate({ instances: 3, disks: 2, snapshots: 2 }));
    await run(gateway, held, NESTED, { size: 3 });
    held.reset();
    const result = await run(
      gateway,
      held,
      `{ instances(filter: { name: "web-2" }, page: { size: 10 }) { nodes { id snapshots { totalCount }
          disks { totalCount nodes { id snapshots { totalCount nodes { id } } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(held.calls.map(label)).toEqual([
      'DescribeInstances {"InstanceName":"web-2","PageNumber":1,"PageSize":10}',
      first('DescribeSnapshots'),
      first('DescribeDisks'),
    ]);
    expect(held.recorder.rounds).toBe(1);
    expect(result.data).toEqual({
      instances: {
        nodes: [
          {
            id: 'i-2',
            snapshots: { totalCount: 4 },
            disks: {
              totalCount: 2,
              nodes: [1, 2].map((d) => ({
                id: `d-i-2-${d}`,
                snapshots: { totalCount: 2, nodes: [1, 2].map((s) => ({ id: `s-d-i-2-${d}-${s}` })) },
              })),
            },
          },
        ],
      },
    });
    expect(upstreamOf(result).calls).toBeLessThanOrEqual(upstreamOf(result).estimate);
  });

  it('a started page that failed: a single instance asks on its own, several get the failure', async () => {
    const { ecs, held, gateway } = setup(new Estate({ instances: 30, disks: 3, snapshots: 2 }));
    ecs.failWhen(
      DescribeSnapshots,
      (input) => input.InstanceId === undefined && input.DiskId === undefined,
      new FakeEcsError('ServiceUnavailable', 'The service is unavailable.', 503),
    );
    const query = (filter: string) =>
      `{ instances(${filter}page: { size: 30 }) { nodes { id snapshots { totalCount } } } }`;
    const single = await run(gateway, held, query('filter: { name: "web-3" }, '));
    expect(single.errors).toBeUndefined();
    expect(single.data).toEqual({ instances: { nodes: [{ id: 'i-3', snapshots: { totalCount: 6 } }] } });
    expect(held.calls.map(label)).toEqual([
      'DescribeInstances {"InstanceName":"web-3","PageNumber":1,"PageSize":30}',
      first('DescribeSnapshots'),
      'DescribeSnapshots {"InstanceId":"i-3","PageNumber":1,"PageSize":50}',
    ]);
    held.reset();
    const several = await run(gateway, held, query(''));
    // As when the loader's own deciding call fails: every instance of the region, once.
    expect(several.errors?.map((error) => error.extensions?.code)).toEqual(
      Array.from({ length: 30 }, () => 'ServiceUnavailable'),
    );
    expect(held.calls.map(label)).toEqual([
      'DescribeInstances {"PageNumber":1,"PageSize":30}',
      first('DescribeSnapshots'),
    ]);
  });

  it('starts nothing beside a page of a region the account does not have', async () => {
    const { held, gateway } = setup(new Estate({ instances: 30, disks: 3, snapshots: 2 }));
    // The region list, cached by the first request's region field.
    expect((await run(gateway, held, '{ regions { id } }')).errors).toBeUndefined();
    held.reset();
    const result = await run(
      gateway,
      held,
      '{ instances(regionId: "cn-nowhere", page: { size: 30 }) { nodes { snapshots { totalCount } } } }',
    );
    expect(held.calls.map((call) => `${call.action} ${call.input.RegionId}`)).toEqual([
      'DescribeInstances cn-nowhere',
    ]);
    expect(result.data).toEqual({ instances: { nodes: [] } });
  });

  it('starts the page of Instance.snapshots, and shares it with Disk.snapshots', async () => {
    const { held, gateway } = setup(new Estate({ instances: 30, disks: 3, snapshots: 2 }));
    const result = await run(
      gateway,
      held,
      `{ instances(page: { size: 30 }) { nodes { snapshots(page: { all: true }) { totalCount }
          disks(page: { all: true }) { nodes { snapshots(page: { all: true }) { totalCount } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(inRound(held, 0)).toEqual([
      'DescribeInstances {"PageNumber":1,"PageSize":30}',
      first('DescribeSnapshots'),
    ]);
    // One deciding page of snapshots for both fields; each scans the region's pages once.
    expect(held.calls.filter((call) => label(call) === first('DescribeSnapshots'))).toHaveLength(1);
    expect(upstreamOf(result).calls).toBeLessThanOrEqual(upstreamOf(result).estimate);
  });
});

describe('ListingCensus', () => {
  it('keeps the last count seen per listing and region, with when it was seen', () => {
    const clock = { now: 5 };
    const census = new ListingCensus({ now: () => clock.now });
    census.record('DescribeInstances', 'cn-hangzhou', 30);
    clock.now = 9;
    census.record('DescribeInstances', 'cn-hangzhou', 31);
    expect(census.get('DescribeInstances', 'cn-hangzhou')).toEqual({ totalCount: 31, seenAt: 9 });
    expect(census.count('DescribeInstances', 'cn-qingdao')).toBeUndefined();
    expect(census.count('DescribeDisks', 'cn-hangzhou')).toBeUndefined();
  });

  it('drops the count seen longest ago past its capacity', () => {
    const census = new ListingCensus({ capacity: 2 });
    census.record('DescribeInstances', 'a', 1);
    census.record('DescribeInstances', 'b', 2);
    census.record('DescribeInstances', 'a', 3); // seen again: now the newest
    census.record('DescribeInstances', 'c', 4);
    expect(census.size).toBe(2);
    expect(census.count('DescribeInstances', 'b')).toBeUndefined();
    expect(census.count('DescribeInstances', 'a')).toBe(3);
    expect(census.count('DescribeInstances', 'c')).toBe(4);
  });
});
