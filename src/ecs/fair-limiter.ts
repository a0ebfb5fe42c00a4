import {
  type LimiterRequest,
  type Release,
  realTimers,
  type Timers,
  type UpstreamLimiter,
} from './limiters.js';

export interface FairLimiterOptions {
  /** Attempts in flight at once. */
  readonly maxConcurrency: number;
  /** Attempts started per second on average; `Infinity` for no limit. */
  readonly ratePerSecond: number;
  /** Attempts that may start at once after a quiet spell. */
  readonly burst: number;
  readonly timers?: Timers | undefined;
}

interface Waiter {
  readonly grant: () => void;
}

/**
 * A concurrency bound and a token bucket that serve waiting calls round robin between
 * flows: each grant goes to the next flow with a waiting call, in turn, so a flow that
 * queued a thousand calls delays a newcomer's call by one grant, not a thousand.
 * Within a flow, calls go in arrival order. A flow's state exists only while it has
 * a waiting call; finished flows leave nothing behind.
 */
export class FairLimiter implements UpstreamLimiter {
  private readonly limit: number;
  private readonly rate: number;
  private readonly burst: number;
  private readonly timers: Timers;
  private active = 0;
  private tokens: number;
  private updatedAt: number;
  /** Flows with waiting calls. A Map iterates in insertion order: the served flow is re-inserted at the end. */
  private readonly queues = new Map<string, Waiter[]>();
  private cancelWake: (() => void) | undefined;

  constructor(options: FairLimiterOptions) {
    this.limit = options.maxConcurrency;
    this.rate = options.ratePerSecond;
    this.burst = options.burst;
    this.timers = options.timers ?? realTimers;
    this.tokens = this.burst;
    this.updatedAt = this.timers.now();
  }

  /** Calls in flight, and flows and calls waiting: for tests and diagnostics. */
  get state(): { readonly active: number; readonly flows: number; readonly waiting: number } {
    let waiting = 0;
    for (const queue of this.queues.values()) waiting += queue.length;
    return { active: this.active, flows: this.queues.size, waiting };
  }

  async acquire({ flow, retry = false, signal }: LimiterRequest): Promise<Release> {
    signal.throwIfAborted();
    if (this.queues.size === 0 && this.active < this.limit && this.tokenWait() === 0) {
      this.take();
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.remove(flow, waiter);
        reject(signal.reason);
      };
      const queue = this.queues.get(flow);
      if (!queue) this.queues.set(flow, [waiter]);
      else if (retry) queue.unshift(waiter);
      else queue.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
      this.dispatch();
    });
    return this.releaser();
  }

  /** Grants waiting calls, one flow after another, while there is a slot and a token. */
  private dispatch(): void {
    while (this.queues.size > 0 && this.active < this.limit) {
      const wait = this.tokenWait();
      if (wait > 0) {
        this.wakeIn(wait);
        return;
      }
      const [flow, queue] = this.queues.entries().next().value as [string, Waiter[]];
      const waiter = queue.shift() as Waiter;
      this.queues.delete(flow);
      if (queue.length > 0) this.queues.set(flow, queue);
      this.take();
      waiter.grant();
    }
  }

  private remove(flow: string, waiter: Waiter): void {
    const queue = this.queues.get(flow);
    if (!queue) return;
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
    if (queue.length === 0) this.queues.delete(flow);
  }

  private take(): void {
    this.active += 1;
    if (Number.isFinite(this.rate)) this.tokens -= 1;
  }

  /** Milliseconds until a whole token is in the bucket; 0 when one is there now. */
  private tokenWait(): number {
    if (!Number.isFinite(this.rate)) return 0;
    const now = this.timers.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.rate) / 1000);
    this.updatedAt = now;
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.rate);
  }

  private wakeIn(ms: number): void {
    // One timer at most: tokens only accrue, so an earlier wake-up is never late.
    if (this.cancelWake) return;
    this.cancelWake = this.timers.schedule(ms, () => {
      this.cancelWake = undefined;
      this.dispatch();
    });
  }

  private releaser(): Release {
    let released = false;
    return ({ unused = false } = {}) => {
      if (released) return;
      released = true;
      this.active -= 1;
      // The token was taken for a request that was never sent: the next call may use it.
      if (unused && Number.isFinite(this.rate)) this.tokens = Math.min(this.burst, this.tokens + 1);
      this.dispatch();
    };
  }
}
