import type { ResponseFormat } from '../../src/ecs/decode.js';
import { schema } from '../../src/schema/index.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { startChildSimulator, startChildTarget } from '../lib/child-target.js';
import { NESTED_REGION } from '../lib/estate.js';
import { benchClient, type GraphQLAnswer, graphQLConnection, operationProblem } from '../lib/gateway.js';
import { instancePageQuery } from '../lib/queries.js';
import { type Scenario, withResources } from '../lib/scenario.js';
import { popCoreRequest } from '../lib/sdk-script.js';
import { median } from '../lib/stats.js';
import { judge, type TargetVerdict } from '../lib/targets.js';
import { runRatios, timeInterleaved } from '../lib/timing.js';

const PAGE = 50;
const FORMATS: readonly ResponseFormat[] = ['XML', 'JSON'];
/** The gateway as `npm start` runs it (NODE_ENV=production), in each format, and once in graphql-js's development mode. */
const GATEWAYS: ReadonlyArray<{ readonly format: ResponseFormat; readonly production: boolean }> = [
  ...FORMATS.map((format) => ({ format, production: true })),
  { format: 'JSON', production: false },
];

/** S3: what the gateway adds to one upstream call, against the official SDK making it directly. */
export const overhead: Scenario = {
  name: 'overhead',
  title: 'S3. Gateway overhead on one upstream call',
  run: ({ quick }) =>
    withResources(async (resources) => {
      // The simulator in a process of its own: its serializing is not the clients' cost.
      const sim = resources.add(await startChildSimulator());
      const limits = API_LIMITS['2014'];
      const skipped: string[] = [];
      const variants: Record<string, () => Promise<unknown>> = {};
      const labels: Record<string, string> = {};
      const expectInstances = (label: string, count: number) => {
        if (count !== PAGE) throw new Error(`${label} returned ${count} instances, not ${PAGE}`);
      };

      const pop = popCoreRequest(sim.url);
      labels.sdk = 'pop-core DescribeInstances (JSON)';
      variants.sdk = async () => {
        const page = await pop('DescribeInstances', {
          RegionId: NESTED_REGION,
          PageNumber: 1,
          PageSize: PAGE,
        });
        expectInstances(labels.sdk!, (page.Instances as { Instance: unknown[] }).Instance.length);
      };
      for (const format of FORMATS) {
        const client = resources.add(benchClient(sim.url, { format, limits }));
        labels[`client${format}`] = `gateway's EcsClient alone (${format})`;
        variants[`client${format}`] = async () => {
          const page = await client.call(DescribeInstances, {
            RegionId: NESTED_REGION,
            PageNumber: 1,
            PageSize: PAGE,
          });
          expectInstances(`EcsClient (${format})`, page.Instances.length);
        };
      }

      const query = instancePageQuery(schema);
      const problem = query === undefined ? 'it has no Instance type' : operationProblem(schema, query);
      if (query === undefined || problem !== undefined) {
        skipped.push(`gateway rows: the schema cannot run the instance page query yet (${problem})`);
      } else {
        for (const { format, production } of GATEWAYS) {
          // Each gateway in a process of its own, as `npm start` runs it: two gateways in the
          // measuring process shared its heap, GC and JIT feedback, and which format came out
          // slower changed from one run to the next.
          const target = resources.add(
            await startChildTarget('gateway', format, {
              upstream: sim.url,
              debug: true,
              env: production ? { NODE_ENV: 'production' } : {},
            }),
          );
          const connection = resources.add(graphQLConnection(target.urls.gatewayUrl!));
          const name = `gateway${format}${production ? '' : 'Dev'}`;
          labels[name] = `gateway over HTTP (upstream ${format}${production ? '' : ', NODE_ENV unset'})`;
          variants[name] = async () => {
            const answer = await connection.post(query, { region: NESTED_REGION, size: PAGE });
            const data = answer.data as { region: { instances: { nodes: unknown[] } } };
            expectInstances(labels[name]!, data.region.instances.nodes.length);
            return answer;
          };
          // Once to cache the region list; then every request must cost exactly one DescribeInstances.
          await variants[name]();
          const answer = (await variants[name]()) as GraphQLAnswer;
          const calls = answer.extensions?.upstream?.byAction ?? {};
          if (JSON.stringify(calls) !== JSON.stringify({ DescribeInstances: 1 }))
            throw new Error(`the instance page cost ${JSON.stringify(calls)}, not one DescribeInstances`);
        }
      }

      const result = await timeInterleaved(variants, {
        runs: quick ? 2 : 7,
        samplesPerRun: quick ? 10 : 40,
        warmup: quick ? 5 : 30,
      });
      const medianOf = (name: string) => median(result.runMedians[name] ?? []);
      const sdkMs = medianOf('sdk');
      const rows = Object.keys(variants).map((name) => {
        const ratio = name === 'sdk' ? 1 : median(runRatios(result, name, 'sdk'));
        return [labels[name]!, medianOf(name), ratio];
      });
      const targets: TargetVerdict[] = FORMATS.filter((format) => `gateway${format}` in variants).map(
        (format) =>
          judge({
            name: `gateway (upstream ${format}) / pop-core`,
            measured: median(runRatios(result, `gateway${format}`, 'sdk')),
            bound: 1.3,
            sense: 'atMost',
          }),
      );
      return {
        tables: [
          {
            title: `One page of ${PAGE} instances, one DescribeInstances, no injected latency, the simulator in its own process`,
            columns: ['path', 'median ms', '× pop-core (same run)'],
            rows,
            notes: [
              `Medians over ${result.runMedians.sdk?.length ?? 0} runs of ${quick ? 10 : 40} samples each; the paths take turns; ratios are taken per run, then their median. pop-core ${sdkMs.toFixed(2)} ms is the baseline.`,
              'Each gateway runs in a process of its own with NODE_ENV=production, as `npm start` runs it, and is called over one kept-alive connection; the last row is the JSON gateway with NODE_ENV unset (graphql-js in development mode).',
              "pop-core asks for JSON and parses every answer with JSON.parse, so it has no XML path; the gateway is measured with each upstream format against it, and the gateway's own client alone shows the wire layer's share.",
            ],
          },
        ],
        targets,
        skipped,
        raw: { labels, samplesMs: result.samples, runMediansMs: result.runMedians },
      };
    }),
};
