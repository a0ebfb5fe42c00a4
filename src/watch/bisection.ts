/** A part of a refused poll still to settle: `refused` when its own fetch was (or must have been) refused. */
interface Part {
  readonly ids: readonly string[];
  readonly refused: boolean;
  /** The other half of a refused part, polled after this one: refused too if this one answers. */
  readonly sibling?: readonly string[] | undefined;
}

/**
 * Finds the ids a refusal is about when it may concern one id's value (a parameter
 * refused): the refused ids are split in halves, polled one part at a time, until each
 * refused part is a single id whose own fetch was refused. A half that answers proves
 * its sibling holds the refused id, so the sibling is split without being polled whole:
 * one refused id among n costs at most 2·log2(n) fetches, and every other id is polled
 * on the way. Depth first, one part at a time: the poller keeps one fetch in flight.
 */
export class Bisection {
  /** The parts to settle, the next first. */
  readonly #parts: Part[] = [];

  get pending(): boolean {
    return this.#parts.length > 0;
  }

  /** Starts isolating the refused ids of a poll of more than one id. */
  start(ids: readonly string[]): void {
    this.#parts.unshift({ ids, refused: true });
  }

  /** The next part to poll, of ids still watched (`live`); undefined when nothing is left to settle. */
  next(live: (id: string) => boolean): readonly string[] | undefined {
    for (;;) {
      const part = this.#parts[0];
      if (!part) return undefined;
      const ids = part.ids.filter(live);
      if (ids.length === 0) {
        // Its ids have left: what it would have said of its sibling is unknown, so that is polled.
        this.#parts.shift();
        if (part.sibling) this.#parts.unshift({ ids: part.sibling, refused: false });
        continue;
      }
      if (part.refused && ids.length > 1) {
        const half = Math.ceil(ids.length / 2);
        this.#parts[0] = { ids: ids.slice(0, half), refused: false, sibling: ids.slice(half) };
        continue;
      }
      this.#parts[0] = { ...part, ids };
      return ids;
    }
  }

  /** The part polled answered. */
  answered(): void {
    const part = this.#parts.shift();
    if (part?.sibling) this.#parts.unshift({ ids: part.sibling, refused: true });
  }

  /**
   * The part polled was refused for a parameter: its id is returned when it is a single
   * one (its own fetch refused: to be ended), else it is split in turn.
   */
  refused(): readonly string[] {
    const part = this.#parts.shift();
    if (!part) return [];
    if (part.sibling) this.#parts.unshift({ ids: part.sibling, refused: false });
    if (part.ids.length === 1) return part.ids;
    this.#parts.unshift({ ids: part.ids, refused: true });
    return [];
  }

  /** Gives up: the account was refused. Returns every id still to settle. */
  clear(): string[] {
    const ids = this.#parts.flatMap((part) => [...part.ids, ...(part.sibling ?? [])]);
    this.#parts.length = 0;
    return ids;
  }
}
