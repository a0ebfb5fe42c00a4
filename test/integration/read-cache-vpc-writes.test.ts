import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  actionCalls,
  type Estate,
  estate,
  type MutationResult,
  mutate,
  type SimulatedGateway,
  simulatedGateway,
} from './mutations-harness.js';

/**
 * Read-your-writes for the VRouter, VSwitch and route-entry mutations with the shared
 * cache on: the network of cn-hangzhou is cached, a mutation runs, and the network read
 * next shows the change. Their declared change is the `vpc` kind of the region, so every
 * network listing is dropped; the mutation's payload read (after the write) stores its
 * listings afresh, the network read calls for the others once, and the instance listing
 * still comes from the cache.
 */
const NETWORK = `query Network {
  vpcs(regionId: "cn-hangzhou") {
    id
    vRouter { id name description }
    vSwitches { id name }
    routeTables { id entries { destinationCidrBlock nextHopId type } }
  }
  instances(regionId: "cn-hangzhou", page: { size: 50 }) { nodes { id name } }
}`;

interface Network {
  readonly vpcs: {
    id: string;
    vRouter: { id: string; name: string | null; description: string | null };
    vSwitches: { id: string; name: string | null }[];
    routeTables: {
      id: string;
      entries: { destinationCidrBlock: string; nextHopId: string | null; type: string }[];
    }[];
  }[];
}

/** The network listings of the board but those the payload read has just stored afresh. */
function networkAgainBut(...readByPayload: string[]): Record<string, number> {
  const all = ['DescribeVpcs', 'DescribeVRouters', 'DescribeVSwitches', 'DescribeRouteTables'];
  return Object.fromEntries(
    all.filter((action) => !readByPayload.includes(action)).map((action) => [action, 1]),
  );
}

let h: SimulatedGateway;
let world: Estate;

beforeEach(async () => {
  h = await simulatedGateway({ gateway: { cache: {}, now: () => 1_000_000, debug: true } });
  world = await estate(h);
});
afterEach(() => h.close());

function takeCalls(): Record<string, number> {
  const calls = actionCalls(h.simulator);
  h.simulator.stats.reset();
  return calls;
}

async function network(): Promise<Network> {
  const response = await h.run<Network>(NETWORK);
  if (response.errors || !response.data)
    throw new Error(`the network failed: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** Caches the network, and checks that it now costs nothing. */
async function primed(): Promise<Network> {
  await network();
  takeCalls();
  const cached = await network();
  expect(takeCalls()).toEqual({});
  return cached;
}

async function act(name: string, input: Record<string, unknown>, selection = ''): Promise<MutationResult> {
  const result = await mutate(h, name, input, selection);
  expect(result.__typename).toBe(`${name.charAt(0).toUpperCase()}${name.slice(1)}Payload`);
  takeCalls();
  return result;
}

async function readBack(): Promise<{ board: Network; calls: Record<string, number> }> {
  const board = await network();
  return { board, calls: takeCalls() };
}

describe('network mutations with the shared cache: the network is read again, instances are not', () => {
  it('modifyVRouterAttribute', async () => {
    const before = await primed();
    const vRouterId = before.vpcs[0]?.vRouter.id;
    await act('modifyVRouterAttribute', { vRouterId, vRouterName: 'core', description: 'main' });
    const { board, calls } = await readBack();
    expect(board.vpcs[0]?.vRouter).toEqual({ id: vRouterId, name: 'core', description: 'main' });
    expect(calls).toEqual(networkAgainBut('DescribeVRouters'));
  });

  it('modifyVSwitchAttribute', async () => {
    const before = await primed();
    const vSwitchId = before.vpcs[0]?.vSwitches[0]?.id;
    await act('modifyVSwitchAttribute', { vSwitchId, vSwitchName: 'edge' });
    const { board, calls } = await readBack();
    expect(board.vpcs[0]?.vSwitches.find((each) => each.id === vSwitchId)?.name).toBe('edge');
    expect(calls).toEqual(networkAgainBut('DescribeVpcs', 'DescribeVSwitches'));
  });

  it('deleteVSwitch', async () => {
    const vpcId = (await network()).vpcs[0]?.id;
    const created = await act(
      'createVSwitch',
      { vpcId, zoneId: world.running.zoneId, cidrBlock: '172.18.0.0/24' },
      'vSwitch { id }',
    );
    const vSwitchId = (created.vSwitch as { id: string }).id;
    h.simulator.advance(10_000);
    const before = await primed();
    expect(before.vpcs[0]?.vSwitches.map((each) => each.id)).toContain(vSwitchId);
    await act('deleteVSwitch', { vSwitchId });
    const { board, calls } = await readBack();
    expect(board.vpcs[0]?.vSwitches.map((each) => each.id)).not.toContain(vSwitchId);
    expect(calls).toEqual(networkAgainBut());
  });

  it('createRouteEntry, then deleteRouteEntry', async () => {
    const before = await primed();
    const routeTableId = before.vpcs[0]?.routeTables[0]?.id;
    const entry = { routeTableId, destinationCidrBlock: '192.168.7.0/24', nextHopId: world.running.id };
    await act('createRouteEntry', entry);
    const added = await readBack();
    expect(added.board.vpcs[0]?.routeTables[0]?.entries).toContainEqual({
      destinationCidrBlock: '192.168.7.0/24',
      nextHopId: world.running.id,
      type: 'Custom',
    });
    expect(added.calls).toEqual(networkAgainBut('DescribeVRouters', 'DescribeRouteTables'));

    h.simulator.advance(10_000);
    await primed();
    await act('deleteRouteEntry', entry);
    const removed = await readBack();
    expect(
      removed.board.vpcs[0]?.routeTables[0]?.entries.map((each) => each.destinationCidrBlock),
    ).not.toContain('192.168.7.0/24');
    expect(removed.calls).toEqual(networkAgainBut('DescribeVRouters', 'DescribeRouteTables'));
  });
});
