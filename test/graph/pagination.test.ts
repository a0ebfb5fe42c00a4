import { describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createGateway, type GatewayOptions } from '../../src/yoga.js';
import { FakeEcs } from './support/fake-ecs.js';
import { execute } from './support/gateway.js';
import { volumeSchema } from './support/volume-schema.js';
import { makeVolumes, withVolumes } from './support/volumes.js';

function volumeGateway(count: number, options: Partial<GatewayOptions> = {}) {
  const limits = options.limits ?? API_LIMITS['2014'];
  const ecs = withVolumes(new FakeEcs(limits), makeVolumes('cn-hangzhou', count));
  const gateway = createGateway({ ecs, limits, schema: volumeSchema, ...options });
  return { ecs, gateway };
}

const PAGE = /* GraphQL */ `
  query ($page: PageInput) {
    volumes(regionId: "cn-hangzhou", page: $page) {
      pageNumber pageSize totalCount hasNextPage truncated nodes { id }
    }
  }
`;

const call = (pageNumber: number, pageSize: number) => ({
  action: 'DescribeVolumes',
  input: { RegionId: 'cn-hangzhou', PageNumber: pageNumber, PageSize: pageSize },
});

describe('page argument', () => {
  it('returns the requested page with its counts, from one call', async () => {
    const { ecs, gateway } = volumeGateway(23);
    const result = await execute(gateway, PAGE, { page: { number: 3, size: 10 } });
    expect(result).toEqual({
      data: {
        volumes: {
          pageNumber: 3,
          pageSize: 10,
          totalCount: 23,
          hasNextPage: false,
          truncated: false,
          nodes: [{ id: 'v-021' }, { id: 'v-022' }, { id: 'v-023' }],
        },
      },
    });
    expect(ecs.calls).toEqual([call(3, 10)]);
  });

  it('defaults to the first 10 items', async () => {
    const { ecs, gateway } = volumeGateway(23);
    const result = await execute<{ volumes: { hasNextPage: boolean; nodes: unknown[] } }>(gateway, PAGE);
    expect(result.data?.volumes.nodes).toHaveLength(10);
    expect(result.data?.volumes.hasNextPage).toBe(true);
    expect(ecs.calls).toEqual([call(1, 10)]);
  });

  it.each([
    [
      { size: 51 },
      'Argument volumes(page).size must be from 1 to 50 (the ECS API page limit); got 51.',
      'volumes(page).size',
    ],
    [
      { size: 0 },
      'Argument volumes(page).size must be from 1 to 50 (the ECS API page limit); got 0.',
      'volumes(page).size',
    ],
    [{ number: 0 }, 'Argument volumes(page).number must be at least 1; got 0.', 'volumes(page).number'],
    [
      { all: true, number: 2 },
      'Argument volumes(page).number must be 1 when all is true; got 2.',
      'volumes(page).number',
    ],
  ])('rejects %j before any upstream call', async (page, message, argument) => {
    const { ecs, gateway } = volumeGateway(23);
    const result = await execute(gateway, PAGE, { page });
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([
      { message, extensions: { code: 'BAD_USER_INPUT', argument, rule: expect.any(String) } },
    ]);
    expect(ecs.calls).toEqual([]);
  });

  it('checks each request by its own variables when one document is sent again and again', async () => {
    const { ecs, gateway } = volumeGateway(23, { maxUpstreamCalls: 19 });
    const sizeError = {
      message: 'Argument volumes(page).size must be from 1 to 50 (the ECS API page limit); got 99.',
      extensions: { code: 'BAD_USER_INPUT', argument: 'volumes(page).size', rule: expect.any(String) },
    };
    expect((await execute(gateway, PAGE, { page: { size: 5 } })).errors).toBeUndefined();
    expect((await execute(gateway, PAGE, { page: { size: 99 } })).errors).toEqual([sizeError]);
    expect((await execute(gateway, PAGE, { page: { all: true } })).errors?.[0]?.extensions).toEqual({
      code: 'TOO_MANY_UPSTREAM_CALLS',
      estimate: 20,
      maxUpstreamCalls: 19,
    });
    expect((await execute(gateway, PAGE, { page: { size: 99 } })).errors).toEqual([sizeError]);
    expect((await execute(gateway, PAGE, { page: { size: 5 } })).errors).toBeUndefined();
    expect(ecs.calls).toEqual([call(1, 5), call(1, 5)]);
  });

  it('fails the whole operation when any page argument is bad, even beside a good one', async () => {
    const { ecs, gateway } = volumeGateway(23);
    const result = await execute(
      gateway,
      '{ ok: volumes(regionId: "cn-hangzhou") { totalCount } bad: volumes(regionId: "cn-hangzhou", page: { size: 99 }) { totalCount } }',
    );
    expect(result.errors?.map((error) => error.extensions?.argument)).toEqual(['bad(page).size']);
    expect(ecs.calls).toEqual([]);
  });

  it('fetches the same page once per request', async () => {
    const { ecs, gateway } = volumeGateway(23);
    const result = await execute(
      gateway,
      '{ a: volumes(regionId: "cn-hangzhou") { totalCount } b: volumes(regionId: "cn-hangzhou", page: { number: 1 }) { nodes { id } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(ecs.calls).toEqual([call(1, 10)]);
  });

  it('follows the configured API limits', async () => {
    const { ecs, gateway } = volumeGateway(23, { limits: API_LIMITS.current });
    const result = await execute(gateway, PAGE, { page: { size: 100 } });
    expect(result.errors).toBeUndefined();
    expect(ecs.calls).toEqual([call(1, 100)]);
  });
});

describe('all pages', () => {
  it('fetches every page at the API page limit', async () => {
    const { ecs, gateway } = volumeGateway(120);
    const result = await execute<{ volumes: { nodes: { id: string }[] } }>(gateway, PAGE, {
      page: { all: true },
    });
    expect(result.data?.volumes).toMatchObject({
      pageNumber: 1,
      pageSize: 50,
      totalCount: 120,
      hasNextPage: false,
      truncated: false,
    });
    expect(result.data?.volumes.nodes.map((node) => node.id)).toEqual(
      makeVolumes('cn-hangzhou', 120).map((v) => v.VolumeId),
    );
    expect(ecs.calls).toEqual([call(1, 50), call(2, 50), call(3, 50)]);
  });

  it('stops at the page cap and says so', async () => {
    const { ecs, gateway } = volumeGateway(120, { allPagesCap: 2 });
    const result = await execute<{ volumes: { nodes: unknown[] } }>(gateway, PAGE, { page: { all: true } });
    expect(result.data?.volumes).toMatchObject({ totalCount: 120, hasNextPage: true, truncated: true });
    expect(result.data?.volumes.nodes).toHaveLength(100);
    expect(ecs.calls).toEqual([call(1, 50), call(2, 50)]);
  });
});

describe('lists below a page', () => {
  const NESTED =
    '{ volumes(regionId: "cn-hangzhou", page: { size: 5 }) { nodes { id hostVolumes { id } } } }';

  it('loads a relation for all the page’s items together', async () => {
    const { ecs, gateway } = volumeGateway(40);
    const result = await execute<{ volumes: { nodes: { id: string; hostVolumes: { id: string }[] }[] } }>(
      gateway,
      NESTED,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.volumes.nodes[1]?.hostVolumes.map((volume) => volume.id)).toEqual([
      'v-002',
      'v-007',
      'v-012',
      'v-017',
      'v-022',
      'v-027',
      'v-032',
      'v-037',
    ]);
    // The page, then one first page of the region: 40 volumes fit in it, so the scan is done.
    expect(ecs.calls).toEqual([call(1, 5), call(1, 50)]);
  });

  it('counts the lists above a field in the estimate and rejects before any call', async () => {
    const { ecs, gateway } = volumeGateway(40, { maxUpstreamCalls: 5 });
    // 1 page call + 5 items × a relation of up to 20 pages each + 1 to choose the plan.
    const result = await execute(gateway, NESTED);
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'TOO_MANY_UPSTREAM_CALLS',
      estimate: 102,
      maxUpstreamCalls: 5,
    });
    expect(ecs.calls).toEqual([]);
  });

  it('estimates `all` as the page cap', async () => {
    const { ecs, gateway } = volumeGateway(40, { maxUpstreamCalls: 19 });
    const result = await execute(gateway, PAGE, { page: { all: true } });
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'TOO_MANY_UPSTREAM_CALLS',
      estimate: 20,
      maxUpstreamCalls: 19,
    });
    expect(ecs.calls).toEqual([]);
  });
});

