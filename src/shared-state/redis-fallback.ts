import { withDeadline } from './deadline.js';
import type { SharedRedis } from './redis.js';

export interface RedisFallbackOptions {
  readonly redis: SharedRedis;
  /** A command taking longer counts as failed; a failed catch-up is retried no sooner. */
  readonly timeoutMs: number;
  /** Tells Redis what changed locally while it was not used; rejects if Redis fails meanwhile. */
  readonly catchUp: () => Promise<void>;
  /** Redis is the one truth again: the store drops its local state. */
  readonly resume: () => void;
}

/**
 * The switch a store keeps between Redis and its local state. Redis is used while the
 * connection is up and nothing failed since the store last caught it up; a failed
 * command (`fail`) or a dropped connection switches to local state. When the connection
 * comes back, or on the first use a command timeout after a failure, the store's
 * `catchUp` runs (one at a time), and only once it has told Redis everything does the
 * store use Redis again.
 */
export class RedisFallback {
  readonly #options: RedisFallbackOptions;
  readonly #stopListening: () => void;
  #degraded = true;
  #recovery: Promise<void> | undefined;
  /** When the last catch-up failed (performance.now): the next waits timeoutMs, not a request. */
  #failedAt = Number.NEGATIVE_INFINITY;

  constructor(options: RedisFallbackOptions) {
    this.#options = options;
    this.#stopListening = options.redis.onChange((up) => {
      if (up) void this.#recover();
      else this.#degraded = true;
    });
    if (options.redis.up) void this.#recover();
  }

  /** Whether the store uses Redis now (false while it is away or being told what it missed). */
  get usingRedis(): boolean {
    return !this.#degraded;
  }

  /** Whether to use Redis for this command; while not, may start a catch-up. */
  usable(): boolean {
    const { redis, timeoutMs } = this.#options;
    if (!this.#degraded && redis.up) return true;
    // A command failed without the connection dropping: try to come back on a later use.
    if (this.#degraded && redis.up && performance.now() - this.#failedAt >= timeoutMs) void this.#recover();
    return false;
  }

  /** A command failed: local state answers until the store has caught Redis up. */
  fail(): void {
    this.#degraded = true;
  }

  /** The command, given up on (RedisTimeout) past timeoutMs. */
  command<T>(promise: Promise<T>): Promise<T> {
    return withDeadline(promise, this.#options.timeoutMs);
  }

  /** Settles once a catch-up under way has ended. */
  async settled(): Promise<void> {
    await this.#recovery;
  }

  /** Stops following the connection; the store answers from local state from now on. */
  close(): void {
    this.#stopListening();
    this.#degraded = true;
  }

  #recover(): Promise<void> {
    this.#recovery ??= this.#catchUp().finally(() => {
      this.#recovery = undefined;
    });
    return this.#recovery;
  }

  async #catchUp(): Promise<void> {
    try {
      await this.#options.catchUp();
      if (!this.#options.redis.up) return;
      this.#options.resume();
      this.#degraded = false;
    } catch {
      // Still away: the next change of state, or a use a little later, tries again.
      this.#failedAt = performance.now();
    }
  }
}
