import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DescribeRegions, DescribeZones } from '../../src/spec/actions/regions.js';
import { FakeEcsError } from './support/fake-ecs.js';
import { execute, regionGateway } from './support/gateway.js';

const REGIONS_AND_ZONES = /* GraphQL */ `
  query { regions { id localName zones { id localName availableResourceCreation availableDiskCategories } } }
`;

describe('regions and zones', () => {
  it('answers with one DescribeRegions and one DescribeZones per region', async () => {
    const { ecs, gateway } = regionGateway();
    const result = await execute(gateway, REGIONS_AND_ZONES);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      regions: [
        {
          id: 'cn-hangzhou',
          localName: '华东 1',
          zones: [
            {
              id: 'cn-hangzhou-b',
              localName: '杭州可用区B',
              availableResourceCreation: ['Instance', 'Disk'],
              availableDiskCategories: ['cloud', 'ephemeral'],
            },
            {
              id: 'cn-hangzhou-d',
              localName: '杭州可用区D',
              availableResourceCreation: ['Instance'],
              availableDiskCategories: ['cloud'],
            },
          ],
        },
        {
          id: 'cn-qingdao',
          localName: '华北 1',
          zones: [
            {
              id: 'cn-qingdao-b',
              localName: '青岛可用区B',
              availableResourceCreation: ['Disk'],
              availableDiskCategories: ['ephemeral_ssd'],
            },
          ],
        },
      ],
    });
    expect(ecs.calls).toEqual([
      { action: 'DescribeRegions', input: {} },
      { action: 'DescribeZones', input: { RegionId: 'cn-hangzhou' } },
      { action: 'DescribeZones', input: { RegionId: 'cn-qingdao' } },
    ]);
  });

  it('shares the region list between requests until its TTL ends; zones are per request', async () => {
    const { ecs, gateway, clock } = regionGateway({ regionsTtlMs: 60_000 });
    await execute(gateway, REGIONS_AND_ZONES);
    ecs.reset();
    clock.now = 59_999;
    await execute(gateway, REGIONS_AND_ZONES);
    expect(ecs.actions()).toEqual(['DescribeZones', 'DescribeZones']);
    ecs.reset();
    clock.now = 60_000;
    await execute(gateway, '{ regions { id } }');
    expect(ecs.actions()).toEqual(['DescribeRegions']);
  });

  it('looks a region up in the region list, and a zone points back to its region', async () => {
    const { ecs, gateway } = regionGateway();
    const result = await execute(
      gateway,
      '{ region(id: "cn-qingdao") { localName zones { id region { id localName } } } }',
    );
    expect(result.data).toEqual({
      region: {
        localName: '华北 1',
        zones: [{ id: 'cn-qingdao-b', region: { id: 'cn-qingdao', localName: '华北 1' } }],
      },
    });
    expect(ecs.calls).toEqual([
      { action: 'DescribeRegions', input: {} },
      { action: 'DescribeZones', input: { RegionId: 'cn-qingdao' } },
    ]);
    expect(await execute(gateway, '{ region(id: "xx-nowhere") { id } }')).toEqual({ data: { region: null } });
  });

  it("keeps the other regions' answer when one region's zones fail, with the ECS error at its path", async () => {
    const { ecs, gateway, logger } = regionGateway();
    ecs.failWhen(
      DescribeZones,
      (input) => input.RegionId === 'cn-qingdao',
      new FakeEcsError(
        'ServiceUnavailable',
        'The request has failed due to a temporary failure of the server.',
        503,
        'E1B5-REQ',
      ),
    );
    const result = await execute(gateway, '{ regions { id zones { id } } }');
    expect(result.data).toEqual({
      regions: [
        { id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-b' }, { id: 'cn-hangzhou-d' }] },
        { id: 'cn-qingdao', zones: null },
      ],
    });
    expect(result.errors).toEqual([
      {
        message: 'The request has failed due to a temporary failure of the server.',
        locations: [{ line: 1, column: 16 }],
        path: ['regions', 1, 'zones'],
        extensions: { code: 'ServiceUnavailable', requestId: 'E1B5-REQ', httpStatus: 503 },
      },
    ]);
    expect(logger.lines.join('\n')).toContain('ServiceUnavailable');
  });

  it('masks any other error as "Unexpected error." and logs it without secrets', async () => {
    const { ecs, gateway, logger } = regionGateway();
    ecs.failWhen(
      DescribeZones,
      () => true,
      new Error(
        'socket hang up at https://ecs.aliyuncs.com/?Action=DescribeZones&Signature=c2VjcmV0c2ln&SecurityToken=tok-123',
      ),
    );
    const result = await execute(gateway, '{ region(id: "cn-hangzhou") { zones { id } } }');
    expect(result.data).toEqual({ region: { zones: null } });
    expect(result.errors).toEqual([
      {
        message: 'Unexpected error.',
        locations: [{ line: 1, column: 31 }],
        path: ['region', 'zones'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    const log = logger.lines.join('\n');
    expect(log).toContain('socket hang up');
    expect(log).not.toContain('c2VjcmV0c2ln');
    expect(log).not.toContain('tok-123');
  });

  it("removes the string to sign from ECS's SignatureDoesNotMatch message", async () => {
    const { ecs, gateway, logger } = regionGateway();
    ecs.failWhen(
      DescribeZones,
      () => true,
      new FakeEcsError(
        'SignatureDoesNotMatch',
        'Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3Dtestid%26SecurityToken%3Dtok-456',
      ),
    );
    const result = await execute(gateway, '{ region(id: "cn-hangzhou") { zones { id } } }');
    expect(result.errors?.[0]?.message).toBe('Specified signature is not matched with our calculation.');
    expect(JSON.stringify(result)).not.toContain('tok-456');
    expect(logger.lines.join('\n')).not.toContain('tok-456');
  });
});

describe('limits', () => {
  it('rejects an operation deeper than the limit before any call', async () => {
    const { ecs, gateway } = regionGateway({ maxDepth: 4 });
    const deep = await execute(gateway, '{ regions { zones { region { zones { id } } } } }');
    expect(deep.errors).toEqual([
      expect.objectContaining({
        message: 'The operation is 5 fields deep; the most allowed is 4.',
        extensions: { code: 'QUERY_TOO_DEEP', depth: 5, maxDepth: 4 },
      }),
    ]);
    const viaFragment = await execute(
      gateway,
      'query Deep { regions { ...Z } } fragment Z on Region { zones { region { zones { id } } } }',
    );
    expect(viaFragment.errors?.[0]?.message).toBe('Operation Deep is 5 fields deep; the most allowed is 4.');
    expect(ecs.calls).toEqual([]);
    expect((await execute(gateway, '{ regions { zones { region { id } } } }')).errors).toBeUndefined();
  });

  it('rejects an operation whose estimated upstream calls exceed the cap, after reading only the region list', async () => {
    const { ecs, gateway } = regionGateway({ maxUpstreamCalls: 2 });
    // 1 DescribeRegions + 2 regions × 1 DescribeZones: the region count is read, not assumed.
    const result = await execute(gateway, '{ regions { zones { id } } }');
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([
      {
        message:
          'This operation could make up to 3 ECS calls; the most allowed is 2. Ask for smaller pages or fewer nested lists.',
        extensions: { code: 'TOO_MANY_UPSTREAM_CALLS', estimate: 3, maxUpstreamCalls: 2 },
      },
    ]);
    expect(ecs.actions()).toEqual(['DescribeRegions']);
    // The region list alone is within the cap.
    expect((await execute(gateway, '{ regions { id } }')).errors).toBeUndefined();
  });
});

describe('the region count of the estimate', () => {
  it('when the region list fails, answers its ECS error at its path, not a refusal, with no second read', async () => {
    const { ecs, gateway } = regionGateway({ maxUpstreamCalls: 5, debug: true });
    ecs.failWhen(DescribeRegions, () => true, new FakeEcsError('ServiceUnavailable', 'try later', 503));
    const result = await execute(gateway, '{ regions { zones { id } } }');
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['regions'],
        extensions: expect.objectContaining({ code: 'ServiceUnavailable' }),
      }),
    ]);
    expect(ecs.actions()).toEqual(['DescribeRegions']);
    // The failed list yields no region, so only its own call is counted.
    expect(result.extensions?.upstream).toEqual({ calls: 1, estimate: 1, byAction: { DescribeRegions: 1 } });
  });
});