describe('open enums and DateTime', () => {
  it('maps a value newer than the gateway to UNKNOWN and keeps the raw string beside it', async () => {
    const { gateway } = volumeGateway(3);
    const result = await execute(
      gateway,
      '{ volumes(regionId: "cn-hangzhou") { nodes { status statusRaw creationTime } } }',
    );
    expect(result).toEqual({
      data: {
        volumes: {
          nodes: [
            { status: 'UNKNOWN', statusRaw: 'Frozen', creationTime: '2014-05-26T12:00:00.000Z' },
            { status: 'IN_USE', statusRaw: 'In_use', creationTime: '2014-05-26T12:01:00.000Z' },
            { status: 'AVAILABLE', statusRaw: 'Available', creationTime: '2014-05-26T12:02:00.000Z' },
          ],
        },
      },
    });
  });
});

describe('the cursor form on a list without NextToken', () => {
  const CURSOR = /* GraphQL */ `
    query ($page: PageInput) {
      volumes(regionId: "cn-hangzhou", page: $page) { pageNumber hasNextPage endCursor nodes { id } }
    }
  `;
  type CursorPage = { volumes: { pageNumber: number; endCursor: string | null; nodes: { id: string }[] } };

  it.each([
    ['2014', API_LIMITS['2014']],
    ['current', API_LIMITS.current],
  ] as const)(
    'goes on by page number under %s: one call a page, null after the last',
    async (_name, limits) => {
      const { ecs, gateway } = volumeGateway(23, { limits });
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 1; page <= 3; page++) {
        const result: Awaited<ReturnType<typeof execute<CursorPage>>> = await execute<CursorPage>(
          gateway,
          CURSOR,
          { page: { after, size: 10 } },
        );
        expect(result.errors).toBeUndefined();
        expect(result.data?.volumes.pageNumber).toBe(page);
        ids.push(...(result.data?.volumes.nodes.map((node) => node.id) ?? []));
        after = result.data?.volumes.endCursor ?? null;
      }
      expect(after).toBeNull();
      expect(ids).toHaveLength(23);
      expect(ecs.calls).toEqual([call(1, 10), call(2, 10), call(3, 10)]);
    },
  );

  it('gives a page by number a cursor to the next one', async () => {
    const { ecs, gateway } = volumeGateway(23);
    const first = await execute<CursorPage>(gateway, CURSOR, { page: { number: 2, size: 5 } });
    const next = await execute<CursorPage>(gateway, CURSOR, {
      page: { after: first.data?.volumes.endCursor, size: 5 },
    });
    expect(next.data?.volumes.nodes.map((node) => node.id)).toEqual([
      'v-011',
      'v-012',
      'v-013',
      'v-014',
      'v-015',
    ]);
    expect(ecs.calls).toEqual([call(2, 5), call(3, 5)]);
  });
});
