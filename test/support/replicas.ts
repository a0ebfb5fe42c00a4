import { type ReplicaSet, startReplicaSet } from '../../bench/lib/replica-set.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { startRedis, type TestRedis } from './redis-server.js';

/**
 * The issue-16 stage in one call: a real redis-server, the simulator in this process on
 * 127.0.0.1 (a manual clock: snapshots move when a test advances it), N gateway
 * processes as `npm start` runs them sharing that Redis, and one more process without
 * Redis, the one-replica baseline the scenarios compare with. Every replica asks the
 * simulator through a call log of its own (bench/lib/call-log.ts).
 */
export interface ReplicaStage {
  readonly simulator: Simulator;
  readonly redis: TestRedis;
  /** The replicas sharing `redis`. */
  readonly set: ReplicaSet;
  /** One gateway process alone, no Redis: what one replica does. */
  readonly baseline: ReplicaSet;
  close(): Promise<void>;
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    readonly data?: Record<string, unknown> | null;
    readonly errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  };
}

export async function startReplicaStage(options: {
  readonly replicas: number;
  /** The environment of every gateway process, the baseline's too. */
  readonly settings: Readonly<Record<string, string>>;
}): Promise<ReplicaStage> {
  const simulator = await createSimulator({ transitions: 'manual', limits: API_LIMITS.current });
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
      settings: { ECS_API_LIMITS: 'current', ...options.settings },
    };
    const [set, baseline] = await Promise.allSettled([
      startReplicaSet({ ...account, count: options.replicas, redisUrl: redis.url }),
      startReplicaSet({ ...account, count: 1 }),
    ]);
    for (const started of [set, baseline]) if (started.status === 'fulfilled') opened.push(started.value);
    if (set.status === 'rejected') throw set.reason;
    if (baseline.status === 'rejected') throw baseline.reason;
    return { simulator, redis, set: set.value, baseline: baseline.value, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One GraphQL request over HTTP to a replica's /graphql. */
export async function graphql(
  gatewayUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLAnswer['body'],
  };
}

/** `/readyz`'s `sharedState` of a replica: `redis` or `local`. */
export async function sharedStateOf(origin: string): Promise<unknown> {
  const response = await fetch(`${origin}/readyz`);
  return ((await response.json()) as { sharedState?: unknown }).sharedState;
}