describe('debug extensions', () => {
  it('reports the upstream calls of the request when debug is on', async () => {
    const { gateway } = regionGateway({ debug: true });
    const first = await execute(gateway, '{ regions { zones { id } } }');
    expect(first.extensions).toEqual({
      upstream: { calls: 3, estimate: 3, byAction: { DescribeRegions: 1, DescribeZones: 2 } },
    });
    const second = await execute(gateway, '{ regions { id } }');
    expect(second.extensions).toEqual({ upstream: { calls: 0, estimate: 1, byAction: {} } });
  });

  it('adds nothing when debug is off', async () => {
    const { gateway } = regionGateway();
    expect((await execute(gateway, '{ regions { id } }')).extensions).toBeUndefined();
  });
});

describe('GraphiQL', () => {
  it('opens on the example query', async () => {
    const { gateway, ecs } = regionGateway();
    const response = await gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<title>ECS GraphQL Gateway</title>');
    // The query and its variables as GraphiQL's initial ones (not only `defaultQuery`,
    // which a tab kept from an earlier visit overrides).
    expect(page).toContain(`"query":${JSON.stringify('# The instances of a region')}`.slice(0, -1));
    expect(page).toContain('query InstancesDisksSnapshots($regionId: ID, $instances: Int = 5)');
    expect(page).toContain(`"variables":${JSON.stringify('{\n  "instances": 5\n}')}`);
    // Every asset is in the page: no script, style sheet or icon from another host.
    expect(page).toContain('YogaGraphiQL.renderYogaGraphiQL(');
    expect(page).not.toMatch(/<(?:script|link)\b[^>]*\b(?:src|href)=["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/unpkg\.com|githubusercontent\.com/);
    expect(ecs.calls).toEqual([]);
  });

  it('sends the page gzipped to a browser that takes gzip, and only to the gateway’s own names', async () => {
    const { gateway } = regionGateway();
    const html = { accept: 'text/html', 'accept-encoding': 'gzip, deflate' };
    const plain = await (
      await gateway.fetch('http://127.0.0.1/graphql', { headers: { accept: 'text/html' } })
    ).text();
    const zipped = await gateway.fetch('http://127.0.0.1/graphql', { headers: html });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('accept-encoding');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(gunzipSync(bytes).toString('utf8')).toBe(plain);
    expect(bytes.length).toBeLessThan(plain.length / 2);
    // A rebinding name gets the Host refusal, not 9 MB.
    const foreign = await gateway.fetch('http://evil.example/graphql', {
      headers: { ...html, host: 'evil.example' },
    });
    expect(foreign.status).toBe(403);
  });
});
