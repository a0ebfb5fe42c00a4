import { schema } from '../../src/schema/index.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { createBenchDomain, NESTED_REGION, NESTED_SIZES } from '../lib/estate.js';
import { benchGateway, fetchGraphQL, operationProblem } from '../lib/gateway.js';
import { inProcessCaller } from '../lib/in-process.js';
import { NESTED_QUERY } from '../lib/queries.js';
import { type Scenario, ScenarioSkipped } from '../lib/scenario.js';
import { judge } from '../lib/targets.js';
import { nowMs } from '../lib/timing.js';
import { treeOf } from './latency.js';

const MiB = 2 ** 20;

interface Reading {
  readonly queries: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
}

function read(queries: number): Reading {
  // Twice: the first pass can leave finalizers whose memory only the second frees.
  globalThis.gc?.();
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { queries, rssMiB: usage.rss / MiB, heapUsedMiB: usage.heapUsed / MiB };
}

/** S6: memory across many nested queries; loaders are per request, so nothing should accumulate. */
export const memory: Scenario = {
  name: 'memory',
  title: 'S6. Memory over 10,000 nested queries',
  async run({ quick }) {
    const problem = operationProblem(schema, NESTED_QUERY);
    if (problem) throw new ScenarioSkipped(`the schema cannot run the nested query yet (${problem})`);
    const total = quick ? 500 : 10_000;
    const checkpoints = 5;
    const domain = createBenchDomain();
    const limits = API_LIMITS['2014'];
    const gateway = benchGateway(
      inProcessCaller(domain, { format: 'JSON', limits, reuseAnswers: true }),
      limits,
      {
        debug: false,
      },
    );
    const variables = { region: NESTED_REGION, size: NESTED_SIZES.instances };
    const query = async () => {
      const tree = treeOf((await fetchGraphQL(gateway, NESTED_QUERY, variables)).data);
      if (tree.instances !== NESTED_SIZES.instances) throw new Error(`a query read ${JSON.stringify(tree)}`);
    };
    for (let i = 0; i < 200; i++) await query(); // warm-up: JIT, caches, the region list
    const readings = [read(0)];
    const started = nowMs();
    for (let done = 1; done <= total; done++) {
      await query();
      if (done % (total / checkpoints) === 0) readings.push(read(done));
    }
    const seconds = (nowMs() - started) / 1000;
    const first = readings[0]!;
    const last = readings[readings.length - 1]!;
    const noiseMiB = Math.max(2, first.heapUsedMiB * 0.05);
    return {
      tables: [
        {
          title: `In process (yoga.fetch over the simulator's answers, JSON, decoded afresh per call), ${total} nested queries of ${NESTED_SIZES.instances} instances after 200 to warm up`,
          columns: ['after queries', 'RSS MiB', 'heap used MiB'],
          rows: readings.map((r) => [r.queries, r.rssMiB, r.heapUsedMiB]),
          notes: [
            `${(total / seconds).toFixed(0)} queries/s. ${typeof globalThis.gc === 'function' ? 'GC forced before each reading (node --expose-gc).' : 'GC NOT forced (run with node --expose-gc): readings include garbage.'}`,
          ],
        },
      ],
      targets: [
        judge({
          name: 'heap growth MiB',
          measured: last.heapUsedMiB - first.heapUsedMiB,
          bound: noiseMiB,
          sense: 'atMost',
          basis: 'noise: 2 MiB or 5% of the heap, whichever is more',
        }),
      ],
      skipped: [],
      raw: { readings, seconds, gcForced: typeof globalThis.gc === 'function' },
    };
  },
};
