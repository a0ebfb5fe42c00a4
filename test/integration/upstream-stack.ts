import type { CallEvent, EcsCaller } from '../../src/ecs/caller.js';
import { EcsClient, type EcsClientOptions } from '../../src/ecs/client.js';
import { staticCredentials } from '../../src/ecs/credentials.js';
import type { FaultConfig } from '../../src/simulator/faults.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SeedSizes } from '../../src/simulator/seed.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/yoga.js';
import { capturingLogger } from '../graph/support/gateway.js';

/**
 * The read path over loopback with the client's own fault handling on: the simulator
 * (one seeded region, its fault injection), the ECS client retrying, queueing and
 * breaking as configured, and the gateway in front (through yoga.fetch).
 */
export interface UpstreamStack {
  readonly simulator: Simulator;
  readonly client: EcsClient;
  readonly gateway: Gateway;
  /** Every call the client finished, in the order it finished them, as onCall reported it. */
  readonly calls: CallEvent[];
  /** Every call the gateway started: its action and the flow (request) it belongs to. */
  readonly started: { readonly action: string; readonly flow: string | undefined }[];
  close(): Promise<void>;
}

export const REGION = 'cn-hangzhou';

export async function startUpstreamStack(options: {
  readonly sizes: Omit<SeedSizes, 'extras'>;
  readonly faults?: FaultConfig;
  readonly client?: Partial<EcsClientOptions>;
  readonly gateway?: Partial<GatewayOptions>;
  /** Called after each finished client call. */
  readonly afterCall?: (event: CallEvent) => void;
}): Promise<UpstreamStack> {
  const limits = API_LIMITS['2014'];
  const simulator = await createSimulator({
    limits,
    transitions: 'manual',
    seed: { seed: 'upstream-faults', regions: [REGION], extras: false, ...options.sizes },
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const calls: CallEvent[] = [];
  const client = new EcsClient({
    credentials: staticCredentials({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
    }),
    defaultRegionId: REGION,
    endpoint: simulator.url,
    limits,
    ratePerSecond: Number.POSITIVE_INFINITY,
    ...options.client,
    onCall: (event) => {
      calls.push(event);
      options.afterCall?.(event);
    },
  });
  const started: UpstreamStack['started'] = [];
  const recording: EcsCaller = {
    call(action, input, callOptions) {
      started.push({ action: action.name, flow: callOptions?.flow });
      return client.call(action, input, callOptions);
    },
  };
  const gateway = createGateway({
    ecs: recording,
    limits,
    defaultRegionId: REGION,
    debug: true,
    logger: capturingLogger(),
    ...options.gateway,
  });
  return {
    simulator,
    client,
    gateway,
    calls,
    started,
    async close() {
      await client.close();
      await simulator.close();
    },
  };
}
