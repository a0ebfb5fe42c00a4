import { schema } from '../../src/schema/index.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { configureFaults, startChildSimulator } from '../lib/child-target.js';
import { NESTED_REGION, NESTED_SIZES } from '../lib/estate.js';
import {
  BATCHING_OFF,
  benchClient,
  benchGateway,
  CLIENT_CONCURRENCY,
  FRESH,
  operationProblem,
  postGraphQL,
  recordingCaller,
  serveGateway,
  UNBOUNDED,
} from '../lib/gateway.js';
import { NESTED_QUERY } from '../lib/queries.js';
import { comparedPagings, pagingLabel } from '../lib/relation-paging.js';
import { CallRecorder } from '../lib/rounds.js';
import { type Scenario, withResources } from '../lib/scenario.js';
import { type EstateTree, parallelScript, popCoreRequest, sequentialScript } from '../lib/sdk-script.js';
import { median } from '../lib/stats.js';
import { judge, type TargetVerdict } from '../lib/targets.js';
import { runRatios, timeInterleaved } from '../lib/timing.js';

export const LATENCY_MS = 20;
/**
 * The dependent rounds the nested query needs (issue 11): the page of instances with the
 * deciding first pages of disks and snapshots, the rest of the disks, the rest of the
 * snapshots.
 */
export const TARGET_ROUNDS = 3;

/** One way of answering the nested question, built for a concurrency bound, reporting to a recorder. */
interface VariantSpec {
  readonly name: string;
  readonly label: string;
  build(concurrency: number, recorder: CallRecorder): Promise<() => Promise<void>>;
}

interface Variant extends VariantSpec {
  /** Dependent rounds, from an untimed pass with no concurrency bound. */
  readonly dependentRounds: number;
  readonly task: () => Promise<void>;
  /** Per timed sample: calls, and the longest chain of calls as run (dependencies and queueing). */
  readonly calls: number[];
  readonly chains: number[];
}

