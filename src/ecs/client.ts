import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { ActionInput, ActionResult, AnyAction } from '../spec/action.js';
import { API_LIMITS, type ApiLimits, DEFAULT_API_LIMITS } from '../spec/limits.js';
import {
  breakerVerdict,
  errorCodeOf,
  failedExchange,
  interpretAnswer,
  type Outcome,
} from './attempt-outcome.js';
import { AttemptTimer, CallScope } from './call-scope.js';
import { type CallHook, type CallOptions, callHooks, type EcsCaller } from './caller.js';
import {
  type Admission,
  type AttemptOutcome,
  type CircuitBreaker,
  ConsecutiveFailureBreaker,
} from './circuit-breaker.js';
import { DEFAULTS, type EcsClientOptions, positive } from './client-options.js';
import { withClientToken } from './client-token.js';
import type { Credentials, CredentialsProvider } from './credentials.js';
import type { ResponseFormat } from './decode.js';
import { encodeParams } from './encode-params.js';
import { endpointFor, isRegionId, parseEndpointOverride, regionOf, withRegion } from './endpoint.js';
import {
  CredentialsError,
  type EcsCallError,
  EcsError,
  EcsTransportError,
  isThrottlingCode,
  isUpstreamFailure,
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
import { backoffDelay, mayHaveActed, mayRetry } from './retry.js';
import { type SignatureVersion, signAttempt } from './signed-request.js';
import { createDispatcher, type HttpAnswer, httpSend, transportError } from './transport.js';

// The options are the client's constructor API: importable with it.
export type { EcsClientOptions } from './client-options.js';

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

/**
 * The signed ECS client: validates and encodes input, signs each attempt afresh,
 * sends it over one undici dispatcher under a concurrency bound and a rate limit,
 * decodes XML or JSON with the action's shape, and retries what is safe to retry.
 */
export class EcsClient implements EcsCaller {
  private readonly credentials: CredentialsProvider;
  private readonly defaultRegionId: string;
  private readonly endpoint: URL | undefined;
  private readonly signature: SignatureVersion;
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
    this.signature = options.signature ?? DEFAULTS.signature;
    if (this.signature !== 'v1' && this.signature !== 'v3')
      throw new RangeError(`The option "signature" is not valid: v1 or v3.`);
    this.format = options.format ?? (this.signature === 'v3' ? 'JSON' : DEFAULTS.format);
    if (this.format !== 'XML' && this.format !== 'JSON')
      throw new RangeError(`The option "format" is not valid: XML or JSON.`);
    if (this.signature === 'v3' && this.format !== 'JSON')
      throw new RangeError(
        `The option "format" is not valid: JSON under signature v3 (ECS answers V3 calls in JSON).`,
      );
    this.limits = options.limits ?? API_LIMITS[DEFAULT_API_LIMITS];
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
      call.action,
      call.regionId,
      this.endpoint,
      encodeParams(
        call.action.params,
        withClientToken(call.action, input, options.clientToken, this.nonce),
        this.limits,
      ),
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
      // A refusal of the breaker, a stop while an attempt was in flight, or credentials that
      // could not be had for a retry. A CredentialsError alone says why nothing was sent; after
      // an attempt that may have acted, that attempt's error is what the caller must know.
      if (isUpstreamFailure(error) || error instanceof CredentialsError) throw ending(error);
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
    // A fresh nonce and time per attempt; the parameters (a ClientToken among them) stay.
    const signed = signAttempt(this.signature, {
      action: call.action.name,
      params,
      format: this.format,
      credentials,
      nonce: this.nonce(),
      time: this.clock(),
      host: endpoint.host,
      path: endpoint.pathname,
    });
    const secrets = [credentials.accessKeySecret, credentials.securityToken, signed.signature];
    // Not clipped to the deadline: when that comes first, the call's own timer names it.
    const timer = new AttemptTimer(scope.signal, this.requestTimeoutMs);
    call.attempts += 1;
    let answer: HttpAnswer;
    try {
      answer = await httpSend(`${endpoint.origin}${endpoint.pathname}?${signed.query}`, {
        method: signed.method,
        headers: signed.headers,
        dispatcher: this.dispatcher,
        signal: timer.signal,
        timeoutMs: this.requestTimeoutMs,
        maxBodyBytes: this.maxResponseBytes,
        userAgent: DEFAULTS.userAgent,
      });
    } catch (cause) {
      const action = call.action.name;
      if (scope.stoppedBy) throw transportError(scope.stoppedBy, action, endpoint.host);
      return failedExchange(cause, action, endpoint.host, {
        timedOut: timer.timedOut,
        maxResponseBytes: this.maxResponseBytes,
      });
    } finally {
      timer.dispose();
    }
    return interpretAnswer<R>(answer, {
      action: call.action,
      host: endpoint.host,
      format: this.format,
      secrets,
    });
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
