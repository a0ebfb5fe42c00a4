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
