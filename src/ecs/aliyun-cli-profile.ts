import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CLI_PROFILE_ERROR, CredentialsError } from './errors.js';

/**
 * Profiles of the aliyun CLI's configuration file (`~/.aliyun/config.json`, written by
 * `aliyun configure`): `{ "current": "default", "profiles": [{ "name", "mode",
 * "access_key_id", "access_key_secret", "sts_token", "ram_role_name", "region_id", ... }] }`.
 * Of its modes the gateway supports the ones that need no further service call
 * (`AK`, `StsToken`) and `EcsRamRole`, which reads the instance metadata service.
 */

const SUPPORTED_PROFILE_MODES = ['AK', 'StsToken', 'EcsRamRole'] as const;

interface ProfileBase {
  readonly name: string;
  /** The profile's default region, when it names one. */
  readonly regionId: string | undefined;
}
export interface AccessKeyProfile extends ProfileBase {
  readonly mode: 'AK';
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}
export interface StsTokenProfile extends ProfileBase {
  readonly mode: 'StsToken';
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
}
export interface EcsRamRoleProfile extends ProfileBase {
  readonly mode: 'EcsRamRole';
  readonly roleName: string;
}
export type CliProfile = AccessKeyProfile | StsTokenProfile | EcsRamRoleProfile;

/** A profile that cannot be used. The message names the file, the profile and the field, never a value. */
export class CliProfileError extends CredentialsError {
  override readonly name = 'CliProfileError';
  override readonly code = CLI_PROFILE_ERROR;
  constructor(
    readonly file: string,
    readonly profile: string | undefined,
    readonly rule: string,
  ) {
    super(`aliyun CLI config ${file}${profile === undefined ? '' : `, profile "${profile}"`}`, rule);
  }
}

const profileShape = z.looseObject({
  name: z.string(),
  mode: z.string().optional(),
  access_key_id: z.string().optional(),
  access_key_secret: z.string().optional(),
  sts_token: z.string().optional(),
  ram_role_name: z.string().optional(),
  region_id: z.string().optional(),
});
const fileShape = z.looseObject({
  current: z.string().optional(),
  profiles: z.array(profileShape),
});

/** RAM role names: letters, digits, `.` and `-`; checked because the name becomes a URL path segment. */
export const ROLE_NAME = /^[A-Za-z0-9.-]{1,64}$/;

/**
 * Picks a profile from the file's text: `profileName` when given, else the file's
 * `current`. Throws CliProfileError for malformed JSON, a missing profile, an
 * unsupported mode or a missing field.
 */
function parseCliProfile(text: string, file: string, profileName?: string): CliProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the file's text, which holds secrets: not repeated here.
    throw new CliProfileError(file, profileName, 'is not valid JSON');
  }
  const parsed = fileShape.safeParse(json);
  if (!parsed.success)
    throw new CliProfileError(
      file,
      profileName,
      'must be an object with a "profiles" array of named profiles',
    );
  const name = profileName ?? parsed.data.current;
  if (name === undefined || name === '')
    throw new CliProfileError(file, undefined, 'names no "current" profile; set ALIBABA_CLOUD_PROFILE');
  const raw = parsed.data.profiles.find((profile) => profile.name === name);
  if (!raw) throw new CliProfileError(file, name, 'no such profile');

  const fail = (rule: string): never => {
    throw new CliProfileError(file, name, rule);
  };
  const field = (key: 'access_key_id' | 'access_key_secret' | 'sts_token' | 'ram_role_name'): string =>
    raw[key] || fail(`"${key}" is required in mode ${raw.mode}`);
  const regionId = raw.region_id || undefined;

  switch (raw.mode) {
    case 'AK':
      return {
        name,
        mode: 'AK',
        regionId,
        accessKeyId: field('access_key_id'),
        accessKeySecret: field('access_key_secret'),
      };
    case 'StsToken':
      return {
        name,
        mode: 'StsToken',
        regionId,
        accessKeyId: field('access_key_id'),
        accessKeySecret: field('access_key_secret'),
        securityToken: field('sts_token'),
      };
    case 'EcsRamRole': {
      const roleName = field('ram_role_name');
      if (!ROLE_NAME.test(roleName)) fail('"ram_role_name" must be 1 to 64 letters, digits, "." or "-"');
      return { name, mode: 'EcsRamRole', regionId, roleName };
    }
    default:
      return fail(
        `"mode" ${JSON.stringify(raw.mode ?? '')} is not supported; use one of ${SUPPORTED_PROFILE_MODES.join(', ')}`,
      );
  }
}

function readError(file: string, profileName: string | undefined, error: unknown): CliProfileError {
  const code = (error as NodeJS.ErrnoException).code;
  return new CliProfileError(
    file,
    profileName,
    code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})`,
  );
}

export async function readCliProfile(file: string, profileName?: string): Promise<CliProfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw readError(file, profileName, error);
  }
  return parseCliProfile(text, file, profileName);
}

/** The synchronous reading, for start-up configuration. */
export function readCliProfileSync(file: string, profileName?: string): CliProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw readError(file, profileName, error);
  }
  return parseCliProfile(text, file, profileName);
}
