import { afterEach, describe, expect, it } from 'vitest';
import { EcsClient } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { API_LIMITS, type ApiLimitsName } from '../../src/spec/limits.js';
import { createGateway, type GatewayOptions } from '../../src/yoga.js';
import { capturingLogger, execute } from '../graph/support/gateway.js';
import { startTokenEcs, type TokenEcs, type TokenEcsOptions, tokenEstate } from '../support/token-ecs.js';

const REGION = 'cn-hangzhou';
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

/** The gateway over the token-paging fake, one call at a time so that calls come in order. */
async function tokenStack(
  profile: ApiLimitsName,
  sizes: { instances: number; disks: number; snapshots: number },
  options: { fake?: Omit<TokenEcsOptions, 'profile'>; gateway?: Partial<GatewayOptions> } = {},
) {
  const limits = API_LIMITS[profile];
  const ecs = await startTokenEcs(tokenEstate(REGION, sizes), { profile, ...options.fake });
  const client = new EcsClient({
    credentials: staticCredentials({ accessKeyId: 'token-test', accessKeySecret: 'token-test-secret' }),
    defaultRegionId: REGION,
    endpoint: ecs.url,
    format: 'JSON',
    limits,
    maxAttempts: 1,
    maxConcurrency: 1,
    ratePerSecond: Number.POSITIVE_INFINITY,
  });
  open.push(async () => {
    await client.close();
    await ecs.close();
  });
  const gateway = createGateway({
    ecs: client,
    limits,
    defaultRegionId: REGION,
    debug: true,
    logger: capturingLogger(),
    ...options.gateway,
  });
  return { ecs, gateway };
}

/** The calls of one action, parameters only. */
const callsOf = (ecs: TokenEcs, action: string) =>
  ecs.calls.filter((call) => call.action === action).map((call) => call.params);

interface PageData {
  readonly nodes: readonly { readonly id: string }[];
  readonly pageNumber: number;
  readonly pageSize: number;
  readonly hasNextPage: boolean;
  readonly truncated: boolean;
  readonly endCursor: string | null;
}

const INSTANCES = /* GraphQL */ `
  query ($page: PageInput) {
    instances(page: $page) { pageNumber pageSize hasNextPage truncated endCursor nodes { id } }
  }
`;
const DISKS = /* GraphQL */ `
  query ($page: PageInput, $filter: DiskFilter) {
    disks(page: $page, filter: $filter) { pageNumber pageSize hasNextPage truncated endCursor nodes { id } }
  }
`;

