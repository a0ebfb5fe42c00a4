import { percentEncode } from '../signature/v1.js';
import type { ParamProblem } from '../spec/param-checks.js';

/**
 * What a failed ECS call throws. Every failure past parameter validation (which
 * throws ParamError, before any I/O) is an EcsCallError with a stable `code`:
 * - EcsError: ECS answered with an error body (`InvalidDiskId.NotFound`, `Throttling`);
 * - EcsTransportError: no usable answer arrived (`Timeout`, `ConnectionReset`, ...).
 *
 * Messages never carry the AccessKey secret, the security token, a signature or the
 * signed URL: they name the action and the host, and server text is redacted.
 */
export abstract class EcsCallError extends Error {
  abstract readonly code: string;
  /** The HTTP status of the answer; undefined when none arrived. */
  abstract readonly httpStatus: number | undefined;
  abstract readonly requestId: string | undefined;
  /** Whether the failure is transient: repeating the same call may succeed. */
  abstract readonly retryable: boolean;
}

/** The codes ECS uses for a momentary failure or a refusal under load. */
function isTransientServiceCode(code: string): boolean {
  return (
    code === 'ServiceUnavailable' ||
    code === 'InternalError' ||
    isThrottlingCode(code) ||
    // An earlier attempt with the same ClientToken is still running; its result comes later.
    code === 'LastTokenProcessing'
  );
}

/** Throttling means ECS refused the request without acting on it. */
export function isThrottlingCode(code: string): boolean {
  return code.startsWith('Throttling');
}

export interface ServiceErrorFields {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string | undefined;
  readonly hostId?: string | undefined;
  /** A diagnosis link some ECS errors carry. */
  readonly recommend?: string | undefined;
}

/** An error answered by ECS itself, from an XML `<Error>` or a JSON error body. */
export class EcsError extends EcsCallError {
  override readonly name = 'EcsError';
  readonly code: string;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;

  constructor(fields: ServiceErrorFields, httpStatus: number | undefined) {
    super(fields.message === '' ? fields.code : fields.message);
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.hostId = fields.hostId;
    this.recommend = fields.recommend;
    this.httpStatus = httpStatus;
    this.retryable = isTransientServiceCode(fields.code) || (httpStatus !== undefined && httpStatus >= 500);
  }
}

/**
 * Why no usable answer arrived:
 * - `ConnectionRefused`, `ConnectTimeout`, `DnsFailure`: the request never left; safe to repeat;
 * - `ConnectionReset`: the connection broke after the request may have been sent;
 * - `Timeout`: one attempt took longer than `requestTimeoutMs`;
 * - `DeadlineExceeded`: the call as a whole, retries included, ran out of `deadlineMs`;
 * - `Aborted`: the caller's AbortSignal fired;
 * - `InvalidResponse`: an answer arrived that is neither the action's result nor an ECS
 *   error (an HTML page from a proxy, an empty or truncated body, a wrong root);
 * - `NetworkError`: any other socket or TLS failure;
 * - `Closed`: the client was closed;
 * - `UpstreamUnavailable`: the endpoint's circuit breaker is open after repeated
 *   connection failures, so the call was refused without being sent.
 */
export type TransportErrorCode =
  | 'ConnectionRefused'
  | 'ConnectTimeout'
  | 'DnsFailure'
  | 'ConnectionReset'
  | 'Timeout'
  | 'DeadlineExceeded'
  | 'Aborted'
  | 'InvalidResponse'
  | 'NetworkError'
  | 'Closed'
  | 'UpstreamUnavailable';

/**
 * Failures of the connection itself: worth retrying, and what a circuit breaker counts
 * (a 503 is an answer, not one of these).
 */
export const CONNECTION_FAILURE_CODES: ReadonlySet<TransportErrorCode> = new Set([
  'ConnectionRefused',
  'ConnectTimeout',
  'DnsFailure',
  'ConnectionReset',
  'Timeout',
  'NetworkError',
]);

/** Failures where the request provably never reached the server. */
const UNSENT_CODES: ReadonlySet<TransportErrorCode> = new Set([
  'ConnectionRefused',
  'ConnectTimeout',
  'DnsFailure',
  'UpstreamUnavailable',
]);

export interface TransportErrorDetails {
  readonly httpStatus?: number | undefined;
  readonly requestId?: string | undefined;
  readonly cause?: unknown;
  /** Overrides what the code says of it: a call stopped while queued was never sent. */
  readonly unsent?: boolean;
}

export class EcsTransportError extends EcsCallError {
  override readonly name = 'EcsTransportError';
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  /** True when the request provably never reached the server (nothing can have been done). */
  readonly unsent: boolean;

  constructor(
    readonly code: TransportErrorCode,
    message: string,
    details: TransportErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.unsent = details.unsent ?? UNSENT_CODES.has(code);
    this.retryable =
      CONNECTION_FAILURE_CODES.has(code) ||
      (code === 'InvalidResponse' && details.httpStatus !== undefined && details.httpStatus >= 500);
  }
}

const REDACTED = '[redacted]';

/**
 * Removes secrets from text a server sent back. ECS echoes its string-to-sign in
 * signature errors, and that holds the security token, percent-encoded twice.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret) continue;
    const once = percentEncode(secret);
    for (const form of new Set([percentEncode(once), once, secret]))
      result = result.split(form).join(REDACTED);
  }
  return result;
}

/** The input breaks a declared rule; thrown before any I/O, so nothing was sent. */
export class ParamError extends Error {
  override readonly name = 'ParamError';
  constructor(readonly problems: readonly ParamProblem[]) {
    super(problems.map((problem) => problem.message).join(' '));
  }
  get first(): ParamProblem {
    return this.problems[0] as ParamProblem;
  }
}
