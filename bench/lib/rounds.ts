/**
 * Dependent rounds of upstream calls: the longest chain of calls in which each starts
 * after the one before it ended. Calls that overlap in time (sent together, or waiting
 * together for a concurrency slot) belong to one round, so the count is what latency
 * multiplies, whatever the concurrency bound does to throughput.
 */

export interface CallInterval {
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * The most pairwise disjoint intervals, which is the longest chain: taking the
 * interval that ends first, then the next that starts after it, is optimal.
 */
export function dependentRounds(calls: readonly CallInterval[]): number {
  const byEnd = [...calls].sort((a, b) => a.endedAt - b.endedAt);
  let rounds = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const call of byEnd) {
    if (call.endedAt < call.startedAt) throw new RangeError('a call cannot end before it starts');
    if (call.startedAt >= lastEnd) {
      rounds += 1;
      lastEnd = call.endedAt;
    }
  }
  return rounds;
}

/** Records the interval of every call it wraps, on one clock. */
export class CallRecorder {
  readonly #now: () => number;
  #calls: CallInterval[] = [];

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  async record<T>(call: () => Promise<T>): Promise<T> {
    const startedAt = this.#now();
    try {
      return await call();
    } finally {
      this.#calls.push({ startedAt, endedAt: this.#now() });
    }
  }

  get calls(): readonly CallInterval[] {
    return this.#calls;
  }

  get rounds(): number {
    return dependentRounds(this.#calls);
  }

  reset(): void {
    this.#calls = [];
  }
}
