import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliProfileError, readCliProfileSync } from '../ecs/aliyun-cli-profile.js';
import type { CredentialSource } from '../ecs/credential-providers.js';
import type { ConfigProblem } from './config-error.js';
import type { Variables } from './variables.js';

/**
 * The credential chain, first match wins:
 * 1. ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN);
 * 2. a profile of the aliyun CLI file, when ALIBABA_CLOUD_PROFILE or ALIBABA_CLOUD_CONFIG_FILE
 *    is set or ~/.aliyun/config.json exists;
 * 3. ALIBABA_CLOUD_ECS_METADATA: the ECS instance's RAM role;
 * 4. none: the simulator's keys.
 */
export function chooseCredentials(
  vars: Variables,
  present: Record<string, string>,
  /** Where `.aliyun/config.json` is looked for when ALIBABA_CLOUD_CONFIG_FILE is unset; the user's home by default. */
  homeDir: string | undefined,
  problems: ConfigProblem[],
): { source: CredentialSource; regionId?: string | undefined } | undefined {
  const id = present.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = present.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (id !== undefined || secret !== undefined) {
    if (id === undefined || secret === undefined) {
      const [set, unset] =
        id === undefined
          ? ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_ACCESS_KEY_ID']
          : ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'];
      problems.push({ variable: unset, rule: `must be set together with ${set}` });
      return undefined;
    }
    if (vars.ALIBABA_CLOUD_ACCESS_KEY_ID === undefined || vars.ALIBABA_CLOUD_ACCESS_KEY_SECRET === undefined)
      return undefined;
    return {
      source: {
        kind: 'environment',
        accessKeyId: vars.ALIBABA_CLOUD_ACCESS_KEY_ID,
        accessKeySecret: vars.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        securityToken: vars.ALIBABA_CLOUD_SECURITY_TOKEN,
      },
    };
  }
  if (present.ALIBABA_CLOUD_SECURITY_TOKEN !== undefined)
    problems.push({
      variable: 'ALIBABA_CLOUD_SECURITY_TOKEN',
      rule: 'needs ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    });

  const explicitFile = vars.ALIBABA_CLOUD_CONFIG_FILE;
  const file = explicitFile ?? join(homeDir ?? homedir(), '.aliyun', 'config.json');
  const profileWanted =
    explicitFile !== undefined || vars.ALIBABA_CLOUD_PROFILE !== undefined || existsSync(file);
  if (profileWanted) {
    try {
      const profile = readCliProfileSync(file, vars.ALIBABA_CLOUD_PROFILE);
      const source: CredentialSource =
        profile.mode === 'EcsRamRole'
          ? {
              kind: 'ecsRamRole',
              roleName: profile.roleName,
              metadataEndpoint: vars.ALIBABA_CLOUD_METADATA_ENDPOINT,
              origin: `profile ${profile.name}`,
            }
          : { kind: 'profile', file, profile: profile.name };
      return { source, regionId: profile.regionId };
    } catch (error) {
      if (!(error instanceof CliProfileError)) throw error;
      const variable =
        explicitFile !== undefined
          ? 'ALIBABA_CLOUD_CONFIG_FILE'
          : vars.ALIBABA_CLOUD_PROFILE !== undefined
            ? 'ALIBABA_CLOUD_PROFILE'
            : 'ALIBABA_CLOUD_CONFIG_FILE';
      problems.push({ variable, rule: error.message });
      return undefined;
    }
  }

  if (vars.ALIBABA_CLOUD_ECS_METADATA !== undefined)
    return {
      source: {
        kind: 'ecsRamRole',
        roleName: vars.ALIBABA_CLOUD_ECS_METADATA,
        metadataEndpoint: vars.ALIBABA_CLOUD_METADATA_ENDPOINT,
        origin: 'ALIBABA_CLOUD_ECS_METADATA',
      },
    };
  return {
    source: {
      kind: 'simulator',
      accessKeyId: vars.SIMULATOR_ACCESS_KEY_ID,
      accessKeySecret: vars.SIMULATOR_ACCESS_KEY_SECRET,
    },
  };
}
