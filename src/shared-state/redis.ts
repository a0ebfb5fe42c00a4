import { Redis } from 'ioredis';

/**
 * The Redis connection replicas share state through (REDIS_URL). ioredis: the client
 * graphql-yoga's and envelop's Redis packages use, with scripting, pub/sub and
 * reconnection built in and no install script.
 *
 * Commands fail at once while the connection is down (no offline queue), so every
 * user of shared state falls back to local state instead of waiting; the connection
 * is retried in the background, and `up` with `onChange` say where it stands.
 */
export interface SharedRedisOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  readonly url: string;
  /** Put before every key and channel, so several gateways can share one Redis. */
  readonly keyPrefix: string;
  /** How long one connection attempt may take, ms. Default 2000. */
  readonly connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts, ms. Default 2000. */
  readonly maxReconnectDelayMs?: number;
}

export type RedisStateListener = (up: boolean, reason: string | undefined) => void;

export class SharedRedis {
  /** The command connection. Fails fast while down: callers fall back to local state. */
  readonly client: Redis;
  readonly keyPrefix: string;
  readonly #listeners = new Set<RedisStateListener>();
  readonly #subscribers: Redis[] = [];
  /** Undefined until the first connection attempt ends, so a first failure is reported too. */
  #up: boolean | undefined;
  #closed = false;

  constructor(readonly options: SharedRedisOptions) {
    this.keyPrefix = options.keyPrefix;
    this.client = this.#connect();
    this.client.on('ready', () => this.#set(true, undefined));
    this.client.on('error', (error: Error) => this.#set(false, reasonOf(error)));
    this.client.on('close', () => this.#set(false, 'connection closed'));
  }

  /** Whether the command connection is ready now. */
  get up(): boolean {
    return this.#up === true;
  }

  /** Told when the first attempt ends, then each time the connection comes up or goes down (not on repeated failures). */
  onChange(listener: RedisStateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves true once the connection is ready, false if it is not within `timeoutMs`. */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.#up === true) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(false);
      }, timeoutMs);
      timer.unref?.();
      const stop = this.onChange((up) => {
        if (!up) return;
        clearTimeout(timer);
        stop();
        resolve(true);
      });
    });
  }

  /** The prefixed name of a key or channel: `<prefix><part>:<part>…`. */
  key(...parts: readonly string[]): string {
    return `${this.keyPrefix}${parts.join(':')}`;
  }

  /**
   * A connection of its own for SUBSCRIBE (a subscribed connection takes no other
   * commands). It resubscribes by itself after a reconnection; closed with this one.
   */
  subscriber(): Redis {
    const connection = this.#connect();
    // Its failures are the command connection's to report; an unhandled 'error' would throw.
    connection.on('error', () => {});
    this.#subscribers.push(connection);
    return connection;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const connections = [this.client, ...this.#subscribers];
    await Promise.allSettled(connections.map((connection) => connection.quit()));
    for (const connection of connections) connection.disconnect();
    this.#set(false, 'closed');
  }

  #connect(): Redis {
    const maxDelay = this.options.maxReconnectDelayMs ?? 2_000;
    return new Redis(this.options.url, {
      connectTimeout: this.options.connectTimeoutMs ?? 2_000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Keep trying for as long as the gateway runs: Redis coming back must be noticed.
      retryStrategy: (attempt) => (this.#closed ? null : Math.min(100 * attempt, maxDelay)),
      lazyConnect: false,
    });
  }

  #set(up: boolean, reason: string | undefined): void {
    if (up === this.#up) return;
    this.#up = up;
    for (const listener of this.#listeners) {
      try {
        listener(up, reason);
      } catch {
        // A listener's failure must not stop the others or the connection.
      }
    }
  }
}

/** An error's message without anything from the URL: the password never leaves. */
function reasonOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}
