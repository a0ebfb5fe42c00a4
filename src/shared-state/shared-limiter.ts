import { FairLimiter } from '../ecs/fair-limiter.js';
import type { LimiterRequest, Release, Timers, UpstreamLimiter } from '../ecs/limiters.js';
import { SharedRateGate, type SharedRateGateOptions } from './shared-rate-gate.js';

export interface SharedUpstreamLimiterOptions
  extends Omit<SharedRateGateOptions, 'ratePerSecond' | 'timers'> {
  /** Attempts in flight at once in this replica (ECS_MAX_CONCURRENCY). */
  readonly maxConcurrency: number;
  /** Attempts started per second by all replicas together (ECS_RATE_LIMIT); Infinity: no limit, no Redis. */
  readonly ratePerSecond: number;
  readonly timers?: Timers | undefined;
}

/**
 * The client's limiter when replicas share one account: fairness between flows and the
 * concurrency bound stay in this process (a FairLimiter), the rate is one for all
 * replicas (a SharedRateGate on Redis).
 */
export class SharedUpstreamLimiter implements UpstreamLimiter {
  /** The shared rate; undefined when there is no rate limit. */
  readonly gate: SharedRateGate | undefined;
  readonly #fair: FairLimiter;

  constructor({ maxConcurrency, ratePerSecond, timers, ...gate }: SharedUpstreamLimiterOptions) {
    this.gate = Number.isFinite(ratePerSecond)
      ? new SharedRateGate({ ...gate, ratePerSecond, ...(timers ? { timers } : {}) })
      : undefined;
    this.#fair = new FairLimiter({
      maxConcurrency,
      ratePerSecond: Number.POSITIVE_INFINITY,
      burst: 1,
      timers,
      gate: this.gate,
    });
  }

  /** Calls in flight, and flows and calls waiting, in this replica. */
  get state(): FairLimiter['state'] {
    return this.#fair.state;
  }

  acquire(request: LimiterRequest): Promise<Release> {
    return this.#fair.acquire(request);
  }

  /** Stops the heartbeat; the Redis connection is the caller's to close, after this. */
  async close(): Promise<void> {
    await this.gate?.close();
  }
}
