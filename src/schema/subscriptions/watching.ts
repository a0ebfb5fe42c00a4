import { GraphQLError } from 'graphql';
import { realTimers, type Timers } from '../../ecs/limiters.js';
import type { WatchPool } from '../../watch/pool.js';

export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';
export const SUBSCRIPTIONS_CLOSED = 'SUBSCRIPTIONS_CLOSED';

export interface WatchingOptions {
  /** The process's one pool of pollers, shared by every subscription. */
  readonly pool: WatchPool;
  /** Most subscriptions open at once (GATEWAY_MAX_SUBSCRIPTIONS); 0 refuses every one. */
  readonly maxSubscriptions: number;
  /** Most open from one client address (GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT). */
  readonly maxPerClient: number;
  /** Longest one subscription watches (GATEWAY_MAX_WATCH_MS). */
  readonly maxWatchMs: number;
  /** The clock of the watch time; the real one by default. */
  readonly timers?: Timers;
}

/**
 * What every subscription of the process shares: the watch pool, and the count of open
 * subscriptions by which the total and per-client bounds are kept. The per-client bound
 * is by address, across both SSE transports and every connection or graphql-sse stream
 * of that address: a TCP connection carries one distinct-mode stream at a time and a
 * client may open many, so only the address bounds what one client takes of the total.
 */
export class Watching {
  readonly pool: WatchPool;
  readonly maxWatchMs: number;
  readonly timers: Timers;
  readonly #maxSubscriptions: number;
  readonly #maxPerClient: number;
  readonly #byClient = new Map<string, number>();
  #open = 0;
  #closed = false;

  constructor(options: WatchingOptions) {
    this.pool = options.pool;
    this.maxWatchMs = options.maxWatchMs;
    this.timers = options.timers ?? realTimers;
    this.#maxSubscriptions = options.maxSubscriptions;
    this.#maxPerClient = options.maxPerClient;
  }

  /** Subscriptions open now. */
  get open(): number {
    return this.#open;
  }

  /**
   * Counts one subscription of `client`, or throws the refusal (TOO_MANY_SUBSCRIPTIONS,
   * SUBSCRIPTIONS_CLOSED while the gateway shuts down). The returned function releases
   * it; calling it again does nothing.
   */
  admit(client: string): () => void {
    if (this.#closed)
      throw new GraphQLError('The gateway is shutting down and takes no new subscription.', {
        extensions: { code: SUBSCRIPTIONS_CLOSED },
      });
    if (this.#open >= this.#maxSubscriptions)
      throw new GraphQLError(
        `The gateway has ${this.#maxSubscriptions} subscriptions open, the most it serves (GATEWAY_MAX_SUBSCRIPTIONS); try again later.`,
        { extensions: { code: TOO_MANY_SUBSCRIPTIONS, scope: 'gateway', limit: this.#maxSubscriptions } },
      );
    const mine = this.#byClient.get(client) ?? 0;
    if (mine >= this.#maxPerClient)
      throw new GraphQLError(
        `This client has ${this.#maxPerClient} subscriptions open, the most one client address may (GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT); end one first.`,
        { extensions: { code: TOO_MANY_SUBSCRIPTIONS, scope: 'client', limit: this.#maxPerClient } },
      );
    this.#open += 1;
    this.#byClient.set(client, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#open -= 1;
      const left = (this.#byClient.get(client) ?? 1) - 1;
      if (left > 0) this.#byClient.set(client, left);
      else this.#byClient.delete(client);
    };
  }

  /** Whether the gateway is shutting down: the pool's watches end for that reason. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Ends every subscription (each gets a SUBSCRIPTIONS_CLOSED event, then completes) and refuses new ones: the gateway is shutting down. */
  close(): void {
    this.#closed = true;
    this.pool.close();
  }
}
