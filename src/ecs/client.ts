import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { ActionInput, ActionResult, AnyAction } from '../spec/action.js';
import { API_LIMITS, type ApiLimits } from '../spec/limits.js';
import { AttemptTimer, CallScope } from './call-scope.js';
import { type CallHook, type CallOptions, callHooks, type EcsCaller } from './caller.js';
import {
  type Admission,
  type AttemptOutcome,
  type CircuitBreaker,
  ConsecutiveFailureBreaker,
} from './circuit-breaker.js';
import type { Credentials, CredentialsProvider } from './credentials.js';
import { decodeErrorBody, decodeResponse, type ResponseFormat } from './decode.js';
import { encodeParams } from './encode-params.js';
import { endpointFor, isRegionId, parseEndpointOverride } from './endpoint.js';
import {
  CONNECTION_FAILURE_CODES,
  EcsCallError,
  EcsError,
  EcsTransportError,
  isThrottlingCode,
  isUpstreamFailure,
  ParamError,
  redact,
} from './errors.js';
import { FairLimiter } from './fair-limiter.js';
import {
  DEFAULT_FLOW,
  realSleep,
  realTimers,
  type Sleep,
  type Timers,
  type UpstreamLimiter,
} from './limiters.js';
import { backoffDelay, mayHaveActed, mayRetry, retryAfterMs } from './retry.js';
import { signRequest } from './signed-request.js';
import {
  BodyTooLarge,
  createDispatcher,
  type HttpAnswer,
  httpGet,
  transportError,
  transportFailure,
} from './transport.js';

export interface EcsClientOptions {
  readonly credentials: CredentialsProvider;
  /** The region of calls whose input and options name none (DescribeRegions). */
  readonly defaultRegionId: string;
  /** A base URL used for every region instead of `https://ecs.<region>.aliyuncs.com/`. */
  readonly endpoint?: string | undefined;
  /** Response format asked of ECS. Default XML, the API's own default. */
  readonly format?: ResponseFormat | undefined;
  /** Paging and id-filter limits input is checked against. Default the 2014 reference's. */
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
  /** For tests: the time signed into Timestamp. */
  readonly clock?: (() => Date) | undefined;
  /** For tests: uniform in [0, 1), for backoff jitter. */
  readonly random?: (() => number) | undefined;
  /** For tests: unique ids, for SignatureNonce and generated ClientTokens. */
  readonly nonce?: (() => string) | undefined;
  /** For tests: waits out backoff delays. */
  readonly sleep?: Sleep | undefined;
  /** For tests: the clock of the deadline's remaining time and of the default limiter. */
  readonly timers?: Timers | undefined;
}

