import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import {
  loadSimulatorSettings,
  readSimulatorSettings,
  SIMULATOR_VARIABLES,
  SimulatorSettingsError,
} from '../../src/simulator/settings.js';
import { API_LIMITS, DEFAULT_API_LIMITS } from '../../src/spec/limits.js';
import { loadStartConfig } from '../../src/start-config.js';
import { useTemporaryHome } from '../support/aliyun-cli-config.js';

const homeDir = useTemporaryHome();

function problemsOf(env: Record<string, string>): { variable: string; rule: string }[] {
  try {
    loadSimulatorSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SimulatorSettingsError);
    return [...(error as SimulatorSettingsError).problems];
  }
  throw new Error('expected a SimulatorSettingsError');
}

describe('the simulator settings, read by the simulator alone', () => {
  it('reads the SIMULATOR_* variables and ECS_API_LIMITS, and nothing of the gateway', () => {
    expect(SIMULATOR_VARIABLES.filter((name) => !name.startsWith('SIMULATOR_'))).toEqual(['ECS_API_LIMITS']);
    // A broken gateway setting does not stop the simulator: it is not the simulator's.
    const settings = loadSimulatorSettings({
      PORT: 'not-a-port',
      GATEWAY_TOKEN: 'short',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id-without-secret',
      SIMULATOR_PORT: ' 9100 ',
      SIMULATOR_REGIONS: 'cn-hangzhou, eu-central-1',
      SIMULATOR_TRANSITIONS: 'Manual',
      SIMULATOR_THROTTLE_RATE: '0.25',
      ECS_API_LIMITS: 'CURRENT',
    });
    expect(settings).toMatchObject({
      port: 9100,
      standalonePort: 9100,
      regions: ['cn-hangzhou', 'eu-central-1'],
      transitions: 'manual',
      throttleRate: 0.25,
      apiLimits: API_LIMITS.current,
    });
  });

  it('takes the documented defaults when unset or blank', () => {
    const settings = loadSimulatorSettings({ SIMULATOR_PORT: '', SIMULATOR_SEED: '   ' });
    expect(settings).toMatchObject({ host: '127.0.0.1', port: 0, standalonePort: 9000, seed: 1 });
    expect(settings.accessKeyId).toBe('simulator');
    expect(settings.apiLimits).toEqual(API_LIMITS[DEFAULT_API_LIMITS]);
    // A copy: the shared limits table is not the settings' own.
    expect(settings.apiLimits).not.toBe(API_LIMITS[DEFAULT_API_LIMITS]);
  });

  it('defaults ECS_API_LIMITS to what the gateway defaults to: npm run simulator and npm start agree', () => {
    const standalone = loadSimulatorSettings({});
    const config = loadStartConfig({ SIMULATOR_ACCESS_KEY_ID: 'local' }, { homeDir: homeDir() });
    expect(standalone.apiLimits).toEqual(config.ecs.apiLimits);
    expect(config.simulator.apiLimits).toEqual(config.ecs.apiLimits);
    expect(config.ecs.apiLimits.name).toBe(DEFAULT_API_LIMITS);
  });

  it('reports every problem at once in the gateway configuration’s words, a secret never by value', () => {
    expect(
      problemsOf({
        SIMULATOR_PORT: '65536',
        SIMULATOR_ACCESS_KEY_SECRET: 'leakZq9 with spaces',
        SIMULATOR_REGIONS: 'cn-hangzhou,cn-hangzhou',
        SIMULATOR_DISKS_PER_INSTANCE: '18',
        SIMULATOR_TRANSITIONS: 'slow',
        SIMULATOR_DROP_RATE: '-0.1',
        ECS_API_LIMITS: '2024',
      }),
    ).toEqual([
      { variable: 'SIMULATOR_PORT', rule: 'must be an integer from 0 to 65535 (got "65536")' },
      { variable: 'SIMULATOR_ACCESS_KEY_SECRET', rule: 'must be printable ASCII with no whitespace' },
      {
        variable: 'SIMULATOR_REGIONS',
        rule: 'must be a comma-separated list of region ids such as cn-hangzhou,cn-shanghai (got "cn-hangzhou,cn-hangzhou")',
      },
      { variable: 'SIMULATOR_DISKS_PER_INSTANCE', rule: 'must be an integer from 1 to 17 (got "18")' },
      { variable: 'SIMULATOR_TRANSITIONS', rule: 'must be one of realistic, immediate, manual (got "slow")' },
      { variable: 'SIMULATOR_DROP_RATE', rule: 'must be a number from 0 to 1 (got "-0.1")' },
      { variable: 'ECS_API_LIMITS', rule: 'must be one of 2014, current (got "2024")' },
    ]);
    expect(() => loadSimulatorSettings({ SIMULATOR_SEED: 'x' })).toThrow(
      'Invalid configuration (1 problem):\n  SIMULATOR_SEED: must be an integer from 0 to 4294967295 (got "x")',
    );
    expect(readSimulatorSettings({ SIMULATOR_LATENCY_MS: '60001' })).toEqual({
      problems: [
        { variable: 'SIMULATOR_LATENCY_MS', rule: 'must be an integer from 0 to 60000 (got "60001")' },
      ],
    });
  });
});

describe('the simulator settings beside the gateway configuration (npm start)', () => {
  it('lists the problems of both in one ConfigError, a variable both read once', () => {
    let error: unknown;
    try {
      loadStartConfig(
        {
          PORT: 'x',
          ECS_API_LIMITS: '2024',
          SIMULATOR_ACCESS_KEY_ID: 'two words',
          SIMULATOR_JITTER_MS: '-1',
        },
        { homeDir: homeDir() },
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { variable: 'ECS_API_LIMITS', rule: 'must be one of 2014, current (got "2024")' },
      { variable: 'PORT', rule: 'must be an integer from 0 to 65535 (got "x")' },
      {
        variable: 'SIMULATOR_ACCESS_KEY_ID',
        rule: 'must be printable ASCII with no whitespace (got "two words")',
      },
      { variable: 'SIMULATOR_JITTER_MS', rule: 'must be an integer from 0 to 60000 (got "-1")' },
    ]);
  });

  it('hands the embedded simulator the keys the gateway signs with, and the same API generation', () => {
    const config = loadStartConfig(
      {
        ECS_API_LIMITS: 'current',
        SIMULATOR_ACCESS_KEY_ID: 'local',
        SIMULATOR_ACCESS_KEY_SECRET: 'local-secret',
      },
      { homeDir: homeDir() },
    );
    expect(config.credentials).toEqual({
      kind: 'simulator',
      accessKeyId: 'local',
      accessKeySecret: 'local-secret',
    });
    expect(config.simulator).toMatchObject({ accessKeyId: 'local', accessKeySecret: 'local-secret' });
    expect(config.simulator.apiLimits).toEqual(config.ecs.apiLimits);
    expect(Object.isFrozen(config.simulator)).toBe(true);
    expect(inspect(config.simulator)).not.toContain('local-secret');
    expect(JSON.stringify(config)).not.toContain('local-secret');
  });
});
