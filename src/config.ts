import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { deepFreeze, redact, withRedaction } from './config/redaction.js';
import {
  accessKeyPart,
  bearerToken,
  decimal,
  flag,
  httpUrl,
  integer,
  oneOf,
  originList,
  regionId,
  roleName,
  text,
} from './config/rules.js';
import { CliProfileError, readCliProfileSync } from './ecs/aliyun-cli-profile.js';
import type { CredentialSource } from './ecs/credential-providers.js';
import type { ResponseFormat } from './ecs/decode.js';
import { API_LIMITS, type ApiLimits, type ApiLimitsName } from './spec/limits.js';

/**
 * The one place that reads the environment. Everything else receives the parts of
 * the frozen Config it needs. Every problem is reported at once, each naming its
 * variable and the rule it breaks; secret values never appear in a message.
 */

/** What ALIBABA_CLOUD_REGION_ID defaults to when neither it nor the CLI profile names a region. */
export const DEFAULT_REGION_ID = 'cn-hangzhou';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
const ECS_FORMATS = ['XML', 'JSON'] as const satisfies readonly ResponseFormat[];

export interface EcsSettings {
  readonly regionId: string;
  /** Full URL of the ECS endpoint; undefined means the public regional endpoint (or the embedded simulator). */
  readonly endpoint: string | undefined;
  readonly format: ResponseFormat;
  readonly apiLimits: ApiLimits;
  /** Time to establish a connection. */
  readonly connectTimeoutMs: number;
  /** Time for one attempt, from sending to the last byte of the answer. */
  readonly requestTimeoutMs: number;
  /** Time for a whole call, retries included. */
  readonly deadlineMs: number;
  /**
   * A cap on attempts per call, the first included (1 disables retries); undefined:
   * transient failures are retried until the deadline.
   */
  readonly maxAttempts: number | undefined;
  /** Upstream requests in flight at once. */
  readonly maxConcurrency: number;
  /** Upstream calls started per second; Infinity (ECS_RATE_LIMIT=0) means no limit. */
  readonly rateLimit: number;
  /** Connection failures in a row that open an endpoint's circuit breaker. */
  readonly breakerFailures: number;
  /** How long an open breaker refuses calls before one probe goes through. */
  readonly breakerCoolDownMs: number;
}

export interface GatewaySettings {
  readonly host: string;
  readonly port: number;
  /** Bearer token every GraphQL request must carry; undefined leaves the gateway open. */
  readonly token: string | undefined;
  readonly readOnly: boolean;
  /** Adds upstream call counts to response extensions. */
  readonly debug: boolean;
  /** Serves Prometheus metrics at /metrics. */
  readonly metrics: boolean;
  readonly maxDepth: number;
  /** Most tokens of a document; parsing stops at the next one. */
  readonly maxTokens: number;
  /** Most aliases of an operation. */
  readonly maxAliases: number;
  /** Most directives of an operation. */
  readonly maxDirectives: number;
  /** Most fields of an operation once its fragments are expanded. */
  readonly maxSelections: number;
  /** Cap on the upstream calls an operation is estimated to need. */
  readonly maxUpstreamCalls: number;
  /** Most pages one list follows in "all pages" mode. */
  readonly allPagesCap: number;
  /** Most items (disks, instances) one bulk mutation acts on. */
  readonly maxBulkItems: number;
  /** How long the DescribeRegions answer is kept. */
  readonly regionsTtlMs: number;
  /** How long the shared cache serves an ECS read's answer; 0 turns the cache off. */
  readonly cacheTtlMs: number;
  /** How long it serves an answer holding a resource in a transitional state (at most cacheTtlMs). */
  readonly cacheTransitionalTtlMs: number;
  /** Bound of the in-process cache's serialized answers, bytes. */
  readonly cacheMaxBytes: number;
  /** Browser origins allowed besides the gateway's own (CORS and the Origin check). */
  readonly corsOrigins: readonly string[];
  /** Largest request body accepted; larger ones are answered 413 without being read. */
  readonly maxBodyBytes: number;
  /** How long a shutdown waits for requests in flight before cutting them. */
  readonly shutdownGraceMs: number;
  /** Most client connections open at once; more are closed as they arrive. */
  readonly maxConnections: number;
  /** Time a client has to send a request's headers. */
  readonly headersTimeoutMs: number;
  /** Most subscriptions open in the process. */
  readonly maxSubscriptions: number;
  /** Most subscriptions open from one client address, both SSE transports together. */
  readonly maxSubscriptionsPerClient: number;
  /** Longest a subscription watches before it ends with WATCH_TIMEOUT. */
  readonly maxWatchMs: number;
  /** The watch pool's poll interval while something changes. */
  readonly watchMinIntervalMs: number;
  /** The watch pool's longest poll interval, reached while nothing changes. */
  readonly watchMaxIntervalMs: number;
}

