import { fingerprintOf } from '../watch/fingerprint.js';
import type { ItemOf, WatchEvent, WatchKind, WatchPool } from '../watch/pool.js';
import { Watcher } from '../watch/watcher.js';

/**
 * One subscription on this replica, whoever polls for it: the replica holding its
 * (kind, region) lease (events come over Redis), or this replica's own pool while Redis
 * is out of reach. Either source may repeat what the other said, as may a new holder
 * after a takeover (its first poll gives every id's state again), so what reaches the
 * consumer is filtered here: a state whose fingerprint was the last one delivered for
 * that id, an event about an id no longer held, a second retrying notice in a row are
 * dropped. What remains is what a watcher of the local pool would have seen.
 */
export class WatchRequest<K extends WatchKind> {
  /** The consumer's iterator; the same queue (one event per id) as a local watcher's. */
  readonly output: Watcher<ItemOf<K>>;
  /** Registered in Redis: the lease holder serves it. */
  shared = false;
  /** The last fingerprint delivered per id. */
  readonly #delivered = new Map<string, string>();
  /** A retrying notice was the last error delivered and no state came after it. */
  #noticeStanding = false;
  /** The watch on this replica's own pool, while Redis is out of reach. */
  #local: AsyncIterableIterator<WatchEvent<ItemOf<K>>> | undefined;

  constructor(
    readonly id: string,
    readonly kind: K,
    readonly regionId: string,
    ids: readonly string[],
    onEnd: (request: WatchRequest<K>) => void,
  ) {
    this.output = new Watcher<ItemOf<K>>(ids, () => {
      this.leaveLocal();
      onEnd(this);
    });
  }

  /** The ids it still holds (an id leaves when gone or refused). */
  get ids(): ReadonlySet<string> {
    return this.output.ids;
  }

  /** Whether the replica's own pool serves it now. */
  get local(): boolean {
    return this.#local !== undefined;
  }

  /** Hands an event to the consumer unless it repeats what was delivered. */
  deliver(event: WatchEvent<ItemOf<K>>): void {
    const held = this.output.ids;
    if (this.output.done) return;
    if (event.type === 'state') {
      if (!held.has(event.id)) return;
      const fingerprint = fingerprintOf(this.kind, event.item);
      if (this.#delivered.get(event.id) === fingerprint) return;
      this.#delivered.set(event.id, fingerprint);
      this.#noticeStanding = false;
      this.output.push(event);
      return;
    }
    if (event.type === 'gone') {
      if (!held.has(event.id)) return;
      this.#delivered.delete(event.id);
      this.output.push(event);
      return;
    }
    const ids = event.ids.filter((id) => held.has(id));
    if (ids.length === 0) return;
    if (event.error.retrying) {
      if (this.#noticeStanding) return;
      this.#noticeStanding = true;
    }
    // After an error, the poll that answers again sends every id's state: let it through.
    for (const id of ids) this.#delivered.delete(id);
    this.output.push({ ...event, ids });
  }

  /** Watches its ids on the replica's own pool (Redis out of reach); nothing if it already does. */
  goLocal(pool: WatchPool): void {
    if (this.#local || this.output.done) return;
    const watch = pool.watch(this.kind, this.regionId, [...this.output.ids]);
    this.#local = watch;
    void this.#pump(watch);
  }

  /** Stops the local watch: the lease holder serves it again. */
  leaveLocal(): void {
    const watch = this.#local;
    this.#local = undefined;
    void watch?.return?.();
  }

  async #pump(watch: AsyncIterableIterator<WatchEvent<ItemOf<K>>>): Promise<void> {
    for await (const event of watch) {
      if (this.#local !== watch) break;
      this.deliver(event);
    }
  }
}
