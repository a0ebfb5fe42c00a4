import type { RelationPaging } from '../../src/loaders/relation-paging.js';
import { schema } from '../../src/schema/index.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import {
  LARGE_REGION,
  LARGE_SIZES,
  NESTED_REGION,
  NESTED_SIZES,
  type RegionSizes,
  startBenchSimulator,
} from '../lib/estate.js';
import {
  benchClient,
  benchGateway,
  FRESH,
  operationProblem,
  postGraphQL,
  recordingCaller,
  type ServedGateway,
  serveGateway,
} from '../lib/gateway.js';
import { nestedCallsLowerBound } from '../lib/lower-bound.js';
import { NESTED_QUERY } from '../lib/queries.js';
import { comparedPagings, pagingLabel } from '../lib/relation-paging.js';
import { CallRecorder } from '../lib/rounds.js';
import { type Scenario, ScenarioSkipped, withResources } from '../lib/scenario.js';
import { judge } from '../lib/targets.js';
import { treeOf } from './latency.js';

const ACTIONS = ['DescribeRegions', 'DescribeInstances', 'DescribeDisks', 'DescribeSnapshots'] as const;

interface Case {
  readonly label: string;
  readonly regionId: string;
  readonly sizes: RegionSizes;
  readonly page: number;
}

const CASES: readonly Case[] = [
  { label: 'page of 50 in a region of 50', regionId: NESTED_REGION, sizes: NESTED_SIZES, page: 50 },
  { label: 'page of 5 in a region of 500', regionId: LARGE_REGION, sizes: LARGE_SIZES, page: 5 },
];

/** S1: the upstream calls of the nested query, against the fewest that could answer it. */
export const calls: Scenario = {
  name: 'calls',
  title: 'S1. Upstream calls for a nested query',
  run: ({ limits: profile = '2014' }) =>
    withResources(async (resources) => {
      const problem = operationProblem(schema, NESTED_QUERY);
      if (problem) throw new ScenarioSkipped(`the schema cannot run the nested query yet (${problem})`);
      const sim = resources.add(
        await startBenchSimulator({
          regions: Object.fromEntries(CASES.map((c) => [c.regionId, c.sizes])),
          limits: API_LIMITS[profile],
        }),
      );
      const { limits } = sim;
      const client = resources.add(benchClient(sim.server.url, { format: 'XML', limits }));
      const pagings = comparedPagings(limits);
      const recorder = new CallRecorder();
      const gateways = new Map<RelationPaging, ServedGateway>();
      for (const relationPaging of pagings)
        gateways.set(
          relationPaging,
          resources.add(
            await serveGateway(benchGateway(recordingCaller(client, recorder), limits, { relationPaging })),
          ),
        );

      const rows: Array<Array<string | number>> = [];
      const raw: Record<string, unknown> = {};
      const targets = [];
      for (const c of CASES)
        for (const [paging, served] of gateways) {
          const label = pagings.length > 1 ? `${c.label}, relations by ${paging}` : c.label;
          const variables = { region: c.regionId, size: c.page };
          // Caches the region list, and the region's instance count (the census).
          await postGraphQL(served.url, NESTED_QUERY, variables, FRESH);
          sim.server.stats.reset();
          recorder.reset();
          const answer = await postGraphQL(served.url, NESTED_QUERY, variables, FRESH);
          const byAction = sim.server.stats.snapshot().actions;
          const counted = Object.fromEntries(ACTIONS.map((action) => [action, byAction[action]?.calls ?? 0]));
          const total = Object.values(byAction).reduce((sum, action) => sum + action.calls, 0);
          if (answer.extensions?.upstream?.calls !== total)
            throw new Error(
              `the gateway reports ${answer.extensions?.upstream?.calls} calls, the simulator counted ${total}`,
            );
          const tree = treeOf(answer.data);
          const estate = sim.census(c.regionId);
          const perInstance = c.sizes.disksPerInstance;
          if (tree.instances !== c.page || tree.disks !== c.page * perInstance)
            throw new Error(`${c.label}: the answer holds ${JSON.stringify(tree)}`);
          const bound = nestedCallsLowerBound({
            instances: tree.instances,
            disks: estate.disks,
            snapshots: estate.snapshots,
            pageSize: limits.pageSize,
          });
          rows.push([
            c.label,
            ...(pagings.length > 1 ? [pagingLabel(paging)] : []),
            `${estate.instances} / ${estate.disks} / ${estate.snapshots}`,
            ...ACTIONS.map((action) => counted[action] as number),
            total,
            recorder.rounds,
            bound,
            total / bound,
          ]);
          targets.push(
            judge({
              name: `${label}: calls / lower bound`,
              measured: total / bound,
              bound: 1.1,
              sense: 'atMost',
            }),
          );
          raw[label] = {
            paging,
            estate,
            tree,
            calls: byAction,
            total,
            rounds: recorder.rounds,
            lowerBound: bound,
          };
        }
      return {
        tables: [
          {
            title: 'Upstream calls of one nested query (instances → disks → snapshots), region list cached',
            columns: [
              'case',
              ...(pagings.length > 1 ? ['relation paging'] : []),
              'region instances / disks / snapshots',
              ...ACTIONS,
              'total',
              'rounds',
              'lower bound',
              'total / bound',
            ],
            rows,
            notes: [
              `Counted by the simulator. Lower bound: 1 + min(N, ⌈disks / ${limits.pageSize}⌉) + min(N, ⌈snapshots / ${limits.pageSize}⌉), N the instances on the page, disks and snapshots the region's. Other regions hold the demo estate.`,
              'A gateway that has just started adds one DescribeRegions; the list is then shared by all requests for 10 minutes.',
              'Rounds: the longest chain of calls each starting after the previous one ended (no latency added here; S2 measures them with 20 ms).',
              ...(pagings.length > 1
                ? [
                    'Relation paging (the gateway option relationPaging): a relation reads the region by PageNumber at PageSize 100, the pages after the first at once, or walks it by NextToken at the action’s MaxResults (DescribeDisks 500, DescribeSnapshots 100), one call after another; a token answer carries no TotalCount, so the walk goes on only as far as one call per parent and then goes per parent.',
                  ]
                : []),
              'The counted query is the second of a fresh gateway: the first has told it the region’s instance count, so it starts the deciding first pages alongside the page of instances where they will be needed. Requests ask for fresh data (Cache-Control: no-cache): every read is a call.',
            ],
          },
        ],
        targets,
        skipped: [],
        raw,
      };
    }),
};
