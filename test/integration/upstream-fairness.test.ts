import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../graph/support/gateway.js';
import { startUpstreamStack, type UpstreamStack } from './upstream-stack.js';

const ALIASES = 10;
const INSTANCES = 50;
// Without batching every instance's disks and snapshots are a call of their own:
// 10 lists × (1 + 50 × 2) = 1,010 calls, a thousand of them queued at once.
const BIG = `{ ${Array.from(
  { length: ALIASES },
  (_, n) =>
    `a${n}: instances(page: { size: ${INSTANCES} }) { nodes { disks { totalCount } snapshots { totalCount } } }`,
).join(' ')} }`;

interface BigData {
  readonly [alias: string]: {
    readonly nodes: { disks: { totalCount: number }; snapshots: { totalCount: number } }[];
  };
}

describe('a one-call request while a request of a thousand calls is queued', () => {
  const MAX_CONCURRENCY = 2;
  let stack: UpstreamStack;
  let instanceId: string;
  let small: Promise<unknown> | undefined;
  /** The moment the small request was sent: calls finished, and calls waiting or in flight. */
  let sentAt: { finished: number; outstanding: number } | undefined;

  beforeAll(async () => {
    stack = await startUpstreamStack({
      sizes: { instancesPerRegion: INSTANCES, disksPerInstance: 1, snapshotsPerDisk: 1 },
      client: { maxConcurrency: MAX_CONCURRENCY },
      gateway: { batching: false, maxUpstreamCalls: 20_000 },
      afterCall: () => {
        if (stack.calls.length !== 100 || small) return;
        sentAt = { finished: stack.calls.length, outstanding: stack.started.length - stack.calls.length };
        small = execute(stack.gateway, `{ instance(id: "${instanceId}") { id } }`);
      },
    });
    const first = stack.simulator.domain.store
      .account(stack.simulator.accessKeyId)
      .regions.get('cn-hangzhou');
    instanceId = [...(first?.instances.keys() ?? [])][0] as string;
  });
  afterAll(() => stack.close());

  it('is served after at most the calls in flight and one more, not after the queue', async () => {
    const big = await execute<BigData>(stack.gateway, BIG);
    const smallResult = (await small) as { data?: unknown; errors?: unknown };

    expect(big.errors).toBeUndefined();
    for (let n = 0; n < ALIASES; n += 1) {
      const nodes = big.data?.[`a${n}`]?.nodes ?? [];
      expect(nodes).toHaveLength(INSTANCES);
      expect(nodes.every((node) => node.disks.totalCount === 1 && node.snapshots.totalCount === 1)).toBe(
        true,
      );
    }
    expect(smallResult).toStrictEqual({
      data: { instance: { id: instanceId } },
      extensions: { upstream: { calls: 1, estimate: 1, byAction: { DescribeInstances: 1 } } },
    });

    // Each request is a flow of its own; the big one's calls all share one.
    const flows = new Set(stack.started.map((call) => call.flow));
    expect(flows.size).toBe(2);
    expect(stack.calls).toHaveLength(1 + ALIASES * (1 + 2 * INSTANCES));

    // When the small request was sent, about 900 of the big one's calls were waiting.
    expect(sentAt?.outstanding).toBeGreaterThan(800);
    // Its call is the only DescribeInstances after the big request's first ten.
    const position = stack.calls.findIndex(
      (call, at) => at >= (sentAt?.finished ?? 0) && call.action === 'DescribeInstances',
    );
    expect(position).toBeGreaterThanOrEqual(sentAt?.finished ?? 0);
    // Finished after the calls then in flight and the one granted before its turn came.
    expect(position - (sentAt?.finished ?? 0)).toBeLessThanOrEqual(MAX_CONCURRENCY + 1);
  }, 120_000);
});
