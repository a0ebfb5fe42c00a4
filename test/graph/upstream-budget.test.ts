import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createContext, type GatewayContext } from '../../src/context.js';
import { RegionDirectory } from '../../src/loaders/regions.js';
import { maskError } from '../../src/plugins/mask-errors.js';
import { schema } from '../../src/schema/index.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { DescribeRegions } from '../../src/spec/actions/regions.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { budgetedCaller } from '../../src/upstream-budget.js';
import type { Gateway } from '../../src/yoga.js';
import { FakeEcs, FakeEcsError, listingAnswer } from './support/fake-ecs.js';
import { capturingLogger, execute } from './support/gateway.js';

const limits = API_LIMITS['2014'];
type Row = Record<string, string>;

/**
 * Five instances with one disk each in cn-hangzhou, beside 300 disks on no instance (so
 * the disks relation goes per instance after one deciding page), and two instances in
 * cn-shanghai whose region is small (so their disks come from one scan).
 */
function estate() {
  const instances: Row[] = [
    ...[1, 2, 3, 4, 5].map((n) => ({ InstanceId: `i-${n}`, RegionId: 'cn-hangzhou' })),
    ...[6, 7].map((n) => ({ InstanceId: `i-${n}`, RegionId: 'cn-shanghai' })),
  ];
  const disks: Row[] = [
    ...instances.map((instance) => ({
      DiskId: `d-${instance.InstanceId}`,
      InstanceId: instance.InstanceId as string,
      RegionId: instance.RegionId as string,
    })),
    ...Array.from({ length: 300 }, (_, n) => ({
      DiskId: `d-free-${n}`,
      InstanceId: '',
      RegionId: 'cn-hangzhou',
    })),
  ];
  const ecs = new FakeEcs(limits)
    .answer(DescribeRegions, () => ({
      RequestId: 'R',
      Regions: [{ RegionId: 'cn-hangzhou' }, { RegionId: 'cn-shanghai' }],
    }))
    .answer(
      DescribeInstances,
      listingAnswer(instances, {
        list: 'Instances',
        idsParam: 'InstanceIds',
        idOf: (instance) => instance.InstanceId as string,
        filters: { RegionId: (instance) => instance.RegionId },
      }),
    )
    .answer(
      DescribeDisks,
      listingAnswer(disks, {
        list: 'Disks',
        idsParam: 'DiskIds',
        idOf: (disk) => disk.DiskId as string,
        filters: { RegionId: (disk) => disk.RegionId, InstanceId: (disk) => disk.InstanceId || undefined },
      }),
    );
  return ecs;
}

/** The gateway's schema, masking and context, without the pre-execution estimate: only the budget holds the calls. */
function gatewayWithoutEstimate(ecs: FakeEcs, maxUpstreamCalls?: number): Gateway {
  const regions = new RegionDirectory({ ttlMs: 60_000 });
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    context: () =>
      createContext({
        ecs,
        limits,
        regions,
        allPagesCap: 20,
        defaultRegionId: 'cn-hangzhou',
        ...(maxUpstreamCalls === undefined ? {} : { maxUpstreamCalls }),
      }),
    maskedErrors: { maskError },
    logging: capturingLogger(),
  }) as unknown as Gateway;
}

interface InstancesDisks {
  instances: { nodes: { id: string; disks: { totalCount: number } | null }[] } | null;
}

const INSTANCES_DISKS = '{ instances(page: { size: 5 }) { nodes { id disks { totalCount } } } }';