const DEFAULTS = {
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

/** What one logical call has learnt so far; it becomes the CallEvent. */
interface CallRecord {
  readonly action: AnyAction;
  readonly regionId: string;
  endpoint?: URL;
  attempts: number;
  throttled: number;
  httpStatus: number | undefined;
  requestId: string | undefined;
}

type Outcome<R> =
  | { readonly result: R; readonly httpStatus: number; readonly requestId: string | undefined }
  | {
      readonly error: EcsCallError;
      readonly httpStatus: number | undefined;
      readonly requestId: string | undefined;
      readonly retryAfterMs?: number | undefined;
    };

/**
 * The signed ECS client: validates and encodes input, signs each attempt afresh,
 * sends it over one undici dispatcher under a concurrency bound and a rate limit,
 * decodes XML or JSON with the action's shape, and retries what is safe to retry.
 */
export class EcsClient implements EcsCaller {
  private readonly credentials: CredentialsProvider;
  private readonly defaultRegionId: string;
  private readonly endpoint: URL | undefined;
  private readonly format: ResponseFormat;
  private readonly limits: ApiLimits;
  private readonly requestTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: { readonly baseDelayMs: number; readonly maxDelayMs: number };
  private readonly maxResponseBytes: number;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly limiter: UpstreamLimiter;
  private readonly breaker: CircuitBreaker;
  private readonly onCall: CallHook | undefined;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly nonce: () => string;
  private readonly sleep: Sleep;
  private readonly timers: Timers;
  private closed = false;

  constructor(options: EcsClientOptions) {
    if (!isRegionId(options.defaultRegionId))
      throw new RangeError(`The option "defaultRegionId" is not valid: a region id such as cn-hangzhou.`);
    this.credentials = options.credentials;
    this.defaultRegionId = options.defaultRegionId;
    this.endpoint = options.endpoint === undefined ? undefined : parseEndpointOverride(options.endpoint);
    this.format = options.format ?? DEFAULTS.format;
    if (this.format !== 'XML' && this.format !== 'JSON')
      throw new RangeError(`The option "format" is not valid: XML or JSON.`);
    this.limits = options.limits ?? API_LIMITS['2014'];
    const connectTimeoutMs = positive(
      'connectTimeoutMs',
      options.connectTimeoutMs,
      DEFAULTS.connectTimeoutMs,
    );
    this.requestTimeoutMs = positive('requestTimeoutMs', options.requestTimeoutMs, DEFAULTS.requestTimeoutMs);
    this.deadlineMs = positive('deadlineMs', options.deadlineMs, DEFAULTS.deadlineMs);
    this.maxAttempts =
      options.maxAttempts === undefined
        ? DEFAULTS.maxAttempts
        : positive('maxAttempts', options.maxAttempts, DEFAULTS.maxAttempts);
    this.backoff = {
      baseDelayMs: positive('baseDelayMs', options.baseDelayMs, DEFAULTS.baseDelayMs),
      maxDelayMs: positive('maxDelayMs', options.maxDelayMs, DEFAULTS.maxDelayMs),
    };
    this.maxResponseBytes = positive('maxResponseBytes', options.maxResponseBytes, DEFAULTS.maxResponseBytes);
    const maxConcurrency = positive('maxConcurrency', options.maxConcurrency, DEFAULTS.maxConcurrency);
    const ratePerSecond = positive('ratePerSecond', options.ratePerSecond, DEFAULTS.ratePerSecond, true);
    const burst = positive(
      'burst',
      options.burst,
      Number.isFinite(ratePerSecond) ? Math.ceil(ratePerSecond) : 1,
    );
    this.sleep = options.sleep ?? realSleep;
    this.timers = options.timers ?? realTimers;
    this.limiter =
      options.limiter ?? new FairLimiter({ maxConcurrency, ratePerSecond, burst, timers: this.timers });
    this.breaker =
      options.breaker ??
      new ConsecutiveFailureBreaker({
        failureThreshold: positive('breakerFailures', options.breakerFailures, DEFAULTS.breakerFailures),
        coolDownMs: positive('breakerCoolDownMs', options.breakerCoolDownMs, DEFAULTS.breakerCoolDownMs),
      });
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      createDispatcher({
        connectTimeoutMs,
        requestTimeoutMs: this.requestTimeoutMs,
        maxConnections: maxConcurrency,
      });
    this.onCall = options.onCall;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.nonce = options.nonce ?? randomUUID;
  }

  async call<A extends AnyAction>(
    action: A,
    input: ActionInput<A>,
    options: CallOptions = {},
  ): Promise<ActionResult<A>> {
    const startedAt = performance.now();
    const fields = input as Readonly<Record<string, unknown>>;
    const call: CallRecord = {
      action,
      regionId: regionOf(action, fields) ?? options.regionId ?? this.defaultRegionId,
      attempts: 0,
      throttled: 0,
      httpStatus: undefined,
      requestId: undefined,
    };
    try {
      const result = await this.run<ActionResult<A>>(call, fields, options);
      this.report(call, startedAt, undefined, options.onEnd);
      return result;
    } catch (error) {
      this.report(call, startedAt, errorCodeOf(error), options.onEnd);
      throw error;
    }
  }

  /** Closes the connection pool the client created; one passed in is left to its owner. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async run<R>(
    call: CallRecord,
    input: Readonly<Record<string, unknown>>,
    options: CallOptions,
  ): Promise<R> {
    const params = withRegion(
      call,
      this.endpoint,
      encodeParams(call.action.params, this.withClientToken(call.action, input, options), this.limits),
    );
    const endpoint = endpointFor(call.regionId, this.endpoint);
    call.endpoint = endpoint;
    if (this.closed) throw transportError('Closed', call.action.name, endpoint.host);
    const scope = new CallScope(this.deadlineMs, options.signal, this.timers.now);
    // The last failed attempt after which ECS may have acted: a write that ends in a
    // failure that provably sent nothing (a refused retry) still may have acted then.
    let mayHaveActedOn: EcsCallError | undefined;
    const ending = (error: EcsCallError): EcsCallError =>
      call.action.idempotency !== 'read' && mayHaveActedOn && !mayHaveActed(error) ? mayHaveActedOn : error;
    try {
      for (;;) {
        const outcome = await this.attempt<R>(call, params, scope, options.flow ?? DEFAULT_FLOW);
        call.httpStatus = outcome.httpStatus;
        call.requestId = outcome.requestId ?? call.requestId;
        if ('result' in outcome) return outcome.result;
        const { error } = outcome;
        if (error instanceof EcsError && isThrottlingCode(error.code)) call.throttled += 1;
        if (mayHaveActed(error)) mayHaveActedOn = error;
        if (call.attempts >= this.maxAttempts || !mayRetry(error, call.action.idempotency))
          throw ending(error);
        const delayMs = outcome.retryAfterMs ?? backoffDelay(call.attempts, this.backoff, this.random);
        // Waiting past the deadline only to fail then helps nobody: the last error says more.
        if (delayMs >= scope.remainingMs()) throw ending(error);
        try {
          await this.sleep(delayMs, scope.signal);
        } catch {
          throw scope.stoppedBy === 'Aborted'
            ? ending(transportError('Aborted', call.action.name, endpoint.host, undefined, { unsent: true }))
            : ending(error);
        }
      }
    } catch (error) {
      // Queueing for a slot or a token, or fetching credentials, when the call was stopped:
      // this attempt was not sent.
      if (scope.stoppedBy && !isUpstreamFailure(error))
        throw ending(
          transportError(scope.stoppedBy, call.action.name, endpoint.host, undefined, { unsent: true }),
        );
      // A refusal of the breaker, or a stop while an attempt was in flight. A CredentialsError
      // passes as it is: it says why this attempt was not made.
      if (isUpstreamFailure(error)) throw ending(error);
      throw error;
    } finally {
      scope.dispose();
    }
  }

  /**
   * One attempt. A returned error may be retried; a thrown one ends the call (the
   * caller aborted, the deadline passed, credentials could not be had, the endpoint's
   * breaker is open).
   */
  private async attempt<R>(
    call: CallRecord,
    params: Record<string, string>,
    scope: CallScope,
    flow: string,
  ): Promise<Outcome<R>> {
    const host = (call.endpoint as URL).host;
    // Asked before anything else, so that calls to a dead endpoint fail at once, not after their turn.
    let probe = this.admitted(call, await scope.race(this.breaker.admit(host))).probe;
    let verdict: { outcome: AttemptOutcome; failureCode?: string } = { outcome: 'ignored' };
    try {
      const credentials = await scope.race(this.credentials.getCredentials());
      const release = await this.limiter.acquire({ flow, retry: call.attempts > 0, signal: scope.signal });
      let sent = false;
      try {
        // And again once its turn came: the breaker may have opened while it waited.
        if (!probe) probe = this.admitted(call, await scope.race(this.breaker.admit(host))).probe;
        sent = true;
        const outcome = await this.exchange<R>(call, params, credentials, scope);
        verdict = breakerVerdict(outcome);
        return outcome;
      } finally {
        // A call refused here gives its rate token back, so the calls queued behind it
        // are refused at once, not one per token, and other endpoints' calls lose nothing.
        release({ unused: !sent });
      }
    } finally {
      this.breaker.record(host, verdict.outcome, probe, verdict.failureCode).catch(() => {
        // A breaker that cannot record must not change the outcome of the call.
      });
    }
  }

  /** The admission when allowed; a refusal ends the call with UpstreamUnavailable. */
  private admitted(call: CallRecord, admission: Admission): { readonly probe: boolean } {
    if (admission.allowed) return admission;
    const host = (call.endpoint as URL).host;
    const when = admission.probing
      ? 'a probe is under way'
      : `it will be probed again at ${new Date(admission.retryAt).toISOString()}`;
    const message = `${call.action.name} to ${host}: the endpoint is unavailable after ${admission.failures} connection failures in a row (last: ${admission.lastFailure}); ${when}.`;
    throw new EcsTransportError('UpstreamUnavailable', message);
  }

  private async exchange<R>(
    call: CallRecord,
    params: Record<string, string>,
    credentials: Credentials,
    scope: CallScope,
  ): Promise<Outcome<R>> {
    const endpoint = call.endpoint as URL;
    const signed = signRequest({
      action: call.action.name,
      params,
      format: this.format,
      credentials,
      nonce: this.nonce(),
      time: this.clock(),
    });
    const secrets = [credentials.accessKeySecret, credentials.securityToken, signed.signature];
    // Not clipped to the deadline: when that comes first, the call's own timer names it.
    const timer = new AttemptTimer(scope.signal, this.requestTimeoutMs);
    call.attempts += 1;
    let answer: HttpAnswer;
    try {
      answer = await httpGet(`${endpoint.origin}${endpoint.pathname}?${signed.query}`, {
        dispatcher: this.dispatcher,
        signal: timer.signal,
        timeoutMs: this.requestTimeoutMs,
        maxBodyBytes: this.maxResponseBytes,
        userAgent: DEFAULTS.userAgent,
      });
    } catch (cause) {
      const action = call.action.name;
      if (scope.stoppedBy) throw transportError(scope.stoppedBy, action, endpoint.host);
      if (cause instanceof BodyTooLarge) {
        const message = `${action} to ${endpoint.host}: the response is larger than ${this.maxResponseBytes} bytes.`;
        const error = new EcsTransportError('InvalidResponse', message, { httpStatus: cause.status });
        return { error, httpStatus: cause.status, requestId: undefined };
      }
      const error = timer.timedOut
        ? transportError('Timeout', action, endpoint.host)
        : transportFailure(cause, action, endpoint.host);
      return { error, httpStatus: undefined, requestId: undefined };
    } finally {
      timer.dispose();
    }
    return this.interpret<R>(call, answer, secrets);
  }

  /** A 2xx answer is the action's result; any other is an ECS error body, or not an ECS answer at all. */
  private interpret<R>(
    call: CallRecord,
    answer: HttpAnswer,
    secrets: readonly (string | undefined)[],
  ): Outcome<R> {
    const header = answer.headers['x-acs-request-id'];
    const headerRequestId = typeof header === 'string' ? header : undefined;
    const context = { httpStatus: answer.status, requestId: headerRequestId };
    const retryAfter = retryAfterMs(answer.headers);
    if (answer.status >= 200 && answer.status < 300) {
      try {
        const result = decodeResponse(call.action, answer.body, this.format, context);
        return { result: result as R, httpStatus: answer.status, requestId: result.RequestId as string };
      } catch (error) {
        if (!(error instanceof EcsTransportError)) throw error;
        return { error, ...context };
      }
    }
    const fields = decodeErrorBody(answer.body);
    if (fields) {
      const scrubbed = {
        ...fields,
        message: redact(fields.message, secrets),
        recommend: fields.recommend === undefined ? undefined : redact(fields.recommend, secrets),
      };
      const requestId = fields.requestId ?? headerRequestId;
      return {
        error: new EcsError(scrubbed, answer.status),
        httpStatus: answer.status,
        requestId,
        retryAfterMs: retryAfter,
      };
    }
    // Never quote the body: a proxy's error page may echo the signed URL.
    const contentType = answer.headers['content-type'] ?? 'no content type';
    const message = `${call.action.name} to ${call.endpoint?.host}: HTTP ${answer.status} without an ECS error body (${contentType}, ${Buffer.byteLength(answer.body)} bytes).`;
    return {
      error: new EcsTransportError('InvalidResponse', message, context),
      ...context,
      retryAfterMs: retryAfter,
    };
  }

  private withClientToken(
    action: AnyAction,
    input: Readonly<Record<string, unknown>>,
    options: CallOptions,
  ): Readonly<Record<string, unknown>> {
    if (action.idempotency !== 'clientToken') return input;
    const given = input.ClientToken;
    if (given !== undefined && options.clientToken !== undefined && given !== options.clientToken) {
      const rule = 'the same in the input and in options.clientToken';
      const message = `The specified parameter "ClientToken" is not valid: ${rule}.`;
      throw new ParamError([
        { param: 'ClientToken', rule, code: 'InvalidParameter', httpStatus: 400, message },
      ]);
    }
    // One token per logical call, sent unchanged by every attempt, so ECS acts at most once.
    return { ...input, ClientToken: given ?? options.clientToken ?? this.nonce() };
  }

  private report(
    call: CallRecord,
    startedAt: number,
    errorCode: string | undefined,
    onEnd: CallHook | undefined,
  ): void {
    if (!this.onCall && !onEnd) return;
    const event = {
      action: call.action.name,
      regionId: call.regionId,
      attempts: call.attempts,
      durationMs: performance.now() - startedAt,
      httpStatus: call.httpStatus,
      requestId: call.requestId,
      errorCode,
      throttled: call.throttled,
    };
    // An observer's failure must not change the outcome of the call it observes.
    callHooks(this.onCall, onEnd)(event);
  }
}

/** What an attempt tells of its endpoint: any HTTP answer shows it reachable. */
function breakerVerdict(outcome: Outcome<unknown>): { outcome: AttemptOutcome; failureCode?: string } {
  if ('result' in outcome || outcome.httpStatus !== undefined) return { outcome: 'success' };
  const { error } = outcome;
  if (error instanceof EcsTransportError && CONNECTION_FAILURE_CODES.has(error.code))
    return { outcome: 'failure', failureCode: error.code };
  return { outcome: 'ignored' };
}

function errorCodeOf(error: unknown): string {
  if (error instanceof EcsCallError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error';
}

/**
 * An option that must be a positive integer; `rate` also allows fractions and
 * Infinity (requests per second).
 */
function positive(name: string, value: number | undefined, fallback: number, rate = false): number {
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

/**
 * The wire parameters with the call's region. A regional endpoint's host names it; an
 * overriding endpoint (a proxy, the simulator) serves every region at one URL, so there
 * an action without a region parameter of its own (StartInstance, CreateSnapshot) sends
 * the common RegionId, and the endpoint scopes the call as the regional one would.
 */
function withRegion<P extends Readonly<Record<string, string>>>(
  call: CallRecord,
  override: URL | undefined,
  params: P,
): P {
  return override !== undefined && call.action.regionParam === undefined
    ? { ...params, RegionId: call.regionId }
    : params;
}

/** The region an action's own input names (RegionId, or regionId in today's camelCase actions). */
function regionOf(action: AnyAction, fields: Readonly<Record<string, unknown>>): string | undefined {
  const value = action.regionParam === undefined ? undefined : fields[action.regionParam];
  return typeof value === 'string' ? value : undefined;
}
