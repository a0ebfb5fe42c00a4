import {
  type GiveBack,
  type LimiterRequest,
  type RateGate,
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
  /**
   * A rate limit kept elsewhere (Redis, shared by replicas), asked for starts after the
   * local token bucket; pass `ratePerSecond: Infinity` to leave the rate to it alone.
   */
  readonly gate?: RateGate | undefined;
}

interface Waiter {
  readonly grant: (giveBack?: GiveBack) => void;
}

/** When a gate fails after all (it should fall back on its own), the next ask waits this long. */
const GATE_FAILURE_RETRY_MS = 100;

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
  private readonly gate: RateGate | undefined;
  /** A gate's answer is awaited: one ask at a time. */
  private asking = false;
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
    this.gate = options.gate;
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
    if (!this.gate && this.queues.size === 0 && this.active < this.limit && this.tokenWait() === 0) {
      this.take();
      return this.releaser();
    }
    const giveBack = await new Promise<GiveBack | undefined>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (slot) => {
          signal.removeEventListener('abort', onAbort);
          resolve(slot);
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
    return this.releaser(giveBack);
  }

  /** Grants waiting calls, one flow after another, while there is a slot and a token. */
  private dispatch(): void {
    while (this.queues.size > 0 && this.active < this.limit) {
      const wait = this.tokenWait();
      if (wait > 0) {
        this.wakeIn(wait);
        return;
      }
      if (this.gate) {
        this.ask(this.gate);
        return;
      }
      this.take();
      this.next().grant();
    }
  }

  /** The waiter whose turn it is, taken off its flow's queue; the flow goes to the back. */
  private next(): Waiter {
    const [flow, queue] = this.queues.entries().next().value as [string, Waiter[]];
    const waiter = queue.shift() as Waiter;
    this.queues.delete(flow);
    if (queue.length > 0) this.queues.set(flow, queue);
    return waiter;
  }

  /**
   * Asks the gate for as many starts as there are waiters and free slots, then grants
   * them in turn. Waiters that left meanwhile (aborted) leave their starts to the gate.
   */
  private ask(gate: RateGate): void {
    if (this.asking || this.cancelWake) return;
    const want = Math.min(this.state.waiting, this.limit - this.active);
    if (want <= 0) return;
    this.asking = true;
    gate.take(want).then(
      ({ slots, retryInMs }) => {
        this.asking = false;
        for (const slot of slots) {
          if (this.queues.size > 0 && this.active < this.limit && this.tokenWait() === 0) {
            this.take();
            this.next().grant(slot);
          } else void slot();
        }
        if (slots.length === 0) this.wakeIn(Math.max(1, retryInMs));
        else this.dispatch();
      },
      () => {
        this.asking = false;
        this.wakeIn(GATE_FAILURE_RETRY_MS);
      },
    );
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

  private releaser(giveBack?: GiveBack): Release {
    let released = false;
    return ({ unused = false } = {}) => {
      if (released) return;
      released = true;
      this.active -= 1;
      // The token was taken for a request that was never sent: the next call may use it.
      if (unused && Number.isFinite(this.rate)) this.tokens = Math.min(this.burst, this.tokens + 1);
      if (unused && giveBack) {
        // Once the gate has it back, a waiter need not sleep out the wait it was told.
        void Promise.resolve()
          .then(giveBack)
          .catch(() => undefined)
          .then(() => {
            this.cancelWake?.();
            this.cancelWake = undefined;
            this.dispatch();
          });
      }
      this.dispatch();
    };
  }
}
