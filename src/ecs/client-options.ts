import type { Dispatcher } from 'undici';
import type { ApiLimits } from '../spec/limits.js';
import type { CallHook } from './caller.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { CredentialsProvider } from './credentials.js';
import type { ResponseFormat } from './decode.js';
import type { Sleep, Timers, UpstreamLimiter } from './limiters.js';
import type { SignatureVersion } from './signed-request.js';

/** What an EcsClient is built from; every setting is checked once, at construction. */
export interface EcsClientOptions {
  readonly credentials: CredentialsProvider;
  /** The region of calls whose input and options name none (DescribeRegions). */
  readonly defaultRegionId: string;
  /** A base URL used for every region instead of `https://ecs.<region>.aliyuncs.com/`. */
  readonly endpoint?: string | undefined;
  /**
   * How calls are signed: `v1` (HMAC-SHA1, GET, the 2014 reference's) or `v3`
   * (ACS3-HMAC-SHA256, POST, what today's official SDKs send). Default v1.
   */
  readonly signature?: SignatureVersion | undefined;
  /**
   * Response format asked of ECS. Default XML, the API's own default, under v1; V3
   * calls are answered in JSON, so under v3 it is JSON and XML is refused.
   */
  readonly format?: ResponseFormat | undefined;
  /** Paging and id-filter limits input is checked against. Default DEFAULT_API_LIMITS (today's). */
  readonly limits?: ApiLimits | undefined;
  /** Default 5 s. */
  readonly connectTimeoutMs?: number | undefined;
  /** One attempt, from sending to the last byte of the body. Default 20 s. */
  readonly requestTimeoutMs?: number | undefined;
  /** One logical call, all attempts, backoff and queueing included. Default 60 s. */
  readonly deadlineMs?: number | undefined;
  /**
   * A cap on attempts per logical call, the first included. Default none: transient
   * failures are retried until the deadline.
   */
  readonly maxAttempts?: number | undefined;
  /** Backoff before the second attempt is up to this; it doubles per attempt. Default 100 ms. */
  readonly baseDelayMs?: number | undefined;
  /** Cap of one backoff delay (a server's `x-acs-retry-after` is honoured beyond it). Default 10 s. */
  readonly maxDelayMs?: number | undefined;
  /** Requests in flight at once, all regions together. Default 16. */
  readonly maxConcurrency?: number | undefined;
  /** Requests per second on average, retries included; `Infinity` for no limit. Default 20. */
  readonly ratePerSecond?: number | undefined;
  /** Requests that may go at once after a quiet spell. Default: one second's worth. */
  readonly burst?: number | undefined;
  /**
   * Shares concurrency and rate between flows (CallOptions.flow). Default a FairLimiter
   * of maxConcurrency, ratePerSecond and burst, which are then not used otherwise.
   */
  readonly limiter?: UpstreamLimiter | undefined;
  /** Connection failures in a row that open an endpoint's circuit breaker. Default 5. */
  readonly breakerFailures?: number | undefined;
  /** How long an open breaker refuses calls before it lets one probe through, ms. Default 5 s. */
  readonly breakerCoolDownMs?: number | undefined;
  /** Per-endpoint circuit breakers. Default a ConsecutiveFailureBreaker of the two settings above. */
  readonly breaker?: CircuitBreaker | undefined;
  /** A larger body is refused as InvalidResponse. Default 32 MiB. */
  readonly maxResponseBytes?: number | undefined;
  /** The HTTP connection pool. When given, the caller owns it and `close()` leaves it open. */
  readonly dispatcher?: Dispatcher | undefined;
  /** Called once at the end of every logical call, successful or not. */
  readonly onCall?: CallHook | undefined;
  /** For tests: the time signed into Timestamp (v1) or x-acs-date (v3). */
  readonly clock?: (() => Date) | undefined;
  /** For tests: uniform in [0, 1), for backoff jitter. */
  readonly random?: (() => number) | undefined;
  /** For tests: unique ids, for the signature nonce and generated ClientTokens. */
  readonly nonce?: (() => string) | undefined;
  /** For tests: waits out backoff delays. */
  readonly sleep?: Sleep | undefined;
  /** For tests: the clock of the deadline's remaining time and of the default limiter. */
  readonly timers?: Timers | undefined;
}

export const DEFAULTS = {
  signature: 'v1',
  format: 'XML',
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 20_000,
  deadlineMs: 60_000,
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  maxConcurrency: 16,
  ratePerSecond: 20,
  breakerFailures: 5,
  breakerCoolDownMs: 5_000,
  maxResponseBytes: 32 * 1024 * 1024,
  userAgent: 'ecs-graphql-gateway',
} as const;

/**
 * An option that must be a positive integer; `rate` also allows fractions and
 * Infinity (requests per second).
 */
export function positive(name: string, value: number | undefined, fallback: number, rate = false): number {
  const resolved = value ?? fallback;
  const valid = rate
    ? resolved > 0 && !Number.isNaN(resolved)
    : Number.isSafeInteger(resolved) && resolved > 0;
  if (!valid)
    throw new RangeError(
      `The option "${name}" is not valid: ${rate ? 'a positive number' : 'a positive integer'}.`,
    );
  return resolved;
}
