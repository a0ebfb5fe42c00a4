import { DEFAULT_IMAGE_ID } from '../../../src/simulator/catalog.js';
import { NETWORK_PENDING_MS } from '../../../src/simulator/state/network.js';
import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';

/** The VPC, VRouter, VSwitch and route-table actions and ModifyInstanceVpcAttribute. */

interface SeededVpc {
  readonly VpcId: string;
  readonly VRouterId: string;
}

async function seededVpc(world: ReachWorld): Promise<SeededVpc> {
  const body = await world.ok('DescribeVpcs');
  return (body.Vpcs as { Vpc: SeededVpc[] }).Vpc[0]!;
}

async function seededTable(world: ReachWorld): Promise<string> {
  const { VRouterId } = await seededVpc(world);
  const body = await world.ok('DescribeVRouters', { VRouterId });
  return (body.VRouters as { VRouter: { RouteTableIds: { RouteTableId: string[] } }[] }).VRouter[0]!
    .RouteTableIds.RouteTableId[0]!;
}

interface Instance {
  readonly InstanceId: string;
  readonly ZoneId: string;
  readonly Status: string;
  readonly VpcAttributes: { readonly VSwitchId: string; readonly PrivateIpAddress: { IpAddress: string[] } };
}

async function instances(world: ReachWorld): Promise<Instance[]> {
  const body = await world.ok('DescribeInstances', { PageSize: '50' });
  return (body.Instances as { Instance: Instance[] }).Instance;
}

/** A new VPC, Available: its ids. */
async function newVpc(world: ReachWorld, params: Params = {}) {
  const body = await world.ok('CreateVpc', params);
  world.advance(NETWORK_PENDING_MS);
  return { VpcId: String(body.VpcId), RouteTableId: String(body.RouteTableId) };
}

/** A stopped seeded instance (stopping one when none is) and a new VSwitch of its VPC in its zone. */
async function stoppedWithVSwitch(world: ReachWorld) {
  let instance = (await instances(world)).find((each) => each.Status === 'Stopped');
  if (!instance) {
    instance = (await instances(world))[0]!;
    await world.ok('StopInstance', { InstanceId: instance.InstanceId });
    world.advance(60_000);
  }
  const { VpcId } = await seededVpc(world);
  const body = await world.ok('CreateVSwitch', {
    VpcId,
    ZoneId: instance.ZoneId,
    CidrBlock: '172.17.0.0/24',
  });
  world.advance(NETWORK_PENDING_MS);
  return { InstanceId: instance.InstanceId, VSwitchId: String(body.VSwitchId) };
}

/** A seeded instance and a custom route entry of the seeded table to it, still Pending. */
async function pendingRoute(world: ReachWorld) {
  const RouteTableId = await seededTable(world);
  const NextHopId = (await instances(world))[0]!.InstanceId;
  await world.ok('CreateRouteEntry', { RouteTableId, DestinationCidrBlock: '192.168.10.0/24', NextHopId });
  return { RouteTableId, NextHopId };
}

const vSwitchIn = (VpcId: string, CidrBlock: string, ZoneId: string): Params => ({
  VpcId,
  CidrBlock,
  ZoneId,
});

