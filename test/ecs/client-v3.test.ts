import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../src/ecs/caller.js';
import { EcsClient, type EcsClientOptions } from '../../src/ecs/client.js';
import type { Credentials } from '../../src/ecs/credentials.js';
import { CredentialsError, EcsError } from '../../src/ecs/errors.js';
import { parseAcs3Authorization, sha256Hex, verifyAcs3 } from '../../src/simulator/acs3.js';
import { defineAction } from '../../src/spec/action.js';
import { DescribeRegions } from '../../src/spec/actions/regions.js';
import { p } from '../../src/spec/params.js';
import { t } from '../../src/spec/shape.js';

/**
 * The client under ECS_SIGNATURE=v3: what goes on the wire, checked with the simulator's
 * own ACS3 verifier (an implementation independent of the client's signer).
 */

const SECRET = 'v3-secret-value/+=';
const TOKEN = 'sts-token+value/=';
const KEY_ID = 'v3-key-id';

const DescribeInstances = defineAction({
  name: 'DescribeInstances',
  summary: 'test',
  idempotency: 'read',
  params: {
    RegionId: p.string({ required: true }),
    InstanceIds: p.idList({ max: 'ids' }),
    Tag: p.repeated({ max: 20, fields: { Key: p.string(), Value: p.string() } }),
  },
  response: { Instances: t.list('Instance', t.object({ InstanceId: t.string })) },
});

const CreateDisk = defineAction({
  name: 'CreateDisk',
  summary: 'test',
  idempotency: 'clientToken',
  params: { RegionId: p.string({ required: true }), Size: p.int({ min: 5 }) },
  response: { DiskId: t.string },
});

