import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { CliProfileError } from '../../src/ecs/aliyun-cli-profile.js';
import {
  ecsRamRoleCredentials,
  environmentCredentials,
  profileCredentials,
  resolveCredentialsProvider,
} from '../../src/ecs/credential-providers.js';
import { CredentialsError } from '../../src/ecs/errors.js';
import {
  SAMPLE_CLI_CONFIG,
  SAMPLE_CLI_SECRETS,
  useTemporaryHome,
  writeAliyunConfig,
} from '../support/aliyun-cli-config.js';

const homeDir = useTemporaryHome();

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('environmentCredentials', () => {
  it('hands out the keys it was given, with the token', async () => {
    const provider = environmentCredentials({ accessKeyId: 'id', accessKeySecret: 's', securityToken: 't' });
    expect(provider.source).toBe('environment');
    expect(await provider.getCredentials()).toEqual({
      accessKeyId: 'id',
      accessKeySecret: 's',
      securityToken: 't',
    });
  });
});

describe('profileCredentials', () => {
  it("reads the file's current profile (mode AK)", async () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    const provider = profileCredentials(file);
    expect(provider.source).toBe('profile (current)');
    expect(await provider.getCredentials()).toEqual({
      accessKeyId: 'LTAIprofileAKid01',
      accessKeySecret: 'profile-ak-secret-value',
    });
  });

  it('reads a named StsToken profile with its token', async () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    const provider = profileCredentials(file, 'temporary');
    expect(provider.source).toBe('profile temporary');
    expect(await provider.getCredentials()).toEqual({
      accessKeyId: 'STS.profileStsId01',
      accessKeySecret: 'profile-sts-secret-value',
      securityToken: 'profile-sts-token-value',
    });
  });

  it('ALIBABA_CLOUD_PROFILE, through the config, selects the profile', async () => {
    writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    const config = loadConfig({ ALIBABA_CLOUD_PROFILE: 'temporary' }, { homeDir: homeDir() });
    const credentials = await resolveCredentialsProvider(config).getCredentials();
    expect(credentials.securityToken).toBe('profile-sts-token-value');
  });

  it('reads the file once and keeps the result', async () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    const provider = profileCredentials(file);
    const first = await provider.getCredentials();
    writeAliyunConfig(homeDir(), '{ broken');
    expect(await provider.getCredentials()).toBe(first);
  });

  it('a missing profile names the file and the profile', async () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    const error = await rejection(profileCredentials(file, 'nope').getCredentials());
    expect(error).toBeInstanceOf(CliProfileError);
    expect(error.message).toBe(`aliyun CLI config ${file}, profile "nope": no such profile`);
  });

  it('malformed JSON is reported without quoting the file, and retried at the next call', async () => {
    const text = JSON.stringify(SAMPLE_CLI_CONFIG);
    const file = writeAliyunConfig(homeDir(), text.slice(0, -1));
    const provider = profileCredentials(file);
    const error = await rejection(provider.getCredentials());
    expect(error.message).toBe(`aliyun CLI config ${file}: is not valid JSON`);
    for (const secret of SAMPLE_CLI_SECRETS) expect(error.message).not.toContain(secret);
    writeAliyunConfig(homeDir(), text);
    expect((await provider.getCredentials()).accessKeyId).toBe('LTAIprofileAKid01');
  });

  it.each([
    [{ profiles: 'none' }, 'must be an object with a "profiles" array of named profiles'],
    [{ profiles: [] }, 'names no "current" profile; set ALIBABA_CLOUD_PROFILE'],
  ])('rejects the file %j', async (content, rule) => {
    const file = writeAliyunConfig(homeDir(), content);
    expect((await rejection(profileCredentials(file).getCredentials())).message).toBe(
      `aliyun CLI config ${file}: ${rule}`,
    );
  });

  it('a profile missing a field names the field, not a value', async () => {
    const file = writeAliyunConfig(homeDir(), {
      current: 'half',
      profiles: [{ name: 'half', mode: 'StsToken', access_key_id: 'id', access_key_secret: 'sec-xyz' }],
    });
    const error = await rejection(profileCredentials(file).getCredentials());
    expect(error.message).toBe(
      `aliyun CLI config ${file}, profile "half": "sts_token" is required in mode StsToken`,
    );
  });

  it('a missing file says so', async () => {
    const file = join(homeDir(), 'absent.json');
    expect((await rejection(profileCredentials(file).getCredentials())).message).toBe(
      `aliyun CLI config ${file}: file not found`,
    );
  });

  it('refuses an EcsRamRole profile: the metadata service is reached only through an explicit configuration', async () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    expect((await rejection(profileCredentials(file, 'on-ecs').getCredentials())).message).toContain(
      'mode EcsRamRole reads the metadata service',
    );
  });
});

