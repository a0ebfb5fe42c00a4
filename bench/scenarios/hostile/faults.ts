import { Pool } from 'undici';
import {
  type Attempt,
  attemptPost,
  describeAttempt,
  isFailedRead,
  JSON_HEADERS,
  tally,
} from '../../lib/attempt.js';
import { configureFaults } from '../../lib/child-target.js';
import { createLimit } from '../../lib/concurrency.js';
import { type GatewayProcess, startGatewayProcess } from '../../lib/gateway-process.js';
import { NESTED_QUERY } from '../../lib/queries.js';
import type { TargetVerdict } from '../../lib/targets.js';
import { nowMs } from '../../lib/timing.js';
import { faultedCalls, type PartReport, resetSimulatorStats, simulatorStats, warmUp } from './common.js';

const REGION = 'cn-hangzhou';
/** Transient fault rates, each split evenly over throttling, 503, 500 and a connection dropped before acting. */
const LEVELS = [0, 0.1, 0.2, 0.3, 0.4];
/** Reads in flight at once. */
const IN_FLIGHT = 16;
/** The 0% row is a control (failures there are not faults'): fewer reads. */
const CONTROL_READS = 200;
/** How long one read may take: the client's default call deadline (60 s) and a little. */
const READ_LIMIT_MS = 65_000;

interface LevelRun {
  readonly rate: number;
  readonly reads: number;
  readonly failed: number;
  readonly failures: string;
  readonly seconds: number;
  readonly upstreamCalls: number | undefined;
  readonly faulted: number | undefined;
  readonly died: string | undefined;
}

/** The rates the simulator takes for a total transient fault rate. */
export function splitFaultRate(total: number): Record<string, number> {
  const each = total / 4;
  return { throttlingRate: each, serviceUnavailableRate: each, internalErrorRate: each, dropRate: each };
}

async function readsAt(
  gateway: GatewayProcess,
  rate: number,
  reads: number,
  levelLimitMs: number,
): Promise<LevelRun> {
  await configureFaults(gateway.simulatorUrl, splitFaultRate(rate));
  await resetSimulatorStats(gateway.simulatorUrl);
  const body = JSON.stringify({ query: NESTED_QUERY, variables: { region: REGION, size: 50 } });
  const pool = new Pool(new URL(gateway.gatewayUrl).origin, { connections: IN_FLIGHT });
  const limit = createLimit(IN_FLIGHT);
  const started = nowMs();
  const attempts: Attempt[] = [];
  try {
    await Promise.all(
      Array.from({ length: reads }, () =>
        limit(async () => {
          // Bounded: past the level's time, or once the gateway is gone, the rest are not sent.
          if (nowMs() - started > levelLimitMs || gateway.death() !== undefined) return;
          attempts.push(await attemptPost(pool, gateway.gatewayUrl, body, READ_LIMIT_MS));
        }),
      ),
    );
  } finally {
    await pool.destroy();
  }
  const seconds = (nowMs() - started) / 1000;
  const died = gateway.death();
  const stats = died === undefined ? await simulatorStats(gateway.simulatorUrl) : undefined;
  const failed = attempts.filter(isFailedRead);
  return {
    rate,
    reads: attempts.length,
    failed: failed.length,
    failures: tally(failed.map(describeAttempt)),
    seconds,
    upstreamCalls: stats?.total,
    faulted: stats === undefined ? undefined : faultedCalls(stats),
    died,
  };
}

/**
 * Part 3: the nested read (a page of instances, their disks, each disk's snapshots) made
 * `reads` times at each total fault rate, 16 in flight, against the embedded simulator.
 */
export async function runFaults(reads: number, levelLimitMs: number): Promise<PartReport> {
  const settings = {
    SIMULATOR_REGIONS: REGION,
    // Lifted (default 20 calls/s), so a level takes seconds: faults, not the limiter, are measured.
    ECS_RATE_LIMIT: '0',
    // The read asks for every page of disks and snapshots; its sound estimate (over
    // 10,000 calls) is far above the 3 it makes on this estate. Retries are measured here, not the cap.
    GATEWAY_MAX_UPSTREAM_CALLS: '100000',
  };
  const runs: LevelRun[] = [];
  let gateway: GatewayProcess | undefined;
  try {
    for (const rate of LEVELS) {
      if (gateway === undefined || gateway.death() !== undefined) {
        gateway = await startGatewayProcess(settings);
        await warmUp(gateway, JSON_HEADERS);
      }
      runs.push(
        await readsAt(gateway, rate, rate === 0 ? Math.min(reads, CONTROL_READS) : reads, levelLimitMs),
      );
    }
  } finally {
    await gateway?.close();
  }
  const targets: TargetVerdict[] = [];
  const at20 = runs.find((run) => run.rate === 0.2);
  if (at20 !== undefined && at20.reads > 0) {
    // A bound of zero has no margin as a share of itself: the verdict is stated directly.
    const name = 'failed reads per 1,000 at 20% transient faults';
    const measured = (at20.failed / at20.reads) * 1000;
    const met = at20.failed === 0;
    targets.push({
      name,
      measured,
      bound: 0,
      sense: 'atMost',
      met,
      overBy: measured,
      text: `${met ? 'met' : 'MISSED'}: ${name} ${measured} ${met ? '=' : '>'} 0 (${at20.failed} of ${at20.reads} reads failed)`,
    });
  }
  return {
    tables: [
      {
        title: `${reads} nested reads per fault rate (${Math.min(reads, CONTROL_READS)} without faults), ${IN_FLIGHT} in flight`,
        columns: [
          'transient faults',
          'reads',
          'failed',
          'failed per 1,000',
          'seconds',
          'upstream calls',
          'of them faulted',
          'how the failed ones ended',
        ],
        rows: runs.map((run) => [
          `${Math.round(run.rate * 100)}%`,
          run.reads,
          run.failed,
          run.reads === 0 ? '—' : Math.round((run.failed / run.reads) * 1000 * 10) / 10,
          run.seconds,
          run.upstreamCalls ?? '—',
          run.faulted ?? '—',
          [run.failures || '—', run.died].filter(Boolean).join('; '),
        ]),
        notes: [
          'The read: `region(id: "cn-hangzhou") { instances(page: {size: 50}) { nodes { id disks(page: {all: true}) { nodes { id snapshots(page: {all: true}) { nodes { id } } } } } } }` over the default estate (6 instances × 2 disks × 3 snapshots).',
          'Each rate is split evenly over Throttling (400), ServiceUnavailable (503), InternalError (500) and a connection dropped before the simulator acts, drawn per upstream call by the simulator embedded in the gateway. A failed read is an answer with any error, a status other than 200, or no answer.',
          `The client's rate limit is lifted (ECS_RATE_LIMIT=0) and the call cap raised (GATEWAY_MAX_UPSTREAM_CALLS=100000: the read's estimate counts every page the cap allows); everything else is the gateway's default. Each read may take ${READ_LIMIT_MS / 1000} s and each level ${levelLimitMs / 1000} s.`,
        ],
      },
    ],
    targets,
    skipped: [],
    raw: runs,
  };
}
