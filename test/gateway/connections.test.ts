import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayServer } from '../../src/http/server.js';

/**
 * The socket layer's own limits: a cap on open connections, and a time limit on a
 * request's headers, so that a client holding connections open (sending its headers
 * a line at a time) cannot take every file the process may open.
 */

let close: (() => Promise<void>) | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await close?.();
});

async function serve(options: { maxConnections: number; headersTimeoutMs: number }): Promise<number> {
  const { server } = createGatewayServer((_req, res) => res.end('ok'), { maxBodyBytes: 1024, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return (server.address() as AddressInfo).port;
}

/** Opens a connection and sends `text`; resolves with everything received once the server closes it. */
function open(port: number, text: string): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  socket.write(text);
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return { socket, closed };
}

async function get(port: number): Promise<string> {
  const { closed } = open(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  return closed;
}

const SLOW_HEADERS = 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n';

describe('connections', () => {
  it('closes a connection past GATEWAY_MAX_CONNECTIONS unanswered, and serves again once one is free', async () => {
    const port = await serve({ maxConnections: 2, headersTimeoutMs: 60_000 });
    const held = [open(port, SLOW_HEADERS), open(port, SLOW_HEADERS)];
    // Both held connections are accepted before the third arrives.
    await expect.poll(async () => (await get(port)).length).toBe(0);
    held[0]?.socket.destroy();
    await held[0]?.closed;
    await expect.poll(async () => await get(port)).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*ok$/);
  });

  it('closes a connection whose headers are not complete within GATEWAY_HEADERS_TIMEOUT_MS, with 408', async () => {
    const port = await serve({ maxConnections: 10, headersTimeoutMs: 1_000 });
    const slow = open(port, SLOW_HEADERS);
    slow.socket.write('X-Slow: 1\r\n');
    expect(await slow.closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(await get(port)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });
});
