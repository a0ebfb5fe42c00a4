import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** A temporary home directory, removed by `cleanup`. */
export function temporaryHome(): { readonly home: string; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), 'ecs-gateway-home-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/**
 * A fresh temporary home for each test of the calling file, so a real
 * ~/.aliyun/config.json never leaks in. Returns a getter of the current one.
 */
export function useTemporaryHome(): () => string {
  let current: ReturnType<typeof temporaryHome> | undefined;
  beforeEach(() => {
    current = temporaryHome();
  });
  afterEach(() => current?.cleanup());
  return () => {
    if (!current) throw new Error('useTemporaryHome: only inside a test');
    return current.home;
  };
}

/** Writes `<home>/.aliyun/config.json` (or `text` verbatim) and returns its path. */
export function writeAliyunConfig(home: string, content: unknown): string {
  const dir = join(home, '.aliyun');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** A profile as `aliyun configure` writes it: every field present, unused ones empty. */
export function cliProfile(fields: Record<string, string>): Record<string, unknown> {
  return {
    mode: 'AK',
    access_key_id: '',
    access_key_secret: '',
    sts_token: '',
    ram_role_name: '',
    ram_role_arn: '',
    ram_session_name: '',
    private_key: '',
    key_pair_name: '',
    expired_seconds: 0,
    verified: '',
    region_id: '',
    output_format: 'json',
    language: 'en',
    site: '',
    retry_timeout: 0,
    retry_count: 0,
    ...fields,
  };
}

/** A config file with an AK profile `default` (current), a StsToken profile and an EcsRamRole one. */
export const SAMPLE_CLI_CONFIG = {
  current: 'default',
  profiles: [
    cliProfile({
      name: 'default',
      mode: 'AK',
      access_key_id: 'LTAIprofileAKid01',
      access_key_secret: 'profile-ak-secret-value',
      region_id: 'cn-shanghai',
    }),
    cliProfile({
      name: 'temporary',
      mode: 'StsToken',
      access_key_id: 'STS.profileStsId01',
      access_key_secret: 'profile-sts-secret-value',
      sts_token: 'profile-sts-token-value',
      region_id: 'cn-beijing',
    }),
    cliProfile({ name: 'on-ecs', mode: 'EcsRamRole', ram_role_name: 'GatewayRole' }),
    cliProfile({ name: 'assumed', mode: 'RamRoleArn', ram_role_arn: 'acs:ram::1:role/x' }),
  ],
  meta_path: '',
};

/** Every secret of SAMPLE_CLI_CONFIG, to prove none leaks. */
export const SAMPLE_CLI_SECRETS = [
  'profile-ak-secret-value',
  'profile-sts-secret-value',
  'profile-sts-token-value',
];
