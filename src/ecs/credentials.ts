/**
 * What signs a call. Providers (environment, aliyun CLI profile, STS token, ECS RAM
 * role) live beside this file; the client asks for credentials before every attempt
 * so that temporary ones can be refreshed.
 */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** An STS security token, sent as the SecurityToken parameter. */
  readonly securityToken?: string | undefined;
}

export interface CredentialsProvider {
  /** A short name for logs: `environment`, `profile default`, `ecs-ram-role`. Never a secret. */
  readonly source: string;
  getCredentials(): Promise<Credentials>;
}

export function staticCredentials(credentials: Credentials, source = 'static'): CredentialsProvider {
  return { source, getCredentials: async () => credentials };
}