describe('page: { all: true }', () => {
  it('walks DescribeInstances by NextToken at MaxResults 100 under current', async () => {
    const { ecs, gateway } = await tokenStack('current', { instances: 250, disks: 0, snapshots: 0 });
    const result = await execute<{ instances: PageData }>(gateway, INSTANCES, { page: { all: true } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.instances.nodes).toHaveLength(250);
    expect(result.data?.instances).toMatchObject({ hasNextPage: false, truncated: false, endCursor: null });
    expect(ecs.calls).toEqual([
      { action: 'DescribeInstances', params: { RegionId: REGION, MaxResults: '100' } },
      {
        action: 'DescribeInstances',
        params: { RegionId: REGION, MaxResults: '100', NextToken: ecs.issued[0] },
      },
      {
        action: 'DescribeInstances',
        params: { RegionId: REGION, MaxResults: '100', NextToken: ecs.issued[1] },
      },
    ]);
    expect(ecs.issued).toHaveLength(2);
  });

  it('scans 500 disks a call, and takes an empty NextToken as the end', async () => {
    const { ecs, gateway } = await tokenStack(
      'current',
      { instances: 300, disks: 2, snapshots: 0 },
      { fake: { lastToken: 'empty' } },
    );
    const result = await execute<{ disks: PageData }>(gateway, DISKS, { page: { all: true } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.disks.nodes).toHaveLength(600);
    expect(callsOf(ecs, 'DescribeDisks')).toEqual([
      { RegionId: REGION, MaxResults: '500' },
      { RegionId: REGION, MaxResults: '500', NextToken: ecs.issued[0] },
    ]);
  });

  it('stops at the page cap and says the list was cut', async () => {
    const { ecs, gateway } = await tokenStack(
      'current',
      { instances: 250, disks: 0, snapshots: 0 },
      { gateway: { allPagesCap: 2 } },
    );
    const result = await execute<{ instances: PageData }>(gateway, INSTANCES, { page: { all: true } });
    expect(result.data?.instances).toMatchObject({ hasNextPage: true, truncated: true, endCursor: null });
    expect(result.data?.instances.nodes).toHaveLength(200);
    expect(ecs.calls).toHaveLength(2);
    expect(result.extensions?.upstream).toMatchObject({ calls: 2, estimate: 2 });
  });

  it('keeps parallel PageNumber pages under 2014, which has no tokens', async () => {
    const { ecs, gateway } = await tokenStack('2014', { instances: 120, disks: 0, snapshots: 0 });
    const result = await execute<{ instances: PageData }>(gateway, INSTANCES, { page: { all: true } });
    expect(result.data?.instances.nodes).toHaveLength(120);
    expect(ecs.calls.map((call) => call.params)).toEqual(
      [1, 2, 3].map((n) => ({
        RegionId: REGION,
        PageNumber: String(n),
        PageSize: '50',
      })),
    );
  });
});

describe('page: { after } (cursor form)', () => {
  async function scroll(gateway: Awaited<ReturnType<typeof tokenStack>>['gateway'], size: number) {
    const pages: PageData[] = [];
    let after: string | null = null;
    do {
      const result = await execute<{ instances: PageData }>(gateway, INSTANCES, { page: { after, size } });
      expect(result.errors).toBeUndefined();
      const page = result.data?.instances as PageData;
      pages.push(page);
      after = page.endCursor;
    } while (after !== null && pages.length < 10);
    return pages;
  }

  it.each(['absent', 'empty'] as const)(
    'follows NextToken with MaxResults = size under current (last token %s)',
    async (lastToken) => {
      const { ecs, gateway } = await tokenStack(
        'current',
        { instances: 45, disks: 0, snapshots: 0 },
        { fake: { lastToken } },
      );
      const pages = await scroll(gateway, 20);
      expect(pages.map((page) => [page.pageNumber, page.nodes.length, page.hasNextPage])).toEqual([
        [1, 20, true],
        [2, 20, true],
        [3, 5, false],
      ]);
      expect(pages.flatMap((page) => page.nodes.map((node) => node.id))).toEqual(
        Array.from({ length: 45 }, (_, i) => `i-${String(i + 1).padStart(4, '0')}`),
      );
      expect(ecs.calls.map((call) => call.params)).toEqual([
        { RegionId: REGION, MaxResults: '20' },
        { RegionId: REGION, MaxResults: '20', NextToken: ecs.issued[0] },
        { RegionId: REGION, MaxResults: '20', NextToken: ecs.issued[1] },
      ]);
      // The cursor is opaque: the upstream token does not show through it.
      for (const page of pages.slice(0, 2))
        for (const token of ecs.issued) expect(page.endCursor).not.toContain(token);
    },
  );

  it('goes on by page number under 2014, and the cursor keeps its size', async () => {
    const { ecs, gateway } = await tokenStack('2014', { instances: 45, disks: 0, snapshots: 0 });
    const pages = await scroll(gateway, 20);
    expect(pages.map((page) => page.nodes.length)).toEqual([20, 20, 5]);
    expect(ecs.calls.map((call) => call.params)).toEqual(
      [1, 2, 3].map((n) => ({
        RegionId: REGION,
        PageNumber: String(n),
        PageSize: '20',
      })),
    );
    const other = await execute(gateway, INSTANCES, { page: { after: pages[0]?.endCursor, size: 10 } });
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'instances(page).size',
    });
    expect(ecs.calls).toHaveLength(3);
  });

  it('pages by number under current when asked for a number: PageNumber still works', async () => {
    const { ecs, gateway } = await tokenStack('current', { instances: 45, disks: 0, snapshots: 0 });
    const result = await execute<{ instances: PageData }>(gateway, INSTANCES, {
      page: { number: 2, size: 20 },
    });
    expect(result.data?.instances.nodes.map((node) => node.id)[0]).toBe('i-0021');
    expect(result.data?.instances.endCursor).not.toBeNull();
    expect(ecs.calls.map((call) => call.params)).toEqual([
      { RegionId: REGION, PageNumber: '2', PageSize: '20' },
    ]);
  });
});

