import { setTimeout as delay } from 'node:timers/promises';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, { signal });
};

/** A clock and a timer, injected so that tests can move time by hand. */
export interface Timers {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  /** Calls `run` after `ms`; the returned function cancels it. */
  schedule(ms: number, run: () => void): () => void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  schedule(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

export interface LimiterRequest {
  /**
   * Whose call this is: an opaque key, one per GraphQL request. Waiting calls are
   * served in turn between flows, so one flow's thousand calls cannot starve another's one.
   */
  readonly flow: string;
  /** A repeat of a call that already waited its turn: it goes to the head of its flow's queue. */
  readonly retry?: boolean;
  /** Firing removes the waiter from the queue and rejects with the signal's reason. */
  readonly signal: AbortSignal;
}

/**
 * What the client asks before every attempt: room under the concurrency bound and a
 * token of the rate limit. The in-process FairLimiter is the one implementation here;
 * a shared one (Redis) can take its place for several gateway processes.
 */
/**
 * Gives an attempt's slot back. `unused`: the attempt was not sent after all (the
 * breaker refused it once its turn came), so its rate token goes back too.
 */
export type Release = (options?: { readonly unused?: boolean }) => void;

export interface UpstreamLimiter {
  /** Resolves, when the attempt may be sent, with the function that gives its slot back. */
  acquire(request: LimiterRequest): Promise<Release>;
}

/** Gives back one start a rate gate granted, when the attempt was not sent after all. */
export type GiveBack = () => Promise<void> | void;

/** What a rate gate answers: the starts it granted now, or, when none, how long to wait before asking again. */
export interface RateGrant {
  /** One give-back per granted start, fewer than asked for when the rate is used up. */
  readonly slots: readonly GiveBack[];
  /** When `slots` is empty: milliseconds until a start may be free. */
  readonly retryInMs: number;
}

/**
 * The rate limit behind a FairLimiter when it lives elsewhere (Redis, for several
 * replicas): the limiter keeps fairness and the concurrency bound, and asks the gate for
 * starts. It asks once at a time; a gate does not reject (it falls back on its own).
 */
export interface RateGate {
  take(want: number): Promise<RateGrant>;
}

/** Calls with no flow of their own share this one. */
export const DEFAULT_FLOW = 'default';
