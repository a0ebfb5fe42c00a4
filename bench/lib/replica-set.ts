import { type CallLog, type LoggedCall, startCallLog } from './call-log.js';
import { type GatewayProcess, startGatewayProcess } from './gateway-process.js';

/**
 * N gateway processes as `npm start` runs them, behind no load balancer: the caller
 * spreads its clients round robin. Each replica asks the one simulator through a call
 * log of its own (call-log.ts), so every upstream call is known with its time and the
 * replica that made it. With `redisUrl` they share their state on that Redis.
 */

export interface Replica {
  /** Its place in the set, 0-based: replica A is 0. */
  readonly index: number;
  readonly process: GatewayProcess;
  /** http://127.0.0.1:<port>/graphql */
  readonly gatewayUrl: string;
  /** http://127.0.0.1:<port> (/readyz, /healthz) */
  readonly origin: string;
  /** The upstream calls this replica made. */
  readonly log: CallLog;
  /** Killed by `kill`, or died. */
  readonly alive: boolean;
}

export interface ReplicaSetOptions {
  readonly count: number;
  /** The simulator every replica asks (through its own call log). */
  readonly simulatorUrl: string;
  /** The simulator's account: the keys the replicas sign with. */
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Shared state on this Redis; each replica keeps its own when absent. */
  readonly redisUrl?: string;
  /** Added to every replica's environment (gateway-process.ts sets the rest). */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface ReplicaSet {
  readonly replicas: readonly Replica[];
  /** The replicas still running. */
  live(): Replica[];
  /** The next live replica, round robin. */
  next(): Replica;
  /** SIGKILL: a replica dying without a goodbye, its leases and locks left behind. */
  kill(index: number): Promise<void>;
  /** Every replica's calls, merged in time order, each with the replica that made it. */
  calls(): Array<LoggedCall & { readonly replica: number }>;
  /** Forgets every call logged so far. */
  resetCalls(): void;
  close(): Promise<void>;
}

/** The environment of one replica: the simulator through its call log, Redis when given. */
export function replicaEnvironment(options: ReplicaSetOptions, endpoint: string): Record<string, string> {
  return {
    ECS_ENDPOINT: endpoint,
    SIMULATOR_ACCESS_KEY_ID: options.accessKeyId,
    SIMULATOR_ACCESS_KEY_SECRET: options.accessKeySecret,
    ...(options.redisUrl === undefined ? {} : { REDIS_URL: options.redisUrl }),
    ...options.settings,
  };
}

async function startReplica(options: ReplicaSetOptions, index: number): Promise<Replica> {
  const log = await startCallLog(options.simulatorUrl);
  try {
    const process = await startGatewayProcess(replicaEnvironment(options, log.url));
    return {
      index,
      process,
      gatewayUrl: process.gatewayUrl,
      origin: new URL(process.gatewayUrl).origin,
      log,
      get alive() {
        return process.death() === undefined;
      },
    };
  } catch (error) {
    await log.close();
    throw error;
  }
}

export async function startReplicaSet(options: ReplicaSetOptions): Promise<ReplicaSet> {
  const started = await Promise.allSettled(
    Array.from({ length: options.count }, (_, index) => startReplica(options, index)),
  );
  const replicas = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = started.find((outcome) => outcome.status === 'rejected');
  const close = async () => {
    await Promise.all(
      replicas.map(async (replica) => {
        await replica.process.close();
        await replica.log.close();
      }),
    );
  };
  if (failure) {
    await close();
    throw failure.reason;
  }
  let turn = 0;
  const live = () => replicas.filter((replica) => replica.alive);
  return {
    replicas,
    live,
    next() {
      const running = live();
      if (running.length === 0) throw new Error('no replica is running');
      const replica = running[turn % running.length] as Replica;
      turn += 1;
      return replica;
    },
    async kill(index) {
      await (replicas[index] as Replica).process.kill();
    },
    calls: () =>
      replicas
        .flatMap((replica) => replica.log.calls.map((call) => ({ ...call, replica: replica.index })))
        .sort((a, b) => a.atMs - b.atMs),
    resetCalls() {
      for (const replica of replicas) replica.log.reset();
    },
    close,
  };
}
