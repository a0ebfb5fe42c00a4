import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

const LIMITS = API_LIMITS['2014'];
// More instances than one page of the 2014 limit (50), so `all` takes two pages.
const INSTANCES = 60;
const MAX_CALLS = 100;

interface StatusNode {
  readonly instanceId: string;
  readonly status: string;
  readonly statusRaw: string;
  readonly instance?: { readonly id: string; readonly status: string; readonly zoneId: string } | null;
}
interface StatusPage {
  readonly totalCount: number;
  readonly pageNumber: number;
  readonly pageSize: number;
  readonly hasNextPage: boolean;
  readonly truncated: boolean;
  readonly nodes: readonly StatusNode[];
}

describe('instanceStatuses: DescribeInstanceStatus as a paged listing without an id filter', () => {
  let stack: ReadStack;
  /** Every instance of the main region as DescribeInstances lists them: id → zone and status. */
  let estate: Map<string, { zoneId: string; status: string; statusRaw: string }>;

  beforeAll(async () => {
    stack = await startReadStack({
      limits: LIMITS,
      sizes: { instancesPerRegion: INSTANCES, disksPerInstance: 1, snapshotsPerDisk: 0 },
      gateway: { maxUpstreamCalls: MAX_CALLS },
    });
    const listed = await execute<{
      instances: { nodes: { id: string; zoneId: string; status: string; statusRaw: string }[] };
    }>(stack.gateway, '{ instances(page: { all: true }) { nodes { id zoneId status statusRaw } } }');
    estate = new Map(listed.data?.instances.nodes.map((node) => [node.id, node]));
    expect(estate.size).toBe(INSTANCES);
  });
  afterAll(() => stack.close());

  it('answers a page with one DescribeInstanceStatus, and every entry’s instance with one batched DescribeInstances', async () => {
    stack.resetCounts();
    const result = await execute<{ instanceStatuses: StatusPage }>(
      stack.gateway,
      `{ instanceStatuses(page: { size: 5 }) {
          totalCount pageNumber pageSize hasNextPage truncated
          nodes { instanceId status statusRaw instance { id status zoneId } }
        } }`,
    );
    expect(result.errors).toBeUndefined();
    const page = result.data?.instanceStatuses;
    expect(page).toMatchObject({ totalCount: INSTANCES, pageNumber: 1, pageSize: 5, hasNextPage: true });
    const ids = page?.nodes.map((node) => node.instanceId) ?? [];
    expect(ids).toHaveLength(5);
    for (const node of page?.nodes ?? []) {
      const listed = estate.get(node.instanceId);
      expect(node.instance).toEqual({ id: node.instanceId, status: listed?.status, zoneId: listed?.zoneId });
      expect(node.statusRaw).toBe(listed?.statusRaw);
      expect(node.status).toBe(listed?.status);
    }
    expect(stack.inputs).toEqual([
      { action: 'DescribeInstanceStatus', input: { RegionId: MAIN_REGION, PageNumber: 1, PageSize: 5 } },
      {
        action: 'DescribeInstances',
        input: { RegionId: MAIN_REGION, InstanceIds: ids, PageNumber: 1, PageSize: 5 },
      },
    ]);
    expect(stack.simulatorCallsByAction()).toEqual({ DescribeInstanceStatus: 1, DescribeInstances: 1 });
  });

  it('pages: a numbered page is one call for that page; `all` is one call per API page, every entry once', async () => {
    stack.resetCounts();
    const result = await execute<{ first: StatusPage; second: StatusPage; all: StatusPage }>(
      stack.gateway,
      `{ first: instanceStatuses(page: { number: 1, size: 10 }) { nodes { instanceId } }
         second: instanceStatuses(page: { number: 2, size: 10 }) { pageNumber hasNextPage nodes { instanceId } }
         all: instanceStatuses(page: { all: true }) { totalCount hasNextPage truncated nodes { instanceId } } }`,
    );
    expect(result.errors).toBeUndefined();
    const all = result.data?.all.nodes.map((node) => node.instanceId) ?? [];
    expect(new Set(all)).toEqual(new Set(estate.keys()));
    expect(all).toHaveLength(INSTANCES);
    expect(result.data?.all).toMatchObject({ totalCount: INSTANCES, hasNextPage: false, truncated: false });
    expect(result.data?.first.nodes.map((node) => node.instanceId)).toEqual(all.slice(0, 10));
    expect(result.data?.second.nodes.map((node) => node.instanceId)).toEqual(all.slice(10, 20));
    expect(result.data?.second).toMatchObject({ pageNumber: 2, hasNextPage: true });
    const statusCalls = stack.inputs.map((call) => call.input);
    expect(stack.inputs.every((call) => call.action === 'DescribeInstanceStatus')).toBe(true);
    expect(statusCalls).toHaveLength(4);
    expect(statusCalls).toEqual(
      expect.arrayContaining([
        { RegionId: MAIN_REGION, PageNumber: 1, PageSize: 10 },
        { RegionId: MAIN_REGION, PageNumber: 2, PageSize: 10 },
        { RegionId: MAIN_REGION, PageNumber: 1, PageSize: 50 },
        { RegionId: MAIN_REGION, PageNumber: 2, PageSize: 50 },
      ]),
    );
  });

  it('filters by zone: ZoneId on the wire, only that zone’s instances back, on the root and on Region', async () => {
    const zones = [...new Set([...estate.values()].map((instance) => instance.zoneId))];
    expect(zones.length).toBeGreaterThan(1);
    const zoneId = zones[1] as string;
    const inZone = [...estate].filter(([, instance]) => instance.zoneId === zoneId).map(([id]) => id);
    stack.resetCounts();
    const result = await execute<{
      instanceStatuses: StatusPage;
      region: { instanceStatuses: StatusPage };
    }>(
      stack.gateway,
      `query ($zoneId: ID!) {
        instanceStatuses(filter: { zoneId: $zoneId }, page: { size: 50 }) { totalCount nodes { instanceId } }
        region(id: "${MAIN_REGION}") { instanceStatuses(filter: { zoneId: $zoneId }) { totalCount } }
      }`,
      { zoneId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.instanceStatuses.totalCount).toBe(inZone.length);
    expect(result.data?.instanceStatuses.nodes.map((node) => node.instanceId).sort()).toEqual(inZone.sort());
    expect(result.data?.region.instanceStatuses.totalCount).toBe(inZone.length);
    const statusInputs = stack.inputs.filter((call) => call.action === 'DescribeInstanceStatus');
    expect(statusInputs.map((call) => call.input)).toEqual(
      expect.arrayContaining([
        { RegionId: MAIN_REGION, ZoneId: zoneId, PageNumber: 1, PageSize: 50 },
        { RegionId: MAIN_REGION, ZoneId: zoneId, PageNumber: 1, PageSize: 10 },
      ]),
    );
    expect(statusInputs).toHaveLength(2);
  });

  it('refuses a bad page before any call, naming the argument and the rule', async () => {
    stack.resetCounts();
    const result = await execute(
      stack.gateway,
      `{ instanceStatuses(page: { size: 51 }) { totalCount }
         again: instanceStatuses(page: { number: 0 }) { totalCount } }`,
    );
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      [
        'Argument instanceStatuses(page).size must be from 1 to 50 (the ECS API page limit); got 51.',
        'BAD_USER_INPUT',
      ],
      ['Argument again(page).number must be at least 1; got 0.', 'BAD_USER_INPUT'],
    ]);
    expect(stack.calls).toEqual([]);
    expect(stack.simulator.stats.snapshot().total).toBe(0);
  });

  it('is counted by the estimate: `all` with each instance exceeds the cap and is refused unsent', async () => {
    stack.resetCounts();
    const result = await execute(
      stack.gateway,
      '{ instanceStatuses(page: { all: true }) { nodes { instanceId instance { id } } } }',
    );
    expect(result.data).toBeUndefined();
    // 20 pages at the page cap, then their 20 × 50 = 1000 instances by id, 10 a call: 20 + 100.
    expect(result.errors?.map((error) => error.extensions)).toEqual([
      { code: 'TOO_MANY_UPSTREAM_CALLS', estimate: 120, maxUpstreamCalls: MAX_CALLS },
    ]);
    expect(stack.calls).toEqual([]);
    expect(stack.simulator.stats.snapshot().total).toBe(0);

    // The same list without the instances is 20 calls at most, within the cap; it makes 2.
    const listOnly = await execute<{ instanceStatuses: StatusPage }>(
      stack.gateway,
      '{ instanceStatuses(page: { all: true }) { nodes { instanceId } } }',
    );
    expect(listOnly.errors).toBeUndefined();
    expect(listOnly.data?.instanceStatuses.nodes).toHaveLength(INSTANCES);
    expect(stack.simulatorCallsByAction()).toEqual({ DescribeInstanceStatus: 2 });
  });
});