describe('cursor misuse is refused before any call', () => {
  async function firstCursor(stack: Awaited<ReturnType<typeof tokenStack>>) {
    const result = await execute<{ instances: PageData }>(stack.gateway, INSTANCES, {
      page: { after: null, size: 10 },
    });
    stack.ecs.calls.length = 0;
    return result.data?.instances.endCursor as string;
  }

  it.each([
    ['not a cursor', 'abc', 'instances(page).after'],
    [
      'a forged document',
      Buffer.from('{"v":1,"s":"x","n":0,"t":"t"}').toString('base64url'),
      'instances(page).after',
    ],
    ['too long', 'a'.repeat(3000), 'instances(page).after'],
  ])('%s', async (_name, after, argument) => {
    const stack = await tokenStack('current', { instances: 30, disks: 0, snapshots: 0 });
    const result = await execute(stack.gateway, INSTANCES, { page: { after } });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(stack.ecs.calls).toEqual([]);
  });

  it('a cursor page smaller than ECS answers: under 10 instances or disks a call', async () => {
    const stack = await tokenStack('current', { instances: 30, disks: 30, snapshots: 0 });
    for (const [query, field] of [
      [INSTANCES, 'instances'],
      [DISKS, 'disks'],
    ] as const) {
      const result = await execute(stack.gateway, query, { page: { after: null, size: 5 } });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'page.size',
        rule: expect.stringContaining('at least 10'),
      });
      expect(result.errors?.[0]?.path).toEqual([field]);
    }
    expect(stack.ecs.calls).toEqual([]);
    // The floor itself is one call of that size.
    const ok = await execute<{ instances: PageData }>(stack.gateway, INSTANCES, {
      page: { after: null, size: 10 },
    });
    expect(ok.data?.instances.nodes).toHaveLength(10);
    expect(callsOf(stack.ecs, 'DescribeInstances')).toEqual([expect.objectContaining({ MaxResults: '10' })]);
  });

  it('with another listing, another filter or another profile', async () => {
    const stack = await tokenStack('current', { instances: 30, disks: 1, snapshots: 0 });
    const cursor = await firstCursor(stack);
    const onDisks = await execute(stack.gateway, DISKS, { page: { after: cursor } });
    const filtered = await execute(
      stack.gateway,
      INSTANCES.replace('instances(page: $page)', 'instances(page: $page, filter: { status: RUNNING })'),
      {
        page: { after: cursor },
      },
    );
    for (const result of [onDisks, filtered])
      expect(result.errors?.[0]).toMatchObject({
        message: expect.stringContaining('must be an endCursor of the same list'),
        extensions: { code: 'BAD_USER_INPUT', argument: 'page.after' },
      });
    expect(stack.ecs.calls).toEqual([]);
    const older = await tokenStack('2014', { instances: 30, disks: 0, snapshots: 0 });
    const elsewhere = await execute(older.gateway, INSTANCES, { page: { after: cursor } });
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'page.after',
    });
    expect(older.ecs.calls).toEqual([]);
  });

  it.each([
    [{ all: true }, 'instances(page).all'],
    [{ number: 2 }, 'instances(page).number'],
  ])('after with %j', async (extra, argument) => {
    const stack = await tokenStack('current', { instances: 30, disks: 0, snapshots: 0 });
    const result = await execute(stack.gateway, INSTANCES, { page: { after: null, ...extra } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(stack.ecs.calls).toEqual([]);
  });

  it('a cursor used twice: ECS refuses the reused token, and the field fails with its code', async () => {
    const stack = await tokenStack('current', { instances: 30, disks: 0, snapshots: 0 });
    const cursor = await firstCursor(stack);
    const first = await execute(stack.gateway, INSTANCES, { page: { after: cursor } });
    expect(first.errors).toBeUndefined();
    const again = await execute(stack.gateway, INSTANCES, { page: { after: cursor } });
    expect(again.data).toEqual({ instances: null });
    expect(JSON.stringify(again.errors)).toContain('InvalidNextToken.Reused');
    expect(stack.ecs.calls.map((call) => call.params.NextToken)).toEqual([
      stack.ecs.issued[0],
      stack.ecs.issued[0],
    ]);
  });
});

