import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One HTTP request exactly as it arrived on the socket. */
export interface CapturedRequest {
  readonly method: string;
  /** The request target as sent: path and raw, still-encoded query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface CaptureServer {
  /** `127.0.0.1:<port>`: what the SDKs take as an endpoint. */
  readonly host: string;
  readonly port: number;
  readonly requests: readonly CapturedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback server that records every request and answers with a fixed JSON body:
 * it shows what an SDK really puts on the wire (escaping, headers, body), which is
 * not always what it signs.
 */
export async function startCaptureServer(
  answer: { status: number; body: unknown } = { status: 200, body: { RequestId: 'CAPTURED' } },
): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(answer.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
