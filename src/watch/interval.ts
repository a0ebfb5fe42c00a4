/**
 * The wait between polls: the minimum while something moves, doubling up to the
 * maximum while nothing does (or while polls fail), so a quiet watch costs few calls.
 */
export class AdaptiveInterval {
  #current: number;

  constructor(
    readonly minMs: number,
    readonly maxMs: number,
  ) {
    if (!Number.isSafeInteger(minMs) || minMs < 1)
      throw new RangeError('The option "minIntervalMs" is not valid: an integer of 1 or more.');
    if (!Number.isSafeInteger(maxMs) || maxMs < minMs)
      throw new RangeError('The option "maxIntervalMs" is not valid: an integer of at least minIntervalMs.');
    this.#current = minMs;
  }

  get ms(): number {
    return this.#current;
  }

  /** Something changed, or new ids joined: poll fast again. */
  reset(): void {
    this.#current = this.minMs;
  }

  /** Nothing changed, or the poll failed: wait longer. */
  backOff(): void {
    this.#current = Math.min(this.maxMs, this.#current * 2);
  }
}