describe('a nested query: instances -> disks -> snapshots', () => {
  const NESTED = /* GraphQL */ `
    query ($page: PageInput, $disks: PageInput) {
      instances(page: $page) {
        endCursor
        nodes { id disks(page: $disks) { endCursor nodes { id snapshots { nodes { id } } } } }
      }
    }
  `;
  const sizes = { instances: 6, disks: 2, snapshots: 3 };

  it.each([
    ['current', { page: { all: true } }, [{ RegionId: REGION, MaxResults: '100' }], '100'],
    ['2014', { page: { all: true } }, [{ RegionId: REGION, PageNumber: '1', PageSize: '50' }], '50'],
    ['current', { page: { size: 6 } }, [{ RegionId: REGION, PageNumber: '1', PageSize: '6' }], '100'],
    // ECS answers at least 10 instances a call by MaxResults: the cursor form asks for 10.
    ['current', { page: { after: null, size: 10 } }, [{ RegionId: REGION, MaxResults: '10' }], '100'],
    [
      '2014',
      { page: { after: null, size: 6 } },
      [{ RegionId: REGION, PageNumber: '1', PageSize: '6' }],
      '50',
    ],
  ] as const)('%s, %j: exact calls', async (profile, variables, instanceCalls, scanSize) => {
    // `all` over nested lists is estimated far above what it costs: the cap would refuse it.
    const { ecs, gateway } = await tokenStack(profile, sizes, { gateway: { maxUpstreamCalls: 100_000 } });
    const result = await execute<{
      instances: { nodes: { disks: { nodes: { snapshots: { nodes: unknown[] } }[] } }[] };
    }>(gateway, NESTED, variables);
    expect(result.errors).toBeUndefined();
    const instances = result.data?.instances.nodes ?? [];
    expect(instances).toHaveLength(6);
    expect(instances.flatMap((i) => i.disks.nodes.flatMap((d) => d.snapshots.nodes))).toHaveLength(36);
    expect(callsOf(ecs, 'DescribeInstances')).toEqual(instanceCalls);
    // Each relation's region scan: its deciding page by number holds the whole region.
    expect(callsOf(ecs, 'DescribeDisks')).toEqual([
      { RegionId: REGION, PageNumber: '1', PageSize: scanSize },
    ]);
    expect(callsOf(ecs, 'DescribeSnapshots')).toEqual([
      { RegionId: REGION, PageNumber: '1', PageSize: scanSize },
    ]);
    expect(ecs.calls).toHaveLength(3);
  });

  it("scrolls a relation's children by a cursor of its own, cut from what the relation loaded", async () => {
    const { ecs, gateway } = await tokenStack('current', sizes);
    const first = await execute<{ instances: { nodes: { disks: PageData }[] } }>(gateway, NESTED, {
      page: { size: 1 },
      disks: { after: null, size: 1 },
    });
    const disks = first.data?.instances.nodes[0]?.disks as PageData;
    expect(disks.nodes.map((node) => node.id)).toEqual(['d-0001-1']);
    const second = await execute<{ instances: { nodes: { disks: PageData }[] } }>(gateway, NESTED, {
      page: { size: 1 },
      disks: { after: disks.endCursor, size: 1 },
    });
    expect(second.data?.instances.nodes[0]?.disks.nodes.map((node) => node.id)).toEqual(['d-0001-2']);
    expect(second.data?.instances.nodes[0]?.disks.endCursor).toBeNull();
    // A relation's cursor is no listing's.
    const misused = await execute(gateway, DISKS, { page: { after: disks.endCursor, size: 1 } });
    expect(misused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'page.after' });
    expect(callsOf(ecs, 'DescribeDisks').every((params) => params.MaxResults === undefined)).toBe(true);
  });
});

describe('the estimate stays an upper bound', () => {
  it.each([
    ['current', 'disks(page: { all: true }) { nodes { id } }', 2],
    ['2014', 'disks(page: { all: true }) { nodes { id } }', 12],
    ['current', 'instances(page: { after: null, size: 100 }) { nodes { id } }', 1],
    [
      'current',
      'instances(page: { all: true }) { nodes { disks(page: { all: true }) { nodes { id } } } }',
      // 3 token pages of 100 instances; the disks relation scans its 600 disks by number: 6 pages of 100, in parallel.
      9,
    ],
  ] as const)('%s: %s', async (profile, selection, calls) => {
    const { ecs, gateway } = await tokenStack(
      profile,
      { instances: 300, disks: 2, snapshots: 0 },
      { gateway: { maxUpstreamCalls: 100_000 } },
    );
    const result = await execute(gateway, `{ ${selection} }`);
    expect(result.errors).toBeUndefined();
    const upstream = result.extensions?.upstream as { calls: number; estimate: number };
    expect(upstream.calls).toBe(calls);
    expect(ecs.calls).toHaveLength(calls);
    expect(upstream.estimate).toBeGreaterThanOrEqual(upstream.calls);
  });
});

describe('the estimate of a token walk counts every item a call can bring', () => {
  it('all over 500 disks a call bounds the lists below by 500 parents a page, not 100', async () => {
    // One page allowed: a PageNumber page would bring 100 disks, a token call brings all 300.
    const { ecs, gateway } = await tokenStack(
      'current',
      { instances: 150, disks: 2, snapshots: 1 },
      { gateway: { allPagesCap: 1, batching: false, maxUpstreamCalls: 100_000 } },
    );
    const result = await execute<{ disks: { nodes: unknown[] } }>(
      gateway,
      '{ disks(page: { all: true }) { nodes { id snapshots { totalCount } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.disks.nodes).toHaveLength(300);
    const upstream = result.extensions?.upstream as { calls: number; estimate: number };
    // Without batching, each disk's snapshots are a call of their own.
    expect(callsOf(ecs, 'DescribeDisks')).toEqual([{ RegionId: REGION, MaxResults: '500' }]);
    expect(callsOf(ecs, 'DescribeSnapshots')).toHaveLength(300);
    expect(upstream.calls).toBe(301);
    expect(upstream.estimate).toBeGreaterThanOrEqual(301);
  });
});
