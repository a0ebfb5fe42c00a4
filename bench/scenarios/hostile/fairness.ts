import { Pool } from 'undici';
import {
  type Attempt,
  attemptPost,
  describeAttempt,
  isFailedRead,
  JSON_HEADERS,
  tally,
} from '../../lib/attempt.js';
import {
  type GatewayProcess,
  startGatewayProcess,
  startSimulatorProcess,
} from '../../lib/gateway-process.js';
import { ZONES_QUERY } from '../../lib/queries.js';
import { summarize } from '../../lib/stats.js';
import { judge } from '../../lib/targets.js';
import { nowMs } from '../../lib/timing.js';
import { type PartReport, resetSimulatorStats, simulatorStats, warmUp } from './common.js';

const REGION = 'cn-hangzhou';
/** The simulator's five regions, so that no one call makes the simulator sort the whole estate. */
const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1'];
/**
 * The issue's estate (50 instances × 17 disks × 60 snapshots, 51,000 snapshots) spread
 * over the five regions: every instance has 1,020 snapshots, 21 pages of 50, so each
 * instance's list costs the page cap of 20 calls.
 */
const ESTATE = { instancesPerRegion: 10, disks: 17, snapshots: 60 };
const LATENCY_MS = 20;
/**
 * The client's rate limit, raised from its default of 20 calls/s so that the window
 * holds hundreds of the big query's calls; who waits behind whom in the limiter is the same.
 */
const RATE_PER_SECOND = 50;
/** Every snapshot page of 10 instances of every region: about 1,000 upstream calls (5 × 10 × 20, and 5 pages of instances). */
export const BIG_QUERY = /* GraphQL */ `
  query Big {
    regions { id instances(page: { size: 10 }) { nodes { id snapshots(page: { all: true }) { totalCount } } } }
  }
`;
/** Small queries sent per second while the big one runs (open loop: not held back by slow answers). */
const SMALL_PER_SECOND = 10;
const BASELINE_SAMPLES = 40;
/** How long a small query sent during the window may wait for its answer. */
const SMALL_LIMIT_MS = 20_000;

function smallBody(): string {
  return JSON.stringify({ query: ZONES_QUERY, variables: { region: REGION } });
}

async function sequential(gateway: GatewayProcess, count: number): Promise<Attempt[]> {
  const pool = new Pool(new URL(gateway.gatewayUrl).origin, { connections: 1 });
  try {
    const out: Attempt[] = [];
    for (let i = 0; i < count; i++)
      out.push(await attemptPost(pool, gateway.gatewayUrl, smallBody(), 10_000));
    return out;
  } finally {
    await pool.destroy();
  }
}

function latencyRow(phase: string, attempts: readonly Attempt[]): Array<string | number> {
  const answered = attempts.filter((attempt) => !isFailedRead(attempt)).map((attempt) => attempt.ms);
  const all = attempts.map((attempt) => attempt.ms);
  const summary = summarize(all);
  return [
    phase,
    attempts.length,
    attempts.length - answered.length,
    summary.median,
    summary.p99,
    summary.max,
  ];
}

/**
 * Part 2: a small one-call query (DescribeZones) timed alone, then sent 20 times a
 * second while one query of about 1,000 upstream calls runs, on a simulator that
 * waits 20 ms per call.
 */
export async function runFairness(windowMs: number): Promise<PartReport> {
  // The simulator in a process of its own (as ECS is elsewhere): its work on an estate
  // of 51,000 snapshots must not be counted as the gateway's.
  const simulator = await startSimulatorProcess({
    SIMULATOR_REGIONS: REGIONS.join(','),
    SIMULATOR_INSTANCES_PER_REGION: String(ESTATE.instancesPerRegion),
    SIMULATOR_DISKS_PER_INSTANCE: String(ESTATE.disks),
    SIMULATOR_SNAPSHOTS_PER_DISK: String(ESTATE.snapshots),
    SIMULATOR_TRANSITIONS: 'immediate',
    SIMULATOR_LATENCY_MS: String(LATENCY_MS),
  });
  let gateway: GatewayProcess | undefined;
  try {
    gateway = await startGatewayProcess({
      ECS_ENDPOINT: simulator.simulatorUrl,
      ALIBABA_CLOUD_REGION_ID: REGION,
      ECS_RATE_LIMIT: String(RATE_PER_SECOND),
      GATEWAY_MAX_UPSTREAM_CALLS: '2000',
      GATEWAY_DEBUG: 'true',
    });
    return await measure(gateway, windowMs);
  } finally {
    await gateway?.close();
    await simulator.close();
  }
}

