import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/spec/limits.js';
import { execute } from '../graph/support/gateway.js';
import { type ReadStack, startReadStack } from './read-stack.js';

/**
 * The VRouter, VSwitch and route-entry mutations over the real stack: each acts once,
 * reads its payload back afresh (the VSwitch through its VPC, the route table through its
 * VRouter, as the actions take neither), and turns a documented refusal into its typed
 * error with the exact code and status, the calls counted.
 */
describe('VRouter, VSwitch and route entry mutations over loopback', () => {
  let stack: ReadStack;

  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 4, disksPerInstance: 1, snapshotsPerDisk: 0 },
    });
  });
  afterAll(() => stack.close());

  function region() {
    return stack.simulator.domain.store.account(stack.simulator.accessKeyId).regions.get('cn-hangzhou')!;
  }

  async function run<T>(query: string): Promise<T> {
    const result = await execute<T>(stack.gateway, query);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  }

  const failure = '... on MutationError { __typename message } ... on EcsActionError { code httpStatus }';

  it('modifyVRouterAttribute renames the VRouter; a later read sees it; refusals are typed', async () => {
    const [vpc] = region().vpcs.values();
    stack.resetCounts();
    const renamed = await run<{
      modifyVRouterAttribute: { vRouter: { id: string; name: string; description: string } };
    }>(
      `mutation { modifyVRouterAttribute(input: { vRouterId: "${vpc?.vRouterId}", vRouterName: "core", description: "main router" }) {
        ... on ModifyVRouterAttributePayload { vRouter { id name description } } } }`,
    );
    expect(renamed.modifyVRouterAttribute.vRouter).toEqual({
      id: vpc?.vRouterId,
      name: 'core',
      description: 'main router',
    });
    expect(stack.callsByAction()).toEqual({ ModifyVRouterAttribute: 1, DescribeVRouters: 1 });

    stack.resetCounts();
    const later = await run<{ vpcs: { vRouter: { name: string } }[] }>('{ vpcs { vRouter { name } } }');
    expect(later.vpcs[0]?.vRouter.name).toBe('core');
    expect(stack.callsByAction()).toEqual({ DescribeVpcs: 1, DescribeVRouters: 1 });

    stack.resetCounts();
    const missing = await run<{ modifyVRouterAttribute: Record<string, unknown> }>(
      `mutation { modifyVRouterAttribute(input: { vRouterId: "vrt-missing", vRouterName: "x1" }) { ${failure} } }`,
    );
    expect(missing.modifyVRouterAttribute).toMatchObject({
      __typename: 'EcsNotFoundError',
      code: 'InvalidVRouterId.NotFound',
      httpStatus: 404,
    });
    expect(stack.callsByAction()).toEqual({ ModifyVRouterAttribute: 1 });

    stack.resetCounts();
    const invalid = await run<{ modifyVRouterAttribute: Record<string, unknown> }>(
      `mutation { modifyVRouterAttribute(input: { vRouterId: "${vpc?.vRouterId}", vRouterName: "http://x" }) {
        ... on ValidationError { __typename code field } } }`,
    );
    expect(invalid.modifyVRouterAttribute).toEqual({
      __typename: 'ValidationError',
      code: 'InvalidVRouterName.Malformed',
      field: 'input.vRouterName',
    });
    expect(stack.callsByAction()).toEqual({});
    expect(region().vRouters.get(vpc?.vRouterId ?? '')?.vRouterName).toBe('core');
  });

  it('modifyVSwitchAttribute reads the VSwitch back through its VPC; deleteVSwitch waits out Pending and spares one with instances', async () => {
    const [vpc] = region().vpcs.values();
    const created = await run<{ createVSwitch: { vSwitch: { id: string } } }>(
      `mutation { createVSwitch(input: { vpcId: "${vpc?.vpcId}", zoneId: "cn-hangzhou-h", cidrBlock: "172.18.0.0/24" }) {
        ... on CreateVSwitchPayload { vSwitch { id } } } }`,
    );
    const id = created.createVSwitch.vSwitch.id;

    stack.resetCounts();
    const pending = await run<{ deleteVSwitch: Record<string, unknown> }>(
      `mutation { deleteVSwitch(input: { vSwitchId: "${id}" }) { ${failure} } }`,
    );
    expect(pending.deleteVSwitch).toMatchObject({ code: 'IncorrectVSwitchStatus', httpStatus: 400 });
    expect(stack.callsByAction()).toEqual({ DeleteVSwitch: 1 });
    stack.simulator.advance(10_000);

    stack.resetCounts();
    const renamed = await run<{
      modifyVSwitchAttribute: { vSwitch: { id: string; vpcId: string; name: string; status: string } };
    }>(
      `mutation { modifyVSwitchAttribute(input: { vSwitchId: "${id}", vSwitchName: "edge" }) {
        ... on ModifyVSwitchAttributePayload { vSwitch { id vpcId name status } } } }`,
    );
    expect(renamed.modifyVSwitchAttribute.vSwitch).toEqual({
      id,
      vpcId: vpc?.vpcId,
      name: 'edge',
      status: 'Available',
    });
    expect(stack.callsByAction()).toEqual({
      ModifyVSwitchAttribute: 1,
      DescribeVpcs: 1,
      DescribeVSwitches: 1,
    });

    stack.resetCounts();
    const deleted = await run<{ deleteVSwitch: { vSwitchId: string } }>(
      `mutation { deleteVSwitch(input: { vSwitchId: "${id}" }) { ... on DeleteVSwitchPayload { vSwitchId } } }`,
    );
    expect(deleted.deleteVSwitch.vSwitchId).toBe(id);
    expect(stack.callsByAction()).toEqual({ DeleteVSwitch: 1 });
    const after = await run<{ vpcs: { vSwitchIds: string[]; vSwitches: { id: string }[] }[] }>(
      '{ vpcs { vSwitchIds vSwitches { id } } }',
    );
    expect(after.vpcs[0]?.vSwitchIds).not.toContain(id);
    expect(after.vpcs[0]?.vSwitches.map((each) => each.id)).not.toContain(id);

    const [instance] = region().instances.values();
    const busy = instance?.vSwitchId;
    stack.resetCounts();
    const refused = await run<{ deleteVSwitch: Record<string, unknown> }>(
      `mutation { deleteVSwitch(input: { vSwitchId: "${busy}" }) { ${failure} } }`,
    );
    expect(refused.deleteVSwitch).toMatchObject({ code: 'DependencyViolation', httpStatus: 400 });
    const missing = await run<{ deleteVSwitch: Record<string, unknown> }>(
      `mutation { deleteVSwitch(input: { vSwitchId: "vsw-missing" }) { ${failure} } }`,
    );
    expect(missing.deleteVSwitch).toMatchObject({
      __typename: 'EcsNotFoundError',
      code: 'InvalidVSwitchId.NotFound',
      httpStatus: 404,
    });
    expect(stack.callsByAction()).toEqual({ DeleteVSwitch: 2 });
    expect(region().vSwitches.has(busy ?? '')).toBe(true);
  });

  it('createRouteEntry and deleteRouteEntry answer the route table read back through its VRouter', async () => {
    const [vpc] = region().vpcs.values();
    const tableId = region().vRouters.get(vpc?.vRouterId ?? '')?.routeTableIds[0];
    const [instance] = region().instances.values();
    const hop = instance?.instanceId;
    const entry = 'routeEntry { destinationCidrBlock nextHopId type status }';

    stack.resetCounts();
    const created = await run<{
      createRouteEntry: { routeTable: { id: string; entries: { type: string }[] }; routeEntry: unknown };
    }>(
      `mutation { createRouteEntry(input: { routeTableId: "${tableId}", destinationCidrBlock: "192.168.7.0/24", nextHopId: "${hop}", clientToken: "route-1" }) {
        ... on CreateRouteEntryPayload { routeTable { id entries { type } } ${entry} } } }`,
    );
    expect(created.createRouteEntry.routeEntry).toEqual({
      destinationCidrBlock: '192.168.7.0/24',
      nextHopId: hop,
      type: 'Custom',
      status: 'Pending',
    });
    expect(created.createRouteEntry.routeTable.id).toBe(tableId);
    expect(stack.callsByAction()).toEqual({
      CreateRouteEntry: 1,
      DescribeVRouters: 1,
      DescribeRouteTables: 1,
    });

    // The same clientToken and input: ECS answers the first call again, no second entry.
    stack.resetCounts();
    const repeated = await run<{ createRouteEntry: { __typename: string } }>(
      `mutation { createRouteEntry(input: { routeTableId: "${tableId}", destinationCidrBlock: "192.168.7.0/24", nextHopId: "${hop}", clientToken: "route-1" }) {
        __typename } }`,
    );
    expect(repeated.createRouteEntry.__typename).toBe('CreateRouteEntryPayload');
    const custom = [...(region().routeTables.get(tableId ?? '')?.entries ?? [])].filter(
      (each) => each.type === 'Custom',
    );
    expect(custom).toHaveLength(1);

    stack.resetCounts();
    const whilePending = await run<{ createRouteEntry: Record<string, unknown> }>(
      `mutation { createRouteEntry(input: { routeTableId: "${tableId}", destinationCidrBlock: "192.168.8.0/24", nextHopId: "${hop}" }) { ${failure} } }`,
    );
    expect(whilePending.createRouteEntry).toMatchObject({
      code: 'IncorrectRouteEntryStatus',
      httpStatus: 400,
    });
    expect(stack.callsByAction()).toEqual({ CreateRouteEntry: 1 });
    stack.simulator.advance(10_000);

    stack.resetCounts();
    const reserved = await run<{ createRouteEntry: Record<string, unknown> }>(
      `mutation { createRouteEntry(input: { routeTableId: "${tableId}", destinationCidrBlock: "10.1.0.0/16", nextHopId: "${hop}" }) { ${failure} } }`,
    );
    expect(reserved.createRouteEntry).toMatchObject({ code: 'InvalidCidrBlock', httpStatus: 400 });
    const duplicate = await run<{ createRouteEntry: Record<string, unknown> }>(
      `mutation { createRouteEntry(input: { routeTableId: "${tableId}", destinationCidrBlock: "192.168.7.0/24", nextHopId: "${hop}" }) { ${failure} } }`,
    );
    expect(duplicate.createRouteEntry).toMatchObject({ code: 'InvalidCIDRBlock.Duplicate', httpStatus: 400 });
    expect(stack.callsByAction()).toEqual({ CreateRouteEntry: 2 });

    stack.resetCounts();
    const deleted = await run<{
      deleteRouteEntry: { routeTable: { entries: { destinationCidrBlock: string }[] }; routeEntry: unknown };
    }>(
      `mutation { deleteRouteEntry(input: { routeTableId: "${tableId}", destinationCidrBlock: "192.168.7.0/24", nextHopId: "${hop}" }) {
        ... on DeleteRouteEntryPayload { routeTable { entries { destinationCidrBlock } } ${entry} } } }`,
    );
    expect(deleted.deleteRouteEntry.routeEntry).toBeNull();
    expect(
      deleted.deleteRouteEntry.routeTable.entries.map((each) => each.destinationCidrBlock),
    ).not.toContain('192.168.7.0/24');
    expect(stack.callsByAction()).toEqual({
      DeleteRouteEntry: 1,
      DescribeVRouters: 1,
      DescribeRouteTables: 1,
    });

    stack.resetCounts();
    const again = await run<{ deleteRouteEntry: Record<string, unknown> }>(
      `mutation { deleteRouteEntry(input: { routeTableId: "${tableId}", destinationCidrBlock: "192.168.7.0/24", nextHopId: "${hop}" }) { ${failure} } }`,
    );
    expect(again.deleteRouteEntry).toMatchObject({
      __typename: 'EcsNotFoundError',
      code: 'InvalidRouteEntry.NotFound',
      httpStatus: 404,
    });
    const badBlock = await run<{ deleteRouteEntry: Record<string, unknown> }>(
      `mutation { deleteRouteEntry(input: { routeTableId: "${tableId}", destinationCidrBlock: "300.1.1.1/8", nextHopId: "${hop}" }) {
        ... on ValidationError { __typename code field } } }`,
    );
    expect(badBlock.deleteRouteEntry).toEqual({
      __typename: 'ValidationError',
      code: 'InvalidCidrBlock.Malformed',
      field: 'input.destinationCidrBlock',
    });
    expect(stack.callsByAction()).toEqual({ DeleteRouteEntry: 1 });
  });
});
