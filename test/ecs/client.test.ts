import { Agent, errors as undiciErrors } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallEvent } from '../../src/ecs/caller.js';
import { ConsecutiveFailureBreaker } from '../../src/ecs/circuit-breaker.js';
import { EcsClient, type EcsClientOptions } from '../../src/ecs/client.js';
import { type Credentials, staticCredentials } from '../../src/ecs/credentials.js';
import { CredentialsError, EcsError, EcsTransportError, ParamError } from '../../src/ecs/errors.js';
import { defineAction } from '../../src/spec/action.js';
import { DescribeRegions, DescribeZones } from '../../src/spec/actions/regions.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { p } from '../../src/spec/params.js';
import { t } from '../../src/spec/shape.js';
import { manualTimers } from '../support/manual-timers.js';
import {
  answer,
  dropConnection,
  type FakeEcs,
  hang,
  json,
  jsonError,
  type Reply,
  regionsXml,
  signatureIsValid,
  startFakeEcs,
  truncatedBody,
  xml,
  xmlError,
} from './fake-ecs.js';

const SECRET = 'test-secret-value/+=';
const TOKEN = 'sts-token&value/+=';
const KEY_ID = 'test-key-id';

// Test-only declarations: a filtered read, a write with no idempotency key, and one with ClientToken.
const DescribeInstances = defineAction({
  name: 'DescribeInstances',
  summary: 'test',
  idempotency: 'read',
  params: {
    RegionId: p.string({ required: true }),
    InstanceIds: p.idList({ max: 'ids' }),
    Tag: p.repeated({ max: 20, fields: { Key: p.string(), Value: p.string() } }),
    PageSize: p.pageSize(),
  },
  response: { TotalCount: t.int, Instances: t.list('Instance', t.object({ InstanceId: t.string })) },
});

const StartInstance = defineAction({
  name: 'StartInstance',
  summary: 'test',
  idempotency: 'none',
  params: { InstanceId: p.string({ required: true }) },
  response: {},
});

const CreateDisk = defineAction({
  name: 'CreateDisk',
  summary: 'test',
  idempotency: 'clientToken',
  params: { RegionId: p.string({ required: true }), Size: p.int({ min: 5 }) },
  response: { DiskId: t.string },
});

const startOk = xml(200, '<StartInstanceResponse><RequestId>start-ok</RequestId></StartInstanceResponse>');
const createOk = json(200, { RequestId: 'create-ok', DiskId: 'd-1' });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function fake(script: Reply | readonly Reply[]): Promise<FakeEcs> {
  const server = await startFakeEcs(script);
  cleanups.push(() => server.close());
  return server;
}

interface Harness {
  client: EcsClient;
  events: CallEvent[];
  sleeps: number[];
  credentialFetches: () => number;
}