/** S2: the nested query when every upstream call costs a real round trip. */
export const latency: Scenario = {
  name: 'latency',
  title: `S2. Latency with a ${LATENCY_MS} ms upstream round trip`,
  run: ({ quick, limits: profile = '2014' }) =>
    withResources(async (resources) => {
      // The simulator in a process of its own, as ECS is on a machine of its own: its work is not the client's.
      const sim = resources.add(await startChildSimulator(LATENCY_MS, profile));
      const limits = API_LIMITS[profile];
      const skipped: string[] = [];
      const expected: EstateTree = {
        instances: NESTED_SIZES.instances,
        disks: NESTED_SIZES.instances * NESTED_SIZES.disksPerInstance,
        snapshots: NESTED_SIZES.instances * NESTED_SIZES.disksPerInstance * NESTED_SIZES.snapshotsPerDisk,
      };
      const checkTree = (label: string, tree: EstateTree) => {
        if (JSON.stringify(tree) !== JSON.stringify(expected))
          throw new Error(`${label} read ${JSON.stringify(tree)}; the estate is ${JSON.stringify(expected)}`);
      };
      const size = NESTED_SIZES.instances;

      const specs: VariantSpec[] = [];
      const queryProblem = operationProblem(schema, NESTED_QUERY);
      if (queryProblem)
        skipped.push(`gateway rows: the schema cannot run the nested query yet (${queryProblem})`);
      else
        for (const [name, label, format, extra] of [
          ['gateway', 'gateway (batching, upstream XML)', 'XML', {}],
          // Relations by NextToken beside the default, where the profile has tokens (S2's side-by-side comparison).
          ...(comparedPagings(limits).includes('nextToken')
            ? ([
                [
                  'gatewayTokens',
                  'gateway (batching, upstream XML, relations by NextToken)',
                  'XML',
                  { relationPaging: 'nextToken' },
                ],
              ] as const)
            : []),
          ['gatewayJson', 'gateway (batching, upstream JSON)', 'JSON', {}],
          ['unbatched', 'gateway, batching off', 'XML', BATCHING_OFF],
        ] as const)
          specs.push({
            name,
            label,
            async build(concurrency, recorder) {
              const client = resources.add(
                benchClient(sim.url, { format, limits, maxConcurrency: concurrency }),
              );
              const gateway = benchGateway(recordingCaller(client, recorder), limits, extra);
              const served = resources.add(await serveGateway(gateway));
              const run = async () => {
                const answer = await postGraphQL(
                  served.url,
                  NESTED_QUERY,
                  { region: NESTED_REGION, size },
                  FRESH,
                );
                checkTree(label, treeOf(answer.data));
              };
              // One warm-up pass, as in a gateway that has been up a while: it caches the region
              // list and tells the census the region's instance count, so every pass after it,
              // the untimed one that finds the dependent rounds included, starts the deciding
              // pages alongside the page of instances.
              await run();
              recorder.reset();
              return run;
            },
          });
      specs.push(
        {
          name: 'sequential',
          label: 'pop-core, sequential loop',
          async build(_concurrency, recorder) {
            const request = popCoreRequest(sim.url, recorder);
            return async () =>
              checkTree('the sequential script', await sequentialScript(request, NESTED_REGION, size));
          },
        },
        {
          name: 'parallel',
          label: `pop-core, Promise.all (≤ ${CLIENT_CONCURRENCY} in flight)`,
          async build(concurrency, recorder) {
            const request = popCoreRequest(sim.url, recorder);
            return async () =>
              checkTree(
                'the Promise.all script',
                await parallelScript(request, NESTED_REGION, size, concurrency),
              );
          },
        },
      );

      const variants = new Map<string, Variant>();
      for (const spec of specs) {
        // Untimed, with no concurrency bound: the dependent rounds.
        const probe = new CallRecorder();
        await (await spec.build(UNBOUNDED, probe))();
        const recorder = new CallRecorder();
        const run = await spec.build(CLIENT_CONCURRENCY, recorder);
        const variant: Variant = {
          ...spec,
          dependentRounds: probe.rounds,
          calls: [],
          chains: [],
          task: async () => {
            recorder.reset();
            await run();
            variant.calls.push(recorder.calls.length);
            variant.chains.push(recorder.rounds);
          },
        };
        variant.calls.push(probe.calls.length);
        variants.set(spec.name, variant);
      }
      const batched = variants.get('gateway');
      const unbatched = variants.get('unbatched');
      if (batched && unbatched && (unbatched.calls[0] ?? 0) <= (batched.calls[0] ?? 0)) {
        skipped.push(
          `"gateway, batching off": the gateway has no option to turn batching off yet (passed ${JSON.stringify(BATCHING_OFF)}; both made ${batched.calls[0]} calls)`,
        );
        variants.delete('unbatched');
      }
      for (const variant of variants.values()) variant.calls.length = 0;

      const samples = quick ? 2 : 5;
      const result = await timeInterleaved(
        Object.fromEntries([...variants].map(([name, variant]) => [name, variant.task])),
        {
          runs: quick ? 1 : 3,
          warmup: 0,
          samplesPerRun: {
            gateway: samples,
            gatewayTokens: samples,
            gatewayJson: samples,
            unbatched: samples,
            parallel: samples,
            sequential: 1,
          },
        },
      );

      // The same variants once more with no added latency: the part of the time that is work, not waiting.
      await configureFaults(sim.url, { latencyMs: 0 });
      const unloaded = await timeInterleaved(
        Object.fromEntries([...variants].map(([name, variant]) => [name, variant.task])),
        {
          runs: 1,
          warmup: 0,
          samplesPerRun: {
            gateway: samples,
            gatewayTokens: samples,
            gatewayJson: samples,
            unbatched: samples,
            parallel: samples,
            sequential: 1,
          },
        },
      );
      const medianOf = (name: string) => median(result.runMedians[name] ?? []);
      const rows = [...variants].map(([name, variant]) => {
        const ideal = variant.dependentRounds * LATENCY_MS;
        const ms = medianOf(name);
        const workMs = median(unloaded.runMedians[name] ?? []);
        return [
          variant.label,
          median(variant.calls),
          variant.dependentRounds,
          median(variant.chains),
          ideal,
          ms,
          ms / ideal,
          workMs,
        ];
      });
      const targets: TargetVerdict[] = [];
      for (const name of ['gateway', 'gatewayJson']) {
        const variant = variants.get(name);
        if (!variant) continue;
        targets.push(
          judge({
            name: `${variant.label} dependent rounds`,
            measured: variant.dependentRounds,
            bound: TARGET_ROUNDS,
            sense: 'atMost',
          }),
          judge({
            name: `${variant.label} median ms`,
            measured: medianOf(name),
            bound: 1.25 * TARGET_ROUNDS * LATENCY_MS,
            sense: 'atMost',
            basis: `1.25 × ${TARGET_ROUNDS} dependent rounds × ${LATENCY_MS} ms`,
          }),
        );
      }
      if (batched) {
        for (const other of ['unbatched', 'parallel'])
          if (variants.has(other))
            targets.push(
              judge({
                name: `gateway / ${variants.get(other)!.label}`,
                measured: median(runRatios(result, 'gateway', other)),
                bound: 1,
                sense: 'atMost',
                basis: 'faster than it',
              }),
            );
        targets.push(
          judge({
            name: 'sequential loop / gateway',
            measured: median(runRatios(result, 'sequential', 'gateway')),
            bound: 10,
            sense: 'atLeast',
          }),
        );
      }
      const tokens = variants.get('gatewayTokens');
      const pagingTable =
        batched && tokens
          ? {
              title:
                'Relation paging side by side: the same gateway (batching, upstream XML), relations by PageNumber or by NextToken',
              columns: [
                'relation paging',
                'upstream calls',
                'dependent rounds',
                `rounds as run (≤ ${CLIENT_CONCURRENCY} in flight)`,
                'median ms',
                'median ms, no added latency',
                'per-run ratio to PageNumber (median)',
              ],
              rows: (
                [
                  ['pageNumber', 'gateway', batched],
                  ['nextToken', 'gatewayTokens', tokens],
                ] as const
              ).map(([paging, name, variant]) => [
                pagingLabel(paging),
                median(variant.calls),
                variant.dependentRounds,
                median(variant.chains),
                medianOf(name),
                median(unloaded.runMedians[name] ?? []),
                median(runRatios(result, name, 'gateway')),
              ]),
              notes: [
                'The ratio is taken within each run between the two gateways timed in turns (NextToken / PageNumber), and its median quoted: above 1, the NextToken walk is slower.',
              ],
            }
          : undefined;
      return {
        tables: [
          {
            title: `Nested query (${NESTED_SIZES.instances} instances × ${NESTED_SIZES.disksPerInstance} disks × ${NESTED_SIZES.snapshotsPerDisk} snapshots in ${NESTED_REGION}), ${LATENCY_MS} ms added to every upstream call by a simulator in its own process`,
            columns: [
              'client',
              'upstream calls',
              'dependent rounds',
              `rounds as run (≤ ${CLIENT_CONCURRENCY} in flight)`,
              'dependent rounds × latency, ms',
              'median ms',
              'median / (dependent rounds × latency)',
              'median ms, no added latency',
            ],
            rows,
            notes: [
              `Medians over ${result.runMedians.sequential?.length ?? 0} runs (${samples} samples a run, 1 for the sequential loop); within a run the variants take turns.`,
              'The last column times the same query with the latency set to 0 (the simulator still in its own process): the work of both sides, which a round trip adds to.',
              'Rounds count the longest chain of upstream calls each starting after the previous one ended. Dependent rounds come from an untimed pass with no concurrency bound, so they are dependencies alone; "as run" adds the waves the bound of 16 forces.',
              'Each gateway answers one warm-up pass before any other (region list cached, the region’s instance count known), and every request asks for fresh data (Cache-Control: no-cache).',
            ],
          },
          ...(pagingTable ? [pagingTable] : []),
        ],
        targets,
        skipped,
        raw: {
          latencyMs: LATENCY_MS,
          estate: expected,
          variants: Object.fromEntries(
            [...variants].map(([name, v]) => [
              name,
              {
                label: v.label,
                dependentRounds: v.dependentRounds,
                calls: v.calls,
                roundsAsRun: v.chains,
                samplesMs: result.samples[name],
                runMediansMs: result.runMedians[name],
                noLatencySamplesMs: unloaded.samples[name],
              },
            ]),
          ),
        },
      };
    }),
};

/** Counts what the nested query returned, to check it read the whole estate. */
export function treeOf(data: unknown): EstateTree {
  type Nodes<T> = { readonly nodes: readonly T[] };
  type Disk = { readonly snapshots: Nodes<unknown> };
  const region = (data as { region: { instances: Nodes<{ disks: Nodes<Disk> }> } }).region;
  const instances = region.instances.nodes;
  const disks = instances.flatMap((instance) => instance.disks.nodes);
  return {
    instances: instances.length,
    disks: disks.length,
    snapshots: disks.reduce((sum, disk) => sum + disk.snapshots.nodes.length, 0),
  };
}
