import {
  addressIn,
  blockSize,
  type Cidr,
  parseCidr,
  parseIpv4,
  RESERVED_ADDRESSES,
} from '../../spec/vpc-common.js';
import type { SimulatorClock } from '../clock.js';
import type { NetworkStatus, RegionState, RouteEntryRecord, VpcRecord, VSwitchRecord } from '../store.js';
import { statusAt, type Timeline, transition } from './timeline.js';

/**
 * How VPCs, VSwitches and route entries live: Pending for a moment after creation,
 * then Available; what a VPC holds; which private addresses a VSwitch has left.
 */

/** How long a new VPC, VSwitch or route entry stays Pending on a realistic or manual clock. */
export const NETWORK_PENDING_MS = 2_000;

export function pendingThenAvailable(clock: SimulatorClock, now: number): Timeline<NetworkStatus> {
  const pending = clock.mode === 'immediate' ? 0 : NETWORK_PENDING_MS;
  return transition(now, [['Pending', pending]], 'Available');
}

export function isPending(status: Timeline<NetworkStatus>, now: number): boolean {
  return statusAt(status, now) === 'Pending';
}

export function vSwitchesOf(region: RegionState, vpcId: string): VSwitchRecord[] {
  return [...region.vSwitches.values()].filter((vSwitch) => vSwitch.vpcId === vpcId);
}

/** The entries of the VPC's route tables. */
export function routeEntriesOf(region: RegionState, vpc: VpcRecord): RouteEntryRecord[] {
  return [...region.routeTables.values()]
    .filter((table) => table.vpcId === vpc.vpcId)
    .flatMap((table) => table.entries);
}

export function cidrOf(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`The simulator holds a malformed CIDR block ${text}`);
  return cidr;
}

/** The addresses of the block instances may take: all but the first one and the last nine. */
export function usableAddress(cidr: Cidr, address: number): boolean {
  return addressIn(cidr, address) && address > cidr.base && address < cidr.base + blockSize(cidr.prefix) - 9;
}

/** The private addresses the VSwitch's instances hold. */
export function usedAddresses(region: RegionState, vSwitchId: string): Set<string> {
  const used = new Set<string>();
  for (const instance of region.instances.values())
    if (instance.vSwitchId === vSwitchId) used.add(instance.privateIpAddress);
  return used;
}

