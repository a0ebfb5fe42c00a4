import type { CallEvent, EcsCaller } from '../../src/ecs/caller.js';
import { EcsClient, type EcsClientOptions } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SeedSizes } from '../../src/simulator/seed.js';
import { seedRegion } from '../../src/simulator/seed.js';
import type { ApiLimits } from '../../src/spec/limits.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/yoga.js';
import { capturingLogger } from '../graph/support/gateway.js';

/**
 * The whole read path over loopback: the simulator listening on 127.0.0.1:0, the ECS
 * client calling it over HTTP, and the gateway in front (through yoga.fetch). One
 * region is seeded at the sizes a test names; other regions get a small estate, so a
 * call that strays into the wrong region shows.
 */
export interface ReadStack {
  readonly simulator: Simulator;
  readonly client: EcsClient;
  readonly gateway: Gateway;
  /** Every call the client made, as its onCall hook reported it. */
  readonly calls: CallEvent[];
  /** The input of every call the gateway made, in the order it made them. */
  readonly inputs: { readonly action: string; readonly input: Readonly<Record<string, unknown>> }[];
  /** Client calls per action. */
  callsByAction(): Record<string, number>;
  /** Simulator calls per action, from its stats. */
  simulatorCallsByAction(): Record<string, number>;
  /** Forgets the calls counted so far, on both sides. */
  resetCounts(): void;
  close(): Promise<void>;
}

export const MAIN_REGION = 'cn-hangzhou';
export const OTHER_REGIONS = ['cn-shanghai', 'ap-southeast-1'];

export async function startReadStack(options: {
  readonly limits: ApiLimits;
  readonly sizes: Omit<SeedSizes, 'extras'> & { readonly extras?: boolean };
  readonly format?: 'XML' | 'JSON';
  readonly gateway?: Partial<GatewayOptions>;
  /** Client settings beyond the stack's own (maxConcurrency: 1 to order the calls). */
  readonly client?: Partial<Pick<EcsClientOptions, 'maxConcurrency'>>;
  /** Called after each client call, to change the simulator between the calls of one request. */
  readonly afterCall?: (event: CallEvent, simulator: Simulator) => void;
}): Promise<ReadStack> {
  const simulator = await createSimulator({
    limits: options.limits,
    transitions: 'manual',
    seed: { seed: 'read-core', regions: [MAIN_REGION], extras: false, ...options.sizes },
  });
  const account = simulator.domain.store.account(simulator.accessKeyId);
  for (const regionId of OTHER_REGIONS) {
    const region = account.regions.get(regionId);
    if (!region) throw new Error(`the simulator has no region ${regionId}`);
    seedRegion(
      region,
      { seed: 'read-core', instancesPerRegion: 3, disksPerInstance: 2, snapshotsPerDisk: 2 },
      simulator.domain.clock.now(),
    );
  }
  const calls: CallEvent[] = [];
  const client = new EcsClient({
    credentials: staticCredentials({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
    }),
    defaultRegionId: MAIN_REGION,
    endpoint: simulator.url,
    format: options.format ?? 'XML',
    limits: options.limits,
    // One attempt: a fault must surface, not be retried away, and every call counts once.
    maxAttempts: 1,
    ratePerSecond: Number.POSITIVE_INFINITY,
    ...options.client,
    onCall: (event) => {
      calls.push(event);
      options.afterCall?.(event, simulator);
    },
  });
  const inputs: ReadStack['inputs'] = [];
  const recording: EcsCaller = {
    call(action, input, callOptions) {
      inputs.push({ action: action.name, input: { ...(input as Record<string, unknown>) } });
      return client.call(action, input, callOptions);
    },
  };
  const gateway = createGateway({
    ecs: recording,
    limits: options.limits,
    defaultRegionId: MAIN_REGION,
    debug: true,
    // Failures are expected in some tests; the log stays in memory.
    logger: capturingLogger(),
    ...options.gateway,
  });
  return {
    simulator,
    client,
    gateway,
    calls,
    inputs,
    callsByAction: () => countBy(calls.map((call) => call.action)),
    simulatorCallsByAction: () =>
      Object.fromEntries(
        Object.entries(simulator.stats.snapshot().actions).map(([action, counters]) => [
          action,
          counters.calls,
        ]),
      ),
    resetCounts() {
      calls.length = 0;
      inputs.length = 0;
      simulator.stats.reset();
    },
    async close() {
      await client.close();
      await simulator.close();
    },
  };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
