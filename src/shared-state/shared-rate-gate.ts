import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type GiveBack, type RateGate, type RateGrant, realTimers, type Timers } from '../ecs/limiters.js';
import { type OwnStart, OwnStarts, type RateWindow, rateWindow, room } from './rate-window.js';
import { HEARTBEAT_SCRIPT, TAKE_SCRIPT } from './rate-window-scripts.js';
import type { SharedRedis } from './redis.js';

export interface SharedRateGateOptions {
  readonly redis: SharedRedis;
  /** Starts per second for all replicas together (ECS_RATE_LIMIT); finite. */
  readonly ratePerSecond: number;
  /**
   * How much longer than a second a start holds its place (default 100 ms): the time
   * between a grant and the call's arrival at ECS (the Redis answer, an event-loop turn,
   * the connection) differs from call to call, and must not squeeze rate + 1 arrivals
   * into one second at ECS's end. The cost: up to 1/11 of the rate when it is all used.
   */
  readonly marginMs?: number;
  /** Heartbeat spacing, ms (default 2000); a replica silent for 2.5 heartbeats no longer counts. */
  readonly heartbeatMs?: number;
  /** This replica's name in Redis; default a random UUID. */
  readonly replicaId?: string;
  /**
   * Milliseconds on a clock every replica shares, for the window in Redis. Default:
   * Redis's own clock (TIME, read inside the script), which needs no clock sync between
   * the replicas' hosts. Tests pass their injected clock.
   */
  readonly now?: () => number;
  /** Local clock and timer: waits, heartbeats and the fallback window. */
  readonly timers?: Timers;
}

/** Redis's expiry is only garbage collection, far behind the window's own clock. */
const GC_MS = 60_000;
/** A never-connected replica waits this long for Redis at its first start. */
const FIRST_CONNECT_WAIT_MS = 1_000;

type Scripted = Redis & {
  ecsRateTake(key: string, ...args: (string | number)[]): Promise<[number, number]>;
  ecsRateHeartbeat(key: string, ...args: (string | number)[]): Promise<number>;
};

/**
 * The account's rate limit shared by every replica: a sliding-window log in Redis. While
 * Redis is unreachable or a command fails, each replica goes on alone at its share of the
 * rate, rate / replicas, replicas being those that heartbeated into Redis lately; it
 * shares again on the next start after Redis answers.
 */
export class SharedRateGate implements RateGate {
  readonly #redis: SharedRedis;
  readonly #client: Scripted;
  readonly #rate: number;
  readonly #marginMs: number;
  readonly #window: RateWindow;
  readonly #heartbeatMs: number;
  readonly #id: string;
  readonly #now: (() => number) | undefined;
  readonly #timers: Timers;
  readonly #windowKey: string;
  readonly #replicasKey: string;
  readonly #own: OwnStarts;
  #sequence = 0;
  #replicas = 1;
  #mode: 'shared' | 'local' = 'shared';
  /** Whether Redis ever answered a take: then the switch to local waits out one window. */
  #everShared = false;
  #blockedUntil = Number.NEGATIVE_INFINITY;
  #waitedFirst = false;
  /** While alone: when Redis was first seen answering again. */
  #upSince: number | undefined;
  #cancelHeartbeat: (() => void) | undefined;
  readonly #stopWatching: () => void;
  #closed = false;
  #inFlight = 0;

  constructor(options: SharedRateGateOptions) {
    if (!(options.ratePerSecond > 0 && Number.isFinite(options.ratePerSecond)))
      throw new RangeError('ratePerSecond must be a positive finite number for a shared rate limit.');
    this.#redis = options.redis;
    this.#client = options.redis.client as Scripted;
    defineScripts(this.#client);
    this.#rate = options.ratePerSecond;
    this.#marginMs = options.marginMs ?? 100;
    this.#window = rateWindow(this.#rate, this.#marginMs);
    this.#heartbeatMs = options.heartbeatMs ?? 2_000;
    this.#id = options.replicaId ?? randomUUID();
    this.#now = options.now;
    this.#timers = options.timers ?? realTimers;
    this.#windowKey = options.redis.key('quota', 'window');
    this.#replicasKey = options.redis.key('quota', 'replicas');
    this.#own = new OwnStarts();
    // Redis (back) up: this replica counts itself in, and what it started alone goes into
    // Redis at once.
    this.#stopWatching = options.redis.onChange((up) => {
      if (!up) return;
      void this.#beat();
      if (this.#mode === 'local') void this.#takeShared(0).catch(() => undefined);
    });
    this.#heartbeat();
  }

