import { readFileSync } from 'node:fs';
import { JSON_HEADERS, tally } from '../lib/attempt.js';
import type { Scenario } from '../lib/scenario.js';
import type { Table } from '../lib/table.js';
import { judge, missedOnErrors, type TargetVerdict } from '../lib/targets.js';
import { warmUp } from './hostile/common.js';
import { type BurstFigure, burstFigure, type DashboardFigure, dashboardFigure } from './replicas/reads.js';
import { CACHE_TTL_MS, LATENCY_MS, RATE_LIMIT, startStage } from './replicas/stage.js';
import { type KillFigure, killFigure, type RestartFigure, restartFigure } from './replicas/trouble.js';

/**
 * S10: three gateway replicas sharing cache, quota and progress on one Redis, beside
 * one gateway alone: the dashboard clients of S8 spread round robin, a burst of
 * distinct queries on every replica, the polling replica killed under 30 subscribers,
 * Redis stopped and restarted under reads.
 */

const QUERY = readFileSync(
  new URL('../../examples/instances-disks-snapshots.graphql', import.meta.url),
  'utf8',
);
const PAGE = 10;

const errorNote = (label: string, errors: readonly string[]) =>
  errors.length === 0 ? [] : [`Errors, ${label}: ${tally(errors)}.`];

