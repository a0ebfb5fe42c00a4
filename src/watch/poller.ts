import type { Timers } from '../ecs/limiters.js';
import { Bisection } from './bisection.js';
import { fingerprintOf } from './fingerprint.js';
import { AdaptiveInterval } from './interval.js';
import { isAccountRefusal, type PollErrorInfo, pollErrorInfo } from './poll-failure.js';
import {
  type ItemOf,
  type PollFailure,
  PollTimeoutError,
  type WatchFetcher,
  type WatchKind,
} from './watch-events.js';
import type { Watcher } from './watcher.js';

/** One watched id: its last state (none before its first poll) and who watches it. */
interface Entry<T> {
  item: T | undefined;
  fingerprint: string | undefined;
  readonly watchers: Set<Watcher<T>>;
}

export interface PollerSettings {
  readonly fetch: WatchFetcher;
  readonly timers: Timers;
  readonly minIntervalMs: number;
  readonly maxIntervalMs: number;
  /** The longest a poll may take before it is given up as failed, ms. */
  readonly pollTimeoutMs: number;
  /** Transient failures in a row after which the watchers get a retrying notice. */
  readonly noticeAfterFailures: number;
  readonly onPollError: ((error: unknown, failure: PollFailure) => void) | undefined;
  /** Told when the last watcher left: the poller has stopped (a poll in flight aborted) and is dropped. */
  readonly onIdle: (poller: { readonly kind: WatchKind; readonly regionId: string }) => void;
}

/**
 * Polls the union of the ids its watchers hold, of one kind in one region: one fetch
 * per interval whatever the number of watchers, never two at once. An id is kept only
 * while a watcher holds it; without ids or watchers no timer runs. A poll is given up
 * (aborted, counted failed) after pollTimeoutMs, and aborted when the last watcher
 * leaves: the poller then stops for good, and the pool makes a new one for the next.
 * A failed poll is classified (poll-failure.ts): a transient one is retried with
 * backoff, and its watchers are told once when noticeAfterFailures of them come in a
 * row, then get every id's state from the poll that answers. A permanent refusal of
 * the account (key, signature, permission, region) ends the watch of the ids it polled
 * with a final error, and they are not polled again; one that may be about one id's
 * value (a parameter) must not end the watch of the other subscribers' ids polled with
 * it: the ids are bisected (bisection.ts) in prompt polls of their parts, and only an id
 * whose own fetch is refused is ended.
 */
export class Poller<K extends WatchKind> {
  readonly #entries = new Map<string, Entry<ItemOf<K>>>();
  readonly #watchers = new Set<Watcher<ItemOf<K>>>();
  readonly #interval: AdaptiveInterval;
  #cancelTimer: (() => void) | undefined;
  /** The scheduled poll is an immediate one, for ids that joined. */
  #soon = false;
  /** The poll in flight: aborting it gives it up. */
  #inFlight: AbortController | undefined;
  #stopped = false;
  /** Transient failures since the last poll that answered. */
  #failures = 0;
  /** The notice the watchers were given in this run of failures, if it came to one. */
  #notice: PollErrorInfo | undefined;
  /** The parts of a refused poll still to poll alone, to find the ids refused. */
  readonly #bisection = new Bisection();

  constructor(
    readonly kind: K,
    readonly regionId: string,
    readonly settings: PollerSettings,
  ) {
    this.#interval = new AdaptiveInterval(settings.minIntervalMs, settings.maxIntervalMs);
  }

  get watchedIds(): number {
    return this.#entries.size;
  }

  /** The wait after the last poll, ms. */
  get intervalMs(): number {
    return this.#interval.ms;
  }