export const reach: Reach[] = [
  // CreateVpc
  { action: 'CreateVpc', code: 'InvalidRegionId.NotFound', params: { RegionId: 'cn-nowhere' } },
  { action: 'CreateVpc', code: 'InvalidParameter', params: { CidrBlock: '10.0.0.0/8' } },
  { action: 'CreateVpc', code: 'InvalidVpcName.Malformed', params: { VpcName: '-lab' } },
  { action: 'CreateVpc', code: 'InvalidVpcDescription.Malformed', params: { Description: 'https://x' } },
  {
    action: 'CreateVpc',
    code: 'QuotaExceeded.Vpc',
    params: async (world) => {
      // The seeded VPC and nine more make ten.
      for (let index = 0; index < 9; index++) await world.ok('CreateVpc');
      return {};
    },
  },
  // DeleteVpc
  { action: 'DeleteVpc', code: 'InvalidVpcId.NotFound', params: { VpcId: 'vpc-missing' } },
  {
    action: 'DeleteVpc',
    code: 'IncorrectVpcStatus',
    params: async (world) => ({ VpcId: String((await world.ok('CreateVpc')).VpcId) }),
  },
  {
    action: 'DeleteVpc',
    code: 'DependencyViolation.RouteEntry',
    params: async (world) => {
      await pendingRoute(world);
      return { VpcId: (await seededVpc(world)).VpcId };
    },
  },
  {
    action: 'DeleteVpc',
    code: 'DependencyViolation.Instance',
    params: async (world) => ({ VpcId: (await seededVpc(world)).VpcId }),
  },
  {
    action: 'DeleteVpc',
    code: 'DependencyViolation.VSwitch',
    params: async (world) => {
      const { VpcId } = await newVpc(world);
      await world.ok('CreateVSwitch', vSwitchIn(VpcId, '172.16.0.0/24', world.zoneId));
      return { VpcId };
    },
  },
  {
    action: 'DeleteVpc',
    code: 'DependencyViolation.SecurityGroup',
    params: async (world) => {
      const { VpcId } = await newVpc(world);
      await world.ok('CreateSecurityGroup', { VpcId });
      return { VpcId };
    },
  },
  // DescribeVpcs, ModifyVpcAttribute
  { action: 'DescribeVpcs', code: 'Forbidden.RegionNotFound', params: { RegionId: 'cn-nowhere' } },
  { action: 'ModifyVpcAttribute', code: 'InvalidVpcId.NotFound', params: { VpcId: 'vpc-missing' } },
  {
    action: 'ModifyVpcAttribute',
    code: 'InvalidVpcName.Malformed',
    params: async (world) => ({ VpcId: (await seededVpc(world)).VpcId, VpcName: 'a' }),
  },
  {
    action: 'ModifyVpcAttribute',
    code: 'InvalidVpcDescription.Malformed',
    params: async (world) => ({ VpcId: (await seededVpc(world)).VpcId, Description: 'http://x' }),
  },
  // DescribeVRouters, ModifyVRouterAttribute
  { action: 'DescribeVRouters', code: 'Forbidden.RegionNotFound', params: { RegionId: 'cn-nowhere' } },
  {
    action: 'ModifyVRouterAttribute',
    code: 'InvalidVRouterId.NotFound',
    params: { VRouterId: 'vrt-missing' },
  },
  {
    action: 'ModifyVRouterAttribute',
    code: 'InvalidVRouterName.Malformed',
    params: async (world) => ({ VRouterId: (await seededVpc(world)).VRouterId, VRouterName: '1router' }),
  },
  {
    action: 'ModifyVRouterAttribute',
    code: 'InvalidVRouterDiscription.Malformed',
    params: async (world) => ({ VRouterId: (await seededVpc(world)).VRouterId, Description: 'x' }),
  },
  // CreateVSwitch
  {
    action: 'CreateVSwitch',
    code: 'InvalidZoneId.NotFound',
    params: async (world) => vSwitchIn((await newVpc(world)).VpcId, '172.16.0.0/24', 'cn-shanghai-e'),
  },
  {
    action: 'CreateVSwitch',
    code: 'InvalidVpcId.NotFound',
    params: async (world) => vSwitchIn('vpc-missing', '172.16.0.0/24', world.zoneId),
  },
  {
    action: 'CreateVSwitch',
    code: 'InvalidCidrBlock.Malformed',
    params: async (world) => vSwitchIn((await newVpc(world)).VpcId, '172.16.0.0/99', world.zoneId),
  },
  {
    action: 'CreateVSwitch',
    code: 'InvalidVSwitchName.Malformed',
    params: async (world) => ({
      ...vSwitchIn((await newVpc(world)).VpcId, '172.16.0.0/24', world.zoneId),
      VSwitchName: 'http://x',
    }),
  },
  {
    action: 'CreateVSwitch',
    code: 'InvalidVSwitchDescription.Malformed',
    params: async (world) => ({
      ...vSwitchIn((await newVpc(world)).VpcId, '172.16.0.0/24', world.zoneId),
      Description: 'x',
    }),
  },
  {
    action: 'CreateVSwitch',
    code: 'InvalidParameter',
    params: async (world) => vSwitchIn((await newVpc(world)).VpcId, '192.168.0.0/24', world.zoneId),
  },
  {
    action: 'CreateVSwitch',
    code: 'InvalidCidrBlock.Overlapped',
    params: async (world) => vSwitchIn((await seededVpc(world)).VpcId, '172.16.0.0/24', world.zoneId),
  },
  {
    action: 'CreateVSwitch',
    code: 'QuotaExceeded.VSwitch',
    params: async (world) => {
      const { VpcId } = await newVpc(world);
      for (let index = 0; index < 24; index++) {
        await world.ok('CreateVSwitch', vSwitchIn(VpcId, `172.16.${index}.0/24`, world.zoneId));
        world.advance(NETWORK_PENDING_MS);
      }
      return vSwitchIn(VpcId, '172.16.100.0/24', world.zoneId);
    },
  },
  {
    action: 'CreateVSwitch',
    code: 'IncorrectRouteEntryStatus',
    params: async (world) => {
      await pendingRoute(world);
      return vSwitchIn((await seededVpc(world)).VpcId, '172.17.0.0/24', world.zoneId);
    },
  },
  {
    action: 'CreateVSwitch',
    code: 'IncorrectVSwitchStatus',
    params: async (world) => {
      const { VpcId } = await newVpc(world);
      await world.ok('CreateVSwitch', vSwitchIn(VpcId, '172.16.0.0/24', world.zoneId));
      return vSwitchIn(VpcId, '172.16.1.0/24', world.zoneId);
    },
  },
  {
    action: 'CreateVSwitch',
    code: 'InvalidCidrBlock.MaskLength',
    params: async (world) => vSwitchIn((await newVpc(world)).VpcId, '172.16.0.0/28', world.zoneId),
  },
  {
    action: 'CreateVSwitch',
    code: 'IncorrectVpcStatus',
    params: async (world) =>
      vSwitchIn(String((await world.ok('CreateVpc')).VpcId), '172.16.0.0/24', world.zoneId),
  },
  // DeleteVSwitch
  { action: 'DeleteVSwitch', code: 'InvalidVSwitchId.NotFound', params: { VSwitchId: 'vsw-missing' } },
  {
    action: 'DeleteVSwitch',
    code: 'IncorrectVSwitchStatus',
    params: async (world) => {
      const { VpcId } = await newVpc(world);
      const body = await world.ok('CreateVSwitch', vSwitchIn(VpcId, '172.16.0.0/24', world.zoneId));
      return { VSwitchId: String(body.VSwitchId) };
    },
  },
  {
    action: 'DeleteVSwitch',
    code: 'DependencyViolation',
    params: async (world) => ({ VSwitchId: (await instances(world))[0]!.VpcAttributes.VSwitchId }),
  },
  {
    action: 'DeleteVSwitch',
    code: 'IncorrectRouteEntryStatus',
    params: async (world) => {
      const { VpcId } = await seededVpc(world);
      const body = await world.ok('CreateVSwitch', vSwitchIn(VpcId, '172.17.0.0/24', world.zoneId));
      world.advance(NETWORK_PENDING_MS);
      await pendingRoute(world);
      return { VSwitchId: String(body.VSwitchId) };
    },
  },
  // DescribeVSwitches, ModifyVSwitchAttribute
  { action: 'DescribeVSwitches', code: 'Forbidden.VpcNotFound', params: { VpcId: 'vpc-missing' } },
  {
    action: 'ModifyVSwitchAttribute',
    code: 'InvalidVSwitchId.NotFound',
    params: { VSwitchId: 'vsw-missing' },
  },
  {
    action: 'ModifyVSwitchAttribute',
    code: 'InvalidVSwitchName.Malformed',
    params: async (world) => ({
      VSwitchId: (await instances(world))[0]!.VpcAttributes.VSwitchId,
      VSwitchName: 'a',
    }),
  },
  {
    action: 'ModifyVSwitchAttribute',
    code: 'InvalidVSwitchDescription.Malformed',
    params: async (world) => ({
      VSwitchId: (await instances(world))[0]!.VpcAttributes.VSwitchId,
      Description: 'https://x',
    }),
  },
  // CreateRouteEntry
  {
    action: 'CreateRouteEntry',
    code: 'InvalidCidrBlock.Malformed',
    params: { RouteTableId: 'vtb-missing', DestinationCidrBlock: '192.168.0.1/16', NextHopId: 'i-missing' },
  },
  {
    action: 'CreateRouteEntry',
    code: 'InvalidInstanceId.NotFound',
    params: async (world) => ({
      RouteTableId: await seededTable(world),
      DestinationCidrBlock: '192.168.0.0/24',
      NextHopId: 'i-missing',
    }),
  },
  {
    action: 'CreateRouteEntry',
    code: 'InvalidRouteTableId.NotFound',
    params: { RouteTableId: 'vtb-missing', DestinationCidrBlock: '192.168.0.0/24', NextHopId: 'i-missing' },
  },
  {
    action: 'CreateRouteEntry',
    code: 'InvalidCIDRBlock.Duplicate',
    params: async (world) => {
      const { RouteTableId, NextHopId } = await pendingRoute(world);
      world.advance(NETWORK_PENDING_MS);
      return { RouteTableId, DestinationCidrBlock: '192.168.10.0/24', NextHopId };
    },
  },
  {
    action: 'CreateRouteEntry',
    code: 'IncorrectVpcStatus',
    params: async (world) => ({
      RouteTableId: String((await world.ok('CreateVpc')).RouteTableId),
      DestinationCidrBlock: '192.168.0.0/24',
      NextHopId: 'i-missing',
    }),
  },
  {
    action: 'CreateRouteEntry',
    code: 'QuotaExceeded',
    params: async (world) => {
      const RouteTableId = await seededTable(world);
      const NextHopId = (await instances(world))[0]!.InstanceId;
      for (let index = 0; index < 48; index++) {
        await world.ok('CreateRouteEntry', {
          RouteTableId,
          DestinationCidrBlock: `192.168.${index}.0/24`,
          NextHopId,
        });
        world.advance(NETWORK_PENDING_MS);
      }
      return { RouteTableId, DestinationCidrBlock: '192.168.100.0/24', NextHopId };
    },
  },
  {
    action: 'CreateRouteEntry',
    code: 'IncorrectRouteEntryStatus',
    params: async (world) => {
      const { RouteTableId, NextHopId } = await pendingRoute(world);
      return { RouteTableId, DestinationCidrBlock: '192.168.20.0/24', NextHopId };
    },
  },
  {
    action: 'CreateRouteEntry',
    code: 'InvalidCidrBlock',
    params: async (world) => ({
      RouteTableId: await seededTable(world),
      DestinationCidrBlock: '100.64.1.0/24',
      NextHopId: (await instances(world))[0]!.InstanceId,
    }),
  },
  {
    action: 'CreateRouteEntry',
    code: 'InvalidNextHop.NotFound',
    params: async (world) => ({
      RouteTableId: await seededTable(world),
      DestinationCidrBlock: '192.168.0.0/24',
      NextHopType: 'Tunnel',
      NextHopId: 'tunnel-missing',
    }),
  },
  // DeleteRouteEntry
  {
    action: 'DeleteRouteEntry',
    code: 'IncorrectRouteEntryStatus',
    params: async (world) => ({ ...(await pendingRoute(world)), DestinationCidrBlock: '192.168.10.0/24' }),
  },
  {
    action: 'DeleteRouteEntry',
    code: 'InvalidCidrBlock.Malformed',
    params: { RouteTableId: 'vtb-missing', DestinationCidrBlock: '192.168.10.0/40', NextHopId: 'i-1' },
  },
  {
    action: 'DeleteRouteEntry',
    code: 'InvalidRouteTableId.NotFound',
    params: { RouteTableId: 'vtb-missing', DestinationCidrBlock: '192.168.10.0/24', NextHopId: 'i-1' },
  },
  {
    action: 'DeleteRouteEntry',
    code: 'OperationDenied',
    params: async (world) => ({
      RouteTableId: await seededTable(world),
      DestinationCidrBlock: '100.64.0.0/10',
      NextHopId: 'i-1',
    }),
  },
  {
    action: 'DeleteRouteEntry',
    code: 'InvalidRouteEntry.NotFound',
    params: async (world) => ({
      RouteTableId: await seededTable(world),
      DestinationCidrBlock: '192.168.10.0/24',
      NextHopId: 'i-1',
    }),
  },
  // DescribeRouteTables
  { action: 'DescribeRouteTables', code: 'Forbidden.VRouterNotFound', params: { VRouterId: 'vrt-missing' } },
  // ModifyInstanceVpcAttribute
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'InvalidVSwitchId.NotFound',
    params: async (world) => ({
      InstanceId: (await instances(world))[0]!.InstanceId,
      VSwitchId: 'vsw-missing',
    }),
  },
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'InvalidVSwitchId.Mismatch',
    params: async (world) => {
      const all = await instances(world);
      const first = all[0]!;
      const other = all.find((each) => each.ZoneId !== first.ZoneId)!;
      return { InstanceId: first.InstanceId, VSwitchId: other.VpcAttributes.VSwitchId };
    },
  },
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'InvalidInstanceId.NotFound',
    params: async (world) => ({
      InstanceId: 'i-missing',
      VSwitchId: (await instances(world))[0]!.VpcAttributes.VSwitchId,
    }),
  },
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'InvalidPrivateIpAddress.Mismatch',
    params: async (world) => ({ ...(await stoppedWithVSwitch(world)), PrivateIpAddress: '172.17.0.255' }),
  },
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'InvalidPrivateIpAddress.Malformed',
    params: async (world) => ({ ...(await stoppedWithVSwitch(world)), PrivateIpAddress: '172.17.0.300' }),
  },
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'InvalidPrivateIpAddress.Duplicated',
    params: async (world) => {
      const { InstanceId } = await stoppedWithVSwitch(world);
      const moving = (await instances(world)).find((each) => each.InstanceId === InstanceId)!;
      // A new instance of a seeded (VPC) group in the same zone takes an address of the same VSwitch.
      const [group] = (await world.seeded()).securityGroupIds;
      const created = await world.ok('CreateInstance', {
        ImageId: DEFAULT_IMAGE_ID,
        InstanceType: 'ecs.g7.large',
        SecurityGroupId: group!,
        ZoneId: moving.ZoneId,
      });
      const taken = (await instances(world)).find((each) => each.InstanceId === created.InstanceId)!;
      return {
        InstanceId,
        VSwitchId: moving.VpcAttributes.VSwitchId,
        PrivateIpAddress: taken.VpcAttributes.PrivateIpAddress.IpAddress[0]!,
      };
    },
  },
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'InvalidPrivateIp.Changing',
    params: async (world) => {
      const move = await stoppedWithVSwitch(world);
      await world.ok('ModifyInstanceVpcAttribute', move);
      return move;
    },
  },
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const running = (await instances(world)).find((each) => each.Status === 'Running')!;
      return { InstanceId: running.InstanceId, VSwitchId: running.VpcAttributes.VSwitchId };
    },
  },
  {
    action: 'ModifyInstanceVpcAttribute',
    code: 'OperationDenied',
    params: async (world) => {
      const group = await world.ok('CreateSecurityGroup');
      const created = await world.ok('CreateInstance', {
        ImageId: DEFAULT_IMAGE_ID,
        InstanceType: 'ecs.g7.large',
        SecurityGroupId: String(group.SecurityGroupId),
        ZoneId: world.zoneId,
      });
      return {
        InstanceId: String(created.InstanceId),
        VSwitchId: (await instances(world))[0]!.VpcAttributes.VSwitchId,
      };
    },
  },
];

const NO_RAM =
  'the simulator serves one account per AccessKey with every permission: no RAM policy denies a call';
const EVERY_ZONE =
  'every simulated region and zone offers VPCs and VSwitches (each zone lists VSwitch among its resources)';

export const unreachable: Unreachable[] = [
  { action: 'CreateVpc', code: 'Forbidden', reason: NO_RAM },
  { action: 'CreateVpc', code: 'ResourceNotAvailable', reason: EVERY_ZONE },
  { action: 'CreateVSwitch', code: 'ResourceNotAvailable', reason: EVERY_ZONE },
];
