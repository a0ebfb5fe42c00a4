import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOptions, EcsCaller } from '../../src/ecs/caller.js';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import type { RelationPaging } from '../../src/loaders/relation-paging.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import type { ActionInput, ActionResult, AnyAction } from '../../src/spec/action.js';
import { API_LIMITS, type ApiLimitsName } from '../../src/spec/limits.js';
import { createGateway, type Gateway } from '../../src/yoga.js';
import { capturingLogger, execute } from '../graph/support/gateway.js';

const REGION = 'cn-hangzhou';

interface RoundCall {
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The round the call was made in: how many rounds had been answered, from 0. */
  readonly round: number;
  /** The answer's NextToken, once answered. */
  nextToken?: string | undefined;
}

/**
 * A caller that holds every call until the rounds before it are answered: the test
 * releases the waiting calls together when no call is in flight and the gateway has
 * made every call it can make without another answer. A release is one round trip, so
 * a call's round is the number of round trips it had to wait for: the dependent rounds.
 */
class RoundCaller implements EcsCaller {
  readonly calls: RoundCall[] = [];
  rounds = 0;
  inFlight = 0;
  #waiting: Array<() => void> = [];

  constructor(readonly inner: EcsCaller) {}

  call<A extends AnyAction>(
    action: A,
    input: ActionInput<A>,
    options?: CallOptions,
  ): Promise<ActionResult<A>> {
    const call: RoundCall = { action: action.name, input: { ...(input as object) }, round: this.rounds };
    this.calls.push(call);
    return (async () => {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
      try {
        const result = await this.inner.call(action, input, options);
        call.nextToken = (result as { NextToken?: string }).NextToken || undefined;
        return result;
      } finally {
        this.inFlight -= 1;
      }
    })();
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  release(): void {
    this.rounds += 1;
    this.inFlight += this.#waiting.length;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  reset(): void {
    this.calls.length = 0;
    this.rounds = 0;
  }
}

/** Lets every callback already due run (no timer, no wall clock). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs one request, releasing the waiting calls whenever nothing is in flight and nothing new comes. */
async function run(gateway: Gateway, caller: RoundCaller, query: string, variables: Record<string, unknown>) {
  let finished = false;
  const answer = execute(gateway, query, variables).finally(() => {
    finished = true;
  });
  let quiet = 0;
  let last = -1;
  while (!finished) {
    await settle();
    quiet = caller.waiting === last && caller.inFlight === 0 ? quiet + 1 : 0;
    last = caller.waiting;
    if (caller.waiting > 0 && quiet >= 3) {
      caller.release();
      quiet = 0;
    }
  }
  return answer;
}

const NESTED = /* GraphQL */ `
  query ($size: Int!) {
    instances(page: { size: $size }) {
      nodes { id disks(page: { all: true }) { nodes { id snapshots(page: { all: true }) { nodes { id } } } } }
    }
  }
`;
type Nested = {
  instances: {
    nodes: { id: string; disks: { nodes: { id: string; snapshots: { nodes: { id: string }[] } }[] } }[];
  };
};

interface Stack {
  readonly simulator: Simulator;
  readonly client: EcsClient;
  gateway(paging: RelationPaging): { gateway: Gateway; caller: RoundCaller };
}

async function startStack(profile: ApiLimitsName, instances: number): Promise<Stack> {
  const limits = API_LIMITS[profile];
  const simulator = await createSimulator({
    limits,
    transitions: 'manual',
    seed: {
      seed: 'relation-paging',
      regions: [REGION],
      instancesPerRegion: instances,
      disksPerInstance: 3,
      snapshotsPerDisk: 4,
      extras: false,
    },
  });
  const client = new EcsClient({
    credentials: staticCredentials({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
    }),
    defaultRegionId: REGION,
    endpoint: simulator.url,
    format: 'XML',
    limits,
    maxAttempts: 1,
    ratePerSecond: Number.POSITIVE_INFINITY,
  });
  return {
    simulator,
    client,
    gateway(relationPaging) {
      const caller = new RoundCaller(client);
      const gateway = createGateway({
        ecs: caller,
        limits,
        defaultRegionId: REGION,
        debug: true,
        maxUpstreamCalls: 100_000,
        logger: capturingLogger(),
        relationPaging,
      });
      return { gateway, caller };
    },
  };
}

/** The calls of each round, as `Action {input without RegionId}`, in the order made. */
function byRound(caller: RoundCaller): string[][] {
  const rounds: string[][] = Array.from({ length: caller.rounds }, () => []);
  for (const call of caller.calls) {
    const { RegionId: region, ...rest } = call.input;
    expect(region).toBe(REGION);
    rounds[call.round]?.push(`${call.action} ${JSON.stringify(rest)}`);
  }
  return rounds.map((round) => round.sort());
}

/** A gateway that has answered the query once (region list cached, the region's instance count known), then the query again, counted. */
async function warmRun(stack: Stack, paging: RelationPaging, size: number) {
  const { gateway, caller } = stack.gateway(paging);
  const warmUp = await run(gateway, caller, NESTED, { size });
  expect(warmUp.errors).toBeUndefined();
  caller.reset();
  stack.simulator.stats.reset();
  const result = await run(gateway, caller, NESTED, { size });
  expect(result.errors).toBeUndefined();
  const simulated = Object.values(stack.simulator.stats.snapshot().actions).reduce(
    (sum, a) => sum + a.calls,
    0,
  );
  expect(simulated).toBe(caller.calls.length);
  const upstream = result.extensions?.upstream as { calls: number; estimate: number } | undefined;
  expect(upstream?.calls).toBe(caller.calls.length);
  expect(upstream?.estimate).toBeGreaterThanOrEqual(caller.calls.length);
  return { caller, data: result.data as Nested, estimate: upstream?.estimate };
}

const instancesCall = (size: number) => `DescribeInstances {"PageNumber":1,"PageSize":${size}}`;
const byNumber = (action: string, ...numbers: number[]) =>
  numbers.map((n) => `${action} {"PageNumber":${n},"PageSize":100}`);

function expectWholeEstate(data: Nested, instances: number) {
  expect(data.instances.nodes).toHaveLength(instances);
  const disks = data.instances.nodes.flatMap((instance) => instance.disks.nodes);
  expect(disks).toHaveLength(instances * 3);
  expect(disks.flatMap((disk) => disk.snapshots.nodes)).toHaveLength(instances * 12);
}

/** Each token walk follows the NextToken of the call before it, and stops on the answer without one. */
function expectTokenChain(caller: RoundCaller, action: string) {
  const walk = caller.calls.filter((call) => call.action === action && call.input.InstanceId === undefined);
  walk.forEach((call, index) => {
    expect(call.input.NextToken).toBe(index === 0 ? undefined : walk[index - 1]?.nextToken);
  });
  expect(walk.at(-1)?.nextToken).toBeUndefined();
}

describe('relation scans under current: 50 instances × 3 disks × 4 snapshots, a page of 50', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('current', 50);
  });
  afterAll(async () => {
    await stack.client.close();
    await stack.simulator.close();
  });

  it('by PageNumber: 9 calls in 3 rounds, the pages after the first together', async () => {
    const { caller, data } = await warmRun(stack, 'pageNumber', 50);
    expectWholeEstate(data, 50);
    expect(byRound(caller)).toEqual([
      [instancesCall(50), ...byNumber('DescribeDisks', 1), ...byNumber('DescribeSnapshots', 1)].sort(),
      byNumber('DescribeDisks', 2),
      byNumber('DescribeSnapshots', 2, 3, 4, 5, 6),
    ]);
  });

  it('by NextToken: 8 calls in 6 rounds, 500 disks a call, then one snapshot call after another', async () => {
    const { caller, data } = await warmRun(stack, 'nextToken', 50);
    expectWholeEstate(data, 50);
    const rounds = byRound(caller);
    expect(rounds[0]).toEqual(
      [instancesCall(50), 'DescribeDisks {"MaxResults":500}', 'DescribeSnapshots {"MaxResults":100}'].sort(),
    );
    expect(rounds.slice(1).map((round) => round.length)).toEqual([1, 1, 1, 1, 1]);
    for (const round of rounds.slice(1))
      expect(round[0]).toMatch(/^DescribeSnapshots \{"MaxResults":100,"NextToken":"[^"]+"\}$/);
    expect(caller.calls).toHaveLength(8);
    expectTokenChain(caller, 'DescribeSnapshots');
    expectTokenChain(caller, 'DescribeDisks');
  });

  it('both answer the same, id for id; the walk adds one call per parent to the estimate', async () => {
    const pages = await warmRun(stack, 'pageNumber', 50);
    const tokens = await warmRun(stack, 'nextToken', 50);
    expect(tokens.data).toEqual(pages.data);
    // 1 page; disks: 1 page per instance + the deciding page; snapshots: 20 pages per instance + 2.
    expect(pages.estimate).toBe(1 + (50 + 1) + (50 * 20 + 2));
    // A walk that learns no count may take one call per parent before going per parent.
    expect(tokens.estimate).toBe(1 + (50 * 2 + 1) + (50 * 21 + 2));
  });
});