/** AvailableIpAddressCount: the block less the kept addresses and those instances hold. */
export function availableAddressCount(region: RegionState, vSwitch: VSwitchRecord): number {
  const size = blockSize(cidrOf(vSwitch.cidrBlock).prefix);
  return Math.max(0, size - RESERVED_ADDRESSES - usedAddresses(region, vSwitch.vSwitchId).size);
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** The lowest usable address of the VSwitch no instance holds, or undefined when it is full. */
export function freeAddress(region: RegionState, vSwitch: VSwitchRecord): string | undefined {
  const cidr = cidrOf(vSwitch.cidrBlock);
  const used = usedAddresses(region, vSwitch.vSwitchId);
  const last = cidr.base + blockSize(cidr.prefix) - RESERVED_ADDRESSES;
  for (let address = cidr.base + 1; address <= last; address++) {
    const text = formatIpv4(address);
    if (!used.has(text)) return text;
  }
  return undefined;
}

/** The system entry every route table starts with: the cloud services' range. */
export const SERVICE_ROUTE = '100.64.0.0/10';

export interface NewVpc {
  readonly vpcId: string;
  readonly vRouterId: string;
  readonly routeTableId: string;
  readonly cidrBlock: string;
  readonly vpcName: string;
  readonly description: string;
  readonly status: Timeline<NetworkStatus>;
  readonly creationTime: number;
}

/** Adds a VPC with its VRouter and system route table, as CreateVpc makes them together. */
export function addVpc(region: RegionState, spec: NewVpc): VpcRecord {
  const { routeTableId, ...fields } = spec;
  const vpc: VpcRecord = { ...fields, regionId: region.regionId };
  region.vpcs.set(vpc.vpcId, vpc);
  region.vRouters.set(spec.vRouterId, {
    vRouterId: spec.vRouterId,
    regionId: region.regionId,
    vpcId: vpc.vpcId,
    vRouterName: '',
    description: '',
    routeTableIds: [routeTableId],
    creationTime: spec.creationTime,
  });
  region.routeTables.set(routeTableId, {
    routeTableId,
    regionId: region.regionId,
    vRouterId: spec.vRouterId,
    vpcId: vpc.vpcId,
    creationTime: spec.creationTime,
    entries: [systemEntry(SERVICE_ROUTE, '', spec.status)],
  });
  return vpc;
}

function systemEntry(
  destination: string,
  vSwitchId: string,
  status: Timeline<NetworkStatus>,
): RouteEntryRecord {
  return {
    destinationCidrBlock: destination,
    type: 'System',
    nextHopId: '',
    nextHopType: '',
    status,
    vSwitchId,
  };
}

/** Adds a VSwitch and the system entry that routes its block in the VPC's table. */
export function addVSwitch(region: RegionState, vSwitch: Omit<VSwitchRecord, 'regionId'>): VSwitchRecord {
  const record: VSwitchRecord = { ...vSwitch, regionId: region.regionId };
  region.vSwitches.set(record.vSwitchId, record);
  for (const table of region.routeTables.values())
    if (table.vpcId === record.vpcId)
      table.entries.push(systemEntry(record.cidrBlock, record.vSwitchId, record.status));
  return record;
}

/** Removes a VSwitch with its system entry. */
export function removeVSwitch(region: RegionState, vSwitch: VSwitchRecord): void {
  region.vSwitches.delete(vSwitch.vSwitchId);
  for (const table of region.routeTables.values())
    if (table.vpcId === vSwitch.vpcId)
      table.entries = table.entries.filter((entry) => entry.vSwitchId !== vSwitch.vSwitchId);
}

export interface Placement {
  readonly vSwitchId: string;
  readonly privateIpAddress: string | undefined;
}

/**
 * Where a new instance of a VPC security group goes: the given VSwitch (of that VPC, in
 * the zone, with the given address inside its block), or the VPC's VSwitch in the zone.
 * A string names the broken rule; undefined when the VPC has no VSwitch in the zone.
 */
export function placeInVpc(
  region: RegionState,
  request: {
    vpcId: string;
    zoneId: string;
    vSwitchId?: string | undefined;
    privateIpAddress?: string | undefined;
  },
): Placement | string | undefined {
  if (request.privateIpAddress !== undefined && request.vSwitchId === undefined)
    return 'PrivateIpAddress needs VSwitchId';
  const vSwitch =
    request.vSwitchId === undefined
      ? vSwitchesOf(region, request.vpcId).find((each) => each.zoneId === request.zoneId)
      : region.vSwitches.get(request.vSwitchId);
  if (request.vSwitchId !== undefined) {
    if (!vSwitch || vSwitch.vpcId !== request.vpcId)
      return 'VSwitchId must name a VSwitch of the security group’s VPC';
    if (vSwitch.zoneId !== request.zoneId) return 'VSwitchId must name a VSwitch in the zone of the instance';
  }
  if (!vSwitch) return undefined;
  const wanted = request.privateIpAddress;
  if (wanted !== undefined) {
    const address = parseIpv4(wanted);
    if (address === undefined || !usableAddress(cidrOf(vSwitch.cidrBlock), address))
      return 'PrivateIpAddress must be a free address inside the VSwitch block';
    if (usedAddresses(region, vSwitch.vSwitchId).has(wanted)) return 'PrivateIpAddress is taken';
  }
  return { vSwitchId: vSwitch.vSwitchId, privateIpAddress: wanted ?? freeAddress(region, vSwitch) };
}
