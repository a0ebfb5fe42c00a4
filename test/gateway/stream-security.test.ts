import { createClient } from 'graphql-sse';
import { afterEach, describe, expect, it } from 'vitest';
import { estate } from '../integration/mutations-harness.js';
import {
  openEventStream,
  type StreamingGateway,
  streamingGateway,
} from '../integration/streaming-harness.js';
import { send } from './http-client.js';

/**
 * The stream endpoints under the front door's rules: Host, Origin and token checks, and
 * the CSRF rule with its one exception, a same-origin EventSource subscription.
 */

let h: StreamingGateway | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SUBSCRIPTION = 'subscription { snapshotProgress(ids: ["s-bp1missing000000000"]) { id } }';
const eventSourceGet = (query: string) => `/graphql?query=${encodeURIComponent(query)}`;

/** The code of the first error of an answer, in JSON or in its one SSE event (yoga answers in the media type asked for). */
function codeOf(answer: Awaited<ReturnType<typeof send>>): unknown {
  const code = answer.json.errors?.[0]?.extensions?.code;
  return code ?? /"code":"([A-Z_]+)"/.exec(answer.text)?.[1];
}

/** A GET as EventSource sends it: no CSRF header, Accept text/event-stream, the browser's Sec-Fetch-Site. */
function asEventSource(
  port: number,
  path: string,
  site: string | undefined,
  extra: Record<string, string> = {},
) {
  return send(port, {
    method: 'GET',
    path,
    headers: {
      host: `127.0.0.1:${port}`,
      accept: 'text/event-stream',
      ...(site === undefined ? {} : { 'sec-fetch-site': site }),
      ...extra,
    },
  });
}