describe('Instance.snapshots under current, 50 instances × 3 disks × 4 snapshots', () => {
  const QUERY =
    '{ instances(page: { size: 50 }) { nodes { id snapshots(page: { all: true }) { nodes { id } } } } }';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('current', 50);
  });
  afterAll(async () => {
    await stack.client.close();
    await stack.simulator.close();
  });

  async function counted(paging: RelationPaging) {
    const { gateway, caller } = stack.gateway(paging);
    await run(gateway, caller, QUERY, {});
    caller.reset();
    const result = await run(gateway, caller, QUERY, {});
    expect(result.errors).toBeUndefined();
    const byAction: Record<string, number> = {};
    for (const call of caller.calls) byAction[call.action] = (byAction[call.action] ?? 0) + 1;
    return { caller, byAction, data: result.data };
  }

  it('walks the 600 snapshots by NextToken and maps them through the disks, as the PageNumber scan does', async () => {
    const pages = await counted('pageNumber');
    const tokens = await counted('nextToken');
    expect(tokens.data).toEqual(pages.data);
    expect(pages.byAction).toEqual({ DescribeInstances: 1, DescribeDisks: 2, DescribeSnapshots: 6 });
    expect(tokens.byAction).toEqual({ DescribeInstances: 1, DescribeDisks: 1, DescribeSnapshots: 6 });
    expectTokenChain(tokens.caller, 'DescribeSnapshots');
    expect(byRound(pages.caller)).toEqual([
      [instancesCall(50), ...byNumber('DescribeSnapshots', 1)],
      [...byNumber('DescribeDisks', 1), ...byNumber('DescribeSnapshots', 2, 3, 4, 5, 6)],
      byNumber('DescribeDisks', 2),
    ]);
    const rounds = byRound(tokens.caller).map((round) =>
      round.map((call) => call.replace(/"NextToken":"[^"]+"/, 'T')),
    );
    expect(rounds).toEqual([
      [instancesCall(50), 'DescribeSnapshots {"MaxResults":100}'],
      ['DescribeDisks {"MaxResults":500}', 'DescribeSnapshots {"MaxResults":100,T}'],
      ...Array.from({ length: 4 }, () => ['DescribeSnapshots {"MaxResults":100,T}']),
    ]);
  });
});

