import { percentEncode } from '../signature/v1.js';
import type { ParamProblem } from '../spec/param-checks.js';

/**
 * The one base of everything the client (`src/ecs/`) throws at its callers, each with a
 * stable `code`:
 * - EcsError: ECS answered with an error body (`InvalidDiskId.NotFound`, `Throttling`);
 * - EcsTransportError: no usable answer arrived (`Timeout`, `ConnectionReset`,
 *   `UpstreamUnavailable`, `DeadlineExceeded`, ...);
 * - ParamError: the input breaks a declared rule, refused before any I/O; its code is
 *   its first problem's (`MissingParameter`, `InvalidRegionId.Malformed`, ...);
 * - CredentialsError (and CliProfileError): no credentials could be had to sign with;
 * - CacheMiss (read-cache/): a cached-only view was asked for what its store lacks.
 * Only a bug, or a RangeError for a bad option at construction, is anything else. The
 * internal signals BodyTooLarge (transport.ts), ShapeMismatch (decode.ts) and
 * OutsideSubset (xml-reader.ts) never leave the client: each becomes InvalidResponse or
 * a fallback decode.
 *
 * Messages never carry the AccessKey secret, the security token, a signature or the
 * signed URL: they name the action and the host, and server text is redacted.
 */
export abstract class EcsCallError extends Error {
  abstract readonly code: string;
  /** The HTTP status of ECS's answer; undefined when none arrived. */
  abstract readonly httpStatus: number | undefined;
  abstract readonly requestId: string | undefined;
  /** Whether the failure is transient: repeating the same call may succeed. */
  abstract readonly retryable: boolean;
}

/**
 * Whether a failure is the upstream's: ECS answered an error (EcsError) or no usable
 * answer came (EcsTransportError: the network, a timeout, the deadline, an open breaker,
 * the caller's abort). The other client errors arose before or beside the request:
 * input refused (ParamError), no credentials (CredentialsError), a cache-only miss.
 */
export function isUpstreamFailure(error: unknown): error is EcsError | EcsTransportError {
  return error instanceof EcsError || error instanceof EcsTransportError;
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
export class ParamError extends EcsCallError {
  override readonly name = 'ParamError';
  /** Nothing was sent, so no answer came (the status ECS would answer is `first.httpStatus`). */
  readonly httpStatus = undefined;
  readonly requestId = undefined;
  /** The same input is refused again. */
  readonly retryable = false;
  constructor(readonly problems: readonly ParamProblem[]) {
    super(problems.map((problem) => problem.message).join(' '));
  }
  /** The first problem's code, the one ECS would answer: `MissingParameter`, `InvalidParameter`, ... */
  get code(): string {
    return this.first.code;
  }
  get first(): ParamProblem {
    return this.problems[0] as ParamProblem;
  }
}

/** The code of a CredentialsError. */
export const CREDENTIALS_ERROR = 'CredentialsError';
/** The code of a CliProfileError: an aliyun CLI profile that cannot be used. */
export const CLI_PROFILE_ERROR = 'CliProfileError';

/**
 * Credentials could not be obtained, so nothing was signed or sent. The message names
 * the source, never a secret. `retryable` when the source did not answer or answered
 * 5xx (a provider reads it again at the next call); a missing role, file or profile is not.
 */
export class CredentialsError extends EcsCallError {
  override readonly name: string = 'CredentialsError';
  readonly code: string = CREDENTIALS_ERROR;
  readonly httpStatus = undefined;
  readonly requestId = undefined;
  constructor(
    readonly source: string,
    message: string,
    readonly retryable = false,
  ) {
    super(`${source}: ${message}`);
  }
}
