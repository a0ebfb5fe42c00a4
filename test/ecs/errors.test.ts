import { afterEach, describe, expect, it } from 'vitest';
import { CliProfileError } from '../../src/ecs/aliyun-cli-profile.js';
import type { CallEvent } from '../../src/ecs/caller.js';
import { EcsClient } from '../../src/ecs/client.js';
import { profileCredentials } from '../../src/ecs/credential-providers.js';
import type { CredentialsProvider } from '../../src/ecs/credentials.js';
import {
  CLI_PROFILE_ERROR,
  CREDENTIALS_ERROR,
  CredentialsError,
  EcsCallError,
  EcsError,
  EcsTransportError,
  isUpstreamFailure,
  ParamError,
} from '../../src/ecs/errors.js';
import { CACHE_MISS, CacheMiss, ReadCache } from '../../src/ecs/read-cache/read-cache.js';
import { DescribeDisks } from '../../src/spec/actions/disk-reads.js';
import { DescribeRegions } from '../../src/spec/actions/regions.js';
import { type FakeEcs, regionsXml, startFakeEcs } from './fake-ecs.js';

const problem = (param: string, code: string) => ({
  param,
  rule: 'a rule',
  code,
  httpStatus: 400,
  message: `The specified parameter "${param}" is not valid: a rule.`,
});

interface Expected {
  readonly name: string;
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
}

// One of each error class the client and its decorators throw, with what it must carry.
const CASES: readonly (readonly [EcsCallError, Expected])[] = [
  [
    new EcsError({ code: 'InvalidDiskId.NotFound', message: 'no such disk', requestId: 'r-1' }, 404),
    { name: 'EcsError', code: 'InvalidDiskId.NotFound', httpStatus: 404, requestId: 'r-1', retryable: false },
  ],
  [
    new EcsError({ code: 'Throttling.User', message: 'slow down' }, 400),
    { name: 'EcsError', code: 'Throttling.User', httpStatus: 400, requestId: undefined, retryable: true },
  ],
  [
    new EcsTransportError('Timeout', 'DescribeDisks to ecs.cn-hangzhou.aliyuncs.com: timed out.'),
    {
      name: 'EcsTransportError',
      code: 'Timeout',
      httpStatus: undefined,
      requestId: undefined,
      retryable: true,
    },
  ],
  [
    new EcsTransportError('UpstreamUnavailable', 'the endpoint is unavailable'),
    {
      name: 'EcsTransportError',
      code: 'UpstreamUnavailable',
      httpStatus: undefined,
      requestId: undefined,
      retryable: false,
    },
  ],
  [
    new EcsTransportError('InvalidResponse', 'HTML', { httpStatus: 502, requestId: 'r-2' }),
    {
      name: 'EcsTransportError',
      code: 'InvalidResponse',
      httpStatus: 502,
      requestId: 'r-2',
      retryable: true,
    },
  ],
  [
    new ParamError([problem('DiskIds', 'InvalidParameter'), problem('RegionId', 'MissingParameter')]),
    {
      name: 'ParamError',
      code: 'InvalidParameter',
      httpStatus: undefined,
      requestId: undefined,
      retryable: false,
    },
  ],
  [
    new CredentialsError('ecs-ram-role GatewayRole', 'the metadata service answered HTTP 503', true),
    {
      name: 'CredentialsError',
      code: 'CredentialsError',
      httpStatus: undefined,
      requestId: undefined,
      retryable: true,
    },
  ],
  [
    new CliProfileError('/home/u/.aliyun/config.json', 'nope', 'no such profile'),
    {
      name: 'CliProfileError',
      code: 'CliProfileError',
      httpStatus: undefined,
      requestId: undefined,
      retryable: false,
    },
  ],
  [
    new CacheMiss('DescribeDisks', 'cn-hangzhou'),
    { name: 'CacheMiss', code: 'CacheMiss', httpStatus: undefined, requestId: undefined, retryable: false },
  ],
];