export interface Config {
  readonly credentials: CredentialSource;
  /**
   * No credentials and no ECS_ENDPOINT: the gateway starts the embedded simulator and
   * sends every call there, signed with the simulator's keys.
   */
  readonly simulatorMode: boolean;
  readonly ecs: EcsSettings;
  readonly gateway: GatewaySettings;
  readonly logLevel: LogLevel;
  /** `pretty` for people (colours only on a terminal), `json` one object a line for collectors. */
  readonly logFormat: LogFormat;
}

export interface ConfigProblem {
  readonly variable: string;
  readonly rule: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((problem) => `  ${problem.variable}: ${problem.rule}`)
        .join('\n')}`,
    );
  }
}

export interface LoadConfigOptions {
  /** Where `.aliyun/config.json` is looked for when ALIBABA_CLOUD_CONFIG_FILE is unset. */
  readonly homeDir?: string;
}

/** Variables whose values are never shown, not even in an error message. */
const SECRET_VARIABLES = new Set([
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'GATEWAY_TOKEN',
  'SIMULATOR_ACCESS_KEY_SECRET',
]);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MIB = 1_048_576;

const variables = {
  // Credentials
  ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyPart.optional(),
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeyPart.optional(),
  ALIBABA_CLOUD_SECURITY_TOKEN: text().optional(),
  ALIBABA_CLOUD_CONFIG_FILE: text().optional(),
  ALIBABA_CLOUD_PROFILE: text().optional(),
  ALIBABA_CLOUD_ECS_METADATA: roleName.optional(),
  ALIBABA_CLOUD_METADATA_ENDPOINT: httpUrl.default('http://100.100.100.200'),
  // ECS
  ALIBABA_CLOUD_REGION_ID: regionId.optional(),
  ECS_ENDPOINT: httpUrl.optional(),
  ECS_FORMAT: oneOf(ECS_FORMATS).default('XML'),
  ECS_API_LIMITS: oneOf(['2014', 'current'] as const satisfies readonly ApiLimitsName[]).default('2014'),
  ECS_CONNECT_TIMEOUT_MS: integer(1, MINUTE).default(5_000),
  ECS_REQUEST_TIMEOUT_MS: integer(1, 10 * MINUTE).default(20_000),
  ECS_DEADLINE_MS: integer(1, HOUR).default(60_000),
  ECS_MAX_ATTEMPTS: integer(1, 1_000).optional(),
  ECS_MAX_CONCURRENCY: integer(1, 1_000).default(16),
  ECS_RATE_LIMIT: decimal(0, 10_000).default(20),
  ECS_BREAKER_FAILURES: integer(1, 1_000).default(5),
  ECS_BREAKER_COOLDOWN_MS: integer(1, HOUR).default(5_000),
  // Gateway
  HOST: text().default('127.0.0.1'),
  PORT: integer(0, 65_535).default(4000),
  GATEWAY_TOKEN: bearerToken.optional(),
  GATEWAY_READ_ONLY: flag.default(false),
  GATEWAY_DEBUG: flag.default(false),
  GATEWAY_METRICS: flag.default(true),
  GATEWAY_MAX_DEPTH: integer(1, 100).default(10),
  // Past about 2,000 tokens of nesting the parser's recursion could exhaust the stack.
  GATEWAY_MAX_TOKENS: integer(1, 2_000).default(1_000),
  GATEWAY_MAX_ALIASES: integer(0, 1_000).default(100),
  GATEWAY_MAX_DIRECTIVES: integer(0, 1_000).default(50),
  GATEWAY_MAX_SELECTIONS: integer(1, 100_000).default(1_000),
  GATEWAY_MAX_UPSTREAM_CALLS: integer(1, 100_000).default(200),
  GATEWAY_ALL_PAGES_CAP: integer(1, 10_000).default(20),
  GATEWAY_MAX_BULK_ITEMS: integer(1, 10_000).default(50),
  GATEWAY_REGIONS_TTL_MS: integer(0, 24 * HOUR).default(10 * MINUTE),
  GATEWAY_CACHE_TTL_MS: integer(0, HOUR).default(5_000),
  GATEWAY_CACHE_TRANSITIONAL_TTL_MS: integer(0, HOUR).default(1_000),
  GATEWAY_CACHE_MAX_BYTES: integer(MIB, 4_096 * MIB).default(64 * MIB),
  GATEWAY_CORS_ORIGINS: originList.default([]),
  GATEWAY_MAX_BODY_BYTES: integer(1_024, 100 * MIB).default(MIB),
  GATEWAY_SHUTDOWN_GRACE_MS: integer(0, 10 * MINUTE).default(10_000),
  GATEWAY_MAX_CONNECTIONS: integer(1, 100_000).default(1_024),
  GATEWAY_HEADERS_TIMEOUT_MS: integer(1_000, 10 * MINUTE).default(10_000),
  GATEWAY_MAX_SUBSCRIPTIONS: integer(0, 100_000).default(1_000),
  GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT: integer(1, 100_000).default(50),
  GATEWAY_MAX_WATCH_MS: integer(1_000, 24 * HOUR).default(30 * MINUTE),
  GATEWAY_WATCH_MIN_INTERVAL_MS: integer(100, MINUTE).default(1_000),
  GATEWAY_WATCH_MAX_INTERVAL_MS: integer(100, 10 * MINUTE).default(15_000),
  LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  LOG_FORMAT: oneOf(LOG_FORMATS).default('pretty'),
  // The keys the gateway signs with when no credentials are set: those the simulator
  // accepts, under the variables it reads for its side (src/simulator/settings.ts).
  SIMULATOR_ACCESS_KEY_ID: accessKeyPart.default('simulator'),
  SIMULATOR_ACCESS_KEY_SECRET: accessKeyPart.default('simulator-secret'),
};

/** Every variable the gateway reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(variables);

type Variables = z.output<z.ZodObject<typeof variables>>;

/** Reads, validates and freezes the configuration. Throws ConfigError listing every problem. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: LoadConfigOptions = {},
): Config {
  // Unset and blank are the same: `FOO=` in an env file means "use the default".
  const present: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name]?.trim();
    if (value) present[name] = value;
  }
  const problems: ConfigProblem[] = [];
  const parsed = z.object(variables).safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0]);
      const shown = SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(clip(present[variable]))})`;
      problems.push({ variable, rule: `${issue.message}${shown}` });
    }
  }
  // Checks across variables run on what did parse, so one bad value does not hide another problem.
  const vars = parsed.success ? parsed.data : partial(present);
  const credentials = chooseCredentials(vars, present, options, problems);
  if (vars.ECS_REQUEST_TIMEOUT_MS > vars.ECS_DEADLINE_MS)
    problems.push({
      variable: 'ECS_DEADLINE_MS',
      rule: `must be at least ECS_REQUEST_TIMEOUT_MS (${vars.ECS_REQUEST_TIMEOUT_MS})`,
    });
  if (problems.length > 0 || !parsed.success || credentials === undefined) throw new ConfigError(problems);

  const regionFromProfile = credentials.regionId;
  return deepFreeze(
    withRedaction({
      credentials: credentials.source,
      simulatorMode: credentials.source.kind === 'simulator' && vars.ECS_ENDPOINT === undefined,
      ecs: {
        regionId: vars.ALIBABA_CLOUD_REGION_ID ?? regionFromProfile ?? DEFAULT_REGION_ID,
        endpoint: vars.ECS_ENDPOINT,
        format: vars.ECS_FORMAT,
        apiLimits: { ...API_LIMITS[vars.ECS_API_LIMITS] },
        connectTimeoutMs: vars.ECS_CONNECT_TIMEOUT_MS,
        requestTimeoutMs: vars.ECS_REQUEST_TIMEOUT_MS,
        deadlineMs: vars.ECS_DEADLINE_MS,
        maxAttempts: vars.ECS_MAX_ATTEMPTS,
        maxConcurrency: vars.ECS_MAX_CONCURRENCY,
        rateLimit: vars.ECS_RATE_LIMIT === 0 ? Number.POSITIVE_INFINITY : vars.ECS_RATE_LIMIT,
        breakerFailures: vars.ECS_BREAKER_FAILURES,
        breakerCoolDownMs: vars.ECS_BREAKER_COOLDOWN_MS,
      },
      gateway: {
        host: vars.HOST,
        port: vars.PORT,
        token: vars.GATEWAY_TOKEN,
        readOnly: vars.GATEWAY_READ_ONLY,
        debug: vars.GATEWAY_DEBUG,
        metrics: vars.GATEWAY_METRICS,
        maxDepth: vars.GATEWAY_MAX_DEPTH,
        maxTokens: vars.GATEWAY_MAX_TOKENS,
        maxAliases: vars.GATEWAY_MAX_ALIASES,
        maxDirectives: vars.GATEWAY_MAX_DIRECTIVES,
        maxSelections: vars.GATEWAY_MAX_SELECTIONS,
        maxUpstreamCalls: vars.GATEWAY_MAX_UPSTREAM_CALLS,
        allPagesCap: vars.GATEWAY_ALL_PAGES_CAP,
        maxBulkItems: vars.GATEWAY_MAX_BULK_ITEMS,
        regionsTtlMs: vars.GATEWAY_REGIONS_TTL_MS,
        cacheTtlMs: vars.GATEWAY_CACHE_TTL_MS,
        // Never longer than the TTL: a transitional state is the reason to serve an answer less long.
        cacheTransitionalTtlMs: Math.min(vars.GATEWAY_CACHE_TRANSITIONAL_TTL_MS, vars.GATEWAY_CACHE_TTL_MS),
        cacheMaxBytes: vars.GATEWAY_CACHE_MAX_BYTES,
        corsOrigins: vars.GATEWAY_CORS_ORIGINS,
        maxBodyBytes: vars.GATEWAY_MAX_BODY_BYTES,
        shutdownGraceMs: vars.GATEWAY_SHUTDOWN_GRACE_MS,
        maxConnections: vars.GATEWAY_MAX_CONNECTIONS,
        headersTimeoutMs: vars.GATEWAY_HEADERS_TIMEOUT_MS,
        maxSubscriptions: vars.GATEWAY_MAX_SUBSCRIPTIONS,
        maxSubscriptionsPerClient: vars.GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT,
        maxWatchMs: vars.GATEWAY_MAX_WATCH_MS,
        watchMinIntervalMs: vars.GATEWAY_WATCH_MIN_INTERVAL_MS,
        // Never below the minimum: the pool backs off from the one to the other.
        watchMaxIntervalMs: Math.max(vars.GATEWAY_WATCH_MAX_INTERVAL_MS, vars.GATEWAY_WATCH_MIN_INTERVAL_MS),
      },
      logLevel: vars.LOG_LEVEL,
      logFormat: vars.LOG_FORMAT,
    }),
  );
}

