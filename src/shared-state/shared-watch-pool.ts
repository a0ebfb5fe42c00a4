import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { realTimers, type Timers } from '../ecs/limiters.js';
import { isWatchKind } from '../watch/fingerprint.js';
import {
  createWatchPool,
  type ItemOf,
  type WatchEvent,
  type WatchKind,
  type WatchOptions,
  type WatchPool,
  type WatchPoolOptions,
} from '../watch/pool.js';
import type { SharedRedis } from './redis.js';
import { parseEvent, parseGroup, type RequestRecord, type WatchGroupName } from './watch-keys.js';
import { WatchRecords } from './watch-records.js';
import { WatchRequest } from './watch-request.js';

export interface SharedWatchPoolOptions {
  readonly redis: SharedRedis;
  /** The replica's own pool: what it polls as lease holder, and for itself while Redis is out of reach. */
  readonly local: WatchPoolOptions;
  /** This replica's name in leases and channels; default a random UUID. */
  readonly replicaId?: string;
  /**
   * How long a lease and a request record last without renewal, ms: a dead holder's
   * watches move to another replica within about this. Renewed every third of it. Default 5000.
   */
  readonly leaseMs?: number;
  /** The clock of renewals; default the real one (Redis expiry is real time anyway). */
  readonly timers?: Timers;
  /** Told when a Redis command of shared watching fails: the replica then polls for itself. */
  readonly onTrouble?: (error: unknown) => void;
}

export const DEFAULT_LEASE_MS = 5_000;

/** One (kind, region) as this replica sees it: its own requests, and the watches it runs as holder. */
interface Group extends WatchGroupName {
  readonly name: string;
  readonly requests: Set<WatchRequest<WatchKind>>;
  hosting: boolean;
  /** As lease holder: one local watch per live request record, by request id. */
  readonly hosted: Map<string, AsyncIterableIterator<WatchEvent<unknown>>>;
  scan: Promise<void> | undefined;
  rescan: boolean;
}

/**
 * A WatchPool whose polls are shared by every replica on one Redis: per (kind, region)
 * one replica holds a lease and polls, through its ordinary local pool, the union of
 * the ids every replica's subscriptions registered (one local watch per request, so
 * first state, gone and error mean what they mean locally); it sends each event to the
 * request's replica over pub/sub. A holder that stops renewing loses the lease to a
 * replica with requests of that group, which re-opens the watches; the requests drop
 * the repeats (watch-request.ts). While Redis is out of reach every request is watched
 * on the replica's own pool, and goes back to the shared path when it returns.
 */
export function createSharedWatchPool(options: SharedWatchPoolOptions): SharedWatchPool {
  return new RedisWatchPool(options);
}

export interface SharedWatchPool extends WatchPool {
  /** True while the shared path works (Redis up, events channel subscribed); false while this replica polls for itself. */
  readonly shared: boolean;
}

class RedisWatchPool implements SharedWatchPool {
  readonly #redis: SharedRedis;
  readonly #records: WatchRecords;
  readonly #local: WatchPool;
  readonly #replica: string;
  readonly #leaseMs: number;
  readonly #timers: Timers;
  readonly #onTrouble: ((error: unknown) => void) | undefined;
  readonly #subscriber: Redis;
  readonly #requests = new Map<string, WatchRequest<WatchKind>>();
  readonly #groups = new Map<string, Group>();
  readonly #stopListening: () => void;
  #sequence = 0;
  #closed = false;
  /** The subscriber connection has subscribed: events sent now reach this replica. */
  #listening = false;
  #ticking = false;
  #cancelTick: (() => void) | undefined;

