import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forcedFaults } from './forced-faults.js';
import {
  estate,
  type InstanceFacts,
  mutate,
  type SimulatedGateway,
  simulatedGateway,
} from './mutations-harness.js';

/**
 * VSwitch and route-entry mutations whose answer was lost: the VSwitch (through the
 * region's VPCs) or the route table (through the region's VRouters), read afresh, tells
 * whether ECS acted. And the estimate of each, which counts the action and its two reads.
 */

let h: SimulatedGateway;
let faults: ReturnType<typeof forcedFaults>;
let running: InstanceFacts;
let network: { vpcId: string; vSwitchId: string; routeTableId: string };

beforeEach(async () => {
  faults = forcedFaults();
  h = await simulatedGateway({
    gateway: { debug: true },
    wrapCaller: (client, simulator) => faults.wrapCaller(client, simulator),
  });
  running = (await estate(h)).running;
  const listed = await h.run<{
    vpcs: { id: string; vSwitches: { id: string }[]; vRouter: { routeTableIds: string[] } }[];
  }>('{ vpcs { id vSwitches { id } vRouter { routeTableIds } } }');
  const [vpc] = listed.data?.vpcs ?? [];
  network = {
    vpcId: vpc?.id ?? '',
    vSwitchId: vpc?.vSwitches[0]?.id ?? '',
    routeTableId: vpc?.vRouter.routeTableIds[0] ?? '',
  };
  h.calls.length = 0;
});
afterEach(() => h.close());

const calls = () => h.calls.map((call) => `${call.action}${call.errorCode ? `:${call.errorCode}` : ''}`);

describe('a network mutation whose answer was lost', () => {
  it('createRouteEntry, dropped after acting: the table shows the entry, so the payload', async () => {
    faults.force('CreateRouteEntry', { dropAfterActingRate: 1 });
    const result = await mutate(
      h,
      'createRouteEntry',
      { routeTableId: network.routeTableId, destinationCidrBlock: '192.168.7.0/24', nextHopId: running.id },
      'routeEntry { destinationCidrBlock nextHopId type }',
    );
    expect(result).toEqual({
      __typename: 'CreateRouteEntryPayload',
      requestId: null,
      routeEntry: { destinationCidrBlock: '192.168.7.0/24', nextHopId: running.id, type: 'Custom' },
    });
    expect(calls()).toEqual(['CreateRouteEntry:ConnectionReset', 'DescribeVRouters', 'DescribeRouteTables']);
  });

  it('modifyVSwitchAttribute, dropped before acting: the VSwitch keeps its name, so OutcomeUnknownError', async () => {
    faults.force('ModifyVSwitchAttribute', { dropRate: 1 });
    const result = await mutate(h, 'modifyVSwitchAttribute', {
      vSwitchId: network.vSwitchId,
      vSwitchName: 'edge',
    });
    expect(result).toMatchObject({
      __typename: 'OutcomeUnknownError',
      code: 'ConnectionReset',
      action: 'ModifyVSwitchAttribute',
      resourceIds: [network.vSwitchId],
    });
    expect(result.message).toContain('the VSwitch has every value given');
    expect(calls()).toEqual(['ModifyVSwitchAttribute:ConnectionReset', 'DescribeVpcs', 'DescribeVSwitches']);
  });

  it('deleteVSwitch, dropped after acting: no VPC lists it, so the payload', async () => {
    const created = await mutate(
      h,
      'createVSwitch',
      { vpcId: network.vpcId, zoneId: running.zoneId, cidrBlock: '172.18.0.0/24' },
      'vSwitch { id }',
    );
    const id = (created.vSwitch as { id: string }).id;
    h.simulator.advance(10_000);
    faults.force('DeleteVSwitch', { dropAfterActingRate: 1 });
    h.calls.length = 0;
    const result = await mutate(h, 'deleteVSwitch', { vSwitchId: id }, 'vSwitchId');
    expect(result).toEqual({ __typename: 'DeleteVSwitchPayload', requestId: null, vSwitchId: id });
    expect(calls()).toEqual(['DeleteVSwitch:ConnectionReset', 'DescribeVpcs']);
  });
});

describe('the estimate of the network mutations', () => {
  it('counts the action and its two reads: 3 each for createRouteEntry and modifyVSwitchAttribute, and they make as many', async () => {
    const response = await h.run(
      `mutation Net($table: ID!, $hop: ID!, $vsw: ID!) {
        route: createRouteEntry(input: { routeTableId: $table, destinationCidrBlock: "192.168.9.0/24", nextHopId: $hop }) {
          ... on CreateRouteEntryPayload { routeEntry { status } } }
        vsw: modifyVSwitchAttribute(input: { vSwitchId: $vsw, description: "edge" }) {
          ... on ModifyVSwitchAttributePayload { vSwitch { description } } }
      }`,
      { table: network.routeTableId, hop: running.id, vsw: network.vSwitchId },
    );
    expect(response.errors).toBeUndefined();
    expect(response.extensions?.upstream).toMatchObject({ calls: 6, estimate: 6 });
  });
});
