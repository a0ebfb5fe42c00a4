import type { ItemOf, WatchFetcher, WatchKind } from '../../src/watch/pool.js';

/** One fetch the pool made: its kind, region, ids and the clock when it started. */
export interface FetchCall {
  readonly kind: WatchKind;
  readonly regionId: string;
  readonly ids: readonly string[];
  readonly at: number;
}

/**
 * A fetcher over a table of items the test edits; it records every call. `hold()`
 * makes the next fetches wait until released, `failNext(error)` fails the next one,
 * `refuse(id, error)` fails every fetch that names the id (as ECS refuses one bad value).
 */
export class FakeFetcher {
  readonly calls: FetchCall[] = [];
  /** The signal each call was given, in call order. */
  readonly signals: (AbortSignal | undefined)[] = [];
  readonly #items = new Map<string, unknown>();
  readonly #failures: unknown[] = [];
  readonly #refusals = new Map<string, () => unknown>();
  #held: (() => void)[] | undefined;

  constructor(readonly now: () => number) {}

  set<K extends WatchKind>(kind: K, regionId: string, id: string, fields: Record<string, unknown>): void {
    this.#items.set(`${kind}/${regionId}/${id}`, { ...fields, regionId });
  }

  remove(kind: WatchKind, regionId: string, id: string): void {
    this.#items.delete(`${kind}/${regionId}/${id}`);
  }

  failNext(error: unknown): void {
    this.#failures.push(error);
  }

  refuse(id: string, error: () => unknown): void {
    this.#refusals.set(id, error);
  }

  hold(): void {
    this.#held ??= [];
  }

  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const resume of held) resume();
  }

  /** Every id fetched, all calls together. */
  get idsFetched(): number {
    return this.calls.reduce((sum, call) => sum + call.ids.length, 0);
  }

  readonly fetch: WatchFetcher = async <K extends WatchKind>(
    kind: K,
    regionId: string,
    ids: readonly string[],
    signal?: AbortSignal,
  ) => {
    this.calls.push({ kind, regionId, ids: [...ids], at: this.now() });
    this.signals.push(signal);
    const held = this.#held;
    if (held) await new Promise<void>((resume) => held.push(resume));
    if (this.#failures.length > 0) throw this.#failures.shift();
    for (const id of ids) {
      const refusal = this.#refusals.get(id);
      if (refusal) throw refusal();
    }
    const found = new Map<string, ItemOf<K>>();
    for (const id of ids) {
      const item = this.#items.get(`${kind}/${regionId}/${id}`);
      // A snapshot of the table: the pool must not see later edits through a kept item.
      if (item !== undefined) found.set(id, structuredClone(item) as ItemOf<K>);
    }
    return found;
  };
}
