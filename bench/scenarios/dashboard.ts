import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { CONFIG_VARIABLES } from '../../src/config/variables.js';
import type { StatsSnapshot } from '../../src/simulator/stats.js';
import {
  type Attempt,
  attemptPost,
  describeAttempt,
  isFailedRead,
  JSON_HEADERS,
  tally,
} from '../lib/attempt.js';
import { type CacheSummary, summarizeCache } from '../lib/cache-figures.js';
import { type GatewayProcess, startGatewayProcess, startSimulatorProcess } from '../lib/gateway-process.js';
import { describeTree, seededInstanceTree, treeProblem } from '../lib/instance-tree.js';
import { callsPerTtlBound } from '../lib/open-loop.js';
import type { Scenario } from '../lib/scenario.js';
import { percentile, percentileAtLeast } from '../lib/stats.js';
import { cell, type Table } from '../lib/table.js';
import { judge, missedOnErrors, type TargetVerdict } from '../lib/targets.js';
import { nowMs } from '../lib/timing.js';
import { type CrowdTarget, type Outcome, runAlone, runBurst, runOpenLoop } from './dashboard/crowd.js';
import { warmUp } from './hostile/common.js';

/**
 * S8: the front ends of issue 11. Clients poll the README's example query (a page of 10
 * instances → disks → snapshots) once a second through one gateway that keeps the
 * default rate limit of 20 ECS calls a second, the account's quota, on a simulator that
 * waits 20 ms per call; with the shared read cache off and on, side by side in one run.
 */

const QUERY = readFileSync(
  new URL('../../examples/instances-disks-snapshots.graphql', import.meta.url),
  'utf8',
);
/** The demo estate's region: every instance has a system and a data disk, each with snapshots. */
const REGION = 'cn-hangzhou';
const PAGE = 10;
const LATENCY_MS = 20;
/** The simulator as `npm run simulator` runs it with the demo estate; transitions immediate, as nothing here writes. */
const SIMULATOR_SETTINGS = { SIMULATOR_LATENCY_MS: String(LATENCY_MS), SIMULATOR_TRANSITIONS: 'immediate' };
/**
 * Above the nested query's estimate (214 calls for a page of 10: it counts every page
 * the all-pages cap allows), which the default cap of 200 refuses. ECS_RATE_LIMIT is
 * left at its default: the shared quota is the point.
 */
const MAX_UPSTREAM_CALLS = 1000;
/** The cache's default TTL, set explicitly so that the bound below is computed from what the gateway runs with. */
const CACHE_TTL_MS = 5000;
const CLIENT_COUNTS = [1, 10, 30] as const;
const PERIOD_MS = 1000;
const BURST_CLIENTS = 30;
/** Time a query of the burst may wait: without a cache, 30 queries' calls pass the rate limit one after another. */
const BURST_LIMIT_MS = 20_000;

const VARIANTS = [
  { name: 'off', label: 'off', settings: { GATEWAY_CACHE_TTL_MS: '0' } },
  {
    name: 'on',
    label: `on (TTL ${CACHE_TTL_MS / 1000} s)`,
    settings: { GATEWAY_CACHE_TTL_MS: String(CACHE_TTL_MS) },
  },
] as const;

type Variant = (typeof VARIANTS)[number];

interface Timings {
  readonly warmupMs: number;
  /** A whole number of TTLs, so each cached answer can be fetched again at most that many times in it. */
  readonly windowMs: number;
  readonly limitMs: number;
}

interface Row {
  readonly variant: Variant['name'];
  readonly label: string;
  readonly clients: number;
  readonly outcomes: readonly Outcome[];
  readonly calls: StatsSnapshot;
  readonly seconds: number;
  readonly cache: CacheSummary | undefined;
  /** The gateway process's resident memory once the row's answers are in, bytes. */
  readonly rssBytes: number | undefined;
}

interface Burst {
  readonly variant: Variant['name'];
  readonly label: string;
  readonly outcomes: readonly Outcome[];
  readonly calls: StatsSnapshot;
  readonly cache: CacheSummary | undefined;
}