describe('relation scans under current: a page of 5 in a region of 500', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('current', 500);
  });
  afterAll(async () => {
    await stack.client.close();
    await stack.simulator.close();
  });

  it('by PageNumber: disks per instance (500 instances prove it), snapshots per instance after the deciding page', async () => {
    const { caller, data } = await warmRun(stack, 'pageNumber', 5);
    expectWholeEstate(data, 5);
    const ids = data.instances.nodes.map((instance) => instance.id);
    expect(byRound(caller)).toEqual([
      [instancesCall(5), ...byNumber('DescribeSnapshots', 1)].sort(),
      ids.map((id) => `DescribeDisks {"InstanceId":"${id}","PageNumber":1,"PageSize":100}`).sort(),
      ids.map((id) => `DescribeSnapshots {"InstanceId":"${id}","PageNumber":1,"PageSize":100}`).sort(),
    ]);
  });

  it('by NextToken: the 1,500 disks in 3 calls of 500 one after another; the snapshots walk as far as 5 calls, then go per instance', async () => {
    const { caller, data } = await warmRun(stack, 'nextToken', 5);
    expectWholeEstate(data, 5);
    const ids = data.instances.nodes.map((instance) => instance.id);
    const rounds = byRound(caller).map((round) =>
      round.map((call) => call.replace(/"NextToken":"[^"]+"/, 'T')),
    );
    expect(rounds).toEqual([
      [instancesCall(5), 'DescribeDisks {"MaxResults":500}', 'DescribeSnapshots {"MaxResults":100}'].sort(),
      ['DescribeDisks {"MaxResults":500,T}'],
      ['DescribeDisks {"MaxResults":500,T}'],
      // ECS tells no count by token: the walk may take the 5 calls per instance would, and no more.
      ...Array.from({ length: 4 }, () => ['DescribeSnapshots {"MaxResults":100,T}']),
      ids.map((id) => `DescribeSnapshots {"InstanceId":"${id}","MaxResults":100}`).sort(),
    ]);
    expect(caller.calls).toHaveLength(14);
    expectTokenChain(caller, 'DescribeDisks');
    const walk = caller.calls.filter((call) => call.action === 'DescribeSnapshots' && !call.input.InstanceId);
    expect(walk.slice(1).map((call) => call.input.NextToken)).toEqual(
      walk.slice(0, -1).map((call) => call.nextToken),
    );
    expect(walk.at(-1)?.nextToken).toBeDefined();
  });
});

describe('under 2014, which has no tokens', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('2014', 50);
  });
  afterAll(async () => {
    await stack.client.close();
    await stack.simulator.close();
  });

  it('NextToken paging makes the very calls of PageNumber paging', async () => {
    const pages = await warmRun(stack, 'pageNumber', 50);
    const tokens = await warmRun(stack, 'nextToken', 50);
    expect(byRound(tokens.caller)).toEqual(byRound(pages.caller));
    expect(tokens.caller.calls.every((call) => call.input.MaxResults === undefined)).toBe(true);
    expect(tokens.data).toEqual(pages.data);
  });
});
