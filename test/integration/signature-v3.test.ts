import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { type RunningGateway, startGateway } from '../../src/start.js';
import { loadStartConfig, type StartConfig } from '../../src/start-config.js';

/**
 * The gateway as `npm start` runs it, signing with V3, against the simulator, which
 * verifies ACS3-HMAC-SHA256 with code of its own. All on loopback.
 */

const emptyHome = () => mkdtempSync(join(tmpdir(), 'gateway-v3-home-'));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function gateway(env: Record<string, string>): Promise<RunningGateway & { config: StartConfig }> {
  const config = loadStartConfig({ PORT: '0', ...env }, { homeDir: emptyHome() });
  const running = await startGateway(config);
  closers.push(async () => {
    await running.close();
  });
  return Object.assign(running, { config });
}

interface Answer {
  // biome-ignore lint/suspicious/noExplicitAny: the tests read the data by the query they sent
  data?: any;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

async function graphql(url: string, query: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as Answer;
}

const NESTED = `{ instances(regionId: "cn-hangzhou") { nodes { id status disks { nodes { id type } } } } }`;

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly action: string | undefined;
}

/** A loopback proxy in front of the simulator that records what the gateway sends. */
async function recordingProxy(target: Simulator): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      action: req.headers['x-acs-action'] as string | undefined,
    });
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the gateway signing with V3', () => {
  it('answers a nested query from the embedded simulator', async () => {
    const running = await gateway({ ECS_SIGNATURE: 'v3', SIMULATOR_TRANSITIONS: 'immediate' });
    expect(running.config.ecs).toMatchObject({ signature: 'v3', format: 'JSON' });
    const result = await graphql(running.graphqlUrl, NESTED);
    expect(result.errors).toBeUndefined();
    const nodes = result.data.instances.nodes as { id: string; disks: { nodes: unknown[] } }[];
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(node.disks.nodes.length).toBeGreaterThan(0);
    expect(running.simulator?.stats.calls('DescribeInstances')).toBeGreaterThan(0);
    expect(running.simulator?.stats.calls('DescribeDisks')).toBeGreaterThan(0);
  });

  it('sends ACS3 POSTs to an ECS_ENDPOINT, and a wrong secret gets the same GraphQL error as under v1', async () => {
    const simulator = await createSimulator({ transitions: 'immediate' });
    closers.push(() => simulator.close());
    const proxy = await recordingProxy(simulator);
    const credentials = (secret: string) => ({
      ECS_ENDPOINT: proxy.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: simulator.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
    });

    const good = await gateway({ ...credentials(simulator.accessKeySecret), ECS_SIGNATURE: 'v3' });
    const answered = await graphql(good.graphqlUrl, NESTED);
    expect(answered.errors).toBeUndefined();
    expect(answered.data.instances.nodes.length).toBeGreaterThan(0);
    expect(proxy.seen.length).toBeGreaterThan(1);
    for (const request of proxy.seen) {
      expect(request.method).toBe('POST');
      expect(request.authorization).toMatch(
        new RegExp(
          `^ACS3-HMAC-SHA256 Credential=${simulator.accessKeyId},SignedHeaders=[a-z0-9;-]+,Signature=[0-9a-f]{64}$`,
        ),
      );
      expect(request.url).not.toMatch(/[?&](Signature|Action|AccessKeyId)=/);
    }
    expect(new Set(proxy.seen.map((request) => request.action))).toEqual(
      new Set(['DescribeInstances', 'DescribeDisks']),
    );

    const errorsUnder = async (signature: 'v1' | 'v3') => {
      const wrong = await gateway({ ...credentials('not-the-secret'), ECS_SIGNATURE: signature });
      const result = await graphql(wrong.graphqlUrl, NESTED);
      // requestId differs per call; the rest must not.
      return (result.errors ?? []).map(({ extensions, ...rest }) => ({
        ...rest,
        extensions: { ...extensions, requestId: typeof extensions?.requestId },
      }));
    };
    const underV3 = await errorsUnder('v3');
    expect(underV3).toHaveLength(1);
    expect(underV3[0]).toMatchObject({
      path: ['instances'],
      extensions: { code: 'SignatureDoesNotMatch', httpStatus: 400 },
    });
    expect(JSON.stringify(underV3)).not.toContain('not-the-secret');
    expect(underV3).toEqual(await errorsUnder('v1'));
  });
});
