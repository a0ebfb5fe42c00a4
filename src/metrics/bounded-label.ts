/** What a label takes when its value is malformed or past the bound. */
export const OTHER = 'other';

export interface BoundedLabelOptions {
  /** Whether a value is well formed; anything else is `other`. */
  readonly wellFormed: (value: string) => boolean;
  /** Most distinct values kept; later new ones are `other`. */
  readonly max: number;
  /** Values always kept, not counted against `max` (declared names, documented codes). */
  readonly known?: Iterable<string>;
}

/**
 * Keeps a label's set of values bounded: every distinct value is a time series that
 * Prometheus keeps, so values a client or an upstream chooses (operation names,
 * regions of refused input, error codes) must neither grow without end nor carry text
 * that is not a name. The first `max` well-formed values are kept as they are.
 */
export class BoundedLabel {
  readonly #wellFormed: (value: string) => boolean;
  readonly #max: number;
  readonly #known: ReadonlySet<string>;
  readonly #seen = new Set<string>();

  constructor(options: BoundedLabelOptions) {
    this.#wellFormed = options.wellFormed;
    this.#max = options.max;
    this.#known = new Set(options.known ?? []);
  }

  /** The value if it is known or already kept; `other` otherwise, and nothing is added. */
  kept(raw: string): string {
    return this.#known.has(raw) || this.#seen.has(raw) ? raw : OTHER;
  }

  value(raw: string): string {
    if (this.#known.has(raw) || this.#seen.has(raw)) return raw;
    if (!this.#wellFormed(raw) || this.#seen.size >= this.#max) return OTHER;
    this.#seen.add(raw);
    return raw;
  }
}