describe('the CSRF rule for streams', () => {
  it('lets a same-origin (or non-browser) EventSource GET of a subscription through without the header', async () => {
    h = await streamingGateway();
    for (const site of ['same-origin', 'none', undefined]) {
      const answer = await asEventSource(h.port, eventSourceGet(SUBSCRIPTION), site);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(answer.text).toContain('"code":"NOT_FOUND"');
      expect(answer.text).toContain('event: complete');
    }
  });

  it('refuses it cross-site or same-site: the Accept value alone is a no-cors page’s to set', async () => {
    h = await streamingGateway();
    const described = h.asked('DescribeSnapshots');
    for (const site of ['cross-site', 'same-site']) {
      const answer = await asEventSource(h.port, eventSourceGet(SUBSCRIPTION), site);
      expect(answer.status).toBe(403);
      expect(codeOf(answer)).toBe('CSRF_HEADER_REQUIRED');
    }
    expect(h.asked('DescribeSnapshots')).toBe(described);
  });

  it('refuses a same-origin GET without the header that is no subscription, or does not ask for an event stream', async () => {
    h = await streamingGateway();
    const query = await asEventSource(h.port, eventSourceGet('{ regions { id } }'), 'same-origin');
    expect(query.status).toBe(403);
    expect(codeOf(query)).toBe('CSRF_HEADER_REQUIRED');
    const json = await send(h.port, {
      method: 'GET',
      path: eventSourceGet(SUBSCRIPTION),
      headers: { host: `127.0.0.1:${h.port}`, accept: 'application/json', 'sec-fetch-site': 'same-origin' },
    });
    expect(json.status).toBe(403);
    expect(codeOf(json)).toBe('CSRF_HEADER_REQUIRED');
    const malformed = await asEventSource(h.port, eventSourceGet('subscription {'), 'same-origin');
    expect(malformed.status).toBe(403);
    expect(codeOf(malformed)).toBe('CSRF_HEADER_REQUIRED');
  });

  it('refuses a cross-site GET of /graphql/stream without the header, and a POST without a length', async () => {
    h = await streamingGateway();
    const path = `/graphql/stream?query=${encodeURIComponent(SUBSCRIPTION)}`;
    const crossSite = await asEventSource(h.port, path, 'cross-site');
    expect(crossSite.status).toBe(403);
    expect(crossSite.json.errors?.[0]?.extensions?.code).toBe('CSRF_HEADER_REQUIRED');
    expect((await asEventSource(h.port, path, 'same-origin')).status).toBe(200);
    const chunked = await send(h.port, {
      path: '/graphql/stream',
      headers: {
        host: `127.0.0.1:${h.port}`,
        accept: 'text/event-stream',
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      body: JSON.stringify({ query: SUBSCRIPTION }),
    });
    expect(chunked.status).toBe(411);
    expect(chunked.json.errors?.[0]?.extensions?.code).toBe('LENGTH_REQUIRED');
  });
});

describe('Origin and token on the stream endpoints', () => {
  it('refuses a foreign Origin on both endpoints before anything is read', async () => {
    h = await streamingGateway();
    for (const path of [eventSourceGet(SUBSCRIPTION), '/graphql/stream']) {
      const answer = await asEventSource(h.port, path, 'cross-site', { origin: 'http://evil.example' });
      expect(answer.status).toBe(403);
      expect(answer.json.errors?.[0]?.extensions?.code).toBe('ORIGIN_NOT_ALLOWED');
    }
  });

  it('asks every stream request for the token; the graphql-sse client and fetch send it as a header', async () => {
    const token = 'gw-token-0123456789abcdef';
    h = await streamingGateway({ gateway: { token } });
    const bare = await asEventSource(h.port, eventSourceGet(SUBSCRIPTION), 'same-origin');
    expect(bare.status).toBe(401);
    expect(bare.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A token in the URL is no token: it would end up in logs.
    const inUrl = await asEventSource(
      h.port,
      `${eventSourceGet(SUBSCRIPTION)}&token=${token}`,
      'same-origin',
    );
    expect(inUrl.status).toBe(401);
    const reserve = await send(h.port, {
      method: 'PUT',
      path: '/graphql/stream',
      headers: { host: `127.0.0.1:${h.port}` },
    });
    expect(reserve.status).toBe(401);
    const withHeader = await openEventStream(h.origin, {
      query: SUBSCRIPTION,
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await withHeader.result()).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const singleConnection of [true, false]) {
      const client = createClient({
        url: `${h.origin}/graphql/stream`,
        singleConnection,
        retryAttempts: 0,
        headers: { authorization: `Bearer ${token}` },
      });
      const results = [];
      for await (const result of client.iterate({ query: SUBSCRIPTION })) results.push(result);
      client.dispose();
      expect(results).toEqual([expect.objectContaining({ data: null })]);
    }
  });
});

describe('bad documents on /graphql/stream are answered as on /graphql', () => {
  const stream = (gateway: StreamingGateway, init: RequestInit & { query?: string } = {}) =>
    fetch(`${gateway.origin}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: init.query }),
      ...init,
    });
  /** A JSON refusal with no stack and nothing of the gateway's files. */
  async function refusal(response: Response) {
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(text).not.toMatch(/node_modules|\.ts:|\.js:|\bat /);
    return (JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] })
      .errors;
  }

  it('a mutation over GET is 405 naming POST, before any call', async () => {
    h = await streamingGateway();
    const query =
      'mutation { deleteSnapshot(input: { snapshotId: "s-bp1missing000000000" }) { __typename } }';
    const response = await fetch(`${h.origin}/graphql/stream?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await refusal(response)).toEqual([
      {
        message: 'Can only perform a mutation operation from a POST request.',
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
    expect(h.asked('DeleteSnapshot')).toBe(0);
  });

  it('a syntax error is 400 GRAPHQL_PARSE_FAILED with its location', async () => {
    h = await streamingGateway();
    const response = await stream(h, { query: '{ regions(' });
    expect(response.status).toBe(400);
    expect(await refusal(response)).toEqual([
      {
        message: 'Syntax Error: Expected Name, found <EOF>.',
        locations: [{ line: 1, column: 11 }],
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      },
    ]);
  });

  it('a document past the token limit is 400 QUERY_TOO_MANY_TOKENS', async () => {
    h = await streamingGateway();
    const response = await stream(h, { query: `{ regions { ${'id '.repeat(2_000)} } }` });
    expect(response.status).toBe(400);
    const [error, ...rest] = await refusal(response);
    expect(rest).toEqual([]);
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_MANY_TOKENS', maxTokens: 1000 });
  });

  it('validation errors are 400 GRAPHQL_VALIDATION_FAILED, each named, the second time too (the document cache)', async () => {
    h = await streamingGateway();
    const query = 'subscription { snapshotProgress(ids: ["s-1"]) { id nope } nada }';
    for (let round = 0; round < 2; round += 1) {
      const response = await stream(h, { query });
      expect(response.status).toBe(400);
      const errors = await refusal(response);
      expect(errors.map((error) => [error.message, error.extensions.code])).toEqual([
        ['Anonymous Subscription must select only one top level field.', 'GRAPHQL_VALIDATION_FAILED'],
        ['Cannot query field "nope" on type "Snapshot". Did you mean "name"?', 'GRAPHQL_VALIDATION_FAILED'],
        ['Cannot query field "nada" on type "Subscription".', 'GRAPHQL_VALIDATION_FAILED'],
      ]);
    }
    expect(h.asked('DescribeSnapshots')).toBe(0);
  });
});

describe('shutdown', () => {
  it('ends open streams of both transports as the drain begins, each with a SUBSCRIPTIONS_CLOSED event: none is cut at the grace', async () => {
    h = await streamingGateway();
    const gateway = h;
    const { running } = await estate(gateway);
    const snapshot = await gateway.run<{ createSnapshot: { snapshot: { id: string } } }>(
      'mutation($disk: ID!) { createSnapshot(input: { diskId: $disk }) { ... on CreateSnapshotPayload { snapshot { id } } } }',
      { disk: running.dataDiskId },
    );
    const id = snapshot.data?.createSnapshot.snapshot.id;
    const query = `subscription { snapshotProgress(ids: ["${id}"]) { progress } }`;
    const yogaStream = await openEventStream(gateway.origin, { query });
    await yogaStream.result();
    const client = createClient({
      url: `${gateway.origin}/graphql/stream`,
      singleConnection: true,
      retryAttempts: 0,
    });
    const single = client.iterate({ query });
    await single.next();
    const outcome = await gateway.server.drain(60_000, () => void gateway.gateway.dispose());
    expect(outcome).toEqual({ inFlight: 2, cut: 0 });
    // A last event says why each ended: a bare complete would read as "every id is done".
    const closed = expect.objectContaining({
      path: ['snapshotProgress'],
      extensions: { code: 'SUBSCRIPTIONS_CLOSED' },
    });
    expect(await yogaStream.result()).toEqual({ data: null, errors: [closed] });
    expect(await yogaStream.next()).toEqual({ event: 'complete', data: null });
    expect(await single.next()).toEqual({ done: false, value: { data: null, errors: [closed] } });
    expect(await single.next()).toEqual({ done: true, value: undefined });
    client.dispose();
  });
});