  /** Adds a watcher of its ids: those already polled get their last state at once, the others a poll soon. */
  join(watcher: Watcher<ItemOf<K>>): void {
    if (this.#stopped) return;
    this.#watchers.add(watcher);
    let unknown = false;
    for (const id of watcher.ids) {
      let entry = this.#entries.get(id);
      if (!entry) {
        entry = { item: undefined, fingerprint: undefined, watchers: new Set() };
        this.#entries.set(id, entry);
      }
      entry.watchers.add(watcher);
      if (entry.item === undefined) unknown = true;
      else watcher.push({ type: 'state', id, item: entry.item });
    }
    // Joining a poller that keeps failing: told at once, not after the next few failures.
    if (this.#notice) watcher.push({ type: 'error', ids: [...watcher.ids], error: this.#notice });
    if (unknown) {
      this.#interval.reset();
      this.#pollSoon();
    }
  }

  /** Removes a watcher; ids nobody else holds are forgotten at once and leave the next poll. */
  leave(watcher: Watcher<ItemOf<K>>): void {
    if (!this.#watchers.delete(watcher)) return;
    for (const id of watcher.ids) this.#release(id, watcher);
    if (this.#watchers.size > 0) return;
    this.stop();
    this.settings.onIdle(this);
  }

  /** Stops for good: no timer, nothing kept; a poll in flight is aborted and its answer ignored. */
  stop(): void {
    this.#stopped = true;
    this.#cancel();
    this.#inFlight?.abort();
    this.#inFlight = undefined;
    this.#entries.clear();
    this.#watchers.clear();
  }

  #release(id: string, watcher: Watcher<ItemOf<K>>): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.watchers.delete(watcher);
    if (entry.watchers.size === 0) this.#entries.delete(id);
  }

  #cancel(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#soon = false;
  }

  /** An immediate poll, after the joins of the same moment; one in flight is followed by it. */
  #pollSoon(): void {
    if (this.#inFlight || this.#soon) return;
    this.#cancel();
    this.#schedule(0);
    this.#soon = true;
  }

  #schedule(ms: number): void {
    this.#cancelTimer = this.settings.timers.schedule(ms, () => {
      this.#cancelTimer = undefined;
      this.#soon = false;
      void this.#poll();
    });
  }

  async #poll(): Promise<void> {
    if (this.#stopped) return;
    // While a refusal is isolated, a poll fetches one part of it; else every id.
    const part = this.#bisection.next((id) => this.#entries.has(id));
    const ids = part ?? [...this.#entries.keys()];
    if (ids.length === 0) return;
    const poll = new AbortController();
    this.#inFlight = poll;
    const { timers, pollTimeoutMs } = this.settings;
    const cancelTimeout = timers.schedule(pollTimeoutMs, () =>
      poll.abort(new PollTimeoutError(this.kind, this.regionId, pollTimeoutMs)),
    );
    let failed = false;
    let retrying = false;
    try {
      const found = await untilAborted(
        this.settings.fetch(this.kind, this.regionId, ids, poll.signal),
        poll.signal,
      );
      if (this.#stopped) return;
      this.#failures = 0;
      if (part) {
        // A part answers for its ids only: a notice stands until every id is polled again.
        this.#bisection.answered();
        if (this.#apply(ids, found)) this.#interval.reset();
      } else {
        // After a notice, every id's state tells the watchers the polls answer again.
        const recovered = this.#notice !== undefined;
        this.#notice = undefined;
        if (this.#apply(ids, found, recovered)) this.#interval.reset();
        else this.#interval.backOff();
      }
    } catch (error) {
      if (this.#stopped) return;
      failed = true;
      const info = pollErrorInfo(error);
      retrying = info.retrying;
      if (info.retrying) this.#interval.backOff();
      this.#reportFailure(error, ids.length, info.retrying);
      if (info.retrying) this.#failedAgain(info);
      else if (isAccountRefusal(error)) this.#refused([...ids, ...this.#bisection.clear()], info);
      else this.#isolate(ids, part !== undefined, info);
    } finally {
      cancelTimeout();
      if (this.#inFlight === poll) this.#inFlight = undefined;
    }
    if (this.#entries.size === 0) return;
    // The parts of a refusal are polled one after the other without waiting, unless ECS is failing.
    const bisecting = this.#bisection.pending && !retrying;
    // Ids that joined during the poll have no state yet: they are polled now, unless ECS is refusing.
    const waiting = !failed && [...this.#entries.values()].some((entry) => entry.item === undefined);
    if (bisecting || waiting) this.#pollSoon();
    else this.#schedule(this.#interval.ms);
  }

  /**
   * ECS refused a poll for a parameter: maybe one id's value, so the other ids polled
   * with it are not ended. A poll of one id ends that id; a poll of more is bisected.
   */
  #isolate(ids: readonly string[], isPart: boolean, info: PollErrorInfo): void {
    this.#failures = 0;
    const ended = isPart ? this.#bisection.refused() : ids.length === 1 ? ids : [];
    if (!isPart && ids.length > 1) this.#bisection.start(ids);
    if (ended.length > 0) this.#refused(ended, info, !isPart);
  }

  /** One more transient failure: the watchers are told when the run reaches the threshold, once. */
  #failedAgain(info: PollErrorInfo): void {
    this.#failures += 1;
    if (this.#notice || this.#failures < this.settings.noticeAfterFailures) return;
    this.#notice = info;
    for (const watcher of this.#watchers) {
      const ids = [...watcher.ids].filter((id) => this.#entries.has(id));
      if (ids.length > 0) watcher.push({ type: 'error', ids, error: info });
    }
  }

  /**
   * ECS refused the poll for good: the same call would be refused again, so its ids are
   * dropped and each watcher gets a final error naming those of its ids. Ids that joined
   * during the poll were not in it, and are polled next.
   */
  #refused(ids: readonly string[], info: PollErrorInfo, all = true): void {
    this.#failures = 0;
    // Every id polled ended: no notice stands. One id ended: the others' notice stands.
    if (all) this.#notice = undefined;
    const byWatcher = new Map<Watcher<ItemOf<K>>, string[]>();
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (!entry) continue;
      this.#entries.delete(id);
      for (const watcher of entry.watchers) {
        const mine = byWatcher.get(watcher) ?? [];
        mine.push(id);
        byWatcher.set(watcher, mine);
      }
    }
    for (const [watcher, mine] of byWatcher) watcher.push({ type: 'error', ids: mine, error: info });
  }

  /**
   * Tells the watchers what changed (every state when `all`); true when anything did
   * (a new state, a change, an id gone).
   */
  #apply(ids: readonly string[], found: ReadonlyMap<string, ItemOf<K>>, all = false): boolean {
    let changed = false;
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (!entry) continue; // released during the poll
      const item = found.get(id);
      if (item === undefined) {
        this.#entries.delete(id);
        for (const watcher of entry.watchers) watcher.push({ type: 'gone', id });
        changed = true;
        continue;
      }
      const fingerprint = fingerprintOf(this.kind, item);
      const before = entry.fingerprint;
      // The newest item is kept even when its fingerprint is the same: a new watcher gets it.
      entry.item = item;
      entry.fingerprint = fingerprint;
      if (fingerprint !== before) changed = true;
      else if (!all) continue;
      for (const watcher of entry.watchers) watcher.push({ type: 'state', id, item });
    }
    return changed;
  }

  #reportFailure(error: unknown, ids: number, retrying: boolean): void {
    try {
      this.settings.onPollError?.(error, {
        kind: this.kind,
        regionId: this.regionId,
        ids,
        retryInMs: this.#interval.ms,
        retrying,
      });
    } catch {
      // A logger's failure must not stop the polls.
    }
  }
}

/** The fetch's answer, or the abort's reason as soon as the poll is given up (a fetch may ignore its signal). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
