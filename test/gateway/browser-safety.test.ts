import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../../src/yoga.js';
import { estate, read, type SimulatedGateway, simulatedGateway } from '../integration/mutations-harness.js';
import { listen, type RawRequest, send } from './http-client.js';

/**
 * What a web page can make a local gateway do. The gateway listens on a real loopback
 * socket over the simulator (manual transitions: a stopped instance stays STOPPING);
 * every request is built as the browser would send it: Host, Origin and the content
 * types a page may post cross-site without a preflight.
 */

let h: SimulatedGateway;
let server: { port: number; close(): Promise<void> };
afterEach(async () => {
  await server.close();
  await h.close();
});

async function setUp(gateway: Partial<GatewayOptions> = {}) {
  h = await simulatedGateway({ gateway });
  const { token } = gateway;
  const { running } = await estate(
    token === undefined
      ? h
      : { ...h, run: (query, variables) => h.run(query, variables, { authorization: `Bearer ${token}` }) },
  );
  server = await listen(h.gateway);
  h.simulator.stats.reset();
  return running.id;
}

const STOP = (id: string) => `mutation { stopInstance(input: { instanceId: "${id}" }) { __typename } }`;
const EVIL = 'https://evil.example';
const own = () => `127.0.0.1:${server.port}`;

function post(request: RawRequest & { contentType: string }) {
  return send(server.port, {
    ...request,
    headers: { host: own(), 'content-type': request.contentType, ...request.headers },
  });
}

function multipart(fields: Record<string, string>): { contentType: string; body: string } {
  const boundary = '----formboundary7MA4YWxk';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: `${parts.join('')}--${boundary}--\r\n`,
  };
}

async function expectUntouched(id: string) {
  expect(h.simulator.stats.snapshot().total).toBe(0);
  expect(await read(h, 'instance', id, 'status')).toEqual({ status: 'RUNNING' });
}

function errorCode(response: { json: { errors?: { extensions?: Record<string, unknown> }[] } }) {
  return response.json.errors?.[0]?.extensions?.code;
}

