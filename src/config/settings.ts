import type { CredentialSource } from '../ecs/credential-providers.js';
import type { ResponseFormat } from '../ecs/decode.js';
import { SIGNATURE_VERSIONS, type SignatureVersion } from '../ecs/signed-request.js';
import type { ApiLimits } from '../spec/limits.js';

/**
 * The gateway's configuration as the rest of the code receives it: frozen, typed,
 * grouped by what it configures (the ECS client, the gateway, the logs).
 */

/** What ALIBABA_CLOUD_REGION_ID defaults to when neither it nor the CLI profile names a region. */
export const DEFAULT_REGION_ID = 'cn-hangzhou';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const ECS_FORMATS = ['XML', 'JSON'] as const satisfies readonly ResponseFormat[];
export const ECS_SIGNATURES = SIGNATURE_VERSIONS;

export interface EcsSettings {
  readonly regionId: string;
  /** Full URL of the ECS endpoint; undefined means the public regional endpoint (or the embedded simulator). */
  readonly endpoint: string | undefined;
  /** v1 (HMAC-SHA1) or v3 (ACS3-HMAC-SHA256); by default the one of the API generation chosen. */
  readonly signature: SignatureVersion;
  /** JSON whenever the signature is v3: ECS answers V3 calls in JSON. */
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
  /**
   * With shared state: how long past a second each start holds its place in the shared
   * window, covering the time between a grant and the call's arrival at ECS.
   */
  readonly rateMarginMs: number;
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

/** Redis, when REDIS_URL is set: what several gateway replicas share. */
export interface SharedStateSettings {
  /** Shown with its password redacted. */
  readonly redisUrl: string;
  /** Before every key and channel, so several deployments can share one Redis. */
  readonly keyPrefix: string;
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
  /** Undefined without REDIS_URL: cache, quota, progress and Idempotency-Keys stay in process. */
  readonly sharedState: SharedStateSettings | undefined;
  readonly logLevel: LogLevel;
  /** `pretty` for people (colours only on a terminal), `json` one object a line for collectors. */
  readonly logFormat: LogFormat;
}
