import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EIP_TRANSITION_MS } from '../../src/simulator/state/eip.js';
import { AllocateEipAddress, AssociateEipAddress } from '../../src/spec/actions/eips.js';
import { DescribeInstances } from '../../src/spec/actions/instance-reads.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

/**
 * Elastic IPs in the graph over the real stack (client ↔ simulator over loopback HTTP,
 * gateway through yoga.fetch): Instance.eip and Eip.instance batched, the eips listing
 * paged and filtered, with exact call counts on both sides and the estimate reported
 * before execution.
 */
describe('elastic IPs over loopback (ECS_API_LIMITS=2014)', () => {
  let stack: ReadStack;
  let instanceIds: string[];
  /** Allocation ids bound to the first three instances of the listing, in that order; then one unbound. */
  let eipIds: string[];
  let addresses: string[];

  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 12, disksPerInstance: 1, snapshotsPerDisk: 0 },
    });
    const listed = await stack.client.call(DescribeInstances, { RegionId: MAIN_REGION, PageSize: 50 });
    instanceIds = listed.Instances.map((instance) => instance.InstanceId as string);
    eipIds = [];
    addresses = [];
    for (const [index, bandwidth] of ['5', '10', '20', '30'].entries()) {
      stack.simulator.advance(1_000);
      const allocated = await stack.client.call(AllocateEipAddress, {
        RegionId: MAIN_REGION,
        Bandwidth: bandwidth,
      });
      eipIds.push(allocated.AllocationId as string);
      addresses.push(allocated.EipAddress as string);
      if (index < 3)
        await stack.client.call(AssociateEipAddress, {
          AllocationId: allocated.AllocationId as string,
          InstanceId: instanceIds[index] as string,
        });
    }
    stack.simulator.advance(EIP_TRANSITION_MS);
  });
  afterAll(() => stack.close());

  it('a page of 10 instances with their EIPs and back: 1 DescribeInstances, 1 DescribeEipAddresses (one page holds every EIP of the region)', async () => {
    stack.resetCounts();
    const result = await execute<{
      instances: {
        nodes: {
          id: string;
          eip: {
            id: string;
            ipAddress: string;
            bandwidth: number;
            status: string;
            instance: { id: string };
          } | null;
        }[];
      };
    }>(
      stack.gateway,
      '{ instances(page: { size: 10 }) { nodes { id eip { id ipAddress bandwidth status instance { id } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.instances.nodes ?? [];
    expect(nodes.map((node) => node.id)).toEqual(instanceIds.slice(0, 10));
    expect(nodes.slice(0, 3).map((node) => node.eip)).toEqual(
      [0, 1, 2].map((index) => ({
        id: eipIds[index],
        ipAddress: addresses[index],
        bandwidth: [5, 10, 20][index],
        status: 'IN_USE',
        instance: { id: instanceIds[index] },
      })),
    );
    expect(nodes.slice(3).every((node) => node.eip === null)).toBe(true);
    const expected = { DescribeEipAddresses: 1, DescribeInstances: 1 };
    expect(stack.callsByAction()).toEqual(expected);
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    // The unfiltered first page, not one AllocationId call per instance.
    expect(
      stack.inputs.find((call) => call.action === 'DescribeEipAddresses')?.input.AllocationId,
    ).toBeUndefined();
    // 1 page of 10; their EIPs: 10 lookups + 1 first page for the batch; the EIPs' instances: 10 ids, 1 call a batch of 10, in up to 2 batches.
    expect(result.extensions?.upstream).toMatchObject({ calls: 2, estimate: 1 + 11 + 2 });
  });

  it('one instance asks for its EIP with one AllocationId call', async () => {
    stack.resetCounts();
    const result = await execute<{ instance: { eip: { id: string } | null } }>(
      stack.gateway,
      `{ instance(id: "${instanceIds[1]}") { eip { id } } }`,
    );
    expect(result.data?.instance.eip).toEqual({ id: eipIds[1] });
    expect(stack.callsByAction()).toEqual({ DescribeEipAddresses: 1, DescribeInstances: 1 });
    expect(stack.inputs.find((call) => call.action === 'DescribeEipAddresses')?.input).toMatchObject({
      AllocationId: eipIds[1],
      PageSize: 1,
    });
  });

  it('lists EIPs a page at a time with their instances in one call, and the listing answers the way back', async () => {
    stack.resetCounts();
    const result = await execute<{
      eips: {
        totalCount: number;
        nodes: {
          id: string;
          instanceId: string | null;
          instance: { id: string; eip: { id: string } | null } | null;
        }[];
      };
    }>(
      stack.gateway,
      '{ eips(page: { size: 4 }) { totalCount nodes { id instanceId instance { id eip { id } } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.eips.totalCount).toBe(4);
    expect(result.data?.eips.nodes).toEqual([
      ...[0, 1, 2].map((index) => ({
        id: eipIds[index],
        instanceId: instanceIds[index],
        instance: { id: instanceIds[index], eip: { id: eipIds[index] } },
      })),
      { id: eipIds[3], instanceId: null, instance: null },
    ]);
    // The EIPs listed prime the lookups by id: the instances' way back costs nothing.
    const expected = { DescribeEipAddresses: 1, DescribeInstances: 1 };
    expect(stack.callsByAction()).toEqual(expected);
    expect(stack.inputs.find((call) => call.action === 'DescribeInstances')?.input.InstanceIds).toEqual(
      instanceIds.slice(0, 3),
    );
  });

  it('filters by status and address, and pages by number', async () => {
    stack.resetCounts();
    const result = await execute<{
      inUse: { totalCount: number; nodes: { id: string }[] };
      available: { nodes: { id: string; status: string; instance: null }[] };
      second: { nodes: { id: string }[] };
      byAddress: { nodes: { id: string }[] };
      one: { id: string; bandwidth: number } | null;
      missing: { id: string } | null;
    }>(
      stack.gateway,
      `{ inUse: eips(filter: { status: IN_USE }) { totalCount nodes { id } }
         available: eips(filter: { status: AVAILABLE }) { nodes { id status instance { id } } }
         second: eips(page: { size: 2, number: 2 }) { nodes { id } }
         byAddress: eips(filter: { ipAddress: "${addresses[2]}" }) { nodes { id } }
         one: eip(id: "${eipIds[3]}") { id bandwidth }
         missing: eip(id: "eip-missing") { id } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      inUse: { totalCount: 3, nodes: eipIds.slice(0, 3).map((id) => ({ id })) },
      available: { nodes: [{ id: eipIds[3], status: 'AVAILABLE', instance: null }] },
      second: { nodes: eipIds.slice(2, 4).map((id) => ({ id })) },
      byAddress: { nodes: [{ id: eipIds[2] }] },
      one: { id: eipIds[3], bandwidth: 30 },
      missing: null,
    });
    // Four listings; the two lookups of one region share one unfiltered page.
    expect(stack.callsByAction()).toEqual({ DescribeEipAddresses: 5 });
    const statuses = stack.inputs.map((call) => call.input.Status).filter(Boolean);
    expect(statuses.sort()).toEqual(['Available', 'InUse']);
  });
  it('Eip.monitorData: one DescribeEipMonitorData per EIP and window, traffic only while bound to a running instance', async () => {
    stack.simulator.advance(10 * 60_000);
    const to = Math.floor(stack.simulator.domain.clock.now() / 60_000) * 60_000;
    const from = to - 5 * 60_000;
    stack.resetCounts();
    const result = await execute<{
      eips: { nodes: { id: string; monitorData: { time: string; flow: number | null }[] }[] };
    }>(
      stack.gateway,
      `{ eips(regionId: "${MAIN_REGION}") { nodes { id monitorData(from: "${new Date(from).toISOString()}", to: "${new Date(to).toISOString()}") { time flow } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.eips.nodes ?? [];
    expect(nodes.map((node) => node.id).sort()).toEqual([...eipIds].sort());
    for (const node of nodes) expect(node.monitorData).toHaveLength(6);
    const flowOf = (id: string) =>
      nodes.find((node) => node.id === id)!.monitorData.map((point) => point.flow);
    expect(flowOf(eipIds[0]!).some((flow) => (flow ?? 0) > 0)).toBe(true);
    expect(flowOf(eipIds[3]!).every((flow) => flow === 0)).toBe(true);
    expect(stack.callsByAction()).toEqual({ DescribeEipAddresses: 1, DescribeEipMonitorData: 4 });
    expect(stack.simulatorCallsByAction()).toEqual({ DescribeEipAddresses: 1, DescribeEipMonitorData: 4 });
    expect(stack.inputs.find((call) => call.action === 'DescribeEipMonitorData')?.input).toMatchObject({
      RegionId: MAIN_REGION,
      Period: 60,
    });
  });

  it('Eip.monitorData refuses a period the EIP action does not allow before any call', async () => {
    stack.resetCounts();
    const result = await execute(
      stack.gateway,
      `{ eips(regionId: "${MAIN_REGION}") { nodes { monitorData(from: "2026-01-01T00:00:00Z", to: "2026-01-01T01:00:00Z", period: TEN_MINUTES) { time } } } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/period/);
    expect(stack.callsByAction()).toEqual({});
  });
});