const errorsOf = (outcomes: readonly Outcome[]) => outcomes.filter((outcome) => outcome.error !== undefined);
/** A percentile of the row's times; `≥ …` when a query never answered may be under it. */
function p(outcomes: readonly Outcome[], rank: number): string | number {
  if (outcomes.length === 0) return '—';
  const { ms, atLeast } = percentileAtLeast(
    outcomes.map((outcome) => ({ ms: outcome.ms, lowerBound: outcome.timedOut })),
    rank,
  );
  return atLeast ? `≥ ${cell(ms)}` : ms;
}
const share = (ratio: number | undefined) => (ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`);

/** A fresh gateway as `npm start` runs it, its region list cached (as in a gateway up for a while). */
async function startGateway(simulatorUrl: string, variant: Variant): Promise<GatewayProcess> {
  const gateway = await startGatewayProcess({
    ECS_ENDPOINT: simulatorUrl,
    GATEWAY_DEBUG: 'true',
    GATEWAY_MAX_UPSTREAM_CALLS: String(MAX_UPSTREAM_CALLS),
    ...variant.settings,
  });
  try {
    await warmUp(gateway, JSON_HEADERS);
    const pool = new Pool(new URL(gateway.gatewayUrl).origin, { connections: 1 });
    const regions = await attemptPost(
      pool,
      gateway.gatewayUrl,
      JSON.stringify({ query: '{ regions { id } }' }),
      10_000,
    );
    await pool.destroy();
    if (isFailedRead(regions)) throw new Error(`the region list failed: ${describeAttempt(regions)}`);
    return gateway;
  } catch (error) {
    await gateway.close();
    throw error;
  }
}

export const dashboard: Scenario = {
  name: 'dashboard',
  title: 'S8. Dashboards polling one gateway, the shared read cache off and on',
  async run({ quick }) {
    const timings: Timings = quick
      ? { warmupMs: 1000, windowMs: CACHE_TTL_MS, limitMs: 5000 }
      : { warmupMs: 2000, windowMs: 2 * CACHE_TTL_MS, limitMs: 10_000 };
    const expected = seededInstanceTree(SIMULATOR_SETTINGS, REGION, PAGE);
    const check = (attempt: Attempt): string | undefined => {
      if (isFailedRead(attempt)) return describeAttempt(attempt);
      const problem = treeProblem(expected, attempt.kind === 'answered' ? attempt.body?.data : undefined);
      return problem === undefined ? undefined : `wrong answer: ${problem}`;
    };
    const body = JSON.stringify({ query: QUERY, variables: { regionId: REGION, instances: PAGE } });
    const cacheBuilt = CONFIG_VARIABLES.includes('GATEWAY_CACHE_TTL_MS');

    const simulator = await startSimulatorProcess(SIMULATOR_SETTINGS);
    const rows: Row[] = [];
    const bursts: Burst[] = [];
    const alone = new Map<Variant['name'], number>();
    try {
      for (const variant of VARIANTS) {
        for (const clients of CLIENT_COUNTS) {
          const started = nowMs();
          const gateway = await startGateway(simulator.simulatorUrl, variant);
          try {
            const target: CrowdTarget = { ...gateway, body, limitMs: timings.limitMs, check };
            if (!alone.has(variant.name)) {
              // One query alone on an empty cache: what every figure below is compared with.
              const one = await runAlone(target);
              if (one.outcome.error !== undefined)
                throw new Error(`the query failed alone (cache ${variant.label}): ${one.outcome.error}`);
              alone.set(variant.name, one.calls.total);
            }
            const result = await runOpenLoop(target, {
              clients,
              periodMs: PERIOD_MS,
              warmupMs: timings.warmupMs,
              windowMs: timings.windowMs,
            });
            rows.push({
              variant: variant.name,
              label: variant.label,
              clients,
              ...result,
              cache: summarizeCache(result.outcomes.map((outcome) => outcome.cache)),
              rssBytes: (await gateway.memory())?.rssBytes,
            });
          } finally {
            await gateway.close();
          }
          console.error(
            `dashboard: cache ${variant.name}, ${clients} clients measured in ${((nowMs() - started) / 1000).toFixed(0)} s`,
          );
        }
        // A fresh gateway: an empty cache, then every client at the same instant.
        const gateway = await startGateway(simulator.simulatorUrl, variant);
        try {
          const burst = await runBurst({ ...gateway, body, limitMs: BURST_LIMIT_MS, check }, BURST_CLIENTS);
          bursts.push({
            variant: variant.name,
            label: variant.label,
            ...burst,
            cache: summarizeCache(burst.outcomes.map((outcome) => outcome.cache)),
          });
        } finally {
          await gateway.close();
        }
      }
    } finally {
      await simulator.close();
    }

    const callsAlone = (variant: Variant['name']) => alone.get(variant) as number;
    const tables: Table[] = [
      {
        title: `Clients each sending examples/instances-disks-snapshots.graphql (a page of ${PAGE}: ${describeTree(expected)} in ${REGION}) once a second, ${LATENCY_MS} ms per upstream call, ECS_RATE_LIMIT 20`,
        columns: [
          'cache',
          'clients',
          'queries',
          'upstream calls/s',
          'p50 ms',
          'p95 ms',
          'errors',
          'hit ratio',
          'coalesced',
          'oldest data served, ms',
          'store entries',
          'store KiB',
          'gateway RSS MiB',
        ],
        rows: rows.map((row) => [
          row.label,
          row.clients,
          row.outcomes.length,
          row.calls.total / row.seconds,
          p(row.outcomes, 50),
          p(row.outcomes, 95),
          errorsOf(row.outcomes).length,
          share(row.cache?.hitRatio),
          share(row.cache?.coalescedRatio),
          row.cache?.maxOldestAgeMs ?? '—',
          row.cache?.storeEntries ?? '—',
          row.cache === undefined ? '—' : row.cache.storeBytes / 1024,
          row.rssBytes === undefined ? '—' : row.rssBytes / 2 ** 20,
        ]),
        notes: [
          `Each client sends the query every ${PERIOD_MS / 1000} s whether or not its last one was answered (open loop), the clients spread evenly over the second, each on connections of its own; after a ${timings.warmupMs / 1000} s warm-up, the queries sent in the next ${timings.windowMs / 1000} s are measured. A query may wait ${timings.limitMs / 1000} s; one not answered by then is an error and counts at the time it waited (a percentile that falls on one reads "≥"). An error is also any status but 200, any GraphQL error, or an answer whose instances, disks and snapshot counts differ from the seeded estate's.`,
          `Upstream calls are counted by the simulator (in a process of its own) over the window. One query alone on an empty cache costs ${[...alone].map(([name, calls]) => `${calls} (cache ${name})`).join(', ')} calls.`,
          'Cache columns come from `extensions.upstream.cache` of the measured answers (debug on): hit ratio and coalesced are shares of all their upstream lookups (the rest went upstream); oldest data served is the largest `oldestAgeMs`; store entries and KiB are as the last answer of the row left the store. "—": the answers carry no such report. Gateway RSS is the resident memory of the gateway process (from /proc) once the answers of the row are in.',
          `Every row runs on a fresh gateway as \`npm start\` runs it (NODE_ENV=production, GATEWAY_DEBUG=true, GATEWAY_MAX_UPSTREAM_CALLS=${MAX_UPSTREAM_CALLS}, ECS_RATE_LIMIT at its default of 20 calls/s), its region list cached first.${cacheBuilt ? '' : ' This build reads no GATEWAY_CACHE_TTL_MS: the "on" rows ran without a cache.'}`,
          ...rows
            .filter((row) => errorsOf(row.outcomes).length > 0)
            .map(
              (row) =>
                `Errors, cache ${row.variant}, ${row.clients} clients: ${tally(errorsOf(row.outcomes).map((outcome) => outcome.error as string))}.`,
            ),
        ],
      },
      {
        title: `${BURST_CLIENTS} clients sending the same query at the same instant to a fresh gateway (empty cache)`,
        columns: [
          'cache',
          'queries',
          'upstream calls',
          'one query alone',
          'calls / one query',
          'p50 ms',
          'p95 ms',
          'errors',
          'hit ratio',
          'coalesced',
        ],
        rows: bursts.map((burst) => [
          burst.label,
          burst.outcomes.length,
          burst.calls.total,
          callsAlone(burst.variant),
          burst.calls.total / callsAlone(burst.variant),
          p(burst.outcomes, 50),
          p(burst.outcomes, 95),
          errorsOf(burst.outcomes).length,
          share(burst.cache?.hitRatio),
          share(burst.cache?.coalescedRatio),
        ]),
        notes: [
          `Each client's connection is opened first (with a \`{ __typename }\`); then all ${BURST_CLIENTS} queries are sent in one turn of the event loop. Upstream calls are counted from just before them until the last answer. "One query alone" is measured first, on the fresh gateway of the 1-client row. The times include the first execution of the query by a fresh process (running it before would fill the cache).`,
          ...bursts
            .filter((burst) => errorsOf(burst.outcomes).length > 0)
            .map(
              (burst) =>
                `Errors, cache ${burst.variant}: ${tally(errorsOf(burst.outcomes).map((outcome) => outcome.error as string))}.`,
            ),
        ],
      },
    ];

    const targets: TargetVerdict[] = [];
    const crowd = rows.find((row) => row.variant === 'on' && row.clients === 30);
    if (crowd) {
      const errors = errorsOf(crowd.outcomes).length;
      const p95 = judge({
        name: 'p95 with 30 clients, cache on, ms',
        measured: percentile(
          crowd.outcomes.map((outcome) => outcome.ms),
          95,
        ),
        bound: 150,
        sense: 'atMost',
        basis: 'a few round trips of one client',
      });
      targets.push(missedOnErrors(p95, errors, crowd.outcomes.length));
      const bound = callsPerTtlBound(callsAlone('on'), CACHE_TTL_MS);
      targets.push(
        judge({
          name: 'upstream calls/s with 30 clients, cache on',
          measured: crowd.calls.total / crowd.seconds,
          bound,
          sense: 'atMost',
          basis: `one query's ${callsAlone('on')} calls per ${CACHE_TTL_MS / 1000} s TTL`,
        }),
      );
    }
    const burst = bursts.find((entry) => entry.variant === 'on');
    if (burst) {
      const errors = errorsOf(burst.outcomes).length;
      const verdict = judge({
        name: `upstream calls of ${BURST_CLIENTS} identical queries at once on an empty cache`,
        measured: burst.calls.total,
        bound: callsAlone('on'),
        sense: 'atMost',
        basis: 'exactly one query’s calls, measured alone',
      });
      targets.push(missedOnErrors(verdict, errors, burst.outcomes.length));
    }

    const rawOutcomes = (outcomes: readonly Outcome[]) => ({
      ms: outcomes.map((outcome) => outcome.ms),
      errors: tally(errorsOf(outcomes).map((outcome) => outcome.error as string)),
    });
    return {
      tables,
      targets,
      skipped: [],
      raw: {
        query: { region: REGION, page: PAGE, estate: describeTree(expected) },
        latencyMs: LATENCY_MS,
        timings,
        cacheTtlMs: CACHE_TTL_MS,
        cacheBuilt,
        callsAlone: Object.fromEntries(alone),
        rows: rows.map((row) => ({
          cache: row.variant,
          clients: row.clients,
          seconds: row.seconds,
          calls: row.calls,
          cacheSummary: row.cache,
          rssBytes: row.rssBytes,
          ...rawOutcomes(row.outcomes),
        })),
        bursts: bursts.map((entry) => ({
          cache: entry.variant,
          calls: entry.calls,
          cacheSummary: entry.cache,
          ...rawOutcomes(entry.outcomes),
        })),
      },
    };
  },
};
