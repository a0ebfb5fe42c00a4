import { type Dispatcher, request } from 'undici';
import { z } from 'zod';
import { CliProfileError, readCliProfile } from './aliyun-cli-profile.js';
import { type Credentials, type CredentialsProvider, staticCredentials } from './credentials.js';
import { CredentialsError } from './errors.js';

/**
 * Where the gateway's credentials come from, as decided once by the configuration.
 * The metadata service is contacted only for `ecsRamRole`, which exists only when a
 * role was configured explicitly.
 */
export type CredentialSource =
  | {
      readonly kind: 'environment';
      readonly accessKeyId: string;
      readonly accessKeySecret: string;
      readonly securityToken: string | undefined;
    }
  | { readonly kind: 'profile'; readonly file: string; readonly profile: string }
  | {
      readonly kind: 'ecsRamRole';
      readonly roleName: string;
      readonly metadataEndpoint: string;
      /** What configured the role: `ALIBABA_CLOUD_ECS_METADATA` or `profile <name>`. */
      readonly origin: string;
    }
  | {
      /** No cloud credentials: sign with the simulator's (public) keys. */
      readonly kind: 'simulator';
      readonly accessKeyId: string;
      readonly accessKeySecret: string;
    };

export function environmentCredentials(credentials: Credentials): CredentialsProvider {
  return staticCredentials(
    {
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
    },
    'environment',
  );
}

/**
 * An `AK` or `StsToken` profile of the aliyun CLI's configuration file; `name` defaults
 * to the file's `current`. The file is read at the first call and the result kept; a
 * failed read is retried at the next call.
 */
export function profileCredentials(file: string, name?: string): CredentialsProvider {
  let loaded: Promise<Credentials> | undefined;
  const load = async (): Promise<Credentials> => {
    const profile = await readCliProfile(file, name);
    switch (profile.mode) {
      case 'AK':
        return { accessKeyId: profile.accessKeyId, accessKeySecret: profile.accessKeySecret };
      case 'StsToken':
        return {
          accessKeyId: profile.accessKeyId,
          accessKeySecret: profile.accessKeySecret,
          securityToken: profile.securityToken,
        };
      case 'EcsRamRole':
        throw new CliProfileError(
          file,
          profile.name,
          'mode EcsRamRole reads the metadata service; configure it through resolveCredentialsProvider',
        );
    }
  };
  return {
    source: `profile ${name ?? '(current)'}`,
    getCredentials() {
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      return loaded;
    },
  };
}

export interface EcsRamRoleOptions {
  readonly roleName: string;
  /** Base URL of the instance metadata service, `http://100.100.100.200` on ECS. */
  readonly metadataEndpoint: string;
  /** The undici dispatcher for metadata requests; the global one when absent. */
  readonly dispatcher?: Dispatcher | undefined;
  /** Milliseconds since the epoch; injected by tests. */
  readonly now?: (() => number) | undefined;
  /** Timeout of each metadata request: the service is link-local and answers at once. */
  readonly timeoutMs?: number | undefined;
  /** Credentials are refreshed this long before their Expiration. */
  readonly refreshMarginMs?: number | undefined;
}

const roleCredentialsShape = z.object({
  Code: z.string(),
  AccessKeyId: z.string().optional(),
  AccessKeySecret: z.string().optional(),
  SecurityToken: z.string().optional(),
  Expiration: z.string().optional(),
});

interface Lease {
  readonly credentials: Credentials;
  readonly expiresAt: number;
}

/** The metadata service's session token lifetime (IMDSv2), in seconds. */
const METADATA_TOKEN_TTL_SECONDS = 21_600;

/**
 * Temporary credentials of the RAM role attached to the ECS instance, from
 * `<metadataEndpoint>/latest/meta-data/ram/security-credentials/<role>`. They are kept
 * until `refreshMarginMs` before their Expiration; a failed refresh falls back to the
 * kept credentials while they are still valid. Concurrent callers share one request.
 */
