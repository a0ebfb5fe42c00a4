import { z } from 'zod';
import { API_LIMITS } from '../spec/limits.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { chooseCredentials } from './credential-chain.js';
import { deepFreeze, redact, withRedaction } from './redaction.js';
import { type Config, DEFAULT_REGION_ID } from './settings.js';
import { CONFIG_VARIABLES, partial, SECRET_VARIABLES, variables } from './variables.js';

/**
 * The gateway's configuration, read from the environment in this folder only (the
 * simulator reads its own, src/simulator/settings.ts). Everything else receives the
 * parts of the frozen Config it needs. Every problem is reported at once, each naming
 * its variable and the rule it breaks; secret values never appear in a message.
 */

export interface LoadConfigOptions {
  /** Where `.aliyun/config.json` is looked for when ALIBABA_CLOUD_CONFIG_FILE is unset. */
  readonly homeDir?: string;
}

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
  const credentials = chooseCredentials(vars, present, options.homeDir, problems);
  if (vars.ECS_REQUEST_TIMEOUT_MS > vars.ECS_DEADLINE_MS)
    problems.push({
      variable: 'ECS_DEADLINE_MS',
      rule: `must be at least ECS_REQUEST_TIMEOUT_MS (${vars.ECS_REQUEST_TIMEOUT_MS})`,
    });
  // Today's API generation is signed as today's SDKs sign, the 2014 one as its reference
  // does. V3 calls are answered in JSON only, so an explicit ECS_FORMAT=XML keeps v1.
  const xmlAsked = present.ECS_FORMAT !== undefined && vars.ECS_FORMAT === 'XML';
  const signature = vars.ECS_SIGNATURE ?? (vars.ECS_API_LIMITS === 'current' && !xmlAsked ? 'v3' : 'v1');
  if (signature === 'v3' && xmlAsked)
    problems.push({
      variable: 'ECS_FORMAT',
      rule: 'must be JSON or unset under ECS_SIGNATURE=v3: ECS answers V3 calls in JSON (got "XML")',
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
        signature,
        format: signature === 'v3' ? 'JSON' : vars.ECS_FORMAT,
        apiLimits: { ...API_LIMITS[vars.ECS_API_LIMITS] },
        connectTimeoutMs: vars.ECS_CONNECT_TIMEOUT_MS,
        requestTimeoutMs: vars.ECS_REQUEST_TIMEOUT_MS,
        deadlineMs: vars.ECS_DEADLINE_MS,
        maxAttempts: vars.ECS_MAX_ATTEMPTS,
        maxConcurrency: vars.ECS_MAX_CONCURRENCY,
        rateLimit: vars.ECS_RATE_LIMIT === 0 ? Number.POSITIVE_INFINITY : vars.ECS_RATE_LIMIT,
        rateMarginMs: vars.ECS_RATE_MARGIN_MS,
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
      sharedState:
        vars.REDIS_URL === undefined
          ? undefined
          : { redisUrl: vars.REDIS_URL, keyPrefix: vars.REDIS_KEY_PREFIX },
      logLevel: vars.LOG_LEVEL,
      logFormat: vars.LOG_FORMAT,
    }),
  );
}

function clip(value: string | undefined): string {
  return value !== undefined && value.length > 60 ? `${value.slice(0, 60)}…` : (value ?? '');
}

/**
 * The config as plain data for start-up logging: secrets replaced by `[redacted]`,
 * AccessKey ids shortened to their first and last four characters.
 */
export function describeConfig(config: Config): Record<string, unknown> {
  return redact(config) as Record<string, unknown>;
}
