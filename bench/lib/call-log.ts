import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from './timing.js';

/**
 * A counting loopback proxy in front of a simulator: every ECS request that passes is
 * logged with the time it arrived and its action, then forwarded unchanged (the Host
 * header too, which an ACS3 signature covers). One per gateway replica, so a log says
 * which replica made each call and the merged logs say how many calls reached the
 * simulator in any second. The simulator's own counters have no times.
 */

export interface LoggedCall {
  /** When the request reached the proxy, ms on the monotonic scale of `nowMs`. */
  readonly atMs: number;
  /** `DescribeInstances`…; `?` when the request named none. */
  readonly action: string;
}

export interface CallLog {
  /** `http://127.0.0.1:<port>`: the ECS_ENDPOINT of the gateway behind it. */
  readonly url: string;
  /** The calls since the start or the last `reset`, in arrival order. */
  readonly calls: readonly LoggedCall[];
  reset(): void;
  close(): Promise<void>;
}

/** The action of an ECS request: ACS3's header, else the RPC parameter in the query or the form body. */
export function actionOf(headers: IncomingMessage['headers'], url: string, body: Buffer): string {
  const header = headers['x-acs-action'];
  if (typeof header === 'string' && header !== '') return header;
  const query = new URL(url, 'http://proxy').searchParams.get('Action');
  if (query) return query;
  const type = headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded'))
    return new URLSearchParams(body.toString('utf8')).get('Action') ?? '?';
  return '?';
}

export async function startCallLog(upstreamUrl: string): Promise<CallLog> {
  const upstream = new URL(upstreamUrl);
  const agent = new Agent({ keepAlive: true });
  const calls: LoggedCall[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // The simulator dropping a connection (an injected fault) reaches the gateway as a drop too.
    outgoing.on('error', () => res.destroy());
    outgoing.end(body);
  };

  const server = createServer((req, res) => {
    const arrived = nowMs();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!(req.url ?? '/').startsWith('/__simulator/'))
        calls.push({ atMs: arrived, action: actionOf(req.headers, req.url ?? '/', body) });
      forward(req, res, body);
    });
    req.on('error', () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    reset: () => {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The most calls whose times fall in one window `[t, t + windowMs)`, over every t. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** Calls per action, for exact comparisons. */
export function countByAction(calls: readonly LoggedCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.action] = (counts[call.action] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