describe('the per-request budget of upstream calls', () => {
  it('passes calls up to the budget, then refuses without calling', async () => {
    const ecs = estate();
    const caller = budgetedCaller(ecs, 2);
    await caller.call(DescribeRegions, {});
    await caller.call(DescribeRegions, {});
    await expect(caller.call(DescribeRegions, {})).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_BUDGET_EXHAUSTED', maxUpstreamCalls: 2, action: 'DescribeRegions' },
    });
    expect(ecs.actions()).toEqual(['DescribeRegions', 'DescribeRegions']);
  });

  it('nulls the fields whose call would pass it, with the code at their path, and keeps the rest', async () => {
    const ecs = estate();
    // 1 page of instances, 1 deciding page of disks, then one call per instance: 2 of 5 fit.
    const result = await execute<InstancesDisks>(gatewayWithoutEstimate(ecs, 4), INSTANCES_DISKS);
    expect(ecs.calls).toHaveLength(4);
    expect(result.data?.instances?.nodes).toEqual([
      { id: 'i-1', disks: { totalCount: 1 } },
      { id: 'i-2', disks: { totalCount: 1 } },
      { id: 'i-3', disks: null },
      { id: 'i-4', disks: null },
      { id: 'i-5', disks: null },
    ]);
    expect(result.errors).toEqual(
      [2, 3, 4].map((index) => ({
        message: 'This request has made its 4 ECS calls, the most allowed; DescribeDisks was not called.',
        locations: [{ line: 1, column: 45 }],
        path: ['instances', 'nodes', index, 'disks'],
        extensions: { code: 'UPSTREAM_BUDGET_EXHAUSTED', maxUpstreamCalls: 4, action: 'DescribeDisks' },
      })),
    );
  });

  it('makes the same calls as no budget at all when the request fits in it', async () => {
    const unbounded = estate();
    const full = await execute(gatewayWithoutEstimate(unbounded), INSTANCES_DISKS);
    const budgeted = estate();
    const exact = await execute(gatewayWithoutEstimate(budgeted, unbounded.calls.length), INSTANCES_DISKS);
    expect(exact).toEqual(full);
    expect(budgeted.calls).toEqual(unbounded.calls);
  });
});

describe('a failed call for a relation batch', () => {
  it('nulls only the parent its filtered listing served', async () => {
    const ecs = estate();
    ecs.failWhen(
      DescribeDisks,
      (input) => input.InstanceId === 'i-3',
      new FakeEcsError('Throttling', 'slow down'),
    );
    const result = await execute<InstancesDisks>(gatewayWithoutEstimate(ecs), INSTANCES_DISKS);
    expect(result.data?.instances?.nodes.map((instance) => instance.disks)).toEqual([
      { totalCount: 1 },
      { totalCount: 1 },
      null,
      { totalCount: 1 },
      { totalCount: 1 },
    ]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['instances', 'nodes', 2, 'disks'],
        extensions: expect.objectContaining({ code: 'Throttling' }),
      }),
    ]);
  });

  it('nulls only the parents of the region whose scan failed', async () => {
    const ecs = estate();
    ecs.failWhen(
      DescribeDisks,
      (input) => input.RegionId === 'cn-shanghai',
      new FakeEcsError('ServiceUnavailable', 'try later', 503),
    );
    const result = await execute<{
      regions: { id: string; instances: { nodes: { id: string; disks: { totalCount: number } | null }[] } }[];
    }>(gatewayWithoutEstimate(ecs), '{ regions { id instances { nodes { id disks { totalCount } } } } }');
    expect(
      result.data?.regions.map((region) => region.instances.nodes.map((instance) => instance.disks)),
    ).toEqual([[1, 2, 3, 4, 5].map(() => ({ totalCount: 1 })), [null, null]]);
    // cn-shanghai's two instances shared one scan of the region: both are null, nothing else.
    expect(
      ecs.calls.filter((call) => call.input.RegionId === 'cn-shanghai' && call.action === 'DescribeDisks'),
    ).toEqual([{ action: 'DescribeDisks', input: { RegionId: 'cn-shanghai', PageNumber: 1, PageSize: 50 } }]);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['regions', 1, 'instances', 'nodes', 0, 'disks'], 'ServiceUnavailable'],
      [['regions', 1, 'instances', 'nodes', 1, 'disks'], 'ServiceUnavailable'],
    ]);
  });
});
