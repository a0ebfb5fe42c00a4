/**
 * Call counters of the simulator, per action and in total, so tests and benchmarks can
 * assert how many upstream calls a gateway request really made.
 */

/** What happened to the requests that named one declared action. */
export interface ActionCounters {
  /** Every request naming the action, whatever its outcome. */
  readonly calls: number;
  /** Answered with the action's result. */
  readonly succeeded: number;
  /** Answered with an ECS error (authentication, parameters, the backend's own errors). */
  readonly failed: number;
  /** Answered by an injected fault (throttling, 5xx, dropped connection). */
  readonly faulted: number;
}

export type CallOutcome = 'succeeded' | 'failed' | 'faulted';

export interface StatsSnapshot {
  /** Every ECS protocol request received, including those naming no declared action. */
  readonly total: number;
  readonly actions: Readonly<Record<string, ActionCounters>>;
}

export class SimulatorStats {
  #total = 0;
  #actions = new Map<string, { calls: number; succeeded: number; failed: number; faulted: number }>();

  /** Counts one ECS protocol request, before anything is known of it. */
  countRequest(): void {
    this.#total += 1;
  }

  /** Counts a request that named a declared action, with how it ended. */
  countCall(action: string, outcome: CallOutcome): void {
    let counters = this.#actions.get(action);
    if (!counters) {
      counters = { calls: 0, succeeded: 0, failed: 0, faulted: 0 };
      this.#actions.set(action, counters);
    }
    counters.calls += 1;
    counters[outcome] += 1;
  }

  /** The calls made to one action so far (0 when never called). */
  calls(action: string): number {
    return this.#actions.get(action)?.calls ?? 0;
  }

  snapshot(): StatsSnapshot {
    const actions: Record<string, ActionCounters> = {};
    for (const name of [...this.#actions.keys()].sort()) actions[name] = { ...this.#actions.get(name)! };
    return { total: this.#total, actions };
  }

  reset(): void {
    this.#total = 0;
    this.#actions.clear();
  }
}
