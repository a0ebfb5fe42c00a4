import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SimulatedGateway, simulatedGateway } from '../integration/mutations-harness.js';
import { listen, send } from './http-client.js';

/**
 * GATEWAY_MAX_BODY_BYTES over a real loopback socket: a body over the limit is answered
 * 413 before the rest is read, whether its Content-Length says so at once or a chunked
 * body passes the limit as it streams; the connection is closed after the answer, so
 * nothing more of it is taken in; the gateway keeps serving.
 */

const LIMIT = 64 * 1024;
const TEN_MB = 10 * 1024 * 1024;
const TOKEN = 'gw-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${TOKEN}` };

let h: SimulatedGateway;
let server: { port: number; close(): Promise<void> };
beforeEach(async () => {
  h = await simulatedGateway({ gateway: { maxBodyBytes: LIMIT, token: TOKEN } });
  server = await listen(h.gateway);
});
afterEach(async () => {
  await server.close();
  await h.close();
});

/** A JSON body of exactly `size` bytes: `{ __typename }` padded with spaces. */
function bodyOf(size: number): string {
  const json = JSON.stringify({ query: '{ __typename }' });
  return json.slice(0, -1) + ' '.repeat(size - json.length) + json.slice(-1);
}

const TOO_LARGE = {
  errors: [
    {
      message: expect.stringMatching(/^Request body too large/),
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
    },
  ],
};

async function stillServing() {
  const response = await send(server.port, {
    headers: { 'content-type': 'application/json', ...AUTH },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(response.status).toBe(200);
  expect(response.json).toEqual({ data: { __typename: 'Query' } });
}

describe('the body limit on a socket', () => {
  it('accepts a body of exactly the limit and refuses one byte more', async () => {
    const headers = { 'content-type': 'application/json', ...AUTH };
    const at = await send(server.port, { headers, body: bodyOf(LIMIT) });
    expect(at.status).toBe(200);
    const over = await send(server.port, { headers, body: bodyOf(LIMIT + 1) });
    expect(over.status).toBe(413);
    expect(over.json).toEqual(TOO_LARGE);
  });

  it('answers a declared 10 MB body 413 at once, before the token, and closes the connection unread', async () => {
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      answer += chunk;
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {
      // the server may reset the connection while the client still writes
    });
    // No token: the size is checked first. Only the headers and 16 KB of the 10 MB are ever sent.
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: ${TEN_MB}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(16 * 1024, 0x20));
    await closed;
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    expect(head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(body)).toEqual({
      errors: [
        {
          message: `Request body too large: the limit is ${LIMIT} bytes (GATEWAY_MAX_BODY_BYTES).`,
          extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
        },
      ],
    });
    await stillServing();
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });

  it('counts a chunked body as it streams: 413 soon after the limit, long before 10 MB is sent', async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let written = 0;
    const outcome = await new Promise<{
      status: number;
      body: string;
      written: number;
      socketClosed: Promise<void>;
    }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/graphql',
        agent: false,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...AUTH },
      });
      let answered = false;
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!answered) reject(error);
      });
      req.once('response', (res) => {
        answered = true;
        const at = written;
        const socketClosed = new Promise<void>((done) => req.socket?.once('close', () => done()));
        let body = '';
        res.setEncoding('utf8').on('data', (part: string) => {
          body += part;
        });
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body, written: at, socketClosed }));
      });
      const pump = () => {
        while (!answered && written < TEN_MB) {
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      req.write('{"query":"{ __typename }","x":"');
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toEqual(TOO_LARGE);
    // The answer came while the client was still sending: far less than 10 MB had gone out.
    expect(outcome.written).toBeGreaterThan(LIMIT);
    expect(outcome.written).toBeLessThan(TEN_MB / 2);
    // And the server closed the connection rather than take in the rest.
    await outcome.socketClosed;
    await stillServing();
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });
});

describe('the body limit without a socket (yoga.fetch)', () => {
  it('refuses a declared Content-Length over the limit, and a streamed body that passes it', async () => {
    const declared = await h.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(LIMIT + 1) },
      body: bodyOf(LIMIT + 1),
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual(TOO_LARGE);

    const chunks = [bodyOf(LIMIT).slice(0, -1), ' '.repeat(1024), '}'];
    const streamed = await h.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual(TOO_LARGE);
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });
});

describe('a body under the limit that is not JSON', () => {
  it('is answered 400 BAD_REQUEST without quoting the body back', async () => {
    const garbage = `a${'b'.repeat(LIMIT - 2)}c`;
    const response = await h.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: garbage,
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(text).not.toContain('bbbb');
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });
});