/** A loopback stand-in for the ECS instance metadata service. */
class FakeMetadataService {
  readonly requests: { method: string; url: string; token: string | undefined }[] = [];
  /** Answers of the credentials path, used in turn; the last one repeats. */
  answers: { status: number; body: unknown }[] = [];
  tokens = true;
  private readonly server: Server = createServer((request, response) => this.answer(request, response));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: import('node:http').ServerResponse) {
    const token = request.headers['x-aliyun-ecs-metadata-token'];
    this.requests.push({ method: request.method ?? '', url: request.url ?? '', token: token as string });
    if (request.url === '/latest/api/token' && request.method === 'PUT') {
      if (!this.tokens || !request.headers['x-aliyun-ecs-metadata-token-ttl-seconds']) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200).end('session-token-1');
      return;
    }
    const match = /^\/latest\/meta-data\/ram\/security-credentials\/(.+)$/.exec(request.url ?? '');
    if (request.method !== 'GET' || !match || match[1] !== 'GatewayRole') {
      response.writeHead(404).end('Not Found');
      return;
    }
    const next = this.answers.length > 1 ? this.answers.shift() : this.answers[0];
    if (!next) throw new Error('no answer prepared');
    response
      .writeHead(next.status, { 'content-type': 'text/plain' })
      .end(typeof next.body === 'string' ? next.body : JSON.stringify(next.body));
  }
}

const HOUR = 3_600_000;
const T0 = Date.parse('2024-06-01T00:00:00Z');

function roleCredentials(n: number, expiresAt: number) {
  return {
    status: 200,
    body: {
      AccessKeyId: `STS.role-id-${n}`,
      AccessKeySecret: `role-secret-${n}`,
      SecurityToken: `role-token-${n}`,
      Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      LastUpdated: '2024-06-01T00:00:00Z',
      Code: 'Success',
    },
  };
}

describe('ecsRamRoleCredentials against a loopback metadata service', () => {
  const service = new FakeMetadataService();
  let endpoint: string;
  let clock: number;
  const now = () => clock;

  beforeAll(async () => {
    endpoint = await service.start();
  });
  afterAll(() => service.stop());
  beforeEach(() => {
    service.requests.length = 0;
    service.answers = [];
    service.tokens = true;
    clock = T0;
  });

  const provider = () =>
    ecsRamRoleCredentials({ roleName: 'GatewayRole', metadataEndpoint: `${endpoint}/`, now });

  it('fetches with an IMDSv2 session token and keeps the credentials until shortly before Expiration', async () => {
    service.answers = [roleCredentials(1, T0 + HOUR), roleCredentials(2, T0 + 2 * HOUR)];
    const roles = provider();
    expect(roles.source).toBe('ecs-ram-role GatewayRole');
    const first = await roles.getCredentials();
    expect(first).toEqual({
      accessKeyId: 'STS.role-id-1',
      accessKeySecret: 'role-secret-1',
      securityToken: 'role-token-1',
    });
    expect(service.requests).toEqual([
      { method: 'PUT', url: '/latest/api/token', token: undefined },
      {
        method: 'GET',
        url: '/latest/meta-data/ram/security-credentials/GatewayRole',
        token: 'session-token-1',
      },
    ]);

    clock = T0 + HOUR - 3 * 60_000 - 1; // just inside the kept window
    expect(await roles.getCredentials()).toBe(first);
    expect(service.requests).toHaveLength(2);

    clock = T0 + HOUR - 3 * 60_000; // refresh margin reached
    expect((await roles.getCredentials()).accessKeyId).toBe('STS.role-id-2');
    expect(service.requests).toHaveLength(4);
  });

  it('falls back to plain requests when the service offers no session token', async () => {
    service.tokens = false;
    service.answers = [roleCredentials(1, T0 + HOUR)];
    expect((await provider().getCredentials()).accessKeyId).toBe('STS.role-id-1');
    expect(service.requests[1]).toEqual({
      method: 'GET',
      url: '/latest/meta-data/ram/security-credentials/GatewayRole',
      token: undefined,
    });
  });

  it('concurrent callers share one fetch', async () => {
    service.answers = [roleCredentials(1, T0 + HOUR)];
    const roles = provider();
    const all = await Promise.all([roles.getCredentials(), roles.getCredentials(), roles.getCredentials()]);
    expect(new Set(all.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['STS.role-id-1']));
    expect(service.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
  });

  it('a failed refresh keeps the old credentials while they are valid, then fails without a secret', async () => {
    service.answers = [roleCredentials(1, T0 + HOUR), { status: 500, body: 'role-secret-9 internal' }];
    const roles = provider();
    await roles.getCredentials();
    clock = T0 + HOUR - 60_000;
    expect((await roles.getCredentials()).accessKeyId).toBe('STS.role-id-1');
    clock = T0 + HOUR;
    const error = await rejection(roles.getCredentials());
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.message).toBe(
      `ecs-ram-role GatewayRole: the metadata service at ${endpoint} answered HTTP 500`,
    );
    // A 5xx may pass: the next call reads the service again.
    expect(error).toMatchObject({ code: 'CredentialsError', retryable: true, httpStatus: undefined });
    expect(error.message).not.toContain('role-secret');
  });

  it('an unknown role is named in the error', async () => {
    const roles = ecsRamRoleCredentials({ roleName: 'OtherRole', metadataEndpoint: endpoint, now });
    const error = await rejection(roles.getCredentials());
    expect(error.message).toBe(
      `ecs-ram-role OtherRole: the metadata service at ${endpoint} knows no such role (HTTP 404)`,
    );
    expect(error).toMatchObject({ code: 'CredentialsError', retryable: false });
  });

  it.each([
    [{ status: 200, body: 'not json role-secret-1' }, 'the metadata service answered no credentials'],
    [
      { status: 200, body: { Code: 'Failed', AccessKeySecret: 'role-secret-1' } },
      'the metadata service answered Code "Failed"',
    ],
    [
      { status: 200, body: { ...roleCredentials(1, T0).body, Expiration: 'soon' } },
      'the metadata answer lacks AccessKeyId, AccessKeySecret, SecurityToken or a valid Expiration',
    ],
  ])('rejects the answer %j', async (answer, message) => {
    service.answers = [answer];
    const error = await rejection(provider().getCredentials());
    expect(error.message).toBe(`ecs-ram-role GatewayRole: ${message}`);
    expect(error.message).not.toContain('role-secret');
    expect(error).toMatchObject({ code: 'CredentialsError', retryable: false });
  });

  it('an unreachable service is an error naming the endpoint', async () => {
    const closed = new FakeMetadataService();
    const closedEndpoint = await closed.start();
    await closed.stop();
    const roles = ecsRamRoleCredentials({ roleName: 'GatewayRole', metadataEndpoint: closedEndpoint, now });
    const error = await rejection(roles.getCredentials());
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'CredentialsError', retryable: true });
    expect(error.message).toMatch(
      new RegExp(
        `^ecs-ram-role GatewayRole: the metadata service at ${closedEndpoint} did not answer \\(\\w+\\)$`,
      ),
    );
  });

  it('resolveCredentialsProvider builds it from ALIBABA_CLOUD_ECS_METADATA', async () => {
    service.answers = [roleCredentials(3, T0 + HOUR)];
    const config = loadConfig(
      { ALIBABA_CLOUD_ECS_METADATA: 'GatewayRole', ALIBABA_CLOUD_METADATA_ENDPOINT: endpoint },
      { homeDir: homeDir() },
    );
    const roles = resolveCredentialsProvider(config, { now });
    expect((await roles.getCredentials()).accessKeyId).toBe('STS.role-id-3');
  });
});

