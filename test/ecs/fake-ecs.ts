import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signature } from '../../src/signature/v1.js';

/**
 * A loopback stand-in for ECS that records what arrives and answers from a script:
 * the n-th request gets the n-th reply (the last one repeats).
 */

export interface ArrivedRequest {
  readonly method: string;
  readonly path: string;
  /** The query, decoded: what the signature covers, plus Signature. */
  readonly params: Readonly<Record<string, string>>;
  /** The query names in the order they arrived. */
  readonly names: readonly string[];
}

export type Reply = (request: ArrivedRequest, res: ServerResponse, req: IncomingMessage) => void;

export interface FakeEcs {
  readonly url: string;
  readonly requests: ArrivedRequest[];
  /** Most requests that were being answered at the same moment. */
  readonly peakInFlight: () => number;
  close(): Promise<void>;
}

export async function startFakeEcs(script: Reply | readonly Reply[]): Promise<FakeEcs> {
  const replies = Array.isArray(script) ? script : [script];
  const requests: ArrivedRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    const arrived = parseRequest(req);
    const reply = replies[Math.min(requests.length, replies.length - 1)] as Reply;
    requests.push(arrived);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    reply(arrived, res, req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    peakInFlight: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseRequest(req: IncomingMessage): ArrivedRequest {
  const [path = '', query = ''] = (req.url ?? '').split('?', 2);
  const params: Record<string, string> = {};
  const names: string[] = [];
  for (const pair of query.split('&').filter(Boolean)) {
    const [name = '', value = ''] = pair.split('=', 2);
    const decoded = decodeURIComponent(name);
    names.push(decoded);
    params[decoded] = decodeURIComponent(value);
  }
  return { method: req.method ?? '', path, params, names };
}

/** Whether the request carries a valid signature v1 for `secret`. */
export function signatureIsValid(request: ArrivedRequest, secret: string): boolean {
  const { Signature, ...signed } = request.params;
  return Signature !== undefined && signature('GET', signed, secret) === Signature;
}

export function answer(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return (_request, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };
}

export const xml = (status: number, body: string, headers: Record<string, string> = {}): Reply =>
  answer(status, `<?xml version="1.0" encoding="UTF-8"?>${body}`, { 'content-type': 'text/xml', ...headers });

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  answer(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });

export const xmlError = (
  status: number,
  code: string,
  message = 'failed',
  headers: Record<string, string> = {},
) =>
  xml(
    status,
    `<Error><RequestId>err-${code}</RequestId><HostId>ecs.aliyuncs.com</HostId><Code>${code}</Code><Message>${message}</Message></Error>`,
    headers,
  );

export const jsonError = (
  status: number,
  code: string,
  message = 'failed',
  headers: Record<string, string> = {},
) =>
  json(
    status,
    { RequestId: `err-${code}`, HostId: 'ecs.aliyuncs.com', Code: code, Message: message },
    headers,
  );

/** Destroys the connection without answering, as a crashed peer or a reset would. */
export const dropConnection: Reply = (_request, _res, req) => {
  req.socket.destroy();
};

/** Never answers; the test's timeout or the server's close ends it. */
export const hang: Reply = () => {};

/** Announces a body, sends part of it, then breaks the connection. */
export const truncatedBody: Reply = (_request, res) => {
  res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '400' });
  res.write('<DescribeRegionsResponse><RequestId>r</RequestId>', () => res.socket?.destroy());
};

export const regionsXml = (requestId = 'req-1') =>
  xml(
    200,
    `<DescribeRegionsResponse><RequestId>${requestId}</RequestId><Regions><Region><RegionId>cn-hangzhou</RegionId><LocalName>Hangzhou</LocalName></Region></Regions></DescribeRegionsResponse>`,
  );
