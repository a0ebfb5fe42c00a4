import type { WatchEvent } from './watch-events.js';

/** Queue keys of error events: no id can hold a NUL. */
const NOTICE_KEY = '\u0000retrying';
const FINAL_KEY = '\u0000refused:';

/**
 * One consumer's iterator. Its queue holds at most one event per id, the latest: a
 * consumer slower than the polls skips intermediate states (a snapshot's 40 % when 60 %
 * is already known) instead of growing a backlog (and at most one retrying notice), and never holds up the poller or
 * other consumers, since the poller only pushes.
 */
export class Watcher<T> implements AsyncIterableIterator<WatchEvent<T>> {
  /** The ids this watcher still holds in its poller; an id leaves when it is gone. */
  readonly ids: Set<string>;
  readonly #queue = new Map<string, WatchEvent<T>>();
  readonly #waiting: ((result: IteratorResult<WatchEvent<T>, undefined>) => void)[] = [];
  #done = false;
  #onEnd: ((watcher: Watcher<T>) => void) | undefined;

  constructor(ids: Iterable<string>, onEnd?: (watcher: Watcher<T>) => void) {
    this.ids = new Set(ids);
    this.#onEnd = onEnd;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Events waiting for the consumer (at most one per id). */
  get queued(): number {
    return this.#queue.size;
  }

  push(event: WatchEvent<T>): void {
    if (this.#done) return;
    if (event.type === 'gone') this.ids.delete(event.id);
    else if (event.type === 'error' && !event.error.retrying) for (const id of event.ids) this.ids.delete(id);
    const waiting = this.#waiting.shift();
    if (waiting) {
      waiting({ value: event, done: false });
      return;
    }
    if (event.type !== 'error') {
      // Replacing keeps the id's place in the queue, so one busy id cannot push the others back.
      this.#queue.set(event.id, event);
      return;
    }
    // A newer notice replaces an older one and goes last, after the states queued before it;
    // each final error is kept (they name different ids).
    const key = event.error.retrying ? NOTICE_KEY : `${FINAL_KEY}${event.ids.join(',')}`;
    this.#queue.delete(key);
    this.#queue.set(key, event);
  }

  /** Ends the iterator: pending and later next() calls answer done, queued events are dropped. */
  finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#queue.clear();
    for (const waiting of this.#waiting.splice(0)) waiting({ value: undefined, done: true });
    const onEnd = this.#onEnd;
    this.#onEnd = undefined;
    onEnd?.(this);
  }

  next(): Promise<IteratorResult<WatchEvent<T>, undefined>> {
    const first = this.#queue.entries().next();
    if (!first.done) {
      const [id, event] = first.value;
      this.#queue.delete(id);
      return Promise.resolve({ value: event, done: false });
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  return(): Promise<IteratorResult<WatchEvent<T>, undefined>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
