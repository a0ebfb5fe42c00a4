import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from '../../src/yoga.js';

/**
 * Raw HTTP over loopback for the front-door tests: node:http lets a test set what a
 * browser would (Host, Origin) and what fetch will not, and see every header answered.
 */

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

export function send(port: number, { method = 'POST', path = '/graphql', headers = {}, body }: RawRequest) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      res.once('end', () => {
        let json: RawResponse['json'] = {};
        try {
          json = text ? (JSON.parse(text) as RawResponse['json']) : {};
        } catch {
          // not JSON (GraphiQL's page): the test reads `text`
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.once('error', reject);
    req.end(body);
  });
}

/** The gateway on a real loopback socket, as start.ts serves it (without the drain). */
export async function listen(gateway: Gateway): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
