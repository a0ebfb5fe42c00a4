import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/settings.js';
import {
  SAMPLE_CLI_CONFIG,
  SAMPLE_CLI_SECRETS,
  temporaryHome,
  useTemporaryHome,
  writeAliyunConfig,
} from '../support/aliyun-cli-config.js';

const homeDir = useTemporaryHome();

const load = (env: Record<string, string>): Config => loadConfig(env, { homeDir: homeDir() });

function configError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('credential chain', () => {
  it('1. environment keys win over a profile file and a RAM role; the file is not even read', () => {
    writeAliyunConfig(homeDir(), '{ not json');
    const config = load({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token',
      ALIBABA_CLOUD_ECS_METADATA: 'SomeRole',
    });
    expect(config.credentials).toEqual({
      kind: 'environment',
      accessKeyId: 'env-id',
      accessKeySecret: 'env-secret',
      securityToken: 'env-token',
    });
  });

  it("2. the default file's current profile, whose region becomes the default region", () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    const config = load({});
    expect(config.credentials).toEqual({ kind: 'profile', file, profile: 'default' });
    expect(config.ecs.regionId).toBe('cn-shanghai');
    expect(config.simulatorMode).toBe(false);
  });

  it('ALIBABA_CLOUD_PROFILE picks another profile; ALIBABA_CLOUD_REGION_ID beats its region', () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    expect(load({ ALIBABA_CLOUD_PROFILE: 'temporary' })).toMatchObject({
      credentials: { kind: 'profile', file, profile: 'temporary' },
      ecs: { regionId: 'cn-beijing' },
    });
    expect(
      load({ ALIBABA_CLOUD_PROFILE: 'temporary', ALIBABA_CLOUD_REGION_ID: 'us-west-1' }).ecs.regionId,
    ).toBe('us-west-1');
  });

  it('ALIBABA_CLOUD_CONFIG_FILE points at another file', () => {
    const other = temporaryHome();
    try {
      const file = writeAliyunConfig(other.home, { ...SAMPLE_CLI_CONFIG, current: 'temporary' });
      expect(load({ ALIBABA_CLOUD_CONFIG_FILE: file }).credentials).toEqual({
        kind: 'profile',
        file,
        profile: 'temporary',
      });
    } finally {
      other.cleanup();
    }
  });

  it('a profile in mode EcsRamRole is an explicit RAM-role configuration', () => {
    writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    expect(
      load({ ALIBABA_CLOUD_PROFILE: 'on-ecs', ALIBABA_CLOUD_METADATA_ENDPOINT: 'http://127.0.0.1:1' })
        .credentials,
    ).toEqual({
      kind: 'ecsRamRole',
      roleName: 'GatewayRole',
      metadataEndpoint: 'http://127.0.0.1:1',
      origin: 'profile on-ecs',
    });
  });

  it('3. ALIBABA_CLOUD_ECS_METADATA names the role; the metadata endpoint defaults to 100.100.100.200', () => {
    expect(load({ ALIBABA_CLOUD_ECS_METADATA: 'GatewayRole' }).credentials).toEqual({
      kind: 'ecsRamRole',
      roleName: 'GatewayRole',
      metadataEndpoint: 'http://100.100.100.200',
      origin: 'ALIBABA_CLOUD_ECS_METADATA',
    });
  });

  it('4. nothing configured: simulator keys and simulator mode', () => {
    const config = load({ ALIBABA_CLOUD_METADATA_ENDPOINT: 'http://127.0.0.1:1' });
    expect(config.credentials.kind).toBe('simulator');
    expect(config.simulatorMode).toBe(true);
  });

  it('rejects a role name that is not a RAM role name (it becomes a URL path segment)', () => {
    expect(configError({ ALIBABA_CLOUD_ECS_METADATA: '../admin' }).problems).toEqual([
      {
        variable: 'ALIBABA_CLOUD_ECS_METADATA',
        rule: 'must be a RAM role name: 1 to 64 letters, digits, "." or "-" (got "../admin")',
      },
    ]);
  });
});

describe('credential chain problems', () => {
  it('a missing profile names ALIBABA_CLOUD_PROFILE, the file and the profile', () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    expect(configError({ ALIBABA_CLOUD_PROFILE: 'nope' }).problems).toEqual([
      {
        variable: 'ALIBABA_CLOUD_PROFILE',
        rule: `aliyun CLI config ${file}, profile "nope": no such profile`,
      },
    ]);
  });

  it('a malformed default file is reported without quoting its content', () => {
    const file = writeAliyunConfig(
      homeDir(),
      JSON.stringify(SAMPLE_CLI_CONFIG).replace('"current"', 'current'),
    );
    const error = configError({ PORT: 'x' });
    expect(error.problems).toEqual([
      { variable: 'PORT', rule: 'must be an integer from 0 to 65535 (got "x")' },
      { variable: 'ALIBABA_CLOUD_CONFIG_FILE', rule: `aliyun CLI config ${file}: is not valid JSON` },
    ]);
    for (const secret of SAMPLE_CLI_SECRETS) expect(error.message).not.toContain(secret);
  });

  it('an explicit file that does not exist is an error, not simulator mode', () => {
    const file = join(homeDir(), 'missing.json');
    expect(configError({ ALIBABA_CLOUD_CONFIG_FILE: file }).problems).toEqual([
      { variable: 'ALIBABA_CLOUD_CONFIG_FILE', rule: `aliyun CLI config ${file}: file not found` },
    ]);
  });

  it('an explicit profile with no file at all is an error', () => {
    const file = join(homeDir(), '.aliyun', 'config.json');
    expect(configError({ ALIBABA_CLOUD_PROFILE: 'default' }).problems).toEqual([
      {
        variable: 'ALIBABA_CLOUD_PROFILE',
        rule: `aliyun CLI config ${file}, profile "default": file not found`,
      },
    ]);
  });

  it('an unsupported mode lists the supported ones', () => {
    const file = writeAliyunConfig(homeDir(), SAMPLE_CLI_CONFIG);
    expect(configError({ ALIBABA_CLOUD_PROFILE: 'assumed' }).problems).toEqual([
      {
        variable: 'ALIBABA_CLOUD_PROFILE',
        rule: `aliyun CLI config ${file}, profile "assumed": "mode" "RamRoleArn" is not supported; use one of AK, StsToken, EcsRamRole`,
      },
    ]);
  });
});