  constructor(options: SharedWatchPoolOptions) {
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!Number.isSafeInteger(leaseMs) || leaseMs < 30)
      throw new RangeError('The option "leaseMs" is not valid: an integer of 30 or more.');
    this.#leaseMs = leaseMs;
    this.#redis = options.redis;
    this.#replica = options.replicaId ?? randomUUID();
    this.#records = new WatchRecords(options.redis, this.#replica, leaseMs);
    this.#timers = options.timers ?? realTimers;
    this.#onTrouble = options.onTrouble;
    this.#local = createWatchPool(options.local);
    this.#subscriber = options.redis.subscriber();
    this.#subscriber.on('message', (channel: string, message: string) => this.#onMessage(channel, message));
    const keys = this.#records.keys;
    // Subscribed on each connection: commands before it is ready fail (no offline queue).
    this.#subscriber.on('ready', () => {
      this.#subscriber.subscribe(keys.control, keys.to(this.#replica)).then(
        () => {
          this.#listening = true;
          void this.#tick();
        },
        () => {},
      );
    });
    // Events sent while it is away are lost: the requests are watched here until it is back.
    this.#subscriber.on('close', () => {
      if (!this.#listening) return;
      this.#listening = false;
      this.#trouble();
    });
    this.#stopListening = options.redis.onChange((up) => (up ? void this.#tick() : this.#trouble()));
    this.#schedule();
  }

  watch<K extends WatchKind>(
    kind: K,
    regionId: string,
    ids: readonly string[],
    watchOptions: WatchOptions = {},
  ): AsyncIterableIterator<WatchEvent<ItemOf<K>>> {
    if (!isWatchKind(kind))
      throw new TypeError(`Cannot watch "${String(kind)}": not one of snapshot, instance, disk.`);
    const { signal } = watchOptions;
    const onAbort = () => request.output.finish();
    const request: WatchRequest<K> = new WatchRequest(
      `${this.#replica}.${++this.#sequence}`,
      kind,
      regionId,
      ids,
      (ended) => {
        signal?.removeEventListener('abort', onAbort);
        this.#ended(ended as unknown as WatchRequest<WatchKind>);
      },
    );
    if (this.#closed || signal?.aborted) {
      request.output.finish();
      return request.output;
    }
    const shared = request as unknown as WatchRequest<WatchKind>;
    this.#requests.set(request.id, shared);
    this.#groupOf(kind, regionId).requests.add(shared);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (this.shared) void this.#register([shared]);
    else request.goLocal(this.#local);
    return request.output;
  }

  /** What this replica polls (its pollers and ids, as holder or for itself) and serves (its subscriptions). */
  stats(): { readonly pollers: number; readonly watchedIds: number; readonly watchers: number } {
    const local = this.#local.stats();
    return { pollers: local.pollers, watchedIds: local.watchedIds, watchers: this.#requests.size };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelTick?.();
    this.#stopListening();
    for (const group of this.#groups.values()) {
      if (!group.hosting) continue;
      this.#stopHosting(group);
      // Given up at once, so another replica takes the watches without waiting for expiry.
      this.#records.release(group).catch(() => {});
    }
    for (const request of [...this.#requests.values()]) request.output.finish();
    this.#local.close();
    this.#subscriber.quit().catch(() => {});
  }

  get shared(): boolean {
    return !this.#closed && this.#listening && this.#redis.up;
  }

  #groupOf(kind: WatchKind, regionId: string): Group {
    const name = `${kind}\u0000${regionId}`;
    let group = this.#groups.get(name);
    if (!group) {
      group = {
        name,
        kind,
        regionId,
        requests: new Set(),
        hosting: false,
        hosted: new Map(),
        scan: undefined,
        rescan: false,
      };
      this.#groups.set(name, group);
    }
    return group;
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#cancelTick = this.#timers.schedule(Math.floor(this.#leaseMs / 3), () => {
      this.#cancelTick = undefined;
      void this.#tick().finally(() => this.#schedule());
    });
  }

  /** Renews the records of this replica's requests (registering those watched locally) and claims or renews its leases. */
  async #tick(): Promise<void> {
    if (this.#ticking || this.#closed) return;
    this.#ticking = true;
    try {
      if (!this.shared) {
        this.#trouble();
        return;
      }
      await this.#register([...this.#requests.values()]);
      for (const group of [...this.#groups.values()]) await this.#claim(group);
    } catch (error) {
      this.#trouble(error);
    } finally {
      this.#ticking = false;
    }
  }

  /** Writes the records of requests (heartbeat or first registration); those that were local move to the shared path. */
  async #register(requests: readonly WatchRequest<WatchKind>[]): Promise<void> {
    if (requests.length === 0) return;
    try {
      await this.#records.write(requests);
      const joined = new Set<Group>();
      for (const request of requests) {
        if (request.output.done) {
          // Ended while its record was written: the record goes too.
          void this.#unregister(request);
          continue;
        }
        if (request.shared) continue;
        request.shared = true;
        request.leaveLocal();
        joined.add(this.#groupOf(request.kind, request.regionId));
      }
      for (const group of joined) {
        await this.#records.announce(group);
        await this.#claim(group);
      }
    } catch (error) {
      this.#trouble(error);
    }
  }

  async #unregister(request: WatchRequest<WatchKind>): Promise<void> {
    try {
      await this.#records.remove(request);
      await this.#records.announce(request);
    } catch {
      // Its record expires within leaseMs: the holder stops polling its ids then.
    }
  }

  /** Takes or renews the group's lease when this replica has a reason to poll it, and serves the live requests if it holds it. */
  async #claim(group: Group): Promise<void> {
    if (this.#closed) return;
    const wanted = group.hosting || [...group.requests].some((request) => request.shared);
    if (!wanted) return;
    if (!(await this.#records.claim(group))) {
      this.#stopHosting(group);
      return;
    }
    group.hosting = true;
    await this.#scan(group);
  }

  /** One scan at a time per group; a scan asked for meanwhile runs once after it. */
  #scan(group: Group): Promise<void> {
    if (group.scan) {
      group.rescan = true;
      return group.scan;
    }
    group.scan = (async () => {
      do {
        group.rescan = false;
        await this.#scanOnce(group);
      } while (group.rescan);
    })().finally(() => {
      group.scan = undefined;
    });
    return group.scan;
  }

  /** As holder: opens a local watch for each live request record, closes those whose record is gone. */
  async #scanOnce(group: Group): Promise<void> {
    const live = await this.#records.live(group);
    if (!group.hosting || this.#closed) return;
    for (const [id, watch] of group.hosted) {
      if (live.has(id)) continue;
      group.hosted.delete(id);
      void watch.return?.();
    }
    for (const [id, record] of live) if (!group.hosted.has(id)) this.#host(group, id, record);
    if (live.size > 0 || group.requests.size > 0) return;
    // Nobody watches this group any more: the lease is given up and the group forgotten.
    this.#stopHosting(group);
    this.#groups.delete(group.name);
    await this.#records.release(group);
  }

  /** One local watch for one request record; its events go to the request's replica. */
  #host(group: Group, id: string, record: RequestRecord): void {
    const watch = this.#local.watch(group.kind, group.regionId, record.ids) as AsyncIterableIterator<
      WatchEvent<unknown>
    >;
    group.hosted.set(id, watch);
    void (async () => {
      for await (const event of watch) {
        if (group.hosted.get(id) !== watch) break;
        if (record.replica === this.#replica) {
          this.#requests.get(id)?.deliver(event as WatchEvent<ItemOf<WatchKind>>);
          continue;
        }
        // A lost event is not resent by the poller: on failure every watch here is re-opened later.
        this.#records.send(record.replica, id, event).catch((error: unknown) => this.#trouble(error));
      }
    })();
  }

  #stopHosting(group: Group): void {
    group.hosting = false;
    for (const watch of group.hosted.values()) void watch.return?.();
    group.hosted.clear();
  }

  #ended(request: WatchRequest<WatchKind>): void {
    this.#requests.delete(request.id);
    const group = this.#groupOf(request.kind, request.regionId);
    group.requests.delete(request);
    const hosted = group.hosted.get(request.id);
    if (hosted) {
      group.hosted.delete(request.id);
      void hosted.return?.();
    }
    if (request.shared) {
      request.shared = false;
      void this.#unregister(request);
    }
    if (group.requests.size === 0 && !group.hosting) this.#groups.delete(group.name);
  }

  #onMessage(channel: string, message: string): void {
    if (this.#closed) return;
    if (channel === this.#records.keys.control) {
      const name = parseGroup(message);
      const group = name && this.#groups.get(`${name.kind}\u0000${name.regionId}`);
      if (group) this.#claim(group).catch((error: unknown) => this.#trouble(error));
      return;
    }
    const received = parseEvent(message);
    if (received) this.#requests.get(received.r)?.deliver(received.e as WatchEvent<ItemOf<WatchKind>>);
  }

  /** Redis out of reach (or a command failed): every request is watched here, nothing is served for others. */
  #trouble(error?: unknown): void {
    if (this.#closed) return;
    let leaving = false;
    for (const request of this.#requests.values()) {
      leaving ||= request.shared || !request.local;
      request.shared = false;
      request.goLocal(this.#local);
    }
    for (const group of this.#groups.values()) {
      leaving ||= group.hosting;
      this.#stopHosting(group);
    }
    // Told once as the shared path is left, not at each failing retry.
    if (error === undefined || !leaving) return;
    try {
      this.#onTrouble?.(error);
    } catch {
      // A logger's failure must not stop the fallback.
    }
  }
}

/** What a Redis failure may be logged as: its code or class, never its message (it may quote a command). */
export function redisErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}