function clip(value: string | undefined): string {
  return value !== undefined && value.length > 60 ? `${value.slice(0, 60)}…` : (value ?? '');
}

/** Each variable parsed alone; a variable that does not parse takes its default (or stays unset). */
function partial(present: Record<string, string>): Variables {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(variables)) {
    const one = schema.safeParse(present[name]);
    out[name] = one.success ? one.data : schema.safeParse(undefined).data;
  }
  return out as Variables;
}

/**
 * The credential chain, first match wins:
 * 1. ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN);
 * 2. a profile of the aliyun CLI file, when ALIBABA_CLOUD_PROFILE or ALIBABA_CLOUD_CONFIG_FILE
 *    is set or ~/.aliyun/config.json exists;
 * 3. ALIBABA_CLOUD_ECS_METADATA: the ECS instance's RAM role;
 * 4. none: the simulator's keys.
 */
function chooseCredentials(
  vars: Variables,
  present: Record<string, string>,
  options: LoadConfigOptions,
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
  const file = explicitFile ?? join(options.homeDir ?? homedir(), '.aliyun', 'config.json');
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

/**
 * The config as plain data for start-up logging: secrets replaced by `[redacted]`,
 * AccessKey ids shortened to their first and last four characters.
 */
export function describeConfig(config: Config): Record<string, unknown> {
  return redact(config) as Record<string, unknown>;
}