function harness(
  endpoint: string,
  overrides: Partial<EcsClientOptions> = {},
  credentials?: Credentials,
): Harness {
  const events: CallEvent[] = [];
  const sleeps: number[] = [];
  let fetches = 0;
  let ids = 0;
  const creds = credentials ?? { accessKeyId: KEY_ID, accessKeySecret: SECRET };
  const client = new EcsClient({
    credentials: {
      source: 'test',
      getCredentials: async () => {
        fetches += 1;
        return creds;
      },
    },
    defaultRegionId: 'cn-hangzhou',
    endpoint,
    maxAttempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    requestTimeoutMs: 5_000,
    ratePerSecond: Number.POSITIVE_INFINITY,
    clock: () => new Date('2024-01-02T03:04:05.678Z'),
    random: () => 0.5,
    nonce: () => `id-${++ids}`,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onCall: (event) => events.push(event),
    // The wire shapes these tests assert (PageSize 50, 10 ids) are the 2014 limits';
    // the default profile, today's, is asked for by name.
    limits: API_LIMITS['2014'],
    ...overrides,
  });
  cleanups.push(() => client.close());
  return { client, events, sleeps, credentialFetches: () => fetches };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const nonces = (server: FakeEcs) => server.requests.map((request) => request.params.SignatureNonce);

describe('EcsClient: the request', () => {
  it('sends every public parameter, signed, as a GET to the endpoint, and decodes XML', async () => {
    const server = await fake(regionsXml('req-regions'));
    const { client, events } = harness(server.url);

    const result = await client.call(DescribeRegions, {});

    expect(result).toStrictEqual({
      RequestId: 'req-regions',
      Regions: [{ RegionId: 'cn-hangzhou', LocalName: 'Hangzhou' }],
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/');
    expect(request?.params).toStrictEqual({
      AccessKeyId: KEY_ID,
      Action: 'DescribeRegions',
      Format: 'XML',
      // An overriding endpoint serves every region: the call names its own.
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'id-1',
      SignatureVersion: '1.0',
      Timestamp: '2024-01-02T03:04:05Z',
      Version: '2014-05-26',
      Signature: expect.any(String),
    });
    expect(request?.names.at(-1)).toBe('Signature');
    expect(signatureIsValid(request!, SECRET)).toBe(true);
    expect(signatureIsValid(request!, 'another-secret')).toBe(false);
    expect(events).toStrictEqual([
      {
        action: 'DescribeRegions',
        regionId: 'cn-hangzhou',
        attempts: 1,
        durationMs: expect.any(Number),
        httpStatus: 200,
        requestId: 'req-regions',
        errorCode: undefined,
        throttled: 0,
      },
    ]);
  });

  it('asks for JSON when configured, sends the SecurityToken, and takes the region from the input', async () => {
    const body = {
      RequestId: 'req-zones',
      Zones: {
        Zone: [
          { ZoneId: 'cn-beijing-a', LocalName: 'A', AvailableResourceCreation: { ResourceTypes: ['Disk'] } },
        ],
      },
    };
    const server = await fake(json(200, body));
    const { client, events } = harness(
      server.url,
      { format: 'JSON' },
      { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
    );

    const result = await client.call(DescribeZones, { RegionId: 'cn-beijing' });

    expect(result.Zones).toStrictEqual([
      {
        ZoneId: 'cn-beijing-a',
        LocalName: 'A',
        AvailableResourceCreation: ['Disk'],
        AvailableDiskCategories: [],
        AvailableInstanceTypes: [],
      },
    ]);
    const request = server.requests[0]!;
    expect(request.params).toMatchObject({ Format: 'JSON', SecurityToken: TOKEN, RegionId: 'cn-beijing' });
    expect(signatureIsValid(request, SECRET)).toBe(true);
    expect(events[0]).toMatchObject({
      regionId: 'cn-beijing',
      attempts: 1,
      httpStatus: 200,
      requestId: 'req-zones',
    });
  });

  it('takes the region of an action without a region parameter from the call options', async () => {
    const server = await fake([startOk, startOk]);
    const { client, events } = harness(server.url);

    await client.call(StartInstance, { InstanceId: 'i-1' }, { regionId: 'cn-shenzhen' });
    await client.call(StartInstance, { InstanceId: 'i-1' });

    expect(events.map((event) => event.regionId)).toEqual(['cn-shenzhen', 'cn-hangzhou']);
    // The regional endpoint's host would name it; the override serves every region, so it is sent.
    expect(server.requests.map((request) => request.params.RegionId)).toEqual(['cn-shenzhen', 'cn-hangzhou']);
  });

  it('sends id filters as JSON arrays and repeated structures as Tag.N.Key, all under a valid signature', async () => {
    const server = await fake(
      xml(
        200,
        '<DescribeInstancesResponse><RequestId>r</RequestId><TotalCount>1</TotalCount><Instances><Instance><InstanceId>i-1</InstanceId></Instance></Instances></DescribeInstancesResponse>',
      ),
    );
    const { client } = harness(server.url);

    const result = await client.call(DescribeInstances, {
      RegionId: 'cn-shanghai',
      InstanceIds: ['i-1', 'i-2'],
      Tag: [
        { Key: 'env', Value: 'prod & test' },
        { Key: '成本中心', Value: "a*b'c" },
      ],
      PageSize: 50,
    });

    expect(result).toStrictEqual({ RequestId: 'r', TotalCount: 1, Instances: [{ InstanceId: 'i-1' }] });
    const request = server.requests[0]!;
    expect(request.params).toMatchObject({
      RegionId: 'cn-shanghai',
      InstanceIds: '["i-1","i-2"]',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod & test',
      'Tag.2.Key': '成本中心',
      'Tag.2.Value': "a*b'c",
      PageSize: '50',
    });
    expect(signatureIsValid(request, SECRET)).toBe(true);
  });

  it('refuses invalid input before any request, with the ParamError of errors.ts, and reports it', async () => {
    const server = await fake(regionsXml());
    const { client, events, credentialFetches } = harness(server.url);

    const error = await failure(
      client.call(DescribeInstances, {
        RegionId: 'cn-hangzhou',
        InstanceIds: Array.from({ length: 11 }, (_, i) => `i-${i}`),
      }),
    );

    expect(error).toBeInstanceOf(ParamError);
    expect((error as ParamError).first).toMatchObject({
      param: 'InstanceIds',
      rule: 'at most 10 ids',
      code: 'InvalidParameter',
    });
    expect(server.requests).toHaveLength(0);
    expect(credentialFetches()).toBe(0);
    expect(events).toStrictEqual([
      {
        action: 'DescribeInstances',
        regionId: 'cn-hangzhou',
        attempts: 0,
        durationMs: expect.any(Number),
        httpStatus: undefined,
        requestId: undefined,
        errorCode: 'InvalidParameter',
        throttled: 0,
      },
    ]);
  });

  it('checks id filters against the configured API limits', async () => {
    const server = await fake(
      xml(200, '<DescribeInstancesResponse><RequestId>r</RequestId></DescribeInstancesResponse>'),
    );
    const { client } = harness(server.url, { limits: API_LIMITS.current });
    const ids = Array.from({ length: 100 }, (_, i) => `i-${i}`);
    await expect(
      client.call(DescribeInstances, { RegionId: 'cn-hangzhou', InstanceIds: ids }),
    ).resolves.toMatchObject({
      RequestId: 'r',
      Instances: [],
    });
    expect(JSON.parse(server.requests[0]!.params.InstanceIds!)).toHaveLength(100);
  });

  it('refuses a region id that is not a DNS label, before any request', async () => {
    const server = await fake(regionsXml());
    const { client } = harness(server.url);
    const error = await failure(client.call(DescribeZones, { RegionId: 'evil.example/#' }));
    expect(error).toBeInstanceOf(ParamError);
    expect((error as ParamError).first).toMatchObject({
      param: 'RegionId',
      code: 'InvalidRegionId.Malformed',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('passes a credentials failure through unchanged, sending nothing', async () => {
    const server = await fake(regionsXml());
    const events: CallEvent[] = [];
    const missing = Object.assign(new Error('no credentials configured'), { code: 'CredentialsNotFound' });
    const client = new EcsClient({
      credentials: { source: 'test', getCredentials: () => Promise.reject(missing) },
      defaultRegionId: 'cn-hangzhou',
      endpoint: server.url,
      onCall: (event) => events.push(event),
    });
    cleanups.push(() => client.close());
    expect(await failure(client.call(DescribeRegions, {}))).toBe(missing);
    expect(server.requests).toHaveLength(0);
    expect(events[0]).toMatchObject({ attempts: 0, errorCode: 'CredentialsNotFound' });
  });

  it('asks for credentials before every attempt, so refreshed ones are used', async () => {
    const server = await fake([xmlError(503, 'ServiceUnavailable'), regionsXml()]);
    const { client, credentialFetches } = harness(server.url);
    await client.call(DescribeRegions, {});
    expect(credentialFetches()).toBe(2);
  });
});

describe('EcsClient: service errors', () => {
  it.each([
    ['XML', xmlError(400, 'InvalidParameter', 'The specified parameter "PageSize" is not valid.')],
    ['JSON', jsonError(400, 'InvalidParameter', 'The specified parameter "PageSize" is not valid.')],
  ])('turns a %s error body into an EcsError and does not repeat a 4xx', async (_format, reply) => {
    const server = await fake(reply);
    const { client, events } = harness(server.url);

    const error = await failure(client.call(DescribeRegions, {}));

    expect(error).toBeInstanceOf(EcsError);
    expect(error).toMatchObject({
      code: 'InvalidParameter',
      message: 'The specified parameter "PageSize" is not valid.',
      requestId: 'err-InvalidParameter',
      hostId: 'ecs.aliyuncs.com',
      httpStatus: 400,
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
    expect(events).toStrictEqual([
      {
        action: 'DescribeRegions',
        regionId: 'cn-hangzhou',
        attempts: 1,
        durationMs: expect.any(Number),
        httpStatus: 400,
        requestId: 'err-InvalidParameter',
        errorCode: 'InvalidParameter',
        throttled: 0,
      },
    ]);
  });

  it('retries Throttling with backoff and a fresh nonce on every attempt', async () => {
    const server = await fake([
      xmlError(400, 'Throttling'),
      jsonError(400, 'Throttling.User'),
      regionsXml('third'),
    ]);
    const { client, events, sleeps } = harness(server.url);

    await expect(client.call(DescribeRegions, {})).resolves.toMatchObject({ RequestId: 'third' });

    expect(server.requests).toHaveLength(3);
    expect(nonces(server)).toStrictEqual(['id-1', 'id-2', 'id-3']);
    expect(server.requests.every((request) => signatureIsValid(request, SECRET))).toBe(true);
    // Full jitter with random() = 0.5: half of 100 ms, then half of 200 ms.
    expect(sleeps).toStrictEqual([50, 100]);
    expect(events[0]).toMatchObject({
      attempts: 3,
      httpStatus: 200,
      requestId: 'third',
      errorCode: undefined,
      // Both refusals counted, though the call succeeded in the end.
      throttled: 2,
    });
  });

  it('waits what x-acs-retry-after says, beyond the backoff cap', async () => {
    const server = await fake([
      xmlError(400, 'Throttling', 'slow down', { 'x-acs-retry-after': '1500' }),
      regionsXml(),
    ]);
    const { client, sleeps } = harness(server.url);
    await client.call(DescribeRegions, {});
    expect(sleeps).toStrictEqual([1500]);
  });

  it('gives up at once when the server asks for a wait past the deadline', async () => {
    const server = await fake(xmlError(400, 'Throttling', 'slow down', { 'x-acs-retry-after': '120000' }));
    const { client, sleeps, events } = harness(server.url, { deadlineMs: 10_000 });
    const error = await failure(client.call(DescribeRegions, {}));
    expect(error).toMatchObject({ code: 'Throttling', httpStatus: 400 });
    expect(sleeps).toStrictEqual([]);
    expect(events[0]).toMatchObject({ attempts: 1, errorCode: 'Throttling', throttled: 1 });
  });

  it('repeats a 503 up to maxAttempts with doubling, capped delays, then throws the last error', async () => {
    const server = await fake(xmlError(503, 'ServiceUnavailable'));
    const { client, sleeps, events } = harness(server.url, {
      maxAttempts: 5,
      baseDelayMs: 400,
      maxDelayMs: 1000,
    });

    const error = await failure(client.call(DescribeRegions, {}));

    expect(error).toBeInstanceOf(EcsError);
    expect(error).toMatchObject({ code: 'ServiceUnavailable', httpStatus: 503, retryable: true });
    expect(server.requests).toHaveLength(5);
    expect(new Set(nonces(server)).size).toBe(5);
    expect(sleeps).toStrictEqual([200, 400, 500, 500]);
    expect(events[0]).toMatchObject({
      attempts: 5,
      httpStatus: 503,
      errorCode: 'ServiceUnavailable',
      throttled: 0,
    });
  });

  it('retries InternalError answered with a 500', async () => {
    const server = await fake([jsonError(500, 'InternalError'), regionsXml()]);
    const { client } = harness(server.url);
    await client.call(DescribeRegions, {});
    expect(server.requests).toHaveLength(2);
  });
});

describe('EcsClient: answers that are not ECS answers', () => {
  it('reports an HTML 502 from a proxy as InvalidResponse with its status, retried, without quoting it', async () => {
    const page =
      '<html><body><h1>502 Bad Gateway</h1><p>/?AccessKeyId=x&amp;Signature=leak</p></body></html>';
    const server = await fake(answer(502, page, { 'content-type': 'text/html' }));
    const { client, events } = harness(server.url, { maxAttempts: 2 });

    const error = await failure(client.call(DescribeRegions, {}));

    expect(error).toBeInstanceOf(EcsTransportError);
    expect(error).toMatchObject({ code: 'InvalidResponse', httpStatus: 502, retryable: true });
    expect((error as Error).message).toMatch(
      /^DescribeRegions to 127\.0\.0\.1:\d+: HTTP 502 without an ECS error body \(text\/html, \d+ bytes\)\.$/,
    );
    expect(server.requests).toHaveLength(2);
    expect(events[0]).toMatchObject({ attempts: 2, httpStatus: 502, errorCode: 'InvalidResponse' });
  });

  it.each([
    ['an empty body', answer(200, '')],
    ['truncated JSON', answer(200, '{"RequestId":"r","Regions":{"Region":[{"Reg')],
    ['truncated XML', answer(200, '<DescribeRegionsResponse><RequestId>r</RequestId><Regions>')],
    ['the wrong root', xml(200, '<DescribeZonesResponse><RequestId>r</RequestId></DescribeZonesResponse>')],
  ])('reports a 200 with %s as InvalidResponse, not retried', async (_name, reply) => {
    const server = await fake(reply);
    const format = _name === 'truncated JSON' ? 'JSON' : 'XML';
    const { client, events } = harness(server.url, { format });

    const error = await failure(client.call(DescribeRegions, {}));

    expect(error).toBeInstanceOf(EcsTransportError);
    expect(error).toMatchObject({ code: 'InvalidResponse', httpStatus: 200, retryable: false });
    expect(server.requests).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempts: 1, httpStatus: 200, errorCode: 'InvalidResponse' });
  });

  it('reports an empty 500 as a retryable InvalidResponse', async () => {
    const server = await fake([answer(500, ''), regionsXml()]);
    const { client } = harness(server.url);
    await client.call(DescribeRegions, {});
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a body larger than maxResponseBytes', async () => {
    const server = await fake(answer(200, 'x'.repeat(4096)));
    const { client } = harness(server.url, { maxResponseBytes: 1024 });
    const error = await failure(client.call(DescribeRegions, {}));
    expect(error).toMatchObject({ code: 'InvalidResponse', httpStatus: 200 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('EcsClient: the network', () => {
  it('retries a read whose connection was dropped, and succeeds', async () => {
    const server = await fake([dropConnection, regionsXml('after-reset')]);
    const { client, events } = harness(server.url);
    await expect(client.call(DescribeRegions, {})).resolves.toMatchObject({ RequestId: 'after-reset' });
    expect(server.requests).toHaveLength(2);
    expect(nonces(server)).toStrictEqual(['id-1', 'id-2']);
    expect(events[0]).toMatchObject({ attempts: 2, httpStatus: 200, errorCode: undefined });
  });

  it('reports ConnectionReset when every attempt is dropped, with no status', async () => {
    const server = await fake(dropConnection);
    const { client, events } = harness(server.url);
    const error = await failure(client.call(DescribeRegions, {}));
    expect(error).toBeInstanceOf(EcsTransportError);
    expect(error).toMatchObject({
      code: 'ConnectionReset',
      httpStatus: undefined,
      retryable: true,
      unsent: false,
    });
    expect(server.requests).toHaveLength(3);
    expect(events[0]).toMatchObject({
      attempts: 3,
      httpStatus: undefined,
      requestId: undefined,
      errorCode: 'ConnectionReset',
    });
  });

  it('treats a body cut short of its content-length as ConnectionReset and retries a read', async () => {
    const server = await fake([truncatedBody, regionsXml('whole')]);
    const { client } = harness(server.url);
    await expect(client.call(DescribeRegions, {})).resolves.toMatchObject({ RequestId: 'whole' });
    expect(server.requests).toHaveLength(2);
  });

  it('times out a slow attempt, retries it, then reports Timeout', async () => {
    const server = await fake(hang);
    const { client, events } = harness(server.url, { requestTimeoutMs: 500, maxAttempts: 2 });
    const error = await withFakeTimeouts(async () => {
      const pending = failure(client.call(DescribeRegions, {}));
      await waitForIo(() => server.requests.length === 1);
      await vi.advanceTimersByTimeAsync(499);
      expect(server.requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await waitForIo(() => server.requests.length === 2);
      await vi.advanceTimersByTimeAsync(500);
      return pending;
    });
    expect(error).toBeInstanceOf(EcsTransportError);
    expect(error).toMatchObject({ code: 'Timeout', retryable: true });
    expect(server.requests).toHaveLength(2);
    expect(events[0]).toMatchObject({ attempts: 2, errorCode: 'Timeout' });
  });

  it('stops the whole call at its deadline', async () => {
    const server = await fake(hang);
    const { client, events } = harness(server.url, { requestTimeoutMs: 10_000, deadlineMs: 400 });
    const error = await withFakeTimeouts(async () => {
      const pending = failure(client.call(DescribeRegions, {}));
      await waitForIo(() => server.requests.length === 1);
      await vi.advanceTimersByTimeAsync(400);
      return pending;
    });
    expect(error).toMatchObject({ code: 'DeadlineExceeded', retryable: false });
    expect(server.requests).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempts: 1, errorCode: 'DeadlineExceeded' });
  });

  it('stops when the caller aborts, without retrying', async () => {
    const server = await fake(hang);
    const { client, events } = harness(server.url);
    const controller = new AbortController();
    const pending = failure(client.call(DescribeRegions, {}, { signal: controller.signal }));
    await waitFor(() => server.requests.length === 1);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(EcsTransportError);
    expect(error).toMatchObject({ code: 'Aborted', retryable: false });
    expect(server.requests).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempts: 1, errorCode: 'Aborted' });
  });

  it('does not send at all when the signal has already fired', async () => {
    const server = await fake(regionsXml());
    const { client } = harness(server.url);
    const error = await failure(client.call(DescribeRegions, {}, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: 'Aborted' });
    expect(server.requests).toHaveLength(0);
  });

  it('reports ConnectionRefused when nothing listens, after retrying', async () => {
    const server = await startFakeEcs(regionsXml());
    await server.close();
    const { client, events } = harness(server.url);
    const error = await failure(client.call(DescribeRegions, {}));
    expect(error).toBeInstanceOf(EcsTransportError);
    expect(error).toMatchObject({ code: 'ConnectionRefused', unsent: true, retryable: true });
    expect((error as Error).message).toMatch(
      /^DescribeRegions to 127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)\.$/,
    );
    expect(events[0]).toMatchObject({ attempts: 3, errorCode: 'ConnectionRefused', httpStatus: undefined });
  });
});

describe('EcsClient: idempotency of writes', () => {
  it('sends one generated ClientToken on every attempt of a write that accepts one', async () => {
    const server = await fake([xmlError(503, 'ServiceUnavailable'), dropConnection, createOk]);
    const { client, events } = harness(server.url, { format: 'JSON' });

    const result = await client.call(CreateDisk, { RegionId: 'cn-hangzhou', Size: 40 });

    expect(result).toStrictEqual({ RequestId: 'create-ok', DiskId: 'd-1' });
    expect(server.requests.map((request) => request.params.ClientToken)).toStrictEqual([
      'id-1',
      'id-1',
      'id-1',
    ]);
    expect(nonces(server)).toStrictEqual(['id-2', 'id-3', 'id-4']);
    expect(server.requests.every((request) => signatureIsValid(request, SECRET))).toBe(true);
    expect(events[0]).toMatchObject({ action: 'CreateDisk', attempts: 3, errorCode: undefined });
  });

  it('uses the ClientToken given in the options or in the input', async () => {
    const server = await fake(createOk);
    const { client } = harness(server.url, { format: 'JSON' });
    await client.call(CreateDisk, { RegionId: 'cn-hangzhou' }, { clientToken: 'from-options' });
    await client.call(CreateDisk, { RegionId: 'cn-hangzhou', ClientToken: 'from-input' });
    await client.call(CreateDisk, { RegionId: 'cn-hangzhou', ClientToken: 'same' }, { clientToken: 'same' });
    expect(server.requests.map((request) => request.params.ClientToken)).toStrictEqual([
      'from-options',
      'from-input',
      'same',
    ]);
  });

  it('refuses two different ClientTokens, and a token longer than 64 characters, before any request', async () => {
    const server = await fake(createOk);
    const { client } = harness(server.url);
    const conflict = await failure(
      client.call(CreateDisk, { RegionId: 'cn-hangzhou', ClientToken: 'a' }, { clientToken: 'b' }),
    );
    expect((conflict as ParamError).first).toMatchObject({ param: 'ClientToken', code: 'InvalidParameter' });
    const long = await failure(
      client.call(CreateDisk, { RegionId: 'cn-hangzhou' }, { clientToken: 'x'.repeat(65) }),
    );
    expect((long as ParamError).first).toMatchObject({ param: 'ClientToken', rule: 'at most 64 characters' });
    expect(server.requests).toHaveLength(0);
  });

  it('never repeats a write without a key once the request may have arrived', async () => {
    for (const reply of [
      dropConnection,
      xmlError(503, 'ServiceUnavailable'),
      xmlError(500, 'InternalError'),
      answer(502, '<html/>'),
    ]) {
      const server = await fake([reply, startOk]);
      const { client, events } = harness(server.url);
      const error = await failure(client.call(StartInstance, { InstanceId: 'i-1' }));
      expect(error).toMatchObject({ retryable: true });
      expect(server.requests).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'StartInstance', attempts: 1 });
    }
  });

  it('reports the reset of a write without a key as ConnectionReset after one attempt', async () => {
    const server = await fake([dropConnection, startOk]);
    const { client, events } = harness(server.url);
    const error = await failure(client.call(StartInstance, { InstanceId: 'i-1' }));
    expect(error).toBeInstanceOf(EcsTransportError);
    expect(error).toMatchObject({ code: 'ConnectionReset', unsent: false });
    expect(events[0]).toMatchObject({ attempts: 1, errorCode: 'ConnectionReset', httpStatus: undefined });
  });

  it('repeats a write without a key after Throttling: ECS refused it without acting', async () => {
    const server = await fake([xmlError(400, 'Throttling'), startOk]);
    const { client, events } = harness(server.url);
    await expect(client.call(StartInstance, { InstanceId: 'i-1' })).resolves.toStrictEqual({
      RequestId: 'start-ok',
    });
    expect(server.requests).toHaveLength(2);
    expect(events[0]).toMatchObject({ attempts: 2, httpStatus: 200 });
  });

  it('repeats a write without a key when the request never left: refused or connect timeout or DNS', async () => {
    const refused = await startFakeEcs(startOk);
    await refused.close();
    const first = harness(refused.url);
    expect(await failure(first.client.call(StartInstance, { InstanceId: 'i-1' }))).toMatchObject({
      code: 'ConnectionRefused',
    });
    expect(first.events[0]).toMatchObject({ attempts: 3 });

    const dnsError = Object.assign(new Error('getaddrinfo ENOTFOUND ecs.example'), { code: 'ENOTFOUND' });
    for (const [connectError, code] of [
      [new undiciErrors.ConnectTimeoutError(), 'ConnectTimeout'],
      [dnsError, 'DnsFailure'],
    ] as const) {
      let connects = 0;
      // A connector that fails the way a real one would, without touching the network.
      const dispatcher = new Agent({
        connect: (_options, callback) => {
          connects += 1;
          queueMicrotask(() => callback(connectError, null));
        },
      });
      cleanups.push(() => dispatcher.close());
      const { client, events } = harness('http://127.0.0.1:9', { dispatcher });
      const error = await failure(client.call(StartInstance, { InstanceId: 'i-1' }));
      expect(error).toBeInstanceOf(EcsTransportError);
      expect(error).toMatchObject({ code, unsent: true, retryable: true });
      expect(connects).toBe(3);
      expect(events[0]).toMatchObject({ attempts: 3, errorCode: code });
    }
  });
});

describe('EcsClient: load', () => {
  it('keeps at most maxConcurrency requests in flight', async () => {
    // Answers are held until the test lets them go, so what is in flight does not hang on timing.
    const held: (() => void)[] = [];
    const slow: Reply = (request, res) => {
      held.push(() => regionsXml(request.params.SignatureNonce)(request, res, undefined as never));
    };
    const server = await fake(slow);
    const { client } = harness(server.url, { maxConcurrency: 2 });
    const calls = Promise.all(Array.from({ length: 6 }, () => client.call(DescribeRegions, {})));
    for (let round = 1; round <= 3; round++) {
      await waitForIo(() => held.length === 2);
      expect(server.requests).toHaveLength(2 * round);
      for (const answer of held.splice(0)) answer();
    }
    const results = await calls;
    expect(results).toHaveLength(6);
    expect(server.requests).toHaveLength(6);
    expect(server.peakInFlight()).toBe(2);
  });

  it('spaces requests by the rate limit once the burst is spent', async () => {
    const server = await fake(regionsXml());
    const timers = manualTimers();
    const { client } = harness(server.url, { ratePerSecond: 0.5, burst: 1, timers });
    const calls = Promise.all([
      client.call(DescribeRegions, {}),
      client.call(DescribeRegions, {}),
      client.call(DescribeRegions, {}),
    ]);
    await waitFor(() => server.requests.length === 1);
    // One token every 2 s: the second call goes at 2 s, the third at 4 s.
    await timers.advance(1_999);
    expect(server.requests).toHaveLength(1);
    await timers.advance(1);
    await waitFor(() => server.requests.length === 2);
    await timers.advance(2_000);
    await calls;
    expect(server.requests).toHaveLength(3);
  });

  it('serves the calls of each flow in turn: a one-call flow is not queued behind a busy one', async () => {
    // Answers are held and let go one at a time, oldest first, so the order of arrivals is the limiter's alone.
    const held: (() => void)[] = [];
    const slow: Reply = (request, res) => {
      held.push(() => regionsXml(request.params.SignatureNonce)(request, res, undefined as never));
    };
    const server = await fake(slow);
    const { client } = harness(server.url, { maxConcurrency: 2 });
    const busy = Array.from({ length: 40 }, () => client.call(DescribeRegions, {}, { flow: 'busy' }));
    await waitForIo(() => held.length === 2);
    const alone = client.call(DescribeRegions, { AcceptLanguage: 'ja' }, { flow: 'alone' });
    let settled = false;
    const all = Promise.all([...busy, alone]).finally(() => {
      settled = true;
    });
    while (!settled) {
      await waitForIo(() => held.length > 0 || settled);
      held.shift()?.();
    }
    await all;
    // Two of busy's calls were in flight and busy had the next turn; alone's came right after.
    const arrivals = server.requests.map((request) => request.params.AcceptLanguage ?? 'busy');
    expect(arrivals.indexOf('ja')).toBe(3);
    expect(arrivals).toHaveLength(41);
  });
});

describe('EcsClient: retries until the deadline', () => {
  it('repeats a transient failure with growing, capped backoff until the next wait would pass the deadline', async () => {
    const server = await fake(xmlError(503, 'ServiceUnavailable'));
    const timers = manualTimers();
    const { client, sleeps, events } = harness(server.url, {
      maxAttempts: undefined,
      deadlineMs: 2_000,
      baseDelayMs: 100,
      maxDelayMs: 500,
      timers,
      // The backoff's sleep moves the deadline's clock.
      sleep: async (ms) => {
        sleeps.push(ms);
        await timers.advance(ms);
      },
    });
    const error = await failure(client.call(DescribeRegions, {}));
    expect(error).toMatchObject({ code: 'ServiceUnavailable', httpStatus: 503 });
    // random() = 0.5: half of 100, 200, 400, then of the 500 cap; after 1850 ms only 150 are left.
    expect(sleeps).toStrictEqual([50, 100, 200, 250, 250, 250, 250, 250, 250]);
    expect(server.requests).toHaveLength(10);
    expect(events[0]).toMatchObject({ attempts: 10, errorCode: 'ServiceUnavailable' });
  });

  it('keeps honouring x-acs-retry-after, and ECS_MAX_ATTEMPTS when set still caps the attempts', async () => {
    const server = await fake(xmlError(400, 'Throttling', 'slow down', { 'x-acs-retry-after': '700' }));
    const { client, sleeps } = harness(server.url, { maxAttempts: 3 });
    await failure(client.call(DescribeRegions, {}));
    expect(sleeps).toStrictEqual([700, 700]);
    expect(server.requests).toHaveLength(3);
  });
});

describe('EcsClient: circuit breaker', () => {
  function breakerHarness(url: string) {
    const clock = { now: Date.parse('2026-01-02T03:04:05.000Z') };
    const breaker = new ConsecutiveFailureBreaker({
      failureThreshold: 3,
      coolDownMs: 5_000,
      now: () => clock.now,
    });
    const stack = harness(url, { maxAttempts: undefined, breaker });
    return { ...stack, breaker, clock };
  }

  it('opens after connection failures in a row, then refuses calls without sending them, naming the host and the next probe', async () => {
    const server = await fake([dropConnection, dropConnection, dropConnection, regionsXml('back')]);
    const { client, events, breaker, clock } = breakerHarness(server.url);
    const host = new URL(server.url).host;

    const first = await failure(client.call(DescribeRegions, {}));
    expect(first).toBeInstanceOf(EcsTransportError);
    expect(first).toMatchObject({ code: 'UpstreamUnavailable', retryable: false, unsent: true });
    expect((first as Error).message).toBe(
      `DescribeRegions to ${host}: the endpoint is unavailable after 3 connection failures in a row (last: ConnectionReset); it will be probed again at 2026-01-02T03:04:10.000Z.`,
    );
    expect(server.requests).toHaveLength(3);
    expect(events[0]).toMatchObject({ attempts: 3, errorCode: 'UpstreamUnavailable' });

    // Open: refused at once, before queueing, with no attempt.
    const second = await failure(client.call(DescribeRegions, {}));
    expect(second).toMatchObject({ code: 'UpstreamUnavailable' });
    expect(events[1]).toMatchObject({ attempts: 0, errorCode: 'UpstreamUnavailable' });
    expect(server.requests).toHaveLength(3);

    // After the cool-down one probe goes; its answer closes the breaker.
    clock.now += 5_000;
    await expect(client.call(DescribeRegions, {})).resolves.toMatchObject({ RequestId: 'back' });
    expect(breaker.stateOf(host)).toBe('closed');
    await client.call(DescribeRegions, {});
    expect(server.requests).toHaveLength(5);
  });

  it('refuses other calls while the probe is out', async () => {
    let answerProbe: (() => void) | undefined;
    const heldProbe: Reply = (request, res) => {
      answerProbe = () => regionsXml('probe')(request, res, undefined as never);
    };
    const server = await fake([dropConnection, dropConnection, dropConnection, heldProbe, regionsXml()]);
    const { client, clock } = breakerHarness(server.url);
    await failure(client.call(DescribeRegions, {}));
    clock.now += 5_000;
    const probe = client.call(DescribeRegions, {});
    await waitFor(() => answerProbe !== undefined);
    const other = await failure(client.call(DescribeRegions, {}));
    expect(other).toMatchObject({ code: 'UpstreamUnavailable' });
    expect((other as Error).message).toMatch(/; a probe is under way\.$/);
    answerProbe?.();
    await expect(probe).resolves.toMatchObject({ RequestId: 'probe' });
    await client.call(DescribeRegions, {});
    expect(server.requests).toHaveLength(5);
  });

  it('does not count answers, 503s included: the endpoint is reachable', async () => {
    const server = await fake([
      xmlError(503, 'ServiceUnavailable'),
      xmlError(503, 'ServiceUnavailable'),
      xmlError(503, 'ServiceUnavailable'),
      xmlError(503, 'ServiceUnavailable'),
      xmlError(500, 'InternalError'),
      regionsXml('after-503s'),
    ]);
    const { client, breaker } = breakerHarness(server.url);
    await expect(client.call(DescribeRegions, {})).resolves.toMatchObject({ RequestId: 'after-503s' });
    expect(server.requests).toHaveLength(6);
    expect(breaker.stateOf(new URL(server.url).host)).toBe('closed');
  });

  it('fails calls to a port where nothing listens after the threshold of attempts, then with none', async () => {
    const server = await startFakeEcs(regionsXml());
    await server.close();
    const { client, events } = breakerHarness(server.url);
    const first = await failure(client.call(DescribeRegions, {}));
    expect(first).toMatchObject({ code: 'UpstreamUnavailable' });
    expect((first as Error).message).toContain('(last: ConnectionRefused)');
    expect(events[0]).toMatchObject({ attempts: 3, errorCode: 'UpstreamUnavailable' });
    const later = await Promise.all(
      Array.from({ length: 10 }, () => failure(client.call(DescribeRegions, {}))),
    );
    expect(later.map((error) => (error as EcsTransportError).code)).toStrictEqual(
      Array(10).fill('UpstreamUnavailable'),
    );
    expect(events.slice(1).map((event) => event.attempts)).toStrictEqual(Array(10).fill(0));
  });
});

describe('EcsClient: what a failed write says of whether it was sent', () => {
  it('a write whose request may have arrived keeps saying so when its retry is refused unsent', async () => {
    // The first attempt arrives and its connection breaks; the breaker (one failure)
    // then refuses the retry before it is sent.
    const server = await fake([dropConnection, createOk]);
    const { client } = harness(server.url, { breakerFailures: 1, breakerCoolDownMs: 60_000 });
    const error = await failure(client.call(CreateDisk, { RegionId: 'cn-hangzhou' }));
    expect(error).toMatchObject({ code: 'ConnectionReset', unsent: false });
    expect(server.requests).toHaveLength(1);
  });

  it('a read in the same case ends with the refusal itself', async () => {
    const server = await fake([dropConnection, regionsXml('r')]);
    const { client } = harness(server.url, { breakerFailures: 1, breakerCoolDownMs: 60_000 });
    const error = await failure(client.call(DescribeRegions, {}));
    expect(error).toMatchObject({ code: 'UpstreamUnavailable', unsent: true });
  });

  it('a ClientToken write answered 5xx whose retry cannot get credentials ends with the 5xx: ECS may have acted', async () => {
    const server = await fake([xmlError(500, 'InternalError'), createOk]);
    const events: CallEvent[] = [];
    const fetches: number[] = [];
    const unavailable = new CredentialsError('ecs-ram-role', 'the metadata service did not answer', true);
    const client = new EcsClient({
      credentials: {
        source: 'test',
        getCredentials: async () => {
          fetches.push(fetches.length + 1);
          if (fetches.length > 1) throw unavailable;
          return { accessKeyId: KEY_ID, accessKeySecret: SECRET };
        },
      },
      defaultRegionId: 'cn-hangzhou',
      endpoint: server.url,
      maxAttempts: 3,
      ratePerSecond: Number.POSITIVE_INFINITY,
      nonce: () => 'token-1',
      sleep: async () => {},
      onCall: (event) => events.push(event),
    });
    cleanups.push(() => client.close());
    const error = await failure(client.call(CreateDisk, { RegionId: 'cn-hangzhou' }));
    expect(error).toBeInstanceOf(EcsError);
    expect(error).toMatchObject({ code: 'InternalError', httpStatus: 500, requestId: 'err-InternalError' });
    // One request went; the retry stopped at its credentials, before sending.
    expect(server.requests.map((request) => [request.params.Action, request.params.ClientToken])).toEqual([
      ['CreateDisk', 'token-1'],
    ]);
    expect(fetches).toEqual([1, 2]);
    expect(events).toMatchObject([
      { action: 'CreateDisk', attempts: 1, httpStatus: 500, errorCode: 'InternalError' },
    ]);
  });

  it('a read in that case ends with the CredentialsError itself', async () => {
    const server = await fake([xmlError(500, 'InternalError'), regionsXml()]);
    const unavailable = new CredentialsError('ecs-ram-role', 'the metadata service did not answer', true);
    let fetches = 0;
    const { client } = harness(server.url, {
      credentials: {
        source: 'test',
        getCredentials: async () => {
          fetches += 1;
          if (fetches > 1) throw unavailable;
          return { accessKeyId: KEY_ID, accessKeySecret: SECRET };
        },
      },
    });
    expect(await failure(client.call(DescribeRegions, {}))).toBe(unavailable);
    expect(server.requests).toHaveLength(1);
  });

  it('a write stopped while it waited for a slot was never sent, and says so', async () => {
    const server = await fake(hang);
    const { client } = harness(server.url, { maxConcurrency: 1 });
    const first = failure(client.call(DescribeRegions, {}));
    await waitFor(() => server.requests.length === 1);
    const controller = new AbortController();
    const queued = failure(
      client.call(CreateDisk, { RegionId: 'cn-hangzhou' }, { signal: controller.signal }),
    );
    controller.abort();
    expect(await queued).toMatchObject({ code: 'Aborted', unsent: true });
    expect(server.requests).toHaveLength(1);
    await client.close();
    await first;
  });
});

describe('EcsClient: lifecycle and hook', () => {
  it('keeps a call successful when the hook throws', async () => {
    const server = await fake(regionsXml('fine'));
    const { client } = harness(server.url, {
      onCall: () => {
        throw new Error('observer broke');
      },
    });
    await expect(client.call(DescribeRegions, {})).resolves.toMatchObject({ RequestId: 'fine' });
  });

  it('refuses calls after close, and leaves a dispatcher it was given open', async () => {
    const server = await fake(regionsXml());
    const dispatcher = new Agent();
    cleanups.push(() => dispatcher.close());
    const { client, events } = harness(server.url, { dispatcher });
    await client.close();
    const error = await failure(client.call(DescribeRegions, {}));
    expect(error).toMatchObject({ code: 'Closed' });
    expect(server.requests).toHaveLength(0);
    expect(events[0]).toMatchObject({ attempts: 0, errorCode: 'Closed' });
    expect(dispatcher.closed).toBe(false);
  });

  it('closes the dispatcher it created', async () => {
    const server = await fake(regionsXml());
    const { client } = harness(server.url);
    await client.call(DescribeRegions, {});
    await client.close();
    await client.close();
  });

  it.each([
    [{ defaultRegionId: 'Not A Region' }, /"defaultRegionId"/],
    [{ endpoint: 'ftp://127.0.0.1' }, /"endpoint".*http or https/],
    [{ endpoint: 'http://127.0.0.1/?x=1' }, /"endpoint".*no query/],
    [{ maxAttempts: 0 }, /"maxAttempts".*positive integer/],
    [{ maxConcurrency: 1.5 }, /"maxConcurrency"/],
    [{ ratePerSecond: -1 }, /"ratePerSecond"/],
    [{ format: 'YAML' as never }, /"format"/],
  ])('refuses bad options at construction: %j', (options, pattern) => {
    expect(
      () =>
        new EcsClient({
          credentials: staticCredentials({ accessKeyId: KEY_ID, accessKeySecret: SECRET }),
          defaultRegionId: 'cn-hangzhou',
          ...options,
        }),
    ).toThrow(pattern);
  });
});

describe('EcsClient: secrets', () => {
  it('keeps the secret, the token and the signature out of every error and every event', async () => {
    // ECS echoes its string-to-sign in signature errors: the token arrives percent-encoded twice.
    const echo: Reply = (request, res) => {
      const { Signature = '', ...signed } = request.params;
      const canonical = Object.keys(signed)
        .sort()
        .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(signed[name]!)}`)
        .join('&');
      const message = `Specified signature is not matched. server string to sign is:GET&%2F&${encodeURIComponent(canonical)} sig=${Signature} raw=${request.params.SecurityToken} key=${SECRET}`;
      jsonError(400, 'IncompleteSignature', message)(request, res, undefined as never);
    };
    const replies: Reply[] = [
      echo,
      answer(404, `<html>Not found: /?Signature=x&SecurityToken=${TOKEN}</html>`),
      dropConnection,
      hang,
      answer(200, '{"broken'),
    ];
    const seen: string[] = [];
    for (const reply of replies) {
      const server = await fake(reply);
      const { client, events } = harness(
        server.url,
        { format: 'JSON', maxAttempts: 1, requestTimeoutMs: 30 },
        { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
      );
      const error = (await failure(client.call(DescribeRegions, {}))) as Error;
      const signatures = server.requests.map((request) => request.params.Signature!);
      const text = [error.message, String(error.stack), JSON.stringify(error), JSON.stringify(events)].join(
        '\n',
      );
      for (const secret of [
        SECRET,
        TOKEN,
        encodeURIComponent(TOKEN),
        encodeURIComponent(encodeURIComponent(TOKEN)),
        ...signatures,
      ])
        expect(text).not.toContain(secret);
      seen.push(error.message);
    }
    expect(seen[0]).toContain('[redacted]');
    expect(seen[0]).toMatch(/^Specified signature is not matched/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/**
 * Runs `act` with setTimeout faked, so the client's attempt and deadline timers fire when
 * the test moves the clock, not when a busy machine gets round to it; sockets stay real.
 */
async function withFakeTimeouts<T>(act: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    return await act();
  } finally {
    vi.useRealTimers();
  }
}

/** Waits on real I/O (setImmediate is not faked) until `condition` holds. */
async function waitForIo(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