export const replicas: Scenario = {
  name: 'replicas',
  title: 'S10. Three replicas on one Redis beside one gateway alone',
  async run({ quick }) {
    const plan = quick
      ? {
          clients: 10,
          warmupMs: 1_000,
          windowMs: 2 * CACHE_TTL_MS,
          burst: 3 * RATE_LIMIT,
          subscribers: 15,
          awayMs: 1_000,
        }
      : {
          clients: 30,
          warmupMs: 2_000,
          windowMs: 2 * CACHE_TTL_MS,
          burst: 6 * RATE_LIMIT,
          subscribers: 30,
          awayMs: 3_000,
        };
    const body = JSON.stringify({ query: QUERY, variables: { regionId: 'cn-hangzhou', instances: PAGE } });
    const stage = await startStage();
    let dashboards: [DashboardFigure, DashboardFigure];
    let bursts: [BurstFigure, BurstFigure];
    let restart: RestartFigure;
    let kill: KillFigure;
    try {
      // Each process warmed up (its JIT) and its region list cached, as one up for a while.
      const warm = (set: typeof stage.one) =>
        Promise.all(
          set.replicas.map(async (replica) => {
            await warmUp(replica.process, JSON_HEADERS);
            await (await fetch(replica.gatewayUrl, postOf('{ regions { id } }'))).arrayBuffer();
          }),
        );
      await Promise.all([warm(stage.one), warm(stage.three)]);
      dashboards = [
        await dashboardFigure(stage.one, body, plan),
        await dashboardFigure(stage.three, body, plan),
      ];
      console.error('replicas: dashboards measured');
      bursts = [
        await burstFigure(stage.one, RATE_LIMIT, plan.burst),
        await burstFigure(stage.three, RATE_LIMIT, plan.burst),
      ];
      console.error('replicas: bursts measured');
      restart = await restartFigure(stage.three, stage.redis, 6, plan.awayMs);
      console.error('replicas: Redis restart measured');
      kill = await killFigure(
        stage.three,
        await newSnapshot(stage.three.replicas[0]!.gatewayUrl),
        plan.subscribers,
      );
    } finally {
      await stage.close();
    }

    const [alone, shared] = dashboards;
    const tables: Table[] = [
      {
        title: `One gateway alone (no Redis) and three replicas on one Redis, ECS_RATE_LIMIT ${RATE_LIMIT}, ${LATENCY_MS} ms per upstream call, cache TTL ${CACHE_TTL_MS / 1000} s`,
        columns: ['figure', '1 replica', '3 replicas'],
        rows: [
          [
            `upstream calls/s, ${plan.clients} dashboard clients`,
            alone.callsPerSecond,
            shared.callsPerSecond,
          ],
          [`p95 ms, ${plan.clients} dashboard clients`, alone.p95Ms, shared.p95Ms],
          [
            `max calls in any second, burst of ${plan.burst} distinct reads`,
            bursts[0].maxInSecond,
            bursts[1].maxInSecond,
          ],
          [
            'seconds to events after killing the polling replica',
            '— (its subscribers go with it)',
            kill.secondsToEvents ?? 'never',
          ],
          [
            'failed reads through a Redis restart',
            '— (no Redis)',
            `${restart.failed.length} of ${restart.reads}`,
          ],
        ],
        notes: [
          `Dashboards: ${plan.clients} clients each send examples/instances-disks-snapshots.graphql (a page of ${PAGE}) once a second, open loop, client i to replica i mod N; after ${plan.warmupMs / 1000} s, the queries sent in ${plan.windowMs / 1000} s are timed (${alone.queries} and ${shared.queries}) and the calls that reached the simulator meanwhile counted.`,
          `Burst: the account's bucket is emptied first (${RATE_LIMIT} distinct reads); then ${plan.burst} reads of distinct missing instances at once, shared evenly by the replicas. "Any second" is any window [t, t + 1 s) of the calls' arrival times at the simulator; one gateway alone limits itself with a token bucket holding one second's tokens, so a window may see up to twice ECS_RATE_LIMIT when its stalled process finds the bucket full again (${bursts[0].calls} and ${bursts[1].calls} calls over ${bursts[0].seconds.toFixed(1)} and ${bursts[1].seconds.toFixed(1)} s).`,
          `Kill: ${kill.subscribers} subscribers of one new snapshot (the simulator's clock at a quarter of wall time, so it progresses for a minute) spread round robin; ${kill.pollersBefore} replica(s) sent DescribeSnapshots in the 1.5 s before the SIGKILL of the one that polled; the figure is the time until each of the ${kill.survivors} surviving subscribers had an event.`,
          `Redis restart: 6 clients read listings of 1 to 10 instances round robin without pause; Redis stopped, left away ${plan.awayMs / 1000} s after every replica reported local state, restarted; ${restart.secondsAway.toFixed(1)} s from the stop until every replica shared again. A failed read: not 200, any error, or no data.`,
          "Every gateway is `npm start`'s in a process of its own (bench/lib/gateway-process.ts), asking the simulator (in the benchmark's process) through a call log of its own (bench/lib/call-log.ts).",
          ...errorNote('dashboards, 1 replica', alone.errors),
          ...errorNote('dashboards, 3 replicas', shared.errors),
          ...errorNote('burst, 1 replica', bursts[0].errors),
          ...errorNote('burst, 3 replicas', bursts[1].errors),
          ...errorNote('Redis restart', restart.failed),
        ],
      },
    ];

    const targets: TargetVerdict[] = [
      missedOnErrors(
        judge({
          name: 'upstream calls/s, 3 replicas',
          measured: shared.callsPerSecond,
          // A refresh of the query falls just inside the window or just outside it: one TTL's calls either way.
          bound: Math.max(alone.callsPerSecond * (1.1 + CACHE_TTL_MS / plan.windowMs), 0.1),
          sense: 'atMost',
          basis: "one replica's, plus one TTL's refresh for the window's edges",
        }),
        shared.errors.length,
        shared.queries,
      ),
      judge({
        name: 'max calls in any second, 3 replicas',
        measured: bursts[1].maxInSecond,
        bound: RATE_LIMIT,
        sense: 'atMost',
        basis: 'ECS_RATE_LIMIT, counted on arrival at the simulator',
      }),
    ];
    if (kill.secondsToEvents !== undefined)
      targets.push(
        judge({
          name: 'seconds to events after a kill',
          measured: kill.secondsToEvents,
          bound: 10,
          sense: 'atMost',
          basis: 'within seconds',
        }),
      );
    return {
      tables,
      targets,
      skipped: [],
      raw: { plan, dashboards, bursts, restart, kill },
    };
  },
};

function postOf(query: string, variables: Record<string, unknown> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  };
}

/** A snapshot of the first disk of cn-hangzhou, created through `gatewayUrl`: its id. */
async function newSnapshot(gatewayUrl: string): Promise<string> {
  const disks = (await (
    await fetch(gatewayUrl, postOf('{ disks(regionId: "cn-hangzhou", page: { size: 1 }) { nodes { id } } }'))
  ).json()) as { data?: { disks?: { nodes?: Array<{ id: string }> } } };
  const diskId = disks.data?.disks?.nodes?.[0]?.id;
  if (diskId === undefined) throw new Error(`no disk to snapshot: ${JSON.stringify(disks)}`);
  const mutation =
    'mutation($d: ID!) { createSnapshot(input: { diskId: $d, regionId: "cn-hangzhou" }) { __typename ... on CreateSnapshotPayload { snapshot { id } } } }';
  const created = (await (await fetch(gatewayUrl, postOf(mutation, { d: diskId }))).json()) as {
    data?: { createSnapshot?: { snapshot?: { id: string } } };
  };
  const id = created.data?.createSnapshot?.snapshot?.id;
  if (id === undefined) throw new Error(`createSnapshot failed: ${JSON.stringify(created)}`);
  return id;
}