  /** Where starts are counted now, and how many replicas share the rate: for tests and diagnostics. */
  get state(): { readonly mode: 'shared' | 'local'; readonly replicas: number; readonly inFlight: number } {
    return { mode: this.#mode, replicas: this.#replicas, inFlight: this.#inFlight };
  }

  /** The window each replica keeps alone while Redis is away: rate / replicas. */
  get localWindow(): RateWindow {
    return rateWindow(this.#rate / this.#replicas, this.#marginMs);
  }

  async take(want: number): Promise<RateGrant> {
    if (!this.#waitedFirst) {
      this.#waitedFirst = true;
      // Before Redis first answers, this replica cannot know it is not alone.
      if (!this.#redis.up && (await this.#redis.ready(FIRST_CONNECT_WAIT_MS))) await this.#beat();
    }
    if (!this.#redis.up || this.#closed) return this.#takeLocal(want);
    if (this.#rejoining()) {
      // Back from a spell alone: for one window, starts must fit both this replica's
      // share and the shared window (where its own starts alone were written first), so
      // that replicas still alone, unseen in Redis, keep their share.
      const now = this.#timers.now();
      // A restarted Redis has lost the starts from before it went away: they are still waited out.
      if (now < this.#blockedUntil) return { slots: [], retryInMs: Math.max(1, this.#blockedUntil - now) };
      const { free, waitMs } = this.#localRoom(now);
      if (free === 0) return { slots: [], retryInMs: waitMs };
      try {
        return await this.#takeShared(Math.min(want, free));
      } catch {
        this.#upSince = undefined;
        return this.#takeLocal(want);
      }
    }
    try {
      const grant = await this.#takeShared(want);
      this.#mode = 'shared';
      this.#upSince = undefined;
      this.#blockedUntil = Number.NEGATIVE_INFINITY;
      this.#everShared = true;
      return grant;
    } catch {
      // Redis failed this command: this start is counted locally.
      return this.#takeLocal(want);
    }
  }

  /** Whether Redis answers again after a spell alone, for less than one window yet. */
  #rejoining(): boolean {
    if (this.#mode === 'shared') return false;
    const now = this.#timers.now();
    this.#upSince ??= now;
    return now < this.#upSince + this.#window.windowMs;
  }

  /** Stops the heartbeat and takes this replica out of the count, so the others' share grows at once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelHeartbeat?.();
    this.#stopWatching();
    if (this.#redis.up)
      await this.#command(() => this.#client.zrem(this.#replicasKey, this.#id)).catch(() => undefined);
  }

  async #takeShared(want: number): Promise<RateGrant> {
    const asked = this.#timers.now();
    const unseen = this.#recent(asked).filter((start) => !start.inRedis);
    const seeds = unseen.flatMap((start) => [start.member, Math.max(0, asked - start.at)]);
    const first = this.#sequence;
    this.#sequence += want;
    const [granted, waitMs] = await this.#command(() =>
      this.#client.ecsRateTake(
        this.#windowKey,
        this.#now ? this.#now() : '',
        this.#window.windowMs,
        this.#window.starts,
        want,
        `${this.#id}:`,
        first,
        GC_MS,
        ...seeds,
      ),
    );
    for (const start of unseen) start.inRedis = true;
    const at = this.#timers.now();
    const slots = Array.from({ length: granted }, (_, i) =>
      this.#grant({ at, member: `${this.#id}:${first + i}`, inRedis: true }),
    );
    return { slots, retryInMs: waitMs };
  }

  #takeLocal(want: number): RateGrant {
    const now = this.#timers.now();
    if (this.#mode === 'shared') {
      this.#mode = 'local';
      // Every replica's starts granted in Redis before it went away still count for their
      // window, unseen from here: waiting one window keeps them and the local ones apart.
      // A replica that never reached Redis has nothing to wait out.
      if (this.#everShared) this.#blockedUntil = now + this.#window.windowMs;
    }
    if (now < this.#blockedUntil) return { slots: [], retryInMs: Math.max(1, this.#blockedUntil - now) };
    const { free, waitMs } = this.#localRoom(now);
    if (free === 0) return { slots: [], retryInMs: waitMs };
    const slots = Array.from({ length: Math.min(want, free) }, () =>
      this.#grant({ at: now, member: `${this.#id}:${this.#sequence++}`, inRedis: false }),
    );
    return { slots, retryInMs: 0 };
  }

  /** Room in this replica's share of the rate, counting its own starts only. */
  #localRoom(now: number): { readonly free: number; readonly waitMs: number } {
    const local = this.localWindow;
    return room(
      this.#recent(now).filter((start) => start.at > now - local.windowMs),
      local,
      now,
    );
  }

  /** This replica's starts still inside the shared window or the local one, whichever is longer. */
  #recent(now: number): readonly OwnStart[] {
    return this.#own.current(now, Math.max(this.#window.windowMs, this.localWindow.windowMs));
  }

  #grant(start: OwnStart): GiveBack {
    this.#own.add(start);
    return async () => {
      this.#own.remove(start);
      if (!start.inRedis || !this.#redis.up) return;
      // A failed removal leaves the start counted: the safe side of the limit.
      await this.#command(() => this.#client.zrem(this.#windowKey, start.member)).catch(() => undefined);
    };
  }

  async #command<T>(run: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    try {
      return await run();
    } finally {
      this.#inFlight -= 1;
    }
  }

  #heartbeat(): void {
    if (this.#closed) return;
    void this.#beat().finally(() => {
      if (this.#closed) return;
      this.#cancelHeartbeat = this.#timers.schedule(this.#heartbeatMs, () => this.#heartbeat());
    });
  }

  async #beat(): Promise<void> {
    if (!this.#redis.up) return;
    try {
      const count = await this.#command(() =>
        this.#client.ecsRateHeartbeat(
          this.#replicasKey,
          this.#now ? this.#now() : '',
          this.#id,
          Math.ceil(this.#heartbeatMs * 2.5),
          GC_MS,
        ),
      );
      this.#replicas = Math.max(1, count);
    } catch {
      // The last count stands until Redis answers again.
    }
  }
}

function defineScripts(client: Scripted): void {
  // ioredis sends EVALSHA and falls back to EVAL when Redis lost the script (a restart).
  if (typeof client.ecsRateTake !== 'function')
    client.defineCommand('ecsRateTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  if (typeof client.ecsRateHeartbeat !== 'function')
    client.defineCommand('ecsRateHeartbeat', { numberOfKeys: 1, lua: HEARTBEAT_SCRIPT });
}
