import type { z } from 'zod';
import { type ApiLimitsName, DEFAULT_API_LIMITS } from '../spec/limits.js';
import { ECS_FORMATS, ECS_SIGNATURES, LOG_FORMATS, LOG_LEVELS } from './settings.js';
import {
  accessKeyPart,
  bearerToken,
  decimal,
  flag,
  httpUrl,
  integer,
  oneOf,
  originList,
  redisUrl,
  regionId,
  roleName,
  text,
} from './variable-rules.js';

/** The gateway's environment variables: each one's rule and default, in the order problems are listed. */

/** Variables whose values are never shown, not even in an error message. */
export const SECRET_VARIABLES = new Set([
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'GATEWAY_TOKEN',
  // It may carry Redis's password.
  'REDIS_URL',
  'SIMULATOR_ACCESS_KEY_SECRET',
]);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MIB = 1_048_576;

export const variables = {
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
  // Unset: derived from ECS_API_LIMITS (v3 under current, v1 under 2014), see load-config.ts.
  ECS_SIGNATURE: oneOf(ECS_SIGNATURES).optional(),
  ECS_API_LIMITS: oneOf(['2014', 'current'] as const satisfies readonly ApiLimitsName[]).default(
    DEFAULT_API_LIMITS,
  ),
  ECS_CONNECT_TIMEOUT_MS: integer(1, MINUTE).default(5_000),
  ECS_REQUEST_TIMEOUT_MS: integer(1, 10 * MINUTE).default(20_000),
  ECS_DEADLINE_MS: integer(1, HOUR).default(60_000),
  ECS_MAX_ATTEMPTS: integer(1, 1_000).optional(),
  ECS_MAX_CONCURRENCY: integer(1, 1_000).default(16),
  ECS_RATE_LIMIT: decimal(0, 10_000).default(20),
  ECS_RATE_MARGIN_MS: integer(0, 10_000).default(100),
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
  // Shared state of several replicas (src/shared-state); unset: everything stays in process.
  REDIS_URL: redisUrl.optional(),
  REDIS_KEY_PREFIX: text().default('ecs-gateway:'),
  LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  LOG_FORMAT: oneOf(LOG_FORMATS).default('pretty'),
  // The keys the gateway signs with when no credentials are set: those the simulator
  // accepts, under the variables it reads for its side (src/simulator/settings.ts).
  SIMULATOR_ACCESS_KEY_ID: accessKeyPart.default('simulator'),
  SIMULATOR_ACCESS_KEY_SECRET: accessKeyPart.default('simulator-secret'),
};

/** Every variable the gateway reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(variables);

export type Variables = z.output<z.ZodObject<typeof variables>>;

/** Each variable parsed alone; a variable that does not parse takes its default (or stays unset). */
export function partial(present: Record<string, string>): Variables {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(variables)) {
    const one = schema.safeParse(present[name]);
    out[name] = one.success ? one.data : schema.safeParse(undefined).data;
  }
  return out as Variables;
}
