import type { Infer } from '../spec/shape.js';
import type { RouteTableSetType, VpcSetType, VRouterSetType, VSwitchSetType } from '../spec/vpc-common.js';
import { isoTime } from './clock.js';
import { availableAddressCount, vSwitchesOf } from './state/network.js';
import { statusAt } from './state/timeline.js';
import type { RegionState, RouteTableRecord, VpcRecord, VRouterRecord, VSwitchRecord } from './store.js';

/** Renders the network records as the VPC actions answer them. */

export function vpcView(region: RegionState, vpc: VpcRecord, now: number): Infer<typeof VpcSetType> {
  return {
    VpcId: vpc.vpcId,
    RegionId: vpc.regionId,
    Status: statusAt(vpc.status, now),
    VpcName: vpc.vpcName,
    VSwitchIds: vSwitchesOf(region, vpc.vpcId).map((vSwitch) => vSwitch.vSwitchId),
    CidrBlock: vpc.cidrBlock,
    VRouterId: vpc.vRouterId,
    Description: vpc.description,
    CreationTime: isoTime(vpc.creationTime),
  };
}

export function vRouterView(router: VRouterRecord): Infer<typeof VRouterSetType> {
  return {
    VRouterId: router.vRouterId,
    RegionId: router.regionId,
    VpcId: router.vpcId,
    RouteTableIds: [...router.routeTableIds],
    VRouterName: router.vRouterName,
    Description: router.description,
    CreationTime: isoTime(router.creationTime),
  };
}

export function vSwitchView(
  region: RegionState,
  vSwitch: VSwitchRecord,
  now: number,
): Infer<typeof VSwitchSetType> {
  return {
    VSwitchId: vSwitch.vSwitchId,
    VpcId: vSwitch.vpcId,
    Status: statusAt(vSwitch.status, now),
    CidrBlock: vSwitch.cidrBlock,
    ZoneId: vSwitch.zoneId,
    AvailableIpAddressCount: availableAddressCount(region, vSwitch),
    Description: vSwitch.description,
    VSwitchName: vSwitch.vSwitchName,
    CreationTime: isoTime(vSwitch.creationTime),
  };
}

export function routeTableView(table: RouteTableRecord, now: number): Infer<typeof RouteTableSetType> {
  return {
    VRouterId: table.vRouterId,
    RouteTableId: table.routeTableId,
    RouteEntries: table.entries.map((entry) => ({
      RouteTableId: table.routeTableId,
      DestinationCidrBlock: entry.destinationCidrBlock,
      Type: entry.type,
      InstanceId: entry.nextHopType === 'Instance' ? entry.nextHopId : '',
      NextHopId: entry.nextHopId,
      NextHopType: entry.nextHopType,
      Status: statusAt(entry.status, now),
    })),
    RouteTableType: 'System',
    CreationTime: isoTime(table.creationTime),
  };
}