export function ecsRamRoleCredentials(options: EcsRamRoleOptions): CredentialsProvider {
  const { roleName, dispatcher, now = Date.now, timeoutMs = 1_000, refreshMarginMs = 3 * 60_000 } = options;
  const base = options.metadataEndpoint.replace(/\/+$/, '');
  const source = `ecs-ram-role ${roleName}`;
  let lease: Lease | undefined;
  let refreshing: Promise<Lease> | undefined;

  const metadataRequest = async (path: string, method: 'GET' | 'PUT', headers: Record<string, string>) => {
    try {
      const response = await request(`${base}${path}`, {
        method,
        headers,
        dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.statusCode, body: await response.body.text() };
    } catch (error) {
      // A code (ECONNREFUSED) or a name (TimeoutError) says enough; messages may quote a URL with a token.
      const reason = (error as { code?: unknown }).code ?? (error instanceof Error ? error.name : 'error');
      throw new CredentialsError(
        source,
        `the metadata service at ${base} did not answer (${String(reason)})`,
        true,
      );
    }
  };

  // Hardened mode (IMDSv2): a session token first; older services answer the PUT with an error.
  const sessionToken = async (): Promise<string | undefined> => {
    const answer = await metadataRequest('/latest/api/token', 'PUT', {
      'x-aliyun-ecs-metadata-token-ttl-seconds': String(METADATA_TOKEN_TTL_SECONDS),
    });
    return answer.status === 200 && answer.body !== '' ? answer.body : undefined;
  };

  const fetchLease = async (): Promise<Lease> => {
    const token = await sessionToken();
    const answer = await metadataRequest(
      `/latest/meta-data/ram/security-credentials/${encodeURIComponent(roleName)}`,
      'GET',
      token === undefined ? {} : { 'x-aliyun-ecs-metadata-token': token },
    );
    if (answer.status === 404)
      throw new CredentialsError(source, `the metadata service at ${base} knows no such role (HTTP 404)`);
    if (answer.status !== 200)
      throw new CredentialsError(
        source,
        `the metadata service at ${base} answered HTTP ${answer.status}`,
        answer.status >= 500,
      );
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      json = undefined;
    }
    const parsed = roleCredentialsShape.safeParse(json);
    if (!parsed.success) throw new CredentialsError(source, 'the metadata service answered no credentials');
    const { Code, AccessKeyId, AccessKeySecret, SecurityToken, Expiration } = parsed.data;
    if (Code !== 'Success')
      throw new CredentialsError(source, `the metadata service answered Code ${JSON.stringify(Code)}`);
    const expiresAt = Expiration === undefined ? Number.NaN : Date.parse(Expiration);
    if (!AccessKeyId || !AccessKeySecret || !SecurityToken || Number.isNaN(expiresAt))
      throw new CredentialsError(
        source,
        'the metadata answer lacks AccessKeyId, AccessKeySecret, SecurityToken or a valid Expiration',
      );
    return {
      credentials: {
        accessKeyId: AccessKeyId,
        accessKeySecret: AccessKeySecret,
        securityToken: SecurityToken,
      },
      expiresAt,
    };
  };

  const refresh = (): Promise<Lease> => {
    refreshing ??= fetchLease()
      .then((fresh) => {
        lease = fresh;
        return fresh;
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };

  return {
    source,
    async getCredentials() {
      const at = now();
      if (lease && at < lease.expiresAt - refreshMarginMs) return lease.credentials;
      try {
        return (await refresh()).credentials;
      } catch (error) {
        if (lease && at < lease.expiresAt) return lease.credentials;
        throw error;
      }
    },
  };
}

export interface ResolveCredentialsOptions {
  /** Used only by the ECS RAM-role provider, the only one that makes HTTP requests. */
  readonly dispatcher?: Dispatcher | undefined;
  readonly now?: (() => number) | undefined;
}

/** The provider for the configured source (see `loadConfig` for how the source is chosen). */
export function resolveCredentialsProvider(
  config: { readonly credentials: CredentialSource },
  options: ResolveCredentialsOptions = {},
): CredentialsProvider {
  const source = config.credentials;
  switch (source.kind) {
    case 'environment':
      return environmentCredentials(source);
    case 'profile':
      return profileCredentials(source.file, source.profile);
    case 'ecsRamRole':
      return ecsRamRoleCredentials({
        roleName: source.roleName,
        metadataEndpoint: source.metadataEndpoint,
        dispatcher: options.dispatcher,
        now: options.now,
      });
    case 'simulator':
      return staticCredentials(
        { accessKeyId: source.accessKeyId, accessKeySecret: source.accessKeySecret },
        'simulator',
      );
  }
}
