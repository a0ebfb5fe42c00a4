import type { Timers } from '../../src/ecs/limiters.js';

/** Timers whose clock moves only when a test says so; due callbacks run in time order. */
export interface ManualTimers extends Timers {
  /** Moves the clock by `ms`, running every callback that falls due, then lets promises settle. */
  advance(ms: number): Promise<void>;
  /** Callbacks scheduled and not yet run or cancelled. */
  pending(): number;
}

export function manualTimers(start = 0): ManualTimers {
  let now = start;
  let sequence = 0;
  const due: { at: number; order: number; run: () => void }[] = [];
  const settle = async () => {
    for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now: () => now,
    schedule(ms, run) {
      const entry = { at: now + ms, order: sequence++, run };
      due.push(entry);
      return () => {
        const index = due.indexOf(entry);
        if (index >= 0) due.splice(index, 1);
      };
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        due.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = due[0];
        if (!next || next.at > target) break;
        due.shift();
        now = next.at;
        next.run();
        await settle();
      }
      now = target;
      await settle();
    },
    pending: () => due.length,
  };
}
