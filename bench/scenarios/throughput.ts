import { randomUUID } from 'node:crypto';
import autocannon, { type Result } from 'autocannon';
import { encodeParams } from '../../src/ecs/encode-params.js';
import { signRequest } from '../../src/ecs/signed-request.js';
import type { StatsSnapshot } from '../../src/simulator/stats.js';
import { DescribeZones } from '../../src/spec/actions/regions.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { startChildTarget } from '../lib/child-target.js';
import { BENCH_ACCOUNT, NESTED_REGION } from '../lib/estate.js';
import { postGraphQL } from '../lib/gateway.js';
import { ZONES_QUERY } from '../lib/queries.js';
import { type Scenario, withResources } from '../lib/scenario.js';

const CONNECTIONS = 10;
const FORMATS = ['XML', 'JSON'] as const;

async function upstreamCalls(simulatorUrl: string): Promise<number> {
  const stats = (await (await fetch(`${simulatorUrl}/__simulator/stats`)).json()) as StatsSnapshot;
  return stats.total;
}

/** S4: requests per second under a fixed concurrency, the gateway against the simulator alone. */
export const throughput: Scenario = {
  name: 'throughput',
  title: 'S4. Throughput of a small query',
  run: ({ quick }) =>
    withResources(async (resources) => {
      const seconds = quick ? 2 : 8;
      const rows: Array<Array<string | number>> = [];
      const raw: Record<string, unknown> = {};
      const skipped: string[] = [];

      // The gateway, asking ECS for each format: one DescribeZones upstream per request once the region list is cached.
      const gateways: Array<readonly [string, Result, number]> = [];
      for (const format of FORMATS) {
        const target = resources.add(await startChildTarget('gateway', format));
        const { gatewayUrl, simulatorUrl } = target.urls;
        const expected = JSON.stringify(
          await postGraphQL(gatewayUrl!, ZONES_QUERY, { region: NESTED_REGION }),
        );
        const options = {
          url: gatewayUrl!,
          connections: CONNECTIONS,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query: ZONES_QUERY, variables: { region: NESTED_REGION } }),
          // Any other answer (a GraphQL error, a partial result) counts as a mismatch.
          expectBody: expected,
        };
        await autocannon({ ...options, duration: 1 }); // warm-up, discarded
        const before = await upstreamCalls(simulatorUrl);
        const result = await autocannon({ ...options, duration: seconds });
        const perRequest = ((await upstreamCalls(simulatorUrl)) - before) / result.requests.total;
        gateways.push([`gateway (upstream ${format}): region { zones }`, result, perRequest]);
        await target.close();
      }

      // The ceiling: the same DescribeZones signed afresh per request (a nonce may not repeat), straight to a simulator.
      const simulatorTarget = resources.add(await startChildTarget('simulator'));
      const params = encodeParams(DescribeZones.params, { RegionId: NESTED_REGION }, API_LIMITS['2014']);
      const signedPath = () =>
        `/?${signRequest({ action: DescribeZones.name, params, format: 'XML', credentials: BENCH_ACCOUNT, nonce: randomUUID(), time: new Date() }).query}`;
      const simulatorOptions = {
        url: simulatorTarget.urls.simulatorUrl,
        connections: CONNECTIONS,
        requests: [
          { method: 'GET', setupRequest: (request: object) => ({ ...request, path: signedPath() }) },
        ],
      };
      await autocannon({ ...simulatorOptions, duration: 1 });
      const simulator = await autocannon({ ...simulatorOptions, duration: seconds });

      for (const [label, result, upstream] of [
        ...gateways,
        ['simulator alone: DescribeZones, XML (the ceiling)', simulator, 0] as const,
      ]) {
        const failures = result.errors + result.timeouts + result.non2xx + result.mismatches;
        rows.push([
          label,
          result.requests.average,
          result.latency.p50,
          result.latency.p99,
          failures,
          upstream,
        ]);
        raw[label] = result;
      }
      const shares = gateways
        .map(
          ([label, result]) =>
            `${label.split(':')[0]} ${((result.requests.average / simulator.requests.average) * 100).toFixed(0)}%`,
        )
        .join(', ');
      return {
        tables: [
          {
            title: `${CONNECTIONS} connections for ${seconds} s each, load generator in its own process`,
            columns: ['target', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'upstream calls per request'],
            rows,
            notes: [
              `Share of the simulator's rate: ${shares}. Upstream calls per request are counted at the simulator (a request cut off at the end can add a fraction). Errors count failed connections, timeouts, non-2xx answers and, for the gateway, any body other than the full answer.`,
              "The gateway's client runs with its rate limit lifted (20 calls/s by default) and its concurrency bound of 16.",
            ],
          },
        ],
        targets: [],
        skipped,
        raw,
      };
    }),
};
