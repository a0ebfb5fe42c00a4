import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { NETWORK_PENDING_MS } from '../../src/simulator/state/network.js';
import { REGION, signedGet, startSimulator } from './integration-support.js';

/**
 * The VPC, VRouter, VSwitch and route-table actions and ModifyInstanceVpcAttribute over
 * the wire (signed JSON GETs, manual clock): each action's success, the state it leaves,
 * and the documented errors the state and the parameters produce, with HTTP status.
 */

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

type Body = Record<string, unknown> & { Code?: string };

async function ask(action: string, params: Record<string, string>) {
  const answer = await signedGet(simulator, { Action: action, Format: 'JSON', RegionId: REGION, ...params });
  return { status: answer.status, body: JSON.parse(answer.body) as Body };
}

async function ok(action: string, params: Record<string, string> = {}): Promise<Body> {
  const { status, body } = await ask(action, params);
  expect(status, `${action}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

async function refused(action: string, params: Record<string, string>) {
  const { status, body } = await ask(action, params);
  return [body.Code, status] as const;
}

const settle = () => simulator.advance(NETWORK_PENDING_MS);

interface Vpc {
  VpcId: string;
  Status: string;
  CidrBlock: string;
  VRouterId: string;
  VpcName: string;
  VSwitchIds: { VSwitchId: string[] };
}
interface VSwitch {
  VSwitchId: string;
  ZoneId: string;
  CidrBlock: string;
  Status: string;
  AvailableIpAddressCount: number;
}
interface RouteEntry {
  DestinationCidrBlock: string;
  Type: string;
  NextHopId: string;
  Status: string;
}

async function vpcs(params: Record<string, string> = {}): Promise<Vpc[]> {
  return ((await ok('DescribeVpcs', params)).Vpcs as { Vpc: Vpc[] }).Vpc;
}
async function vSwitches(vpcId: string): Promise<VSwitch[]> {
  return ((await ok('DescribeVSwitches', { VpcId: vpcId })).VSwitches as { VSwitch: VSwitch[] }).VSwitch;
}
async function entries(vRouterId: string): Promise<RouteEntry[]> {
  const tables = (
    (await ok('DescribeRouteTables', { VRouterId: vRouterId })).RouteTables as {
      RouteTable: { RouteEntries: { RouteEntry: RouteEntry[] } }[];
    }
  ).RouteTable;
  return tables.flatMap((table) => table.RouteEntries.RouteEntry);
}

async function newVpc(params: Record<string, string> = {}) {
  const body = await ok('CreateVpc', params);
  settle();
  return body as { VpcId: string; VRouterId: string; RouteTableId: string };
}

async function instances() {
  const body = await ok('DescribeInstances', { PageSize: '50' });
  return (
    body.Instances as {
      Instance: {
        InstanceId: string;
        ZoneId: string;
        Status: string;
        VpcAttributes: { VpcId: string; VSwitchId: string; PrivateIpAddress: { IpAddress: string[] } };
      }[];
    }
  ).Instance;
}

describe('the seeded network', () => {
  it('holds every seeded instance in a VSwitch of its zone, at an address inside its block', async () => {
    const [vpc, ...others] = await vpcs();
    expect(others).toEqual([]);
    expect(vpc).toMatchObject({ Status: 'Available', CidrBlock: '172.16.0.0/12' });
    const switches = await vSwitches(vpc!.VpcId);
    expect(vpc!.VSwitchIds.VSwitchId.sort()).toEqual(switches.map((each) => each.VSwitchId).sort());
    for (const instance of await instances()) {
      const home = switches.find((each) => each.VSwitchId === instance.VpcAttributes.VSwitchId);
      expect(home?.ZoneId).toBe(instance.ZoneId);
      expect(instance.VpcAttributes.VpcId).toBe(vpc!.VpcId);
      const third = Number(instance.VpcAttributes.PrivateIpAddress.IpAddress[0]!.split('.')[2]);
      const start = Number(home!.CidrBlock.split('.')[2]);
      expect(third - start).toBeGreaterThanOrEqual(0);
      expect(third - start).toBeLessThan(64);
    }
    // A /18 keeps 10 addresses; each of its instances holds one more.
    const held = (await instances()).filter(
      (each) => each.VpcAttributes.VSwitchId === switches[0]!.VSwitchId,
    );
    expect(switches[0]!.AvailableIpAddressCount).toBe(2 ** 14 - 10 - held.length);
  });
});

describe('VPCs and VRouters over the wire', () => {
  it('are created Pending, become Available on the clock, renamed and deleted with their VRouter', async () => {
    const created = await ok('CreateVpc', {
      CidrBlock: '192.168.0.0/16',
      VpcName: 'lab',
      ClientToken: 'vpc-1',
    });
    expect(created.VpcId).toMatch(/^vpc-/);
    expect(created.VRouterId).toMatch(/^vrt-/);
    expect(created.RouteTableId).toMatch(/^vtb-/);
    expect(
      (await ok('CreateVpc', { CidrBlock: '192.168.0.0/16', VpcName: 'lab', ClientToken: 'vpc-1' })).VpcId,
    ).toBe(created.VpcId);
    const id = String(created.VpcId);
    expect((await vpcs({ VpcId: id }))[0]).toMatchObject({ Status: 'Pending', VpcName: 'lab' });
    expect(await refused('DeleteVpc', { VpcId: id })).toEqual(['IncorrectVpcStatus', 400]);
    settle();
    expect((await vpcs({ VpcId: id }))[0]!.Status).toBe('Available');
    await ok('ModifyVpcAttribute', { VpcId: id, VpcName: 'lab2', Description: 'for tests' });
    expect((await vpcs({ VpcId: id }))[0]).toMatchObject({ VpcName: 'lab2', VSwitchIds: { VSwitchId: [] } });
    const router = String(created.VRouterId);
    await ok('ModifyVRouterAttribute', { VRouterId: router, VRouterName: 'edge' });
    const routers = (
      (await ok('DescribeVRouters', { VRouterId: router })).VRouters as {
        VRouter: { VRouterName: string; VpcId: string; RouteTableIds: { RouteTableId: string[] } }[];
      }
    ).VRouter;
    expect(routers).toEqual([
      expect.objectContaining({
        VRouterName: 'edge',
        VpcId: id,
        RouteTableIds: { RouteTableId: [created.RouteTableId] },
      }),
    ]);
    expect(await entries(router)).toEqual([
      expect.objectContaining({ DestinationCidrBlock: '100.64.0.0/10', Type: 'System', Status: 'Available' }),
    ]);
    await ok('DeleteVpc', { VpcId: id });
    expect(await vpcs({ VpcId: id })).toEqual([]);
    expect(await refused('DescribeRouteTables', { VRouterId: router })).toEqual([
      'Forbidden.VRouterNotFound',
      404,
    ]);
  });

  it('refuse what the reference refuses', async () => {
    expect(await refused('CreateVpc', { CidrBlock: '10.0.0.0/8' })).toEqual(['InvalidParameter', 400]);
    expect(await refused('CreateVpc', { CidrBlock: '172.16.0.1/12' })).toEqual(['InvalidParameter', 400]);
    expect(await refused('CreateVpc', { VpcName: '1abc' })).toEqual(['InvalidVpcName.Malformed', 400]);
    expect(await refused('CreateVpc', { Description: 'http://x' })).toEqual([
      'InvalidVpcDescription.Malformed',
      400,
    ]);
    expect(await refused('CreateVpc', { RegionId: 'cn-nowhere' })).toEqual(['InvalidRegionId.NotFound', 404]);
    expect(await refused('DescribeVpcs', { RegionId: 'cn-nowhere' })).toEqual([
      'Forbidden.RegionNotFound',
      404,
    ]);
    expect(await refused('DescribeVRouters', { RegionId: 'cn-nowhere' })).toEqual([
      'Forbidden.RegionNotFound',
      404,
    ]);
    expect(await refused('ModifyVpcAttribute', { VpcId: 'vpc-none' })).toEqual([
      'InvalidVpcId.NotFound',
      404,
    ]);
    expect(await refused('DeleteVpc', { VpcId: 'vpc-none' })).toEqual(['InvalidVpcId.NotFound', 404]);
    expect(await refused('ModifyVRouterAttribute', { VRouterId: 'vrt-none' })).toEqual([
      'InvalidVRouterId.NotFound',
      404,
    ]);
    // The seeded VPC and nine more fill the region's quota.
    for (let index = 0; index < 9; index++) await ok('CreateVpc', {});
    expect(await refused('CreateVpc', {})).toEqual(['QuotaExceeded.Vpc', 400]);
    expect(await vpcs({ PageSize: '50' })).toHaveLength(10);
  });

  it('keep a VPC while anything is in it, and say what', async () => {
    const [seeded] = await vpcs();
    expect(await refused('DeleteVpc', { VpcId: seeded!.VpcId })).toEqual([
      'DependencyViolation.Instance',
      400,
    ]);
    const { VpcId } = await newVpc();
    const { VSwitchId } = (await ok('CreateVSwitch', {
      VpcId,
      ZoneId: 'cn-hangzhou-h',
      CidrBlock: '172.16.0.0/24',
    })) as {
      VSwitchId: string;
    };
    settle();
    expect(await refused('DeleteVpc', { VpcId })).toEqual(['DependencyViolation.VSwitch', 400]);
    await ok('DeleteVSwitch', { VSwitchId });
    const group = String((await ok('CreateSecurityGroup', { VpcId })).SecurityGroupId);
    expect(await refused('DeleteVpc', { VpcId })).toEqual(['DependencyViolation.SecurityGroup', 400]);
    await ok('DeleteSecurityGroup', { SecurityGroupId: group });
    await ok('DeleteVpc', { VpcId });
  });
});

describe('VSwitches over the wire', () => {
  it('take blocks inside their VPC, route them, count addresses and go', async () => {
    const { VpcId, VRouterId } = await newVpc({ CidrBlock: '192.168.0.0/16' });
    const { VSwitchId } = (await ok('CreateVSwitch', {
      VpcId,
      ZoneId: 'cn-hangzhou-i',
      CidrBlock: '192.168.1.0/24',
      VSwitchName: 'front',
    })) as { VSwitchId: string };
    expect(await vSwitches(VpcId)).toEqual([
      expect.objectContaining({
        VSwitchId,
        Status: 'Pending',
        AvailableIpAddressCount: 246,
        ZoneId: 'cn-hangzhou-i',
      }),
    ]);
    expect(await refused('DeleteVSwitch', { VSwitchId })).toEqual(['IncorrectVSwitchStatus', 400]);
    expect(
      await refused('CreateVSwitch', { VpcId, ZoneId: 'cn-hangzhou-i', CidrBlock: '192.168.2.0/24' }),
    ).toEqual(['IncorrectVSwitchStatus', 400]);
    settle();
    expect((await entries(VRouterId)).map((entry) => [entry.DestinationCidrBlock, entry.Type])).toEqual([
      ['100.64.0.0/10', 'System'],
      ['192.168.1.0/24', 'System'],
    ]);
    await ok('ModifyVSwitchAttribute', { VSwitchId, Description: 'web tier' });
    expect((await ok('DescribeVSwitches', { VpcId, ZoneId: 'cn-hangzhou-h' })).TotalCount).toBe(0);
    const refusals = [
      [{ CidrBlock: '192.168.0.0/23' }, 'InvalidCidrBlock.Overlapped'],
      [{ CidrBlock: '192.168.0.0/16' }, 'InvalidCidrBlock.Overlapped'],
      [{ CidrBlock: '192.168.2.0/25' }, 'InvalidCidrBlock.MaskLength'],
      [{ CidrBlock: '10.1.0.0/16' }, 'InvalidParameter'],
      [{ CidrBlock: '192.168.2.0/33' }, 'InvalidCidrBlock.Malformed'],
      [{ ZoneId: 'cn-shanghai-e' }, 'InvalidZoneId.NotFound'],
      [{ VSwitchName: 'http://x' }, 'InvalidVSwitchName.Malformed'],
      [{ Description: 'x' }, 'InvalidVSwitchDescription.Malformed'],
      [{ VpcId: 'vpc-none' }, 'InvalidVpcId.NotFound'],
    ] as const;
    for (const [change, code] of refusals) {
      const params = { VpcId, ZoneId: 'cn-hangzhou-i', CidrBlock: '192.168.2.0/24', ...change };
      expect((await refused('CreateVSwitch', params))[0], JSON.stringify(change)).toBe(code);
    }
    await ok('DeleteVSwitch', { VSwitchId });
    expect(await vSwitches(VpcId)).toEqual([]);
    expect((await entries(VRouterId)).map((entry) => entry.DestinationCidrBlock)).toEqual(['100.64.0.0/10']);
    expect(await refused('DescribeVSwitches', { VpcId: 'vpc-none' })).toEqual(['Forbidden.VpcNotFound', 404]);
    expect(await refused('ModifyVSwitchAttribute', { VSwitchId: 'vsw-none' })).toEqual([
      'InvalidVSwitchId.NotFound',
      404,
    ]);
  });

  it('stop at 24 a VPC, and keep one that holds instances', async () => {
    const { VpcId } = await newVpc();
    for (let index = 0; index < 24; index++) {
      await ok('CreateVSwitch', { VpcId, ZoneId: 'cn-hangzhou-h', CidrBlock: `172.17.${index}.0/24` });
      settle();
    }
    expect(
      await refused('CreateVSwitch', { VpcId, ZoneId: 'cn-hangzhou-h', CidrBlock: '172.18.0.0/24' }),
    ).toEqual(['QuotaExceeded.VSwitch', 400]);
    const [seeded] = await vpcs();
    const held = (await instances())[0]!.VpcAttributes.VSwitchId;
    expect(await refused('DeleteVSwitch', { VSwitchId: held })).toEqual(['DependencyViolation', 400]);
    expect((await vSwitches(seeded!.VpcId)).some((each) => each.VSwitchId === held)).toBe(true);
  });
});

describe('route entries over the wire', () => {
  it('are added Pending to an instance of the VPC, listed and deleted', async () => {
    const [seeded] = await vpcs();
    const router = seeded!.VRouterId;
    const tableId = String(
      (
        (await ok('DescribeVRouters', { VRouterId: router })).VRouters as {
          VRouter: { RouteTableIds: { RouteTableId: string[] } }[];
        }
      ).VRouter[0]!.RouteTableIds.RouteTableId[0],
    );
    const hop = (await instances())[0]!.InstanceId;
    await ok('CreateRouteEntry', {
      RouteTableId: tableId,
      DestinationCidrBlock: '192.168.10.1',
      NextHopId: hop,
    });
    const custom = (await entries(router)).filter((entry) => entry.Type === 'Custom');
    expect(custom).toEqual([
      expect.objectContaining({ DestinationCidrBlock: '192.168.10.1/32', NextHopId: hop, Status: 'Pending' }),
    ]);
    const entry = { RouteTableId: tableId, DestinationCidrBlock: '192.168.20.0/24', NextHopId: hop };
    expect(await refused('CreateRouteEntry', entry)).toEqual(['IncorrectRouteEntryStatus', 400]);
    expect(await refused('DeleteRouteEntry', { ...entry, DestinationCidrBlock: '192.168.10.1/32' })).toEqual([
      'IncorrectRouteEntryStatus',
      400,
    ]);
    const [zone] = (await vSwitches(seeded!.VpcId)).map((each) => each.ZoneId);
    expect(
      await refused('CreateVSwitch', { VpcId: seeded!.VpcId, ZoneId: zone!, CidrBlock: '172.17.0.0/24' }),
    ).toEqual(['IncorrectRouteEntryStatus', 400]);
    settle();
    expect(
      await refused('CreateVSwitch', { VpcId: seeded!.VpcId, ZoneId: zone!, CidrBlock: '10.1.0.0/24' }),
    ).toEqual(['InvalidParameter', 400]);
    const refusals = [
      [{ DestinationCidrBlock: '192.168.10.1/32' }, 'InvalidCIDRBlock.Duplicate', 400],
      [{ DestinationCidrBlock: '10.1.0.0/16' }, 'InvalidCidrBlock', 400],
      [{ DestinationCidrBlock: '100.64.1.0/24' }, 'InvalidCidrBlock', 400],
      [{ DestinationCidrBlock: '172.16.1.0/24' }, 'InvalidCidrBlock', 400],
      [{ DestinationCidrBlock: '192.168.20.0/36' }, 'InvalidCidrBlock.Malformed', 400],
      [{ NextHopId: 'i-none' }, 'InvalidInstanceId.NotFound', 404],
      [{ NextHopType: 'Tunnel' }, 'InvalidNextHop.NotFound', 404],
      [{ RouteTableId: 'vtb-none' }, 'InvalidRouteTableId.NotFound', 404],
    ] as const;
    for (const [change, code, status] of refusals)
      expect(await refused('CreateRouteEntry', { ...entry, ...change }), JSON.stringify(change)).toEqual([
        code,
        status,
      ]);
    expect(await refused('DeleteVpc', { VpcId: seeded!.VpcId })).toEqual([
      'DependencyViolation.RouteEntry',
      400,
    ]);
    const system = { RouteTableId: tableId, DestinationCidrBlock: '100.64.0.0/10', NextHopId: hop };
    expect(await refused('DeleteRouteEntry', system)).toEqual(['OperationDenied', 400]);
    expect(await refused('DeleteRouteEntry', entry)).toEqual(['InvalidRouteEntry.NotFound', 404]);
    await ok('DeleteRouteEntry', { ...entry, DestinationCidrBlock: '192.168.10.1' });
    expect((await entries(router)).filter((each) => each.Type === 'Custom')).toEqual([]);
  });

  it('stop at 48 custom entries a table, and refuse a next hop of another VPC', async () => {
    const { VpcId, RouteTableId } = await newVpc();
    const hop = (await instances())[0]!.InstanceId;
    expect(
      await refused('CreateRouteEntry', {
        RouteTableId,
        DestinationCidrBlock: '192.168.0.0/24',
        NextHopId: hop,
      }),
    ).toEqual(['InvalidInstanceId.NotFound', 404]);
    const [seeded] = await vpcs();
    const table = String(
      (
        (await ok('DescribeVRouters', { VRouterId: seeded!.VRouterId })).VRouters as {
          VRouter: { RouteTableIds: { RouteTableId: string[] } }[];
        }
      ).VRouter[0]!.RouteTableIds.RouteTableId[0],
    );
    for (let index = 0; index < 48; index++) {
      await ok('CreateRouteEntry', {
        RouteTableId: table,
        DestinationCidrBlock: `192.168.${index}.0/24`,
        NextHopId: hop,
      });
      settle();
    }
    expect(
      await refused('CreateRouteEntry', {
        RouteTableId: table,
        DestinationCidrBlock: '192.168.100.0/24',
        NextHopId: hop,
      }),
    ).toEqual(['QuotaExceeded', 400]);
    expect(VpcId).toMatch(/^vpc-/);
  });
});

describe('ModifyInstanceVpcAttribute over the wire', () => {
  it('moves a stopped instance to another VSwitch of its zone, once each stop', async () => {
    const [seeded] = await vpcs();
    const instance = (await instances()).find((each) => each.Status === 'Stopped') ?? (await stopOne());
    const { VSwitchId } = (await ok('CreateVSwitch', {
      VpcId: seeded!.VpcId,
      ZoneId: instance.ZoneId,
      CidrBlock: '172.17.0.0/24',
    })) as { VSwitchId: string };
    settle();
    const move = { InstanceId: instance.InstanceId, VSwitchId };
    expect(await refused('ModifyInstanceVpcAttribute', { ...move, PrivateIpAddress: '172.17.1.5' })).toEqual([
      'InvalidPrivateIpAddress.Mismatch',
      400,
    ]);
    expect(await refused('ModifyInstanceVpcAttribute', { ...move, PrivateIpAddress: '172.17.0' })).toEqual([
      'InvalidPrivateIpAddress.Malformed',
      400,
    ]);
    await ok('ModifyInstanceVpcAttribute', move);
    const moved = (await instances()).find((each) => each.InstanceId === instance.InstanceId)!;
    expect(moved.VpcAttributes).toMatchObject({ VSwitchId, PrivateIpAddress: { IpAddress: ['172.17.0.1'] } });
    expect(await refused('ModifyInstanceVpcAttribute', { ...move, PrivateIpAddress: '172.17.0.9' })).toEqual([
      'InvalidPrivateIp.Changing',
      400,
    ]);
    expect(
      (await vSwitches(seeded!.VpcId)).find((each) => each.VSwitchId === VSwitchId)?.AvailableIpAddressCount,
    ).toBe(245);
    expect(await refused('DeleteVSwitch', { VSwitchId })).toEqual(['DependencyViolation', 400]);
  });

  it('refuses what the reference refuses', async () => {
    const all = await instances();
    const running = all.find((each) => each.Status === 'Running')!;
    const other = all.find((each) => each.ZoneId !== running.ZoneId)!;
    const [seeded] = await vpcs();
    const sameZone = (await vSwitches(seeded!.VpcId)).find((each) => each.ZoneId === running.ZoneId)!;
    const base = { InstanceId: running.InstanceId, VSwitchId: sameZone.VSwitchId };
    expect(await refused('ModifyInstanceVpcAttribute', base)).toEqual(['IncorrectInstanceStatus', 400]);
    expect(
      await refused('ModifyInstanceVpcAttribute', { ...base, VSwitchId: other.VpcAttributes.VSwitchId }),
    ).toEqual(['InvalidVSwitchId.Mismatch', 400]);
    expect(await refused('ModifyInstanceVpcAttribute', { ...base, VSwitchId: 'vsw-none' })).toEqual([
      'InvalidVSwitchId.NotFound',
      404,
    ]);
    expect(await refused('ModifyInstanceVpcAttribute', { ...base, InstanceId: 'i-none' })).toEqual([
      'InvalidInstanceId.NotFound',
      404,
    ]);
    const { VpcId } = await newVpc();
    const foreign = String(
      (await ok('CreateVSwitch', { VpcId, ZoneId: running.ZoneId, CidrBlock: '172.16.0.0/24' })).VSwitchId,
    );
    expect(await refused('ModifyInstanceVpcAttribute', { ...base, VSwitchId: foreign })).toEqual([
      'InvalidVSwitchId.NotFound',
      404,
    ]);
  });
});

async function stopOne() {
  const instance = (await instances()).find((each) => each.Status === 'Running')!;
  await ok('StopInstance', { InstanceId: instance.InstanceId });
  simulator.advance(60_000);
  return { ...instance, Status: 'Stopped' };
}
