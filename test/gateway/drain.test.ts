import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The drain, on the real entry point (`src/main.ts` through tsx) with the embedded
 * simulator answering every call after SIMULATOR_LATENCY_MS, so requests are really in
 * flight when the signal comes. Whether they are is read from the simulator's own
 * counters (a call is counted when it arrives, before the latency), not guessed from time.
 */

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Main {
  readonly child: ChildProcess;
  readonly graphqlUrl: string;
  readonly simulatorUrl: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  /** Resolves when stdout has a line matching `pattern`. */
  line(pattern: RegExp): Promise<RegExpExecArray>;
}

async function startMain(env: Record<string, string>): Promise<Main> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: mkdtempSync(join(tmpdir(), 'drain-home-')),
      PORT: '0',
      ECS_RATE_LIMIT: '0',
      SIMULATOR_TRANSITIONS: 'immediate',
      LOG_LEVEL: 'warn',
      // No shared cache: each request makes its own calls, which is how these tests
      // see, in the simulator's counters, that all of them are in flight.
      GATEWAY_CACHE_TTL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out);
        if (match) {
          child.stdout?.off('data', check);
          resolve(match);
        }
      };
      child.stdout?.on('data', check);
      check();
      void exited.then(() => reject(new Error(`exited before printing ${pattern}: ${out}\n${err}`)));
    });
  const [, graphqlUrl] = await line(/^ECS GraphQL Gateway on (http:\/\/127\.0\.0\.1:\d+\/graphql)/m);
  const [, simulatorUrl] = await line(/embedded ECS simulator at (http:\/\/127\.0\.0\.1:\d+)/);
  return {
    child,
    graphqlUrl: graphqlUrl!,
    simulatorUrl: simulatorUrl!,
    stdout: () => out,
    stderr: () => err,
    exited,
    line,
  };
}

/** One ECS call per request (DescribeInstances), never shared between requests. */
const QUERY = '{ instances(page: { size: 1 }) { nodes { id } } }';

function post(url: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY }),
  });
}

async function upstreamRequests(simulatorUrl: string): Promise<number> {
  const stats = (await (await fetch(`${simulatorUrl}/__simulator/stats`)).json()) as { total: number };
  return stats.total;
}

/** Waits until the simulator has received `count` ECS requests: they are in flight then. */
async function untilUpstreamReceived(simulatorUrl: string, count: number): Promise<void> {
  while ((await upstreamRequests(simulatorUrl)) < count)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

function refusedConnection(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('drain on SIGTERM (npm start)', { timeout: 60_000 }, () => {
  it('stops accepting, closes idle keep-alive connections, answers all 10 requests in flight, exits 0', async () => {
    const main = await startMain({ SIMULATOR_LATENCY_MS: '3000' });

    // A keep-alive connection, used once and then idle in its agent's pool.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const events: string[] = [];
    const warm = await new Promise<{ status: number; socket: Socket }>((resolve, reject) => {
      const req = httpRequest(main.graphqlUrl, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      });
      req.once('error', reject);
      req.once('response', (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket as Socket }));
      });
      req.end(JSON.stringify({ query: QUERY }));
    });
    expect(warm.status).toBe(200);
    const idleClosed = new Promise<void>((resolve) =>
      warm.socket.once('close', () => {
        events.push('idle connection closed');
        resolve();
      }),
    );

    const before = await upstreamRequests(main.simulatorUrl);
    const inFlight = Array.from({ length: 10 }, () =>
      post(main.graphqlUrl).then(async (response) => {
        events.push('answered');
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }),
    );
    await untilUpstreamReceived(main.simulatorUrl, before + 10);

    main.child.kill('SIGTERM');
    const [draining] = await main.line(
      /^Stopping: no new connections; finishing (\d+) request\(s\) in flight/m,
    );
    expect(draining).toContain('finishing 10 request(s)');
    expect(await refusedConnection(main.graphqlUrl)).toBe('ECONNREFUSED');

    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toMatchObject({ instances: { nodes: [{ id: expect.any(String) }] } });
    }
    await idleClosed;
    // The idle connection was closed at once, not after the requests in flight.
    expect(events[0]).toBe('idle connection closed');
    expect(await main.exited).toBe(0);
    expect(main.stdout()).toContain('Gateway stopped (SIGTERM).');
    expect(main.stderr()).not.toContain('Cut');
    agent.destroy();
  });

  it('cuts what is still running when GATEWAY_SHUTDOWN_GRACE_MS runs out, and still exits 0 promptly', async () => {
    // The calls take a minute; the test's own timeout is what "promptly" is held to.
    const main = await startMain({ SIMULATOR_LATENCY_MS: '60000', GATEWAY_SHUTDOWN_GRACE_MS: '200' });
    const before = await upstreamRequests(main.simulatorUrl);
    const inFlight = Array.from({ length: 3 }, () =>
      post(main.graphqlUrl).then(
        (response) => `answered ${response.status}`,
        (error: Error) => `cut: ${error.message}`,
      ),
    );
    await untilUpstreamReceived(main.simulatorUrl, before + 3);

    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(await Promise.all(inFlight)).toEqual([
      'cut: fetch failed',
      'cut: fetch failed',
      'cut: fetch failed',
    ]);
    expect(main.stdout()).toContain('finishing 3 request(s) in flight (up to 200 ms)');
    expect(main.stderr()).toContain(
      'Cut 3 request(s) still running after 200 ms (GATEWAY_SHUTDOWN_GRACE_MS).',
    );
  });

  it('exits at once (130) on a second signal during the drain', async () => {
    const main = await startMain({ SIMULATOR_LATENCY_MS: '60000' });
    const before = await upstreamRequests(main.simulatorUrl);
    const pending = post(main.graphqlUrl).catch(() => undefined);
    await untilUpstreamReceived(main.simulatorUrl, before + 1);

    main.child.kill('SIGTERM');
    await main.line(/^Stopping: no new connections; finishing 1 request\(s\)/m);
    main.child.kill('SIGINT');
    expect(await main.exited).toBe(130);
    await pending;
  });
});