interface Arrived {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

type Answer = (arrived: Arrived) => { status: number; body: unknown };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A loopback ECS that records each request whole and answers the n-th with the n-th answer. */
async function fakeEcs(answers: readonly Answer[]): Promise<{ url: string; requests: Arrived[] }> {
  const requests: Arrived[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const arrived = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const answer = (answers[Math.min(requests.length, answers.length - 1)] as Answer)(arrived);
      requests.push(arrived);
      res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function v3Client(url: string, overrides: Partial<EcsClientOptions> = {}, credentials?: Credentials) {
  const events: CallEvent[] = [];
  let ids = 0;
  let seconds = 0;
  const creds = credentials ?? { accessKeyId: KEY_ID, accessKeySecret: SECRET };
  const client = new EcsClient({
    credentials: { source: 'test', getCredentials: async () => creds },
    defaultRegionId: 'cn-hangzhou',
    endpoint: url,
    signature: 'v3',
    maxAttempts: 3,
    ratePerSecond: Number.POSITIVE_INFINITY,
    // One second later at every signing, so each attempt's x-acs-date is its own.
    clock: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5 + seconds++)),
    random: () => 0,
    nonce: () => `id-${++ids}`,
    sleep: async () => {},
    onCall: (event) => events.push(event),
    ...overrides,
  });
  cleanups.push(() => client.close());
  return { client, events };
}

/** Whether the simulator's verifier accepts the request under `secret`. */
function verifies(arrived: Arrived, secret: string): boolean {
  const authorization = parseAcs3Authorization(String(arrived.headers.authorization));
  if (!authorization) return false;
  return verifyAcs3({ ...arrived, path: arrived.path }, authorization, secret);
}

const ok =
  (body: unknown): Answer =>
  () => ({ status: 200, body });

describe('EcsClient with signature v3', () => {
  it('POSTs the parameters in the query with the x-acs-* headers and an ACS3 Authorization, and decodes JSON', async () => {
    const server = await fakeEcs([
      ok({ RequestId: 'r-1', Instances: { Instance: [{ InstanceId: 'i-1' }] } }),
    ]);
    const { client } = v3Client(server.url);
    const result = await client.call(DescribeInstances, {
      RegionId: 'cn-hangzhou',
      InstanceIds: ['i-1', 'i 2*~'],
      Tag: [
        { Key: 'env', Value: 'prod test*~' },
        { Key: '杭州', Value: '' },
      ],
    });
    expect(result).toStrictEqual({ RequestId: 'r-1', Instances: [{ InstanceId: 'i-1' }] });
    expect(server.requests).toHaveLength(1);
    const [arrived] = server.requests as [Arrived];
    expect(arrived.method).toBe('POST');
    expect(arrived.path).toBe('/');
    // The action's parameters only: the public ones travel in headers.
    expect(arrived.query).toStrictEqual({
      RegionId: 'cn-hangzhou',
      InstanceIds: '["i-1","i 2*~"]',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod test*~',
      'Tag.2.Key': '杭州',
      'Tag.2.Value': '',
    });
    expect(arrived.body.length).toBe(0);
    expect(arrived.headers).toMatchObject({
      host: new URL(server.url).host,
      'x-acs-action': 'DescribeInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': '2024-01-02T03:04:05Z',
      'x-acs-signature-nonce': 'id-1',
      'x-acs-content-sha256': sha256Hex(''),
      accept: 'application/json',
    });
    expect(arrived.headers['x-acs-security-token']).toBeUndefined();
    expect(parseAcs3Authorization(String(arrived.headers.authorization))).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: KEY_ID,
      signedHeaders: [
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(verifies(arrived, SECRET)).toBe(true);
    expect(verifies(arrived, 'another-secret')).toBe(false);
    expect(verifies({ ...arrived, query: { ...arrived.query, 'Tag.2.Value': 'x' } }, SECRET)).toBe(false);
  });

  it('sends an STS token as x-acs-security-token (signed, with x-acs-accesskey-id), not in the query', async () => {
    const server = await fakeEcs([ok({ RequestId: 'r', Regions: { Region: [] } })]);
    const { client } = v3Client(
      server.url,
      {},
      {
        accessKeyId: KEY_ID,
        accessKeySecret: SECRET,
        securityToken: TOKEN,
      },
    );
    await client.call(DescribeRegions, {});
    const [arrived] = server.requests as [Arrived];
    expect(arrived.query).toStrictEqual({ RegionId: 'cn-hangzhou' });
    expect(arrived.headers['x-acs-security-token']).toBe(TOKEN);
    expect(arrived.headers['x-acs-accesskey-id']).toBe(KEY_ID);
    expect(parseAcs3Authorization(String(arrived.headers.authorization))?.signedHeaders).toEqual([
      'host',
      'x-acs-accesskey-id',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-security-token',
      'x-acs-signature-nonce',
      'x-acs-version',
    ]);
    expect(verifies(arrived, SECRET)).toBe(true);
    expect(
      verifies({ ...arrived, headers: { ...arrived.headers, 'x-acs-security-token': 'other' } }, SECRET),
    ).toBe(false);
  });

  it('retries a 503 write with a fresh nonce and date per attempt and the same ClientToken', async () => {
    const unavailable: Answer = () => ({
      status: 503,
      body: { RequestId: 'e', Code: 'ServiceUnavailable', Message: 'busy' },
    });
    const server = await fakeEcs([unavailable, unavailable, ok({ RequestId: 'done', DiskId: 'd-1' })]);
    const { client, events } = v3Client(server.url);
    expect(await client.call(CreateDisk, { RegionId: 'cn-hangzhou', Size: 20 })).toStrictEqual({
      RequestId: 'done',
      DiskId: 'd-1',
    });
    expect(server.requests.map((r) => r.headers['x-acs-signature-nonce'])).toEqual(['id-2', 'id-3', 'id-4']);
    expect(server.requests.map((r) => r.headers['x-acs-date'])).toEqual([
      '2024-01-02T03:04:05Z',
      '2024-01-02T03:04:06Z',
      '2024-01-02T03:04:07Z',
    ]);
    // id-1 was drawn for the ClientToken, once for the whole call.
    expect(server.requests.map((r) => r.query)).toEqual(
      Array(3).fill({ RegionId: 'cn-hangzhou', Size: '20', ClientToken: 'id-1' }),
    );
    for (const arrived of server.requests) expect(verifies(arrived, SECRET)).toBe(true);
    expect(events).toMatchObject([{ action: 'CreateDisk', attempts: 3, httpStatus: 200 }]);
  });

  it('maps an ECS error as under v1, scrubbed of the secret, the token and the signature', async () => {
    // A server that echoes what it got, as ECS's signature errors echo the string to sign.
    const echo: Answer = (arrived) => ({
      status: 400,
      body: {
        RequestId: 'e-1',
        Code: 'SignatureDoesNotMatch',
        Message: `got ${String(arrived.headers.authorization)} token=${String(arrived.headers['x-acs-security-token'])} key=${SECRET}`,
      },
    });
    const server = await fakeEcs([echo]);
    const { client, events } = v3Client(
      server.url,
      {},
      {
        accessKeyId: KEY_ID,
        accessKeySecret: SECRET,
        securityToken: TOKEN,
      },
    );
    const error = await client.call(DescribeRegions, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EcsError);
    expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', httpStatus: 400, requestId: 'e-1' });
    const signature = parseAcs3Authorization(String(server.requests[0]?.headers.authorization))?.signature;
    const text = [
      (error as Error).message,
      String((error as Error).stack),
      JSON.stringify(error),
      JSON.stringify(events),
    ].join('\n');
    for (const secret of [SECRET, TOKEN, signature as string]) expect(text).not.toContain(secret);
    expect((error as Error).message).toContain('[redacted]');
  });

  it('refuses a token a header cannot carry with a CredentialsError, sending nothing and naming no secret', async () => {
    const server = await fakeEcs([ok({ RequestId: 'r', Regions: { Region: [] } })]);
    const injected = 'token\r\nx-acs-action: DeleteInstance';
    const { client, events } = v3Client(
      server.url,
      {},
      {
        accessKeyId: KEY_ID,
        accessKeySecret: SECRET,
        securityToken: injected,
      },
    );
    const error = await client.call(DescribeRegions, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({
      code: 'CredentialsError',
      retryable: false,
      message:
        'signature v3: the security token holds a character a header cannot carry (printable ASCII only); nothing was sent.',
    });
    expect(server.requests).toHaveLength(0);
    expect(events).toMatchObject([{ attempts: 0, errorCode: 'CredentialsError' }]);
    expect(JSON.stringify(error)).not.toContain('DeleteInstance');
  });

  it('answers in JSON: XML is refused at construction, and an unknown signature too', () => {
    const base = {
      credentials: { source: 't', getCredentials: async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }) },
      defaultRegionId: 'cn-hangzhou',
    };
    expect(() => new EcsClient({ ...base, signature: 'v3', format: 'XML' })).toThrow(
      'The option "format" is not valid: JSON under signature v3 (ECS answers V3 calls in JSON).',
    );
    expect(() => new EcsClient({ ...base, signature: 'v2' as never })).toThrow(
      'The option "signature" is not valid: v1 or v3.',
    );
  });
});