describe('EcsCallError: the one base of the client errors', () => {
  it.each(CASES.map(([error, expected]) => [expected.name, expected.code, error, expected] as const))(
    '%s %s is an EcsCallError with its code, status, request id and retryability',
    (_name, _code, error, expected) => {
      expect(error).toBeInstanceOf(EcsCallError);
      expect(error).toBeInstanceOf(Error);
      expect({
        name: error.name,
        code: error.code,
        httpStatus: error.httpStatus,
        requestId: error.requestId,
        retryable: error.retryable,
      }).toStrictEqual(expected);
    },
  );

  it('names its codes as constants', () => {
    expect([CREDENTIALS_ERROR, CLI_PROFILE_ERROR, CACHE_MISS]).toStrictEqual([
      'CredentialsError',
      'CliProfileError',
      'CacheMiss',
    ]);
  });

  it('a ParamError keeps its problems, the first one first, and joins their messages', () => {
    const error = new ParamError([
      problem('DiskIds', 'InvalidParameter'),
      problem('RegionId', 'MissingParameter'),
    ]);
    expect(error.first).toStrictEqual(problem('DiskIds', 'InvalidParameter'));
    expect(error.problems.map((each) => each.code)).toStrictEqual(['InvalidParameter', 'MissingParameter']);
    expect(error.message).toBe(
      'The specified parameter "DiskIds" is not valid: a rule. The specified parameter "RegionId" is not valid: a rule.',
    );
  });

  it('a CliProfileError is a CredentialsError whose message names the file and the profile', () => {
    const error = new CliProfileError('/home/u/.aliyun/config.json', 'nope', 'no such profile');
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.message).toBe(
      'aliyun CLI config /home/u/.aliyun/config.json, profile "nope": no such profile',
    );
    expect([error.file, error.profile, error.rule]).toStrictEqual([
      '/home/u/.aliyun/config.json',
      'nope',
      'no such profile',
    ]);
  });

  it('isUpstreamFailure holds only for ECS answers and transport failures', () => {
    expect(CASES.map(([error]) => [error.name, isUpstreamFailure(error)])).toStrictEqual([
      ['EcsError', true],
      ['EcsError', true],
      ['EcsTransportError', true],
      ['EcsTransportError', true],
      ['EcsTransportError', true],
      ['ParamError', false],
      ['CredentialsError', false],
      ['CliProfileError', false],
      ['CacheMiss', false],
    ]);
    expect(isUpstreamFailure(new Error('a bug'))).toBe(false);
  });
});

describe('what a call rejects with is an EcsCallError, and its code is the call event’s', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function clientOver(credentials: CredentialsProvider): Promise<{
    client: EcsClient;
    server: FakeEcs;
    events: CallEvent[];
  }> {
    const server = await startFakeEcs(regionsXml('req-regions'));
    const events: CallEvent[] = [];
    const client = new EcsClient({
      credentials,
      defaultRegionId: 'cn-hangzhou',
      endpoint: server.url,
      onCall: (event) => events.push(event),
    });
    cleanups.push(async () => {
      await client.close();
      await server.close();
    });
    return { client, server, events };
  }

  const rejection = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error,
    );

  it('input refused before sending: a ParamError coded as its first problem, nothing sent', async () => {
    const { client, server, events } = await clientOver({
      source: 'test',
      getCredentials: async () => ({ accessKeyId: 'id', accessKeySecret: 'secret' }),
    });
    const error = await rejection(client.call(DescribeDisks, { RegionId: 'cn-hangzhou', PageSize: 5000 }));
    expect(error).toBeInstanceOf(ParamError);
    expect(error).toBeInstanceOf(EcsCallError);
    expect(error).toMatchObject({ code: (error as ParamError).first.code, retryable: false });
    expect(server.requests).toHaveLength(0);
    expect(events).toMatchObject([
      { action: 'DescribeDisks', attempts: 0, errorCode: (error as ParamError).code },
    ]);
  });

  it('credentials that cannot be had: the provider’s CredentialsError itself, nothing sent', async () => {
    const refused = new CredentialsError(
      'ecs-ram-role GatewayRole',
      'the metadata service answered HTTP 503',
      true,
    );
    const { client, server, events } = await clientOver({
      source: 'ecs-ram-role GatewayRole',
      getCredentials: () => Promise.reject(refused),
    });
    const error = await rejection(client.call(DescribeRegions, {}));
    expect(error).toBe(refused);
    expect(server.requests).toHaveLength(0);
    expect(events).toMatchObject([
      { action: 'DescribeRegions', attempts: 0, httpStatus: undefined, errorCode: 'CredentialsError' },
    ]);
  });

  it('an unusable aliyun CLI profile: a CliProfileError, coded CliProfileError', async () => {
    const { client, server, events } = await clientOver(
      profileCredentials('/nonexistent/.aliyun/config.json', 'default'),
    );
    const error = await rejection(client.call(DescribeRegions, {}));
    expect(error).toBeInstanceOf(CliProfileError);
    expect(error).toBeInstanceOf(EcsCallError);
    expect((error as Error).message).toBe(
      'aliyun CLI config /nonexistent/.aliyun/config.json, profile "default": file not found',
    );
    expect(server.requests).toHaveLength(0);
    expect(events).toMatchObject([{ attempts: 0, errorCode: 'CliProfileError' }]);
  });

  it('a cached-only read the store lacks: a CacheMiss, coded CacheMiss, nothing sent', async () => {
    const { client, server } = await clientOver({
      source: 'test',
      getCredentials: async () => ({ accessKeyId: 'id', accessKeySecret: 'secret' }),
    });
    const only = new ReadCache({ defaultRegionId: 'cn-hangzhou' }).view(client, { onlyCached: true });
    const error = await rejection(only.call(DescribeRegions, {}));
    expect(error).toBeInstanceOf(EcsCallError);
    expect(error).toMatchObject({ code: 'CacheMiss', retryable: false });
    expect(server.requests).toHaveLength(0);
  });
});
