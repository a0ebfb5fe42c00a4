import type { EcsCaller } from '../../src/ecs/caller.js';
import type { FaultConfig } from '../../src/simulator/faults.js';
import type { Simulator } from '../../src/simulator/index.js';

/**
 * Faults on named calls only: `force('StopInstance', { dropAfterActingRate: 1 })` makes
 * the simulator drop every attempt of the next StopInstance call (after acting), and
 * no other call. The faults are on for exactly that call, retries included, and cleared
 * when it ends. `gate(action)` holds the next call of an action until released.
 */
export function forcedFaults() {
  const forced = new Map<string, FaultConfig>();
  const gates = new Map<string, { readonly open: Promise<void>; readonly arrive: () => void }>();
  return {
    force(action: string, fault: FaultConfig): void {
      forced.set(action, fault);
    },
    /** Holds the next call of `action`: `reached` settles when it arrives, `release` lets it go. */
    gate(action: string): { readonly reached: Promise<void>; readonly release: () => void } {
      let release = () => {};
      let arrive = () => {};
      const reached = new Promise<void>((resolve) => (arrive = resolve));
      gates.set(action, { open: new Promise<void>((resolve) => (release = resolve)), arrive });
      return { reached, release };
    },
    wrapCaller(client: EcsCaller, simulator: Simulator): EcsCaller {
      return {
        async call(action, input, options) {
          const gate = gates.get(action.name);
          gates.delete(action.name);
          if (gate) {
            gate.arrive();
            await gate.open;
          }
          const fault = forced.get(action.name);
          if (!fault) return client.call(action, input, options);
          forced.delete(action.name);
          simulator.faults.configure(fault);
          try {
            return await client.call(action, input, options);
          } finally {
            simulator.faults.clear();
          }
        },
      };
    },
  };
}
