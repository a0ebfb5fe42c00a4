import EcsModule, * as $Ecs from '@alicloud/ecs20140526';
import OpenApiModule, * as $OpenApi from '@alicloud/openapi-client';
import RPCClient from '@alicloud/pop-core';
import * as $Util from '@alicloud/tea-util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { NETWORK_PENDING_MS } from '../../src/simulator/state/network.js';
import { REGION, startSimulator } from './integration-support.js';

/**
 * The network actions through the official SDKs against the whole simulator. Today's
 * ECS SDK no longer carries the VPC, VRouter, VSwitch and route-table actions (they
 * moved to the VPC product), so they go through @alicloud/openapi-client's generic
 * callApi: with signatureAlgorithm v2 it signs RPC calls with signature v1
 * (doRPCRequest), by default with ACS3-HMAC-SHA256 (doRequest). ECS still carries
 * ModifyInstanceVpcAttribute: @alicloud/pop-core (v1) and @alicloud/ecs20140526 (ACS3).
 */

const unwrap = (module: unknown): unknown => (module as { default?: unknown }).default ?? module;
const OpenApi = unwrap(OpenApiModule) as typeof OpenApiModule.default;
type EcsClass = typeof EcsModule.default;
const Ecs = unwrap(EcsModule) as EcsClass;

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

// biome-ignore lint/suspicious/noExplicitAny: the generic call answers untyped JSON, which the tests walk.
type Body = Record<string, any>;
type Call = (action: string, query: Record<string, string>) => Promise<Body>;

