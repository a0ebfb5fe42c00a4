import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { describeConfig } from '../../src/config/load-config.js';
import { loadStartConfig } from '../../src/start-config.js';
import { useTemporaryHome } from '../support/aliyun-cli-config.js';

const homeDir = useTemporaryHome();

// Distinctive values, so a leak anywhere is found by a plain substring search.
const SECRETS = {
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'SECRETaccessKeySecretValue',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'SECRETsecurityTokenValue',
  GATEWAY_TOKEN: 'SECRETgatewayBearerTokenValue',
  SIMULATOR_ACCESS_KEY_SECRET: 'SECRETsimulatorSecretValue',
  REDIS_URL: 'redis://default:SECRETredisPassword@127.0.0.1:6379/0',
};
const env = {
  ...SECRETS,
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId1234',
};

function renderings(value: unknown): string[] {
  return [
    JSON.stringify(value),
    inspect(value, { depth: 10 }),
    inspect(value, { depth: 10, showHidden: true }),
    String(value),
  ];
}

describe('secrets in the configuration', () => {
  it('describeConfig redacts every secret and shortens the AccessKey id', () => {
    const config = loadStartConfig(env, { homeDir: homeDir() });
    const described = describeConfig(config);
    expect(described.credentials).toEqual({
      kind: 'environment',
      accessKeyId: 'LTAI…1234',
      accessKeySecret: '[redacted]',
      securityToken: '[redacted]',
    });
    expect(described.gateway).toMatchObject({ token: '[redacted]', port: 4000 });
    expect(described.simulator).toMatchObject({ accessKeySecret: '[redacted]', accessKeyId: 'simulator' });
    expect(described.ecs).toMatchObject({ regionId: 'cn-hangzhou', format: 'JSON' });
  });

  it('shows an unlimited rate as "unlimited", not as the null JSON makes of Infinity', () => {
    const config = loadStartConfig({ ECS_RATE_LIMIT: '0' }, { homeDir: homeDir() });
    expect(describeConfig(config).ecs).toMatchObject({ rateLimit: 'unlimited' });
    expect(JSON.parse(JSON.stringify(config)).ecs.rateLimit).toBe('unlimited');
  });

  it('no rendering of the config or of any part of it shows a secret', () => {
    const config = loadStartConfig(env, { homeDir: homeDir() });
    const parts = [config, config.credentials, config.gateway, config.simulator, describeConfig(config)];
    for (const text of parts.flatMap(renderings))
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });

  it('the config still hands the real values to the code that needs them', () => {
    const config = loadStartConfig(env, { homeDir: homeDir() });
    expect(config.credentials).toMatchObject({ accessKeySecret: SECRETS.ALIBABA_CLOUD_ACCESS_KEY_SECRET });
    expect(config.gateway.token).toBe(SECRETS.GATEWAY_TOKEN);
  });

  it('an invalid secret is reported by name, never by value', () => {
    const bad = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'leakZq9 with spaces',
      GATEWAY_TOKEN: 'leakZq9short',
      SIMULATOR_ACCESS_KEY_SECRET: 'leakZq9\ttab',
    };
    let error: unknown;
    try {
      loadStartConfig(bad, { homeDir: homeDir() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.variable)).toEqual([
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'GATEWAY_TOKEN',
      'SIMULATOR_ACCESS_KEY_SECRET',
    ]);
    for (const text of [(error as Error).message, ...renderings(problems)])
      expect(text).not.toContain('leakZq9');
  });
});
