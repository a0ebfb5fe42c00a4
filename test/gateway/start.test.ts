import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../src/start.js';
import { loadStartConfig } from '../../src/start-config.js';

/**
 * The gateway as `npm start` runs it: configuration → embedded simulator (no
 * credentials, no ECS_ENDPOINT) → signed client → HTTP server. Every address is on
 * loopback; the home directory is empty so no aliyun CLI profile can be picked up.
 */

const emptyHome = () => mkdtempSync(join(tmpdir(), 'gateway-home-'));

const running: RunningGateway[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function graphql(url: string, query: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

describe('startGateway', () => {
  it('starts the embedded simulator when no credentials and no endpoint are configured', async () => {
    const config = loadStartConfig(
      { PORT: '0', SIMULATOR_REGIONS: 'cn-shanghai,cn-beijing', SIMULATOR_TRANSITIONS: 'immediate' },
      { homeDir: emptyHome() },
    );
    expect(config.simulatorMode).toBe(true);
    const gateway = await startGateway(config);
    running.push(gateway);

    expect(gateway.graphqlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(gateway.simulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await graphql(gateway.graphqlUrl, '{ regions { id } region(id: "cn-beijing") { id } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ region: { id: 'cn-beijing' } });
    // Regions come from DescribeRegions, answered by the simulator over signed HTTP.
    expect(gateway.simulator?.stats.calls('DescribeRegions')).toBe(1);
  });

  it('does not start a simulator when ECS_ENDPOINT is configured', async () => {
    const config = loadStartConfig(
      { PORT: '0', ECS_ENDPOINT: 'http://127.0.0.1:9' },
      { homeDir: emptyHome() },
    );
    const gateway = await startGateway(config);
    running.push(gateway);
    expect(gateway.simulator).toBeUndefined();
  });

  it('answers Expect: 100-continue over GATEWAY_MAX_BODY_BYTES with 413 and no 100 Continue', async () => {
    const gateway = await startGateway(
      loadStartConfig({ PORT: '0', GATEWAY_MAX_BODY_BYTES: '4096' }, { homeDir: emptyHome() }),
    );
    running.push(gateway);
    const ask = (length: number) =>
      new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
        let continued = false;
        const req = httpRequest(gateway.graphqlUrl, {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': length, expect: '100-continue' },
        });
        req.once('error', reject);
        req.once('continue', () => {
          continued = true;
          req.end(`{"query":"{ __typename }"${' '.repeat(length - 26)}}`);
        });
        req.once('response', (res) => {
          res.resume();
          res.once('end', () => resolve({ continued, status: res.statusCode ?? 0 }));
          req.destroy();
        });
      });
    expect(await ask(4097)).toEqual({ continued: false, status: 413 });
    expect(await ask(4096)).toEqual({ continued: true, status: 200 });
  });

  it('after a 413, keeps discarding what the client still sends instead of resetting it (lingering close)', async () => {
    const gateway = await startGateway(loadStartConfig({ PORT: '0' }, { homeDir: emptyHome() }));
    running.push(gateway);
    const { hostname, port } = new URL(gateway.graphqlUrl);
    const socket = connect(Number(port), hostname);
    let answer = '';
    const answered = new Promise<void>((resolve) =>
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        answer += chunk;
        if (answer.includes('"REQUEST_ENTITY_TOO_LARGE"}}]}')) resolve();
      }),
    );
    const ended = new Promise<string>((resolve) => {
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      socket.once('close', () => resolve('closed cleanly'));
    });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(256 * 1024, 0x20));
    await answered;
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    // A client that does not look for an early answer goes on sending: 2 MB more, then its end.
    for (let i = 0; i < 32; i++) socket.write(Buffer.alloc(64 * 1024, 0x20));
    socket.end();
    expect(await ended).toBe('closed cleanly');
  });

  it('refuses to start on a port already taken, and closes what it started', async () => {
    const first = await startGateway(loadStartConfig({ PORT: '0' }, { homeDir: emptyHome() }));
    running.push(first);
    const port = new URL(first.graphqlUrl).port;
    await expect(
      startGateway(loadStartConfig({ PORT: port }, { homeDir: emptyHome() })),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});

describe('npm start', { timeout: 30_000 }, () => {
  it('prints the GraphiQL URL and the upstream, serves GraphQL and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: emptyHome(), PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', () => {
        const match = /^ECS GraphQL Gateway on (http:\/\/127\.0\.0\.1:\d+\/graphql)/m.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`the gateway exited (${code}) before listening`)));
    });
    expect(out).toMatch(/Upstream: the embedded ECS simulator at http:\/\/127\.0\.0\.1:\d+/);

    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<title>ECS GraphQL Gateway</title>');
    const result = await graphql(url, '{ regions { id } }');
    expect(result.errors).toBeUndefined();

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('reports every configuration problem by variable and exits 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: emptyHome(), PORT: 'eighty', ECS_FORMAT: 'YAML' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toContain('PORT');
    expect(err).toContain('ECS_FORMAT');
  });
});
