import type { IncomingHttpHeaders } from 'node:http';
import type { Idempotency } from '../spec/action.js';
import { EcsCallError, EcsError, EcsTransportError, isThrottlingCode } from './errors.js';

/**
 * When a failed attempt is repeated, and after how long. A repeat must never make
 * ECS act twice: reads repeat freely, writes with a ClientToken repeat with the same
 * token, and other writes repeat only when ECS provably did nothing.
 */
export function mayRetry(error: unknown, idempotency: Idempotency): boolean {
  if (!(error instanceof EcsCallError) || !error.retryable) return false;
  if (idempotency !== 'none') return true;
  if (error instanceof EcsTransportError) return error.unsent;
  // Throttling is a refusal before acting; a 5xx may come after the write was done.
  return error instanceof EcsError && isThrottlingCode(error.code);
}

/**
 * Whether ECS may have acted on an attempt that failed: its request may have arrived
 * (not provably unsent, the client not closed before it), or ECS answered 5xx, which
 * can come after acting. Throttling is a refusal before acting.
 */
export function mayHaveActed(error: unknown): boolean {
  if (error instanceof EcsTransportError) return !error.unsent && error.code !== 'Closed';
  return error instanceof EcsError && error.retryable && !isThrottlingCode(error.code);
}

export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base * 2^(n-1))),
 * so that callers throttled together do not come back together.
 * `failedAttempts` counts the attempts made so far, from 1.
 */
export function backoffDelay(failedAttempts: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The server's hint of when to come back: ECS sends `x-acs-retry-after` in
 * milliseconds; the standard `Retry-After` in seconds is read as a fallback.
 */
export function retryAfterMs(headers: IncomingHttpHeaders): number | undefined {
  const acs = headerNumber(headers['x-acs-retry-after']);
  if (acs !== undefined) return acs;
  const standard = headerNumber(headers['retry-after']);
  return standard === undefined ? undefined : standard * 1000;
}

function headerNumber(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}
