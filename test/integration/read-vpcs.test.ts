import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateVpc } from '../../src/spec/actions/vpcs.js';
import { CreateVSwitch } from '../../src/spec/actions/vswitches.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

/**
 * VPCs, VSwitches and route tables in the graph over the real stack (client ↔ simulator
 * over loopback HTTP, gateway through yoga.fetch), with exact call counts on both sides
 * and the estimate bounding them.
 */

interface Upstream {
  readonly calls: number;
  readonly estimate: number;
}

describe('the network in the graph (ECS_API_LIMITS=2014)', () => {
  let stack: ReadStack;

  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 12, disksPerInstance: 1, snapshotsPerDisk: 0 },
    });
  });
  afterAll(() => stack.close());

  function expectCalls(expected: Record<string, number>, upstream: Upstream | undefined) {
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    expect(stack.callsByAction()).toEqual(expected);
    const total = Object.values(expected).reduce((sum, count) => sum + count, 0);
    expect(upstream?.calls).toBe(total);
    expect(upstream?.estimate).toBeGreaterThanOrEqual(total);
  }

  it('12 instances with their VPC and VSwitch: 1 DescribeInstances, 1 DescribeVpcs, 1 DescribeVSwitches', async () => {
    stack.resetCounts();
    const result = await execute<{
      instances: {
        nodes: {
          id: string;
          zoneId: string;
          vpc: { id: string; cidrBlock: string; status: string } | null;
          vSwitch: { id: string; zoneId: string; cidrBlock: string; vpc: { id: string } | null } | null;
        }[];
      };
    }>(
      stack.gateway,
      `{ instances(page: { size: 12 }) { nodes {
          id zoneId vpc { id cidrBlock status } vSwitch { id zoneId cidrBlock vpc { id } }
      } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.instances.nodes ?? [];
    expect(nodes).toHaveLength(12);
    const vpcIds = new Set(nodes.map((node) => node.vpc?.id));
    expect(vpcIds.size).toBe(1);
    for (const node of nodes) {
      expect(node.vpc).toMatchObject({ cidrBlock: '172.16.0.0/12', status: 'Available' });
      expect(node.vSwitch?.zoneId).toBe(node.zoneId);
      expect(node.vSwitch?.vpc?.id).toBe(node.vpc?.id);
    }
    // Four zones: four VSwitches, all from the one DescribeVSwitches of the VPC.
    expect(new Set(nodes.map((node) => node.vSwitch?.id)).size).toBe(4);
    expectCalls(
      { DescribeInstances: 1, DescribeVpcs: 1, DescribeVSwitches: 1 },
      (result.extensions as { upstream?: Upstream } | undefined)?.upstream,
    );
    const vpcCall = stack.inputs.find((call) => call.action === 'DescribeVpcs');
    expect(vpcCall?.input).toMatchObject({ RegionId: MAIN_REGION, VpcId: [...vpcIds][0], PageSize: 1 });
  });

  it('a region’s VPCs with VSwitches, route tables and instances: one call each per VPC', async () => {
    const created = await stack.client.call(CreateVpc, {
      RegionId: MAIN_REGION,
      CidrBlock: '192.168.0.0/16',
    });
    stack.simulator.advance(10_000);
    await stack.client.call(
      CreateVSwitch,
      { VpcId: created.VpcId ?? '', ZoneId: 'cn-hangzhou-h', CidrBlock: '192.168.1.0/24' },
      { regionId: MAIN_REGION },
    );
    stack.simulator.advance(10_000);
    stack.resetCounts();
    const result = await execute<{
      vpcs: {
        id: string;
        vSwitches: { id: string; availableIpAddressCount: number }[];
        routeTables: { id: string; entries: { destinationCidrBlock: string; type: string }[] }[];
        instances: { id: string }[];
      }[];
    }>(
      stack.gateway,
      `{ vpcs { id vSwitches { id availableIpAddressCount }
          routeTables { id entries { destinationCidrBlock type } } instances { id } } }`,
    );
    expect(result.errors).toBeUndefined();
    const [seeded, mine] = result.data?.vpcs ?? [];
    expect(mine?.id).toBe(created.VpcId);
    expect(seeded?.vSwitches).toHaveLength(4);
    expect(seeded?.instances).toHaveLength(12);
    expect(mine?.vSwitches).toEqual([expect.objectContaining({ availableIpAddressCount: 246 })]);
    expect(mine?.instances).toEqual([]);
    expect(mine?.routeTables?.[0]?.id).toBe(created.RouteTableId);
    expect(mine?.routeTables?.[0]?.entries).toEqual([
      { destinationCidrBlock: '100.64.0.0/10', type: 'System' },
      { destinationCidrBlock: '192.168.1.0/24', type: 'System' },
    ]);
    expectCalls(
      { DescribeVpcs: 1, DescribeVSwitches: 2, DescribeRouteTables: 2, DescribeInstances: 2 },
      (result.extensions as { upstream?: Upstream } | undefined)?.upstream,
    );
  });
  it('every VPC’s VRouter from one DescribeVRouters of the region, whatever the number of VPCs', async () => {
    stack.resetCounts();
    const result = await execute<{
      vpcs: {
        id: string;
        vRouterId: string;
        vRouter: {
          id: string;
          vpcId: string;
          name: string | null;
          routeTableIds: string[];
          creationTime: string;
        };
        routeTables: { id: string }[];
      }[];
    }>(
      stack.gateway,
      `{ vpcs { id vRouterId vRouter { id vpcId name routeTableIds creationTime } routeTables { id } } }`,
    );
    expect(result.errors).toBeUndefined();
    const vpcs = result.data?.vpcs ?? [];
    // The seeded VPC and the one the previous test made.
    expect(vpcs).toHaveLength(2);
    for (const vpc of vpcs) {
      expect(vpc.vRouter.id).toBe(vpc.vRouterId);
      expect(vpc.vRouter.vpcId).toBe(vpc.id);
      expect(vpc.vRouter.routeTableIds).toEqual(vpc.routeTables.map((table) => table.id));
      expect(Number.isNaN(Date.parse(vpc.vRouter.creationTime))).toBe(false);
    }
    expect(new Set(vpcs.map((vpc) => vpc.vRouter.id)).size).toBe(2);
    expectCalls(
      { DescribeVpcs: 1, DescribeVRouters: 1, DescribeRouteTables: 2 },
      (result.extensions as { upstream?: Upstream } | undefined)?.upstream,
    );
    const call = stack.inputs.find((each) => each.action === 'DescribeVRouters');
    expect(call?.input).toEqual({ RegionId: MAIN_REGION, PageSize: 50 });
  });

  it('12 instances of one VPC reach its VRouter through 1 DescribeVRouters', async () => {
    stack.resetCounts();
    const result = await execute<{
      instances: { nodes: { vpc: { vRouter: { id: string } | null } | null }[] };
    }>(stack.gateway, `{ instances(page: { size: 12 }) { nodes { vpc { vRouter { id } } } } }`);
    expect(result.errors).toBeUndefined();
    const routers = new Set(result.data?.instances.nodes.map((node) => node.vpc?.vRouter?.id));
    expect(routers.size).toBe(1);
    expect([...routers][0]).toMatch(/^vrt-/);
    expectCalls(
      { DescribeInstances: 1, DescribeVpcs: 1, DescribeVRouters: 1 },
      (result.extensions as { upstream?: Upstream } | undefined)?.upstream,
    );
  });
});
