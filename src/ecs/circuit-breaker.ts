import { LRUCache } from 'lru-cache';
/**
 * Per-endpoint circuit breakers: after repeated connection failures an endpoint is
 * refused at once instead of being retried until every call's deadline, and after a
 * cool-down one call is let through to probe whether it is back.
 */

/** What the breaker answers before an attempt. Plain data, so a shared store can hold it. */
export type Admission =
  | {
      readonly allowed: true;
      /** The one call let through to test a half-open endpoint. */
      readonly probe: boolean;
    }
  | {
      readonly allowed: false;
      /** When a probe is let through (epoch ms); while `probing`, the time the probe went. */
      readonly retryAt: number;
      /** A probe is out; its outcome decides. */
      readonly probing: boolean;
      /** Connection failures in a row that opened it. */
      readonly failures: number;
      /** The transport code of the last of them. */
      readonly lastFailure: string;
    };

/**
 * How an admitted attempt ended, for the breaker:
 * - `success`: an HTTP answer arrived, whatever its status (the endpoint is reachable);
 * - `failure`: no connection or no answer (refused, connect timeout, DNS, reset, timeout);
 * - `ignored`: says nothing of the endpoint (aborted by the caller, deadline, client closed).
 */
export type AttemptOutcome = 'success' | 'failure' | 'ignored';

/** The seam: the in-process breaker below, or one whose state is shared between processes. */
export interface CircuitBreaker {
  /** Whether an attempt to `endpoint` (a host) may go now. */
  admit(endpoint: string): Promise<Admission>;
  /**
   * Reports how an admitted attempt ended; called once for every admission that was
   * allowed, with its `probe` flag. `failureCode` names a failure.
   */
  record(endpoint: string, outcome: AttemptOutcome, probe: boolean, failureCode?: string): Promise<void>;
}

export interface BreakerOptions {
  /** Connection failures in a row, with no answer between them, that open the breaker. */
  readonly failureThreshold: number;
  /** How long an open breaker refuses before it lets a probe through, ms. */
  readonly coolDownMs: number;
  /** Epoch milliseconds. */
  readonly now?: (() => number) | undefined;
}

type EndpointState =
  | { readonly kind: 'closed'; readonly failures: number; readonly lastFailure: string }
  | { readonly kind: 'open'; readonly failures: number; readonly lastFailure: string; readonly until: number }
  | {
      readonly kind: 'halfOpen';
      readonly failures: number;
      readonly lastFailure: string;
      readonly since: number;
    };

/**
 * The in-process breaker: closed → open after `failureThreshold` connection failures
 * in a row; open → half-open when `coolDownMs` has passed, letting one probe through
 * while every other call is refused; the probe's success closes it, its failure opens
 * it for another cool-down. Only endpoints with failures have state, one entry per host.
 */
/** Endpoints with failures remembered at once; the least recently used go first. */
const MAX_ENDPOINTS = 1_024;

export class ConsecutiveFailureBreaker implements CircuitBreaker {
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  // Bounded: a host comes from the region of a call, and made-up regions fail DNS
  // without ever succeeding, so a plain map would keep one entry per name forever.
  private readonly endpoints = new LRUCache<string, EndpointState>({ max: MAX_ENDPOINTS });

  constructor(options: BreakerOptions) {
    this.threshold = options.failureThreshold;
    this.coolDownMs = options.coolDownMs;
    this.now = options.now ?? Date.now;
  }

  /** The state of one endpoint, for tests and diagnostics. */
  stateOf(endpoint: string): 'closed' | 'open' | 'halfOpen' {
    return this.endpoints.get(endpoint)?.kind ?? 'closed';
  }

  async admit(endpoint: string): Promise<Admission> {
    const state = this.endpoints.get(endpoint);
    if (!state || state.kind === 'closed') return { allowed: true, probe: false };
    const now = this.now();
    if (state.kind === 'open' && now >= state.until) {
      const { failures, lastFailure } = state;
      this.endpoints.set(endpoint, { kind: 'halfOpen', failures, lastFailure, since: now });
      return { allowed: true, probe: true };
    }
    const { failures, lastFailure } = state;
    if (state.kind === 'open')
      return { allowed: false, retryAt: state.until, probing: false, failures, lastFailure };
    return { allowed: false, retryAt: state.since, probing: true, failures, lastFailure };
  }

  async record(
    endpoint: string,
    outcome: AttemptOutcome,
    probe: boolean,
    failureCode = 'failure',
  ): Promise<void> {
    const state = this.endpoints.get(endpoint);
    if (outcome === 'success') {
      // Any answer shows the endpoint reachable: forget its failures (a success while
      // half-open but not from the probe was admitted before the breaker opened).
      this.endpoints.delete(endpoint);
      return;
    }
    if (outcome === 'ignored') {
      // A probe that ended without telling anything frees the way for the next probe.
      if (probe && state?.kind === 'halfOpen')
        this.endpoints.set(endpoint, {
          kind: 'open',
          failures: state.failures,
          lastFailure: state.lastFailure,
          until: this.now(),
        });
      return;
    }
    // A straggler admitted before the breaker opened changes nothing: the probe decides.
    if (!probe && state && state.kind !== 'closed') return;
    const failures = (state?.failures ?? 0) + 1;
    if (probe || failures >= this.threshold)
      this.endpoints.set(endpoint, {
        kind: 'open',
        failures,
        lastFailure: failureCode,
        until: this.now() + this.coolDownMs,
      });
    else this.endpoints.set(endpoint, { kind: 'closed', failures, lastFailure: failureCode });
  }
}
