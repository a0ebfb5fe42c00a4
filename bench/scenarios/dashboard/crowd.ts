import { Pool } from 'undici';
import type { StatsSnapshot } from '../../../src/simulator/stats.js';
import { type Attempt, attemptPost, JSON_HEADERS } from '../../lib/attempt.js';
import { type CacheReport, cacheReportOf } from '../../lib/cache-figures.js';
import { type OpenLoopPlan, openLoopSchedule } from '../../lib/open-loop.js';
import { nowMs } from '../../lib/timing.js';
import { resetSimulatorStats, simulatorStats, TYPENAME_BODY } from '../hostile/common.js';

/**
 * The dashboard scenario's clients: many sending one query on a beat (open loop), or
 * all at once; every answer checked, the upstream calls counted by the simulator.
 */

/** One measured query: its time, whether it was a whole and right answer, the cache's report. */
export interface Outcome {
  readonly client: number;
  /** From send to answer; a query not answered within its limit counts at the time it waited. */
  readonly ms: number;
  /** Undefined for a whole, right answer; else what went wrong (`timed out after 10 s`, `wrong answer: …`). */
  readonly error: string | undefined;
  /** Not answered within its limit: its time is a lower bound. */
  readonly timedOut: boolean;
  readonly cache: CacheReport | undefined;
}

/** What is wrong with an answer (undefined when nothing is), as an error of the row. */
export type AnswerCheck = (attempt: Attempt) => string | undefined;

export interface CrowdTarget {
  readonly gatewayUrl: string;
  /** The simulator's control endpoints: its call counters. */
  readonly simulatorUrl: string;
  /** The POST body of the query. */
  readonly body: string;
  /** How long a query may wait for its answer. */
  readonly limitMs: number;
  readonly check: AnswerCheck;
}

export interface OpenLoopResult {
  /** The queries sent in the window, in the order they completed. */
  readonly outcomes: readonly Outcome[];
  /** Upstream calls the simulator counted over the window. */
  readonly calls: StatsSnapshot;
  /** The window as measured between the two readings of the counters, s. */
  readonly seconds: number;
}

function sleepUntil(at: number): Promise<void> {
  const wait = at - nowMs();
  return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait));
}

function outcomeOf(target: CrowdTarget, client: number, attempt: Attempt): Outcome {
  return {
    client,
    ms: attempt.ms,
    error: target.check(attempt),
    timedOut: attempt.kind === 'timedOut',
    cache: attempt.kind === 'answered' ? cacheReportOf(attempt.body) : undefined,
  };
}

/**
 * Runs the plan: each client (a connection pool of its own, as a browser has) sends the
 * query on its beat whatever happened to the last one. The simulator's counters are
 * reset when the window opens and read when it closes; then the queries sent in the
 * window are awaited (each within its limit).
 */
export async function runOpenLoop(target: CrowdTarget, plan: OpenLoopPlan): Promise<OpenLoopResult> {
  const origin = new URL(target.gatewayUrl).origin;
  const pools = Array.from({ length: plan.clients }, () => new Pool(origin));
  try {
    const outcomes: Outcome[] = [];
    const pending: Array<Promise<void>> = [];
    const started = nowMs();
    const counting = (async () => {
      await sleepUntil(started + plan.warmupMs);
      const resetSent = nowMs();
      await resetSimulatorStats(target.simulatorUrl);
      const resetDone = nowMs();
      await sleepUntil(resetSent + plan.windowMs);
      const readSent = nowMs();
      const calls = await simulatorStats(target.simulatorUrl);
      const readDone = nowMs();
      // Each reading is placed at the middle of its round trip.
      return { calls, seconds: ((readSent + readDone) / 2 - (resetSent + resetDone) / 2) / 1000 };
    })();
    counting.catch(() => {}); // awaited below; a failed reading must not end the process meanwhile
    for (const send of openLoopSchedule(plan)) {
      await sleepUntil(started + send.atMs);
      const pool = pools[send.client] as Pool;
      const attempt = attemptPost(pool, target.gatewayUrl, target.body, target.limitMs);
      if (send.measured)
        pending.push(attempt.then((done) => void outcomes.push(outcomeOf(target, send.client, done))));
    }
    const { calls, seconds } = await counting;
    await Promise.all(pending);
    return { outcomes, calls, seconds };
  } finally {
    await Promise.all(pools.map((pool) => pool.destroy()));
  }
}

export interface BurstResult {
  readonly outcomes: readonly Outcome[];
  /** Upstream calls the simulator counted from just before the burst until every answer was in. */
  readonly calls: StatsSnapshot;
}

/**
 * `clients` connections, each opened beforehand with a `{ __typename }`, then the query
 * sent on every one of them in the same turn of the event loop.
 */
export async function runBurst(target: CrowdTarget, clients: number): Promise<BurstResult> {
  const origin = new URL(target.gatewayUrl).origin;
  const connections = Array.from({ length: clients }, () => new Pool(origin, { connections: 1 }));
  try {
    await Promise.all(
      connections.map((pool) => attemptPost(pool, target.gatewayUrl, TYPENAME_BODY, 10_000, JSON_HEADERS)),
    );
    await resetSimulatorStats(target.simulatorUrl);
    const attempts = connections.map((pool) =>
      attemptPost(pool, target.gatewayUrl, target.body, target.limitMs),
    );
    const outcomes: Outcome[] = [];
    await Promise.all(
      attempts.map((attempt, client) =>
        attempt.then((done) => void outcomes.push(outcomeOf(target, client, done))),
      ),
    );
    return { outcomes, calls: await simulatorStats(target.simulatorUrl) };
  } finally {
    await Promise.all(connections.map((pool) => pool.destroy()));
  }
}

/** One query alone: its answer checked, and the upstream calls it cost. */
export async function runAlone(
  target: CrowdTarget,
): Promise<{ readonly outcome: Outcome; readonly calls: StatsSnapshot }> {
  const pool = new Pool(new URL(target.gatewayUrl).origin, { connections: 1 });
  try {
    await resetSimulatorStats(target.simulatorUrl);
    const attempt = await attemptPost(pool, target.gatewayUrl, target.body, target.limitMs);
    return { outcome: outcomeOf(target, 0, attempt), calls: await simulatorStats(target.simulatorUrl) };
  } finally {
    await pool.destroy();
  }
}
