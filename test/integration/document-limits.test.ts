import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DocumentCache } from '../../src/plugins/document-cache.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import type { GatewayOptions } from '../../src/yoga.js';
import { type ReadStack, startReadStack } from './read-stack.js';

const TOKEN = 'gw-token-0123456789abcdef';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** A gateway over the simulator, listening on 127.0.0.1:0: every attack crosses a real socket. */
async function listening(gateway: Partial<GatewayOptions> = {}) {
  const stack: ReadStack = await startReadStack({
    limits: API_LIMITS['2014'],
    sizes: { instancesPerRegion: 2, disksPerInstance: 1, snapshotsPerDisk: 1 },
    // No extensions.upstream: the answers are compared whole.
    gateway: { debug: false, ...gateway },
  });
  const server: Server = createServer(stack.gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    stack,
    url,
    async post(query: string, headers: Record<string, string> = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers },
        body: JSON.stringify({ query }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stack.close();
    },
  };
}
type Listening = Awaited<ReturnType<typeof listening>>;

/** Each fragment spreads the one before twice: `levels` levels select 2^levels fields. */
function fragmentBomb(levels: number): string {
  let text = `query Bomb { ...F${levels} }\nfragment F0 on Query { __typename }\n`;
  for (let level = 1; level <= levels; level += 1)
    text += `fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }\n`;
  return text;
}

/** `zones { region { zones ... { id } } }`: `depth` fields, `id` included. */
function zonesChain(depth: number): string {
  const fields = Array.from({ length: depth - 1 }, (_, index) => (index % 2 === 0 ? 'zones' : 'region'));
  return `${fields.map((field) => `${field} {`).join(' ')} id ${'}'.repeat(fields.length)}`;
}

/** `{ regions { zones { region ... } } }`, `depth` fields deep. */
function deepQuery(depth: number): string {
  return `{ regions { ${zonesChain(depth - 1)} } }`;
}

function aliases(count: number): string {
  return Array.from({ length: count }, (_, index) => `r${index}: regions { id }`).join(' ');
}

describe('document limits over loopback HTTP (default limits)', () => {
  let gw: Listening;
  beforeAll(async () => {
    gw = await listening();
  });
  afterAll(() => gw.close());
  afterEach(async () => {
    // Whatever came before, the gateway is alive and serves the next small query at once.
    const next = await gw.post('{ __typename }');
    expect([next.status, next.body]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  async function refused(
    query: string,
    status: number,
    extensions: Record<string, unknown>,
    message: RegExp,
  ) {
    gw.stack.resetCounts();
    const answer = await gw.post(query);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      errors: [expect.objectContaining({ message: expect.stringMatching(message), extensions })],
    });
    expect(gw.stack.simulator.stats.snapshot().total).toBe(0);
    expect(gw.stack.calls).toEqual([]);
    return answer;
  }

  it('refuses 30 levels of fragment doubling (2^30 fields, 1.3 KB) before validation', async () => {
    const bomb = fragmentBomb(30);
    expect(bomb.length).toBeLessThan(1400);
    await refused(
      bomb,
      400,
      { code: 'QUERY_TOO_LARGE', selections: 2 ** 30, maxSelections: 1000 },
      /^Operation Bomb selects 1073741824 fields once its fragments are expanded; the most allowed is 1000\.$/,
    );
  });

  it('refuses 100,000 nested braces at the token limit, before the parser recurses', async () => {
    const nested = `{${'a{'.repeat(100_000)}b${'}'.repeat(100_001)}`;
    await refused(
      nested,
      400,
      { code: 'QUERY_TOO_MANY_TOKENS', maxTokens: 1000 },
      /more than 1000 tokens.*the most allowed is 1000\.$/,
    );
  });

  it('refuses 10,000 aliases at the token limit, and 101 at the alias limit', async () => {
    await refused(
      `{ ${aliases(10_000)} }`,
      400,
      { code: 'QUERY_TOO_MANY_TOKENS', maxTokens: 1000 },
      /tokens/,
    );
    await refused(
      `{ ${aliases(101)} }`,
      400,
      { code: 'QUERY_TOO_MANY_ALIASES', aliases: 101, maxAliases: 100 },
      /^The operation uses 101 aliases; the most allowed is 100\.$/,
    );
    const accepted = await gw.post(`{ ${aliases(100)} }`);
    expect(accepted.status).toBe(200);
  });

  it('counts an alias inside a fragment once per spread', async () => {
    const query =
      'query Twice { ...A ...B } fragment A on Query { ...R ...R } fragment B on Query { ...R ...R } ' +
      `fragment R on Query { ${Array.from({ length: 26 }, (_, index) => `z${index}: regions { id }`).join(' ')} }`;
    await refused(
      query,
      400,
      { code: 'QUERY_TOO_MANY_ALIASES', aliases: 104, maxAliases: 100 },
      /^Operation Twice uses 104 aliases/,
    );
  });

  it('refuses many directives', async () => {
    const query = `{ regions { id ${'@include(if: true) '.repeat(51)}} }`;
    await refused(
      query,
      400,
      { code: 'QUERY_TOO_MANY_DIRECTIVES', directives: 51, maxDirectives: 50 },
      /^The operation uses 51 directives; the most allowed is 50\.$/,
    );
  });

  it('refuses a deep query, naming its depth and the limit, through fragments too', async () => {
    await refused(
      deepQuery(11),
      400,
      { code: 'QUERY_TOO_DEEP', depth: 11, maxDepth: 10 },
      /^The operation is 11 fields deep; the most allowed is 10\.$/,
    );
    await refused(
      `query Deep { regions { ...Z } } fragment Z on Region { ${zonesChain(10)} }`,
      400,
      { code: 'QUERY_TOO_DEEP', depth: 11, maxDepth: 10 },
      /^Operation Deep is 11 fields deep/,
    );
    const ten = await gw.post(deepQuery(10));
    expect(ten.status).toBe(200);
  });

  it('refuses 51 copies of one field in one selection set (validation compares them pairwise)', async () => {
    await refused(
      `{ ${'regions { id } '.repeat(25)} ... on Query { ${'regions { id } '.repeat(26)} } }`,
      400,
      { code: 'QUERY_FIELD_REPEATED', repeats: 51, maxFieldRepeats: 50 },
      /^"regions" is selected 51 times in one selection set; the most allowed is 50\.$/,
    );
    expect((await gw.post(`{ ${'regions { id } '.repeat(50)} }`)).status).toBe(200);
  });

  it('reports every limit a document breaks at once', async () => {
    const query = `{ regions { ${zonesChain(10)} } ${aliases(101)} }`;
    gw.stack.resetCounts();
    const answer = await gw.post(query);
    expect(answer.status).toBe(400);
    expect(
      answer.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code),
    ).toEqual(['QUERY_TOO_MANY_ALIASES', 'QUERY_TOO_DEEP']);
    expect(gw.stack.simulator.stats.snapshot().total).toBe(0);
  });

  it('answers 400 to a plain JSON client too (yoga would answer 200 to a spec validation error)', async () => {
    const answer = await gw.post(fragmentBomb(12), { accept: 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions).toEqual({
      code: 'QUERY_TOO_LARGE',
      selections: 4096,
      maxSelections: 1000,
    });
  });

  it("serves GraphiQL's introspection query, which is deeper than 10 under __schema", async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const answer = await gw.post(query);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.__schema.queryType).toEqual({ name: 'Query', kind: 'OBJECT' });
  });

  it('lets validation report a fragment cycle (the counters do not loop)', async () => {
    const answer = await gw.post(
      '{ ...A } fragment A on Query { ...B __typename } fragment B on Query { ...A }',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/Cannot spread fragment "A" within itself via "B"/);
  });
});

