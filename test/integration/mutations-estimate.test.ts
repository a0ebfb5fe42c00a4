import { afterEach, describe, expect, it } from 'vitest';
import { estate, type SimulatedGateway, simulatedGateway } from './mutations-harness.js';

/**
 * The pre-execution estimate of a mutation is an upper bound too: its action's call,
 * and the reads that describe what it affected afterwards (or after a lost answer).
 */
let h: SimulatedGateway | undefined;
afterEach(() => h?.close());

interface Upstream {
  readonly calls: number;
  readonly estimate: number;
}

const STOP = `... on StopInstancePayload { instance { id status } }`;

describe('the estimate of mutations', () => {
  it('counts the action and the read of the payload: stopInstance is 2, and makes 2', async () => {
    h = await simulatedGateway({ gateway: { debug: true } });
    const { running } = await estate(h);
    const response = await h.run(
      `mutation Stop($id: ID!) { stopInstance(input: { instanceId: $id }) { ${STOP} } }`,
      { id: running.id },
    );
    expect(response.errors).toBeUndefined();
    const upstream = response.extensions?.upstream as Upstream;
    expect(upstream).toMatchObject({ calls: 2, estimate: 2 });
  });

  it('refuses aliased mutations whose actions and reads pass the cap, before any call', async () => {
    h = await simulatedGateway({ gateway: { maxUpstreamCalls: 3 } });
    const listed = await h.run<{ instances: { nodes: { id: string; status: string }[] } }>(
      `{ instances(regionId: "cn-hangzhou") { nodes { id status } } }`,
    );
    const nodes = listed.data?.instances.nodes ?? [];
    const running = nodes.find((node) => node.status === 'RUNNING');
    const stopped = nodes.find((node) => node.status === 'STOPPED');
    if (!running || !stopped) throw new Error('the seed has no running and stopped instance');
    const before = h.calls.length;
    const response = await h.run(
      `mutation Both($a: ID!, $b: ID!) {
        a: stopInstance(input: { instanceId: $a }) { ${STOP} }
        b: startInstance(input: { instanceId: $b }) { ... on StartInstancePayload { instance { id } } }
      }`,
      { a: running.id, b: stopped.id },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'TOO_MANY_UPSTREAM_CALLS',
      estimate: 4,
      maxUpstreamCalls: 3,
    });
    expect(h.calls.length).toBe(before);
  });

  it('counts the chunks of the disks a policy is applied to (10 ids a call under the 2014 limits)', async () => {
    h = await simulatedGateway({
      gateway: { debug: true },
      simulator: { seed: { seed: 1, regions: ['cn-hangzhou'], instancesPerRegion: 6, disksPerInstance: 2 } },
    });
    const disks = await h.run<{ disks: { nodes: { id: string }[] } }>(
      `{ disks(regionId: "cn-hangzhou", page: { size: 12 }) { nodes { id } } }`,
    );
    const diskIds = disks.data?.disks.nodes.map((disk) => disk.id) ?? [];
    expect(diskIds).toHaveLength(12);
    const created = await h.run<{ createAutoSnapshotPolicy: { policy: { id: string } } }>(
      `mutation { createAutoSnapshotPolicy(input: { autoSnapshotPolicyName: "nightly", timePoints: [1], repeatWeekdays: [1], retentionDays: 7 }) {
        ... on CreateAutoSnapshotPolicyPayload { policy { id } } } }`,
    );
    const policyId = created.data?.createAutoSnapshotPolicy.policy.id;
    const response = await h.run(
      `mutation Apply($policy: ID!, $disks: [ID!]!) {
        applyAutoSnapshotPolicy(input: { autoSnapshotPolicyId: $policy, diskIds: $disks }) {
          ... on ApplyAutoSnapshotPolicyPayload { policy { id } disks { id autoSnapshotPolicyId } }
        }
      }`,
      { policy: policyId, disks: diskIds },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const upstream = response.extensions?.upstream as Upstream;
    // The action, the policy, and the 12 disks in two chunks of the id limit.
    expect(upstream.estimate).toBe(4);
    expect(upstream.calls).toBeLessThanOrEqual(upstream.estimate);
  });
});
