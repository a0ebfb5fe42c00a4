import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { loadStartConfig, type StartConfig } from '../../src/start-config.js';
import { useTemporaryHome } from '../support/aliyun-cli-config.js';

const homeDir = useTemporaryHome();

const load = (env: Record<string, string>): StartConfig => loadStartConfig(env, { homeDir: homeDir() });

function problemsOf(env: Record<string, string>): { variable: string; rule: string }[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(({ variable, rule }) => ({ variable, rule }));
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('an empty environment is simulator mode with every documented default', () => {
    const config = load({});
    expect(config.simulatorMode).toBe(true);
    expect(config.credentials).toEqual({
      kind: 'simulator',
      accessKeyId: 'simulator',
      accessKeySecret: 'simulator-secret',
    });
    expect(config.ecs).toEqual({
      regionId: 'cn-hangzhou',
      endpoint: undefined,
      signature: 'v3',
      format: 'JSON',
      apiLimits: API_LIMITS.current,
      connectTimeoutMs: 5_000,
      requestTimeoutMs: 20_000,
      deadlineMs: 60_000,
      maxAttempts: undefined,
      maxConcurrency: 16,
      rateLimit: 20,
      rateMarginMs: 100,
      breakerFailures: 5,
      breakerCoolDownMs: 5_000,
    });
    expect(config.gateway).toEqual({
      host: '127.0.0.1',
      port: 4000,
      token: undefined,
      readOnly: false,
      debug: false,
      metrics: true,
      maxDepth: 10,
      maxTokens: 1_000,
      maxAliases: 100,
      maxDirectives: 50,
      maxSelections: 1_000,
      maxUpstreamCalls: 200,
      allPagesCap: 20,
      maxBulkItems: 50,
      regionsTtlMs: 600_000,
      cacheTtlMs: 5_000,
      cacheTransitionalTtlMs: 1_000,
      cacheMaxBytes: 67_108_864,
      corsOrigins: [],
      maxBodyBytes: 1_048_576,
      shutdownGraceMs: 10_000,
      maxConnections: 1_024,
      headersTimeoutMs: 10_000,
      maxSubscriptions: 1_000,
      maxSubscriptionsPerClient: 50,
      maxWatchMs: 1_800_000,
      watchMinIntervalMs: 1_000,
      watchMaxIntervalMs: 15_000,
    });
    expect(config.simulator).toEqual({
      host: '127.0.0.1',
      port: 0,
      standalonePort: 9000,
      accessKeyId: 'simulator',
      accessKeySecret: 'simulator-secret',
      seed: 1,
      regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
      instancesPerRegion: 6,
      disksPerInstance: 2,
      snapshotsPerDisk: 3,
      transitions: 'realistic',
      latencyMs: 0,
      jitterMs: 0,
      throttleRate: 0,
      unavailableRate: 0,
      internalErrorRate: 0,
      dropRate: 0,
      dropAfterActingRate: 0,
      snapshotFailureRate: 0,
      apiLimits: API_LIMITS.current,
    });
    expect(config.logLevel).toBe('info');
  });

  it('treats blank and whitespace-only values as unset', () => {
    const config = load({ PORT: '', ECS_FORMAT: '   ', ALIBABA_CLOUD_ACCESS_KEY_ID: '' });
    expect(config.gateway.port).toBe(4000);
    expect(config.ecs.format).toBe('JSON');
    expect(config.simulatorMode).toBe(true);
  });

  it('returns a deeply frozen object', () => {
    const config = load({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ecs)).toBe(true);
    expect(Object.isFrozen(config.ecs.apiLimits)).toBe(true);
    expect(Object.isFrozen(config.simulator.regions)).toBe(true);
    expect(() => {
      (config.gateway as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('loads twice in one process (shared limit tables are copied, not decorated)', () => {
    expect(load({ ECS_API_LIMITS: 'current' }).ecs.apiLimits).toEqual(API_LIMITS.current);
    expect(load({ ECS_API_LIMITS: 'current' }).ecs.apiLimits).toEqual(API_LIMITS.current);
  });
});

describe('loadConfig values', () => {
  it('signs as the API generation chosen: v3 under current, v1 under 2014, unless ECS_SIGNATURE says', () => {
    const ecs = (env: Record<string, string>) => {
      const { signature, format } = load(env).ecs;
      return { signature, format };
    };
    expect(ecs({})).toEqual({ signature: 'v3', format: 'JSON' });
    expect(ecs({ ECS_API_LIMITS: '2014' })).toEqual({ signature: 'v1', format: 'XML' });
    expect(ecs({ ECS_API_LIMITS: 'current' })).toEqual({ signature: 'v3', format: 'JSON' });
    expect(ecs({ ECS_API_LIMITS: 'current', ECS_FORMAT: 'json' })).toEqual({
      signature: 'v3',
      format: 'JSON',
    });
    // V3 calls are answered in JSON only: an explicit XML keeps the default at v1.
    expect(ecs({ ECS_API_LIMITS: 'current', ECS_FORMAT: 'xml' })).toEqual({ signature: 'v1', format: 'XML' });
    expect(ecs({ ECS_SIGNATURE: 'V3' })).toEqual({ signature: 'v3', format: 'JSON' });
    expect(ecs({ ECS_SIGNATURE: 'v1', ECS_API_LIMITS: 'current' })).toEqual({
      signature: 'v1',
      format: 'XML',
    });
    expect(ecs({ ECS_SIGNATURE: 'v1', ECS_FORMAT: 'JSON' })).toEqual({ signature: 'v1', format: 'JSON' });
  });

  it('refuses an unknown ECS_SIGNATURE, and XML under an explicit v3, naming the variable', () => {
    expect(problemsOf({ ECS_SIGNATURE: 'v2' })).toEqual([
      { variable: 'ECS_SIGNATURE', rule: 'must be one of v1, v3 (got "v2")' },
    ]);
    expect(problemsOf({ ECS_SIGNATURE: 'v3', ECS_FORMAT: 'XML' })).toEqual([
      {
        variable: 'ECS_FORMAT',
        rule: 'must be JSON or unset under ECS_SIGNATURE=v3: ECS answers V3 calls in JSON (got "XML")',
      },
    ]);
  });

  it('parses every kind of setting', () => {
    const config = load({
      ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1',
      ECS_ENDPOINT: 'http://127.0.0.1:9000/',
      ECS_FORMAT: 'json',
      ECS_API_LIMITS: 'current',
      ECS_CONNECT_TIMEOUT_MS: ' 250 ',
      ECS_MAX_ATTEMPTS: '1',
      ECS_RATE_LIMIT: '2.5',
      ECS_RATE_MARGIN_MS: '1000',
      ECS_BREAKER_FAILURES: '3',
      ECS_BREAKER_COOLDOWN_MS: '750',
      ECS_REQUEST_TIMEOUT_MS: '1000',
      ECS_DEADLINE_MS: '1000',
      HOST: '0.0.0.0',
      PORT: '0',
      GATEWAY_TOKEN: 'a-long-enough-bearer-token',
      GATEWAY_READ_ONLY: '1',
      GATEWAY_DEBUG: 'TRUE',
      GATEWAY_METRICS: 'false',
      LOG_LEVEL: 'Debug',
      SIMULATOR_PORT: '9100',
      SIMULATOR_REGIONS: 'cn-hangzhou, eu-central-1',
      SIMULATOR_TRANSITIONS: 'manual',
      SIMULATOR_THROTTLE_RATE: '0.25',
      SIMULATOR_INTERNAL_ERROR_RATE: '1',
    });
    expect(config.ecs).toMatchObject({
      regionId: 'ap-southeast-1',
      endpoint: 'http://127.0.0.1:9000',
      format: 'JSON',
      apiLimits: { name: 'current', pageSize: 100, ids: 100 },
      connectTimeoutMs: 250,
      maxAttempts: 1,
      rateLimit: 2.5,
      rateMarginMs: 1000,
      breakerFailures: 3,
      breakerCoolDownMs: 750,
    });
    expect(config.gateway).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      token: 'a-long-enough-bearer-token',
      readOnly: true,
      debug: true,
      metrics: false,
    });
    expect(config.logLevel).toBe('debug');
    expect(config.simulator).toMatchObject({
      port: 9100,
      standalonePort: 9100,
      regions: ['cn-hangzhou', 'eu-central-1'],
      transitions: 'manual',
      throttleRate: 0.25,
      internalErrorRate: 1,
    });
  });

  it('reads the cache settings, keeping the transitional TTL within the TTL', () => {
    expect(load({ GATEWAY_CACHE_TTL_MS: '0', GATEWAY_CACHE_MAX_BYTES: '2097152' }).gateway).toMatchObject({
      cacheTtlMs: 0,
      cacheTransitionalTtlMs: 0,
      cacheMaxBytes: 2_097_152,
    });
    expect(load({ GATEWAY_CACHE_TTL_MS: '800' }).gateway).toMatchObject({
      cacheTtlMs: 800,
      cacheTransitionalTtlMs: 800,
    });
    expect(
      problemsOf({ GATEWAY_CACHE_TTL_MS: '-1', GATEWAY_CACHE_MAX_BYTES: '1000' }).map(
        ({ variable }) => variable,
      ),
    ).toEqual(['GATEWAY_CACHE_TTL_MS', 'GATEWAY_CACHE_MAX_BYTES']);
  });

  it('REDIS_URL turns on shared state, with its key prefix; without it there is none', () => {
    expect(load({}).sharedState).toBeUndefined();
    expect(load({ REDIS_URL: 'redis://127.0.0.1:6380/2' }).sharedState).toEqual({
      redisUrl: 'redis://127.0.0.1:6380/2',
      keyPrefix: 'ecs-gateway:',
    });
    expect(
      load({ REDIS_URL: 'rediss://cache.internal:6380', REDIS_KEY_PREFIX: 'az-a:' }).sharedState,
    ).toEqual({
      redisUrl: 'rediss://cache.internal:6380',
      keyPrefix: 'az-a:',
    });
  });

  it('refuses a REDIS_URL that is not a redis URL, without repeating it (it may hold a password)', () => {
    for (const url of ['http://127.0.0.1:6379', 'redis://', 'not a url', 'redis://:pw@host:6379#x'])
      expect(problemsOf({ REDIS_URL: url })).toEqual([
        { variable: 'REDIS_URL', rule: 'must be a redis:// or rediss:// URL with a host' },
      ]);
  });

  it('ECS_RATE_LIMIT=0 is no limit: Infinity, ready for a token bucket', () => {
    expect(load({ ECS_RATE_LIMIT: '0' }).ecs.rateLimit).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
    ['False', false],
  ])('reads the boolean %j as %j', (raw, value) => {
    expect(load({ GATEWAY_READ_ONLY: raw }).gateway.readOnly).toBe(value);
  });

  it('an ECS_ENDPOINT without credentials is not simulator mode: it signs with the simulator keys', () => {
    const config = load({ ECS_ENDPOINT: 'https://ecs.example.test', SIMULATOR_ACCESS_KEY_ID: 'local' });
    expect(config.simulatorMode).toBe(false);
    expect(config.credentials).toEqual({
      kind: 'simulator',
      accessKeyId: 'local',
      accessKeySecret: 'simulator-secret',
    });
  });

  it('credentials in the environment are not simulator mode', () => {
    const config = load({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' });
    expect(config.simulatorMode).toBe(false);
    expect(config.credentials).toEqual({
      kind: 'environment',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      securityToken: undefined,
    });
  });
});

describe('loadConfig problems', () => {
  it('reports every problem at once, each naming the variable and the rule', () => {
    expect(
      problemsOf({
        ECS_FORMAT: 'yaml',
        ECS_API_LIMITS: '2024',
        PORT: '65536',
        ECS_MAX_ATTEMPTS: '2.5',
        GATEWAY_DEBUG: 'yes',
        LOG_LEVEL: 'verbose',
        SIMULATOR_TRANSITIONS: 'slow',
        SIMULATOR_UNAVAILABLE_RATE: '1.5',
        ECS_ENDPOINT: 'ftp://ecs.example.test',
        ALIBABA_CLOUD_REGION_ID: 'Hangzhou',
        SIMULATOR_REGIONS: 'cn-hangzhou,,cn-shanghai',
        GATEWAY_TOKEN: 'short',
      }),
    ).toEqual([
      {
        variable: 'ALIBABA_CLOUD_REGION_ID',
        rule: 'must be a region id such as cn-hangzhou (got "Hangzhou")',
      },
      {
        variable: 'ECS_ENDPOINT',
        rule: 'must be an http:// or https:// URL without query or fragment (got "ftp://ecs.example.test")',
      },
      { variable: 'ECS_FORMAT', rule: 'must be one of XML, JSON (got "yaml")' },
      { variable: 'ECS_API_LIMITS', rule: 'must be one of 2014, current (got "2024")' },
      { variable: 'ECS_MAX_ATTEMPTS', rule: 'must be an integer from 1 to 1000 (got "2.5")' },
      { variable: 'PORT', rule: 'must be an integer from 0 to 65535 (got "65536")' },
      // A secret's value is never repeated.
      { variable: 'GATEWAY_TOKEN', rule: 'must be at least 16 characters with no whitespace' },
      { variable: 'GATEWAY_DEBUG', rule: 'must be true, false, 1 or 0 (got "yes")' },
      {
        variable: 'LOG_LEVEL',
        rule: 'must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
      },
      {
        variable: 'SIMULATOR_REGIONS',
        rule: 'must be a comma-separated list of region ids such as cn-hangzhou,cn-shanghai (got "cn-hangzhou,,cn-shanghai")',
      },
      {
        variable: 'SIMULATOR_TRANSITIONS',
        rule: 'must be one of realistic, immediate, manual (got "slow")',
      },
      { variable: 'SIMULATOR_UNAVAILABLE_RATE', rule: 'must be a number from 0 to 1 (got "1.5")' },
    ]);
  });

  it('puts every problem in the message', () => {
    expect(() => load({ PORT: 'x', HOST: ' ', ECS_DEADLINE_MS: '0' })).toThrow(
      'Invalid configuration (2 problems):\n  ECS_DEADLINE_MS: must be an integer from 1 to 3600000 (got "0")\n  PORT: must be an integer from 0 to 65535 (got "x")',
    );
  });

  it.each([
    ['-1', 'ECS_MAX_CONCURRENCY'],
    ['1e3', 'ECS_MAX_CONCURRENCY'],
    ['0x10', 'ECS_MAX_CONCURRENCY'],
    ['1001', 'ECS_MAX_CONCURRENCY'],
  ])('rejects the integer %j', (raw, variable) => {
    expect(problemsOf({ [variable]: raw })).toEqual([
      { variable, rule: `must be an integer from 1 to 1000 (got ${JSON.stringify(raw)})` },
    ]);
  });

  it('rejects an endpoint that is not a URL or carries a query', () => {
    expect(
      problemsOf({ ECS_ENDPOINT: 'localhost:9000', ALIBABA_CLOUD_METADATA_ENDPOINT: 'http://x/?a=1' }),
    ).toMatchInlineSnapshot(`
        [
          {
            "rule": "must be an http:// or https:// URL without query or fragment (got "http://x/?a=1")",
            "variable": "ALIBABA_CLOUD_METADATA_ENDPOINT",
          },
          {
            "rule": "must be an http:// or https:// URL without query or fragment (got "localhost:9000")",
            "variable": "ECS_ENDPOINT",
          },
        ]
      `);
  });

  it('checks the deadline against the request timeout, alongside other problems', () => {
    expect(problemsOf({ ECS_REQUEST_TIMEOUT_MS: '20000', ECS_DEADLINE_MS: '15000', PORT: 'x' })).toEqual([
      { variable: 'PORT', rule: 'must be an integer from 0 to 65535 (got "x")' },
      { variable: 'ECS_DEADLINE_MS', rule: 'must be at least ECS_REQUEST_TIMEOUT_MS (20000)' },
    ]);
  });

  it('reports a lone AccessKey id or secret by naming the missing variable', () => {
    expect(problemsOf({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'id-only' })).toEqual([
      {
        variable: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        rule: 'must be set together with ALIBABA_CLOUD_ACCESS_KEY_ID',
      },
    ]);
    expect(problemsOf({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'lonely-secret-value' })).toEqual([
      {
        variable: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
        rule: 'must be set together with ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      },
    ]);
  });

  it('rejects a security token without an AccessKey pair', () => {
    expect(problemsOf({ ALIBABA_CLOUD_SECURITY_TOKEN: 'token-value' })).toEqual([
      {
        variable: 'ALIBABA_CLOUD_SECURITY_TOKEN',
        rule: 'needs ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      },
    ]);
  });
});