describe('with a token: nothing before authentication', () => {
  let gw: Listening;
  let cache: DocumentCache;
  beforeAll(async () => {
    cache = new DocumentCache();
    gw = await listening({ token: TOKEN, documentCache: cache });
  });
  afterAll(() => gw.close());
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('answers a bomb and an invalid query without the token 401, with no hint of the schema', async () => {
    gw.stack.resetCounts();
    for (const query of [fragmentBomb(30), '{ instanc { id } }', `{${'a{'.repeat(100_000)}}`]) {
      const answer = await gw.post(query);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.headers.get('content-type')).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
      expect(answer.body).toEqual({
        errors: [
          { message: expect.stringMatching(/requires a token/), extensions: { code: 'UNAUTHENTICATED' } },
        ],
      });
      expect(answer.text).not.toMatch(/Did you mean|instance|Query/);
    }
    expect(gw.stack.simulator.stats.snapshot().total).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('serves the health check and the GraphiQL page (static, no data) without the token', async () => {
    const base = gw.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect([page.status, (await page.text()).includes('ECS GraphQL Gateway')]).toEqual([200, true]);
    const query = await fetch(`${gw.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(query.status).toBe(401);
  });

  it('keeps schema suggestions for an authenticated client (introspection shows it the schema anyway)', async () => {
    const answer = await gw.post('{ instanc { id } }', auth);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/Did you mean "instance"/);
  });

  it('keeps in the parse cache only documents that passed the limits and validation', async () => {
    const before = cache.size;
    const query = (id: number) => `query Probe${id} { regions { id } }`;
    expect((await gw.post(query(1))).status).toBe(401);
    expect((await gw.post(query(2), { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect(cache.size).toBe(before);
    expect((await gw.post(fragmentBomb(20), auth)).status).toBe(400);
    expect((await gw.post('{ regions { nope } }', auth)).status).toBe(400);
    expect(cache.size).toBe(before);
    expect((await gw.post(query(3), auth)).status).toBe(200);
    expect(cache.size).toBe(before + 1);
    expect(cache.get(query(3))).toBeDefined();
    // The document 401'd earlier was never kept, even now that it was sent with the token.
    expect(cache.get(query(1))).toBeUndefined();
  });
});
