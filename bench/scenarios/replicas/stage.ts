import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { API_LIMITS } from '../../../src/spec/limits.js';
import { startRedis, type TestRedis } from '../../../test/support/redis-server.js';
import { type ReplicaSet, startReplicaSet } from '../../lib/replica-set.js';

/**
 * S10's stage: one simulator (in this process, 20 ms a call, its clock at a quarter of
 * wall time so that a new snapshot progresses for a minute or more), a redis-server on
 * a loopback port, one gateway process alone without Redis (today's single replica)
 * and three sharing the Redis. Every gateway is `npm start`'s, configured from its
 * environment; each asks the simulator through a call log of its own.
 */

export const LATENCY_MS = 20;
/** Simulated time per wall second: snapshots take their 10 to 20 s in 40 to 80 s. */
export const CLOCK_PACE = 0.25;
/** The default cache TTL, set explicitly (the benchmark's gateways default to no cache). */
export const CACHE_TTL_MS = 5_000;
export const RATE_LIMIT = 20;

export const SETTINGS: Readonly<Record<string, string>> = {
  ECS_API_LIMITS: 'current',
  ECS_RATE_LIMIT: String(RATE_LIMIT),
  GATEWAY_CACHE_TTL_MS: String(CACHE_TTL_MS),
  GATEWAY_MAX_UPSTREAM_CALLS: '1000',
};

export interface Stage {
  readonly simulator: Simulator;
  readonly redis: TestRedis;
  readonly one: ReplicaSet;
  readonly three: ReplicaSet;
  close(): Promise<void>;
}

export async function startStage(): Promise<Stage> {
  const start = Date.now();
  const simulator = await createSimulator({
    limits: API_LIMITS.current,
    faults: { latencyMs: LATENCY_MS },
    transitions: { mode: 'realistic', wallTime: () => start + (Date.now() - start) * CLOCK_PACE },
  });
  const opened: Array<{ close(): Promise<void> }> = [simulator];
  const close = async () => {
    for (const resource of opened.reverse()) await resource.close();
  };
  try {
    const redis = await startRedis();
    opened.push({ close: () => redis.stop() });
    const account = {
      simulatorUrl: simulator.url,
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
      settings: SETTINGS,
    };
    const one = await startReplicaSet({ ...account, count: 1 });
    opened.push(one);
    const three = await startReplicaSet({ ...account, count: 3, redisUrl: redis.url });
    opened.push(three);
    return { simulator, redis, one, three, close };
  } catch (error) {
    await close();
    throw error;
  }
}