/** A dispatcher that records and refuses every request. */
class ForbiddenDispatcher extends Dispatcher {
  readonly attempts: string[] = [];
  override dispatch(options: Dispatcher.DispatchOptions): boolean {
    this.attempts.push(`${options.method} ${String(options.origin)}${options.path}`);
    throw new Error('no HTTP request may be made here');
  }
  override async close(): Promise<void> {}
  override async destroy(): Promise<void> {}
}

describe('without an explicit RAM role no provider makes an HTTP request', () => {
  const forbidden = new ForbiddenDispatcher();
  const previous = getGlobalDispatcher();
  // Also the global dispatcher: it is what undici and Node's fetch use when none is injected.
  beforeAll(() => setGlobalDispatcher(forbidden));
  afterAll(() => setGlobalDispatcher(previous));

  // The environment case has a file whose current profile is EcsRamRole: the chain must not reach it.
  it.each([
    [
      'environment',
      { ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' },
      'on-ecs',
    ],
    ['profile', { ALIBABA_CLOUD_PROFILE: 'temporary' }, 'on-ecs'],
    ['simulator', {}, undefined],
    ['simulator', { ECS_ENDPOINT: 'http://127.0.0.1:9' }, undefined],
  ])('%s %j', async (kind, env, current) => {
    if (current) writeAliyunConfig(homeDir(), { ...SAMPLE_CLI_CONFIG, current });
    const config = loadConfig(
      { ...env, ALIBABA_CLOUD_METADATA_ENDPOINT: 'http://127.0.0.1:9' },
      { homeDir: homeDir() },
    );
    expect(config.credentials.kind).toBe(kind);
    const provider = resolveCredentialsProvider(config, { dispatcher: forbidden });
    const credentials = await provider.getCredentials();
    expect(credentials.accessKeyId).not.toBe('');
    expect(forbidden.attempts).toEqual([]);
  });

  it('the same dispatcher is used, and refused, once a role is configured (the guard is real)', async () => {
    const config = loadConfig(
      { ALIBABA_CLOUD_ECS_METADATA: 'GatewayRole', ALIBABA_CLOUD_METADATA_ENDPOINT: 'http://127.0.0.1:9' },
      { homeDir: homeDir() },
    );
    await rejection(resolveCredentialsProvider(config, { dispatcher: forbidden }).getCredentials());
    expect(forbidden.attempts).toEqual(['PUT http://127.0.0.1:9/latest/api/token']);
  });
});