async function measure(gateway: GatewayProcess, windowMs: number): Promise<PartReport> {
  await warmUp(gateway, JSON_HEADERS);
  await sequential(gateway, 5); // the region list is cached from here on
  const alone = await sequential(gateway, BASELINE_SAMPLES);
  const failedAlone = alone.filter(isFailedRead);
  if (failedAlone.length > 0)
    return skippedPart(`the small query failed on its own: ${tally(failedAlone.map(describeAttempt))}`);

  await resetSimulatorStats(gateway.simulatorUrl);
  const pool = new Pool(new URL(gateway.gatewayUrl).origin, { connections: 64 });
  const started = nowMs();
  let bigDone = false;
  // The big query is given the window; one still running then is abandoned with its gateway.
  const big = attemptPost(pool, gateway.gatewayUrl, JSON.stringify({ query: BIG_QUERY }), windowMs).then(
    (attempt) => {
      bigDone = true;
      return attempt;
    },
  );
  const small: Array<Promise<Attempt>> = [];
  const interval = 1000 / SMALL_PER_SECOND;
  while (!bigDone && nowMs() - started < windowMs && gateway.death() === undefined) {
    small.push(attemptPost(pool, gateway.gatewayUrl, smallBody(), SMALL_LIMIT_MS));
    const next = started + small.length * interval;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - nowMs())));
  }
  const bigAttempt = await big;
  const windowCalls =
    gateway.death() === undefined ? (await simulatorStats(gateway.simulatorUrl)).total : undefined;
  const during = await Promise.all(small);
  await pool.destroy();
  const bigCalls = bigAttempt.kind === 'answered' ? bigAttempt.body?.extensions?.upstream?.calls : undefined;
  const unanswered = during.filter((attempt) => attempt.kind !== 'answered').length;

  const aloneSummary = summarize(alone.map((attempt) => attempt.ms));
  const duringSummary = summarize(during.map((attempt) => attempt.ms));
  const bound = aloneSummary.p99 + LATENCY_MS + 1000 / RATE_PER_SECOND;
  const verdict = judge({
    name: 'p99 of the small query while the big one runs, ms',
    measured: duringSummary.p99,
    bound,
    sense: 'atMost',
    basis: `its p99 alone ${aloneSummary.p99.toFixed(1)} + one ${LATENCY_MS} ms round trip + one ${1000 / RATE_PER_SECOND} ms rate slot`,
  });
  // A big query refused outright (its budget, a limit) leaves nothing to be fair about.
  const refused = bigAttempt.kind === 'answered' && (bigAttempt.body?.data ?? null) === null;
  const death = gateway.death();
  const bigOutcome =
    bigAttempt.kind === 'timedOut'
      ? `was still running after the ${windowMs / 1000} s window and was abandoned`
      : `answered ${describeAttempt(bigAttempt)} in ${(bigAttempt.ms / 1000).toFixed(1)} s, ${bigCalls ?? 'unknown'} upstream calls by its own count`;
  return {
    tables: [
      {
        title: `A one-call query beside a ~1,000-call query (51,000 snapshots over 5 regions, ${LATENCY_MS} ms per upstream call, ${RATE_PER_SECOND} calls/s)`,
        columns: ['small query', 'sent', 'failed', 'p50 ms', 'p99 ms', 'max ms'],
        rows: [
          latencyRow('alone, one after another', alone),
          latencyRow(`${SMALL_PER_SECOND}/s while the big query runs`, during),
        ],
        notes: [
          `The big query, \`regions { instances(page: {size: 10}) { nodes { snapshots(page: {all: true}) { totalCount } } } }\` over ${ESTATE.instancesPerRegion} instances × ${ESTATE.disks} disks × ${ESTATE.snapshots} snapshots in each of 5 regions (20 pages of snapshots per instance, about 1,005 calls), ${bigOutcome}; the simulator counted ${windowCalls ?? 'unknown'} calls meanwhile, the small queries' included.`,
          `The small query: \`region(id) { id zones { … } }\`, one DescribeZones once the region list is cached, sent at a fixed rate whatever the answers (so a slow answer does not hide the waits behind it), each allowed ${SMALL_LIMIT_MS / 1000} s${unanswered > 0 ? `; ${unanswered} got no answer in that time and count at the time waited` : ''}. p99 of ${during.length} samples is their largest but ${during.length - Math.ceil(0.99 * during.length)}. p99 while the big query runs / p99 alone: ${(duringSummary.p99 / aloneSummary.p99).toFixed(1)}.`,
          `The gateway runs with GATEWAY_MAX_UPSTREAM_CALLS=2000 so that the big query is allowed, and ECS_RATE_LIMIT=${RATE_PER_SECOND} (default 20); the simulator runs in a process of its own.${death ? ` Afterwards: ${death}.` : ''}`,
        ],
      },
    ],
    targets: refused ? [] : [verdict],
    skipped: refused
      ? [
          `fairness: the big query was refused (${describeAttempt(bigAttempt)}), so it ran beside no small query`,
        ]
      : [],
    raw: {
      aloneMs: alone.map((attempt) => attempt.ms),
      duringMs: during.map((attempt) => attempt.ms),
      duringOutcomes: tally(during.map(describeAttempt)),
      big: { outcome: describeAttempt(bigAttempt), ms: bigAttempt.ms, calls: bigCalls },
      windowCalls,
    },
  };
}

function skippedPart(reason: string): PartReport {
  return { tables: [], targets: [], skipped: [`fairness: ${reason}`], raw: { skipped: reason } };
}