function genericClient(signature: 'v1' | 'acs3'): Call {
  const client = new OpenApi(
    new $OpenApi.Config({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
      endpoint: `127.0.0.1:${simulator.port}`,
      protocol: 'http',
      regionId: REGION,
      ...(signature === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
    }),
  );
  return async (action, query) => {
    const answer = await client.callApi(
      new $OpenApi.Params({
        action,
        version: '2014-05-26',
        protocol: 'HTTP',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      }),
      new $OpenApi.OpenApiRequest({ query: { RegionId: REGION, ...query } }),
      new $Util.RuntimeOptions({}),
    );
    return answer.body as Body;
  };
}

const settle = () => simulator.advance(NETWORK_PENDING_MS);

/** A new Available VPC with an Available VSwitch in the zone of the first seeded instance. */
async function network(call: Call) {
  const vpc = await call('CreateVpc', { CidrBlock: '192.168.0.0/16', ClientToken: `vpc-${Math.random()}` });
  settle();
  const vSwitch = await call('CreateVSwitch', {
    VpcId: vpc.VpcId,
    ZoneId: 'cn-hangzhou-h',
    CidrBlock: '192.168.1.0/24',
  });
  settle();
  return { ...vpc, VSwitchId: String(vSwitch.VSwitchId) } as {
    VpcId: string;
    VRouterId: string;
    RouteTableId: string;
    VSwitchId: string;
  };
}

async function seededVpc(call: Call) {
  return (await call('DescribeVpcs', {})).Vpcs.Vpc[0] as { VpcId: string; VRouterId: string };
}

for (const signature of ['v1', 'acs3'] as const) {
  describe(`@alicloud/openapi-client callApi (${signature === 'v1' ? 'signature v1, doRPCRequest' : 'ACS3-HMAC-SHA256, doRequest'})`, () => {
    const call: Call = (action, query) => genericClient(signature)(action, query);

    it('CreateVpc', async () => {
      const created = await call('CreateVpc', { VpcName: 'sdk', ClientToken: 'sdk-vpc' });
      expect(created.VpcId).toMatch(/^vpc-/);
      expect((await call('CreateVpc', { VpcName: 'sdk', ClientToken: 'sdk-vpc' })).VpcId).toBe(created.VpcId);
    });
    it('DescribeVpcs', async () => {
      const { VpcId } = await network(call);
      const answer = await call('DescribeVpcs', { VpcId });
      expect(answer.Vpcs.Vpc).toEqual([
        expect.objectContaining({ VpcId, Status: 'Available', CidrBlock: '192.168.0.0/16' }),
      ]);
    });
    it('ModifyVpcAttribute', async () => {
      const { VpcId } = await network(call);
      await call('ModifyVpcAttribute', { VpcId, VpcName: 'renamed' });
      expect((await call('DescribeVpcs', { VpcId })).Vpcs.Vpc[0].VpcName).toBe('renamed');
    });
    it('DeleteVpc', async () => {
      const { VpcId } = await call('CreateVpc', {});
      settle();
      await call('DeleteVpc', { VpcId });
      expect((await call('DescribeVpcs', { VpcId })).TotalCount).toBe(0);
      // A refusal reaches the SDK as an error with the code.
      await expect(call('DeleteVpc', { VpcId: (await seededVpc(call)).VpcId })).rejects.toMatchObject({
        code: 'DependencyViolation.Instance',
      });
    });
    it('DescribeVRouters', async () => {
      const { VRouterId, RouteTableId, VpcId } = await network(call);
      const answer = await call('DescribeVRouters', { VRouterId });
      expect(answer.VRouters.VRouter).toEqual([
        expect.objectContaining({ VpcId, RouteTableIds: { RouteTableId: [RouteTableId] } }),
      ]);
    });
    it('ModifyVRouterAttribute', async () => {
      const { VRouterId } = await network(call);
      await call('ModifyVRouterAttribute', { VRouterId, VRouterName: 'edge', Description: 'the edge' });
      expect((await call('DescribeVRouters', { VRouterId })).VRouters.VRouter[0]).toMatchObject({
        VRouterName: 'edge',
        Description: 'the edge',
      });
    });
    it('CreateVSwitch', async () => {
      const { VSwitchId } = await network(call);
      expect(VSwitchId).toMatch(/^vsw-/);
    });
    it('DescribeVSwitches', async () => {
      const { VpcId, VSwitchId } = await network(call);
      expect((await call('DescribeVSwitches', { VpcId })).VSwitches.VSwitch).toEqual([
        expect.objectContaining({ VSwitchId, AvailableIpAddressCount: 246, Status: 'Available' }),
      ]);
    });
    it('ModifyVSwitchAttribute', async () => {
      const { VpcId, VSwitchId } = await network(call);
      await call('ModifyVSwitchAttribute', { VSwitchId, VSwitchName: 'front' });
      expect((await call('DescribeVSwitches', { VpcId, VSwitchId })).VSwitches.VSwitch[0].VSwitchName).toBe(
        'front',
      );
    });
    it('DeleteVSwitch', async () => {
      const { VpcId, VSwitchId } = await network(call);
      await call('DeleteVSwitch', { VSwitchId });
      expect((await call('DescribeVSwitches', { VpcId })).TotalCount).toBe(0);
    });
    it('CreateRouteEntry', async () => {
      const { VRouterId } = await seededVpc(call);
      const table = (await call('DescribeRouteTables', { VRouterId })).RouteTables.RouteTable[0];
      const hop = (await call('DescribeInstances', {})).Instances.Instance[0].InstanceId;
      await call('CreateRouteEntry', {
        RouteTableId: table.RouteTableId,
        DestinationCidrBlock: '192.168.0.0/24',
        NextHopId: hop,
        ClientToken: 'sdk-route',
      });
      const after = (await call('DescribeRouteTables', { VRouterId })).RouteTables.RouteTable[0];
      expect(after.RouteEntries.RouteEntry).toContainEqual(
        expect.objectContaining({ DestinationCidrBlock: '192.168.0.0/24', Type: 'Custom', NextHopId: hop }),
      );
    });
    it('DeleteRouteEntry', async () => {
      const { VRouterId } = await seededVpc(call);
      const table = (await call('DescribeRouteTables', { VRouterId })).RouteTables.RouteTable[0];
      const hop = (await call('DescribeInstances', {})).Instances.Instance[0].InstanceId;
      const entry = {
        RouteTableId: table.RouteTableId,
        DestinationCidrBlock: '192.168.0.0/24',
        NextHopId: hop,
      };
      await call('CreateRouteEntry', entry);
      settle();
      await call('DeleteRouteEntry', entry);
      const after = (await call('DescribeRouteTables', { VRouterId })).RouteTables.RouteTable[0];
      expect(after.RouteEntries.RouteEntry.filter((each: Body) => each.Type === 'Custom')).toEqual([]);
    });
    it('DescribeRouteTables', async () => {
      const { VRouterId, RouteTableId } = await network(call);
      const answer = await call('DescribeRouteTables', { VRouterId });
      expect(answer.RouteTables.RouteTable).toEqual([
        expect.objectContaining({
          RouteTableId,
          RouteEntries: {
            RouteEntry: [
              expect.objectContaining({ DestinationCidrBlock: '100.64.0.0/10', Type: 'System' }),
              expect.objectContaining({ DestinationCidrBlock: '192.168.1.0/24', Type: 'System' }),
            ],
          },
        }),
      ]);
    });
  });
}

/** A stopped seeded instance and a new VSwitch of the seeded VPC in its zone. */
async function stoppedInstanceAndVSwitch(call: Call) {
  const instances = (await call('DescribeInstances', {})).Instances.Instance as Body[];
  let instance = instances.find((each) => each.Status === 'Stopped');
  if (!instance) {
    instance = instances[0]!;
    await call('StopInstance', { InstanceId: instance.InstanceId });
    simulator.advance(60_000);
  }
  const vpc = await seededVpc(call);
  const { VSwitchId } = await call('CreateVSwitch', {
    VpcId: vpc.VpcId,
    ZoneId: instance.ZoneId,
    CidrBlock: '172.17.0.0/24',
  });
  settle();
  return { InstanceId: String(instance.InstanceId), VSwitchId: String(VSwitchId) };
}

describe('ModifyInstanceVpcAttribute through the ECS SDKs', () => {
  it('@alicloud/pop-core (signature v1)', async () => {
    const pop = new RPCClient({
      accessKeyId: simulator.accessKeyId,
      accessKeySecret: simulator.accessKeySecret,
      endpoint: simulator.url,
      apiVersion: '2014-05-26',
    });
    const call: Call = async (action, query) =>
      (await pop.request(action, { RegionId: REGION, ...query })) as Body;
    const move = await stoppedInstanceAndVSwitch(call);
    await call('ModifyInstanceVpcAttribute', { ...move, PrivateIpAddress: '172.17.0.20' });
    const [moved] = (await call('DescribeInstances', { InstanceIds: JSON.stringify([move.InstanceId]) }))
      .Instances.Instance;
    expect(moved.VpcAttributes).toMatchObject({
      VSwitchId: move.VSwitchId,
      PrivateIpAddress: { IpAddress: ['172.17.0.20'] },
    });
  });

  it('@alicloud/ecs20140526 (ACS3-HMAC-SHA256)', async () => {
    const ecs = new Ecs(
      new $OpenApi.Config({
        accessKeyId: simulator.accessKeyId,
        accessKeySecret: simulator.accessKeySecret,
        endpoint: `127.0.0.1:${simulator.port}`,
        protocol: 'http',
        regionId: REGION,
      }),
    );
    const move = await stoppedInstanceAndVSwitch(genericClient('acs3'));
    await ecs.modifyInstanceVpcAttribute(
      new $Ecs.ModifyInstanceVpcAttributeRequest({ instanceId: move.InstanceId, vSwitchId: move.VSwitchId }),
    );
    const answer = await ecs.describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([move.InstanceId]) }),
    );
    expect(answer.body?.instances?.instance?.[0]?.vpcAttributes).toMatchObject({
      vSwitchId: move.VSwitchId,
      privateIpAddress: { ipAddress: ['172.17.0.1'] },
    });
  });
});
