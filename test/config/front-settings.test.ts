import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';

/** GATEWAY_CORS_ORIGINS, GATEWAY_MAX_BODY_BYTES and GATEWAY_SHUTDOWN_GRACE_MS. */

const home = mkdtempSync(join(tmpdir(), 'front-settings-home-'));
const load = (env: Record<string, string>) => loadConfig(env, { homeDir: home });

function problemsOf(env: Record<string, string>): { variable: string; rule: string }[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(({ variable, rule }) => ({ variable, rule }));
  }
  throw new Error('expected a ConfigError');
}

const ORIGIN_RULE =
  'must be a comma-separated list of origins such as https://app.example.com,http://localhost:3000 (scheme, host and optional port; no *, path, query or credentials)';

describe('front-door settings', () => {
  it('parses origins exactly, in lower case, without a trailing slash or duplicates', () => {
    const config = load({
      GATEWAY_CORS_ORIGINS: 'https://Console.Example.com, http://localhost:3000/,https://console.example.com',
      GATEWAY_MAX_BODY_BYTES: '4096',
      GATEWAY_SHUTDOWN_GRACE_MS: '0',
    });
    expect(config.gateway.corsOrigins).toEqual(['https://console.example.com', 'http://localhost:3000']);
    expect(config.gateway.maxBodyBytes).toBe(4096);
    expect(config.gateway.shutdownGraceMs).toBe(0);
  });

  it.each([
    '*',
    'null',
    'console.example.com',
    'https://console.example.com/app',
    'https://console.example.com?x=1',
    'https://user:pw@console.example.com',
    'https://console.example.com:443',
    'ftp://files.example.com',
    'https://ok.example.com,*',
  ])('refuses %j as an origin list, naming the variable and the rule', (value) => {
    expect(problemsOf({ GATEWAY_CORS_ORIGINS: value })).toEqual([
      { variable: 'GATEWAY_CORS_ORIGINS', rule: `${ORIGIN_RULE} (got ${JSON.stringify(value)})` },
    ]);
  });

  it('bounds the body limit and the grace', () => {
    expect(problemsOf({ GATEWAY_MAX_BODY_BYTES: '1023', GATEWAY_SHUTDOWN_GRACE_MS: '600001' })).toEqual([
      { variable: 'GATEWAY_MAX_BODY_BYTES', rule: 'must be an integer from 1024 to 104857600 (got "1023")' },
      { variable: 'GATEWAY_SHUTDOWN_GRACE_MS', rule: 'must be an integer from 0 to 600000 (got "600001")' },
    ]);
  });
});
