import { Pool } from 'undici';
import { type Attempt, attemptPost, describeAttempt, isFailedRead } from '../../lib/attempt.js';
import { maxInWindow } from '../../lib/call-log.js';
import { openLoopSchedule } from '../../lib/open-loop.js';
import type { Replica, ReplicaSet } from '../../lib/replica-set.js';
import { percentile } from '../../lib/stats.js';
import { nowMs } from '../../lib/timing.js';

/**
 * S10's read figures: dashboards polling one query with their clients spread round
 * robin over the replicas, and a burst of distinct queries on every replica at once.
 */

export interface DashboardFigure {
  readonly queries: number;
  readonly callsPerSecond: number;
  readonly p95Ms: number;
  readonly errors: readonly string[];
}

export interface BurstFigure {
  readonly queries: number;
  readonly calls: number;
  /** The most calls that reached the simulator in one second, over every second of the burst. */
  readonly maxInSecond: number;
  readonly seconds: number;
  readonly errors: readonly string[];
}

const sleepUntil = (at: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - nowMs())));

/** One keep-alive pool per replica, shared by the clients sent to it. */
function pools(set: ReplicaSet): Map<number, Pool> {
  return new Map(
    set.replicas.map((replica) => [replica.index, new Pool(replica.origin, { connections: 64 })]),
  );
}

async function closePools(open: Map<number, Pool>): Promise<void> {
  await Promise.all([...open.values()].map((pool) => pool.destroy()));
}

export function problemOf(attempt: Attempt): string | undefined {
  return isFailedRead(attempt) ? describeAttempt(attempt) : undefined;
}

/**
 * `clients` clients, client i on replica i mod N, each sending `body` every second
 * (open loop); after the warm-up, the window's queries are timed and the calls that
 * reached the simulator during it are counted.
 */
export async function dashboardFigure(
  set: ReplicaSet,
  body: string,
  plan: { readonly clients: number; readonly warmupMs: number; readonly windowMs: number },
): Promise<DashboardFigure> {
  const open = pools(set);
  try {
    const times: number[] = [];
    const errors: string[] = [];
    const pending: Array<Promise<void>> = [];
    const started = nowMs();
    const windowStart = started + plan.warmupMs;
    const windowEnd = windowStart + plan.windowMs;
    for (const send of openLoopSchedule({ ...plan, periodMs: 1000 })) {
      await sleepUntil(started + send.atMs);
      const replica = set.replicas[send.client % set.replicas.length] as Replica;
      const attempt = attemptPost(open.get(replica.index) as Pool, replica.gatewayUrl, body, 10_000);
      if (send.measured)
        pending.push(
          attempt.then((done) => {
            times.push(done.ms);
            const problem = problemOf(done);
            if (problem) errors.push(problem);
          }),
        );
    }
    await Promise.all(pending);
    const calls = set.calls().filter((call) => call.atMs >= windowStart && call.atMs < windowEnd);
    return {
      queries: times.length,
      callsPerSecond: calls.length / (plan.windowMs / 1000),
      p95Ms: percentile(times, 95),
      errors,
    };
  } finally {
    await closePools(open);
  }
}

/**
 * The account's bucket emptied first (`rate` distinct reads), then `total` distinct
 * reads shared evenly by the replicas, all at the same instant; the calls they cost are
 * counted by second at the simulator.
 */
export async function burstFigure(set: ReplicaSet, rate: number, total: number): Promise<BurstFigure> {
  const perReplica = Math.ceil(total / set.replicas.length);
  const open = pools(set);
  const query = 'query($id: ID!) { instance(id: $id, regionId: "cn-hangzhou") { id } }';
  const run = `${Date.now().toString(36)}${set.replicas.length}`;
  const read = (replica: Replica, id: string) =>
    attemptPost(
      open.get(replica.index) as Pool,
      replica.gatewayUrl,
      JSON.stringify({ query, variables: { id } }),
      60_000,
    );
  try {
    await Promise.all(Array.from({ length: rate }, (_, n) => read(set.next(), `i-drain${run}${n}`)));
    set.resetCalls();
    const started = nowMs();
    const attempts = await Promise.all(
      set.replicas.flatMap((replica) =>
        Array.from({ length: perReplica }, (_, n) => read(replica, `i-burst${run}r${replica.index}n${n}`)),
      ),
    );
    const seconds = (nowMs() - started) / 1000;
    const calls = set.calls();
    return {
      queries: attempts.length,
      calls: calls.length,
      maxInSecond: maxInWindow(
        calls.map((call) => call.atMs),
        1000,
      ),
      seconds,
      errors: attempts.flatMap((attempt) => {
        // A missing instance is null: the read succeeded.
        if (attempt.kind === 'answered' && attempt.status === 200 && attempt.errorCount === 0) return [];
        return [describeAttempt(attempt)];
      }),
    };
  } finally {
    await closePools(open);
  }
}