describe('a cross-site page', () => {
  it('cannot stop an instance with a form post (urlencoded, multipart, text/plain): 403 before parsing', async () => {
    const id = await setUp();
    const form = multipart({ query: STOP(id) });
    const attempts = [
      { contentType: 'application/x-www-form-urlencoded', body: `query=${encodeURIComponent(STOP(id))}` },
      form,
      { contentType: 'text/plain', body: JSON.stringify({ query: STOP(id) }) },
      { contentType: 'application/json', body: JSON.stringify({ query: STOP(id) }) },
    ];
    for (const attempt of attempts) {
      const response = await post({ ...attempt, headers: { origin: EVIL } });
      expect(response.status).toBe(403);
      expect(errorCode(response)).toBe('ORIGIN_NOT_ALLOWED');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
      // Refused before the body was read, and the connection closed so it never will be.
      expect(response.headers.connection).toBe('close');
    }
    await expectUntouched(id);
  });

  it('is refused even when it sends the CSRF header (it would need a preflight, which CORS refuses)', async () => {
    const id = await setUp();
    const response = await post({
      contentType: 'application/json',
      headers: { origin: EVIL, 'x-graphql-yoga-csrf': '1' },
      body: JSON.stringify({ query: STOP(id) }),
    });
    expect(response.status).toBe(403);
    const preflight = await send(server.port, {
      method: 'OPTIONS',
      headers: {
        host: own(),
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    await expectUntouched(id);
  });

  it('cannot act through DNS rebinding (its own name resolving to 127.0.0.1): 403 HOST_NOT_ALLOWED', async () => {
    const id = await setUp();
    const rebound = `evil.example:${server.port}`;
    const withOrigin = await send(server.port, {
      headers: { host: rebound, origin: `http://${rebound}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: STOP(id) }),
    });
    expect(withOrigin.status).toBe(403);
    expect(errorCode(withOrigin)).toBe('HOST_NOT_ALLOWED');
    // A same-origin GET carries no Origin: the Host alone refuses it, so nothing is read for the page.
    const read = await send(server.port, {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ instances { nodes { id } } }')}`,
      headers: { host: rebound, 'x-graphql-yoga-csrf': '1' },
    });
    expect(read.status).toBe(403);
    expect(errorCode(read)).toBe('HOST_NOT_ALLOWED');
    await expectUntouched(id);
  });

  it('cannot run a mutation over GET, with or without the CSRF header', async () => {
    const id = await setUp();
    const path = `/graphql?query=${encodeURIComponent(STOP(id))}`;
    const bare = await send(server.port, { method: 'GET', path, headers: { host: own() } });
    expect(bare.status).toBe(403);
    expect(errorCode(bare)).toBe('CSRF_HEADER_REQUIRED');
    const withHeader = await send(server.port, {
      method: 'GET',
      path,
      headers: { host: own(), 'x-graphql-yoga-csrf': '1' },
    });
    expect(withHeader.status).toBe(405);
    expect(withHeader.json.errors?.[0]?.message).toBe(
      'Can only perform a mutation operation from a POST request.',
    );
    await expectUntouched(id);
  });

  it('a form post with no Origin at all (an old browser, a privacy setting) needs the CSRF header', async () => {
    const id = await setUp();
    for (const attempt of [
      { contentType: 'application/x-www-form-urlencoded', body: `query=${encodeURIComponent(STOP(id))}` },
      { contentType: 'text/plain;charset=UTF-8', body: JSON.stringify({ query: STOP(id) }) },
    ]) {
      const response = await post(attempt);
      expect(response.status).toBe(403);
      expect(errorCode(response)).toBe('CSRF_HEADER_REQUIRED');
      expect(response.json.errors?.[0]?.message).toBe(
        'Send the "x-graphql-yoga-csrf" header with a GET, form, multipart or text/plain request, or POST application/json.',
      );
    }
    await expectUntouched(id);
  });
});

describe('clients that keep working', () => {
  it('a JSON client without Origin (curl, scripts, the typed client) runs mutations', async () => {
    const id = await setUp();
    const response = await post({
      contentType: 'application/json',
      body: JSON.stringify({ query: STOP(id) }),
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { stopInstance: { __typename: 'StopInstancePayload' } } });
    expect(await read(h, 'instance', id, 'status')).toEqual({ status: 'STOPPING' });
  });

  it('GraphiQL: its page, and its JSON POSTs from the same origin (localhost, 127.0.0.1, [::1])', async () => {
    const id = await setUp({ graphiql: true });
    const page = await send(server.port, { method: 'GET', headers: { host: own(), accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>ECS GraphQL Gateway</title>');
    for (const host of [`localhost:${server.port}`, `[::1]:${server.port}`, own()]) {
      const response = await post({
        contentType: 'application/json',
        headers: { host, origin: `http://${host}`, accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ data: { __typename: 'Query' } });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
    const stop = await post({
      contentType: 'application/json',
      headers: { origin: `http://${own()}` },
      body: JSON.stringify({ query: STOP(id) }),
    });
    expect(stop.json).toEqual({ data: { stopInstance: { __typename: 'StopInstancePayload' } } });
  });

  it('a GET query with the CSRF header is served', async () => {
    await setUp();
    const response = await send(server.port, {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ __typename }')}`,
      headers: { host: own(), 'x-graphql-yoga-csrf': '1' },
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GATEWAY_CORS_ORIGINS', () => {
  const CONSOLE = 'https://console.example.com';

  it('answers an allowed origin with CORS headers naming it, and the headers clients send', async () => {
    const id = await setUp({ corsOrigins: [CONSOLE] });
    const preflight = await send(server.port, {
      method: 'OPTIONS',
      headers: {
        host: own(),
        origin: CONSOLE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(preflight.headers['access-control-allow-headers']).toBe(
      'authorization, content-type, idempotency-key, cache-control, pragma, x-graphql-yoga-csrf',
    );
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    expect(preflight.headers['access-control-max-age']).toBe('600');

    const response = await post({
      contentType: 'application/json',
      headers: { origin: CONSOLE },
      body: JSON.stringify({ query: STOP(id) }),
    });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(CONSOLE);
    // A page may read whether a mutation was replayed and how old a cached answer is.
    expect(response.headers['access-control-expose-headers']).toBe('Idempotent-Replayed, Age');
    expect(response.json).toEqual({ data: { stopInstance: { __typename: 'StopInstancePayload' } } });
  });

  it('still refuses every other origin, and never echoes one', async () => {
    await setUp({ corsOrigins: [CONSOLE] });
    for (const origin of [
      EVIL,
      'https://console.example.com.evil.example',
      'http://console.example.com',
      'null',
    ]) {
      const response = await post({
        contentType: 'application/json',
        headers: { origin },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(403);
      expect(errorCode(response)).toBe('ORIGIN_NOT_ALLOWED');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it("vouches for its hosts as the gateway's own names (a proxy in front)", async () => {
    await setUp({ corsOrigins: [CONSOLE] });
    const response = await post({
      contentType: 'application/json',
      headers: { host: 'console.example.com', origin: CONSOLE },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
  });
});

describe('the Host rule beyond loopback', () => {
  it('accepts IP addresses and loopback names, refuses other DNS names unless listed', async () => {
    await setUp({ host: '0.0.0.0' });
    const query = JSON.stringify({ query: '{ __typename }' });
    for (const host of ['192.168.1.20:4000', '[fe80::1]:4000', 'localhost:4000']) {
      const response = await post({ contentType: 'application/json', headers: { host }, body: query });
      expect(response.status, host).toBe(200);
    }
    const named = await post({
      contentType: 'application/json',
      headers: { host: 'gateway.lan:4000' },
      body: query,
    });
    expect(named.status).toBe(403);
    expect(errorCode(named)).toBe('HOST_NOT_ALLOWED');
  });

  it('with a token required, accepts any name (a service name); the token still guards', async () => {
    const token = 'gw-token-0123456789abcdef';
    await setUp({ host: '0.0.0.0', token });
    const query = JSON.stringify({ query: '{ __typename }' });
    const named = await post({
      contentType: 'application/json',
      headers: { host: 'gateway:4000', authorization: `Bearer ${token}` },
      body: query,
    });
    expect(named.status).toBe(200);
    const rebound = await post({
      contentType: 'application/json',
      headers: { host: 'evil.example:4000', origin: 'http://evil.example:4000' },
      body: query,
    });
    // Same-origin from the page's point of view; the page has no token to present.
    expect(rebound.status).toBe(401);
    expect(errorCode(rebound)).toBe('UNAUTHENTICATED');
  });

  it('on loopback, refuses a name or address that is not loopback, token or not', async () => {
    await setUp({ token: 'gw-token-0123456789abcdef' });
    const response = await post({
      contentType: 'application/json',
      headers: { host: 'gateway:4000', authorization: 'Bearer gw-token-0123456789abcdef' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(403);
    expect(errorCode(response)).toBe('HOST_NOT_ALLOWED');
  });

  it('on loopback, refuses an IP address that is not loopback', async () => {
    await setUp();
    const response = await post({
      contentType: 'application/json',
      headers: { host: '192.168.1.20:4000' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(403);
    expect(errorCode(response)).toBe('HOST_NOT_ALLOWED');
  });
});
