/**
 * A rate as a sliding window: at most `starts` starts in any `windowMs`. A whole number
 * of starts per window keeps "never more than the rate in any second" exact: a rate of
 * 20.5 allows 20 a second, a rate of 0.5 one every two seconds.
 */
export interface RateWindow {
  readonly starts: number;
  readonly windowMs: number;
}

export function rateWindow(ratePerSecond: number, marginMs: number): RateWindow {
  if (ratePerSecond >= 1) return { starts: Math.floor(ratePerSecond), windowMs: 1_000 + marginMs };
  return { starts: 1, windowMs: Math.ceil(1_000 / ratePerSecond) + marginMs };
}

/** One start this replica made: when (its own clock), its member in Redis, and whether Redis has it. */
export interface OwnStart {
  readonly at: number;
  readonly member: string;
  inRedis: boolean;
}

/**
 * This replica's recent starts, by its own clock, oldest first. While Redis is away they
 * are the local window (at the replica's share of the rate); when it is back, those
 * Redis never saw are written in before the next count.
 */
export class OwnStarts {
  readonly #starts: OwnStart[] = [];

  add(start: OwnStart): void {
    this.#starts.push(start);
  }

  remove(start: OwnStart): void {
    const index = this.#starts.indexOf(start);
    if (index >= 0) this.#starts.splice(index, 1);
  }

  /** The starts of the last `keepMs` at `now`; older ones are forgotten. */
  current(now: number, keepMs: number): readonly OwnStart[] {
    while (this.#starts.length > 0 && (this.#starts[0] as OwnStart).at <= now - keepMs) this.#starts.shift();
    return this.#starts;
  }
}

/** Of `starts` (oldest first, all inside `window`), how many more may start now, and if none, ms until one may. */
export function room(
  starts: readonly { readonly at: number }[],
  window: RateWindow,
  now: number,
): { readonly free: number; readonly waitMs: number } {
  const free = Math.max(0, window.starts - starts.length);
  if (free > 0) return { free, waitMs: 0 };
  const leaving = starts[starts.length - window.starts] as { readonly at: number };
  return { free, waitMs: Math.max(1, leaving.at + window.windowMs - now) };
}
