import { p, type StringRule } from './params.js';
import { t } from './shape.js';
import { description, resourceName } from './value-rules.js';

/**
 * What the VPC, VRouter, VSwitch and route-table actions share: IPv4 CIDR arithmetic,
 * the address ranges the reference allows, the limits, and the reference's data types
 * (VpcSetType, VRouterSetType, VSwitchSetType, RouteTableSetType, RouteEntrySetType).
 * The 2014 reference serves these from ECS; today they belong to the VPC product
 * (API version 2016-04-28), which keeps the names, parameters and codes used here.
 */

/** VSwitches one VPC may hold (QuotaExceeded.VSwitch). */
export const VSWITCHES_PER_VPC = 24;
/** Custom route entries one route table may hold (QuotaExceeded). */
export const ROUTE_ENTRIES_PER_TABLE = 48;
/** VPCs an account may hold in one region (QuotaExceeded.Vpc); the reference names no number, today's default is 10. */
export const VPCS_PER_REGION = 10;
/** The shortest and longest VSwitch mask: "Each VSwitch mask is 16-24 bits". */
export const VSWITCH_MASK = { min: 16, max: 24 } as const;
/** Addresses of a VSwitch the system keeps: the first one and the last nine. */
export const RESERVED_ADDRESSES = 10;

/** An IPv4 block as numbers: its first address and its prefix length. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** An IPv4 address as an unsigned number, or undefined for anything else. */
export function parseIpv4(value: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  return octets.reduce((sum, octet) => sum * 256 + octet, 0);
}

/**
 * A CIDR block; a bare address is taken as /32, as the reference says of route
 * destinations. Undefined when malformed or when host bits are set (`10.0.0.1/8`).
 */
export function parseCidr(value: string): Cidr | undefined {
  const match = CIDR.exec(value);
  if (!match) return undefined;
  const base = parseIpv4(match.slice(1, 5).join('.'));
  const prefix = match[5] === undefined ? 32 : Number(match[5]);
  if (base === undefined || prefix > 32) return undefined;
  if (base % blockSize(prefix) !== 0) return undefined;
  return { base, prefix };
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

/** Whether `inner` lies inside `outer` (or is it). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    Math.floor(inner.base / blockSize(outer.prefix)) * blockSize(outer.prefix) === outer.base
  );
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

export function addressIn(cidr: Cidr, address: number): boolean {
  return address >= cidr.base && address < cidr.base + blockSize(cidr.prefix);
}

/** The ranges a VPC may take in 2014: 192.168.0.0/16 and 172.16.0.0/12, or blocks inside them. */
export const VPC_RANGES = ['172.16.0.0/12', '192.168.0.0/16'].map((text) => parseCidr(text) as Cidr);

/** A CIDR block with no host bits set, such as 172.16.1.0/24 (a bare address is a /32). */
export const cidrBlock: StringRule = (value) => {
  if (!CIDR.exec(value)) return 'must be an IPv4 CIDR block such as 172.16.0.0/24';
  if (parseCidr(value) === undefined)
    return 'must be a valid IPv4 block: parts 0 to 255, prefix 0 to 32, no bits set after the prefix';
  return undefined;
};

/** A VPC's block: inside 172.16.0.0/12 or 192.168.0.0/16, its mask no longer than the longest VSwitch mask. */
export const vpcCidrBlock: StringRule = (value) => {
  const broken = cidrBlock(value);
  if (broken) return broken;
  const cidr = parseCidr(value) as Cidr;
  if (!VPC_RANGES.some((range) => cidrContains(range, cidr)))
    return 'must be 172.16.0.0/12 or 192.168.0.0/16, or a block inside one of them';
  if (cidr.prefix > VSWITCH_MASK.max) return `the prefix length must be at most ${VSWITCH_MASK.max}`;
  return undefined;
};

/** An IPv4 address. */
export const ipv4Address: StringRule = (value) =>
  parseIpv4(value) === undefined ? 'must be an IPv4 address such as 172.16.1.10' : undefined;

/** A name of a VPC, VRouter or VSwitch with the action's documented code. */
export function networkName<const C extends string>(code: C, what: string) {
  return p.string({
    minLength: 2,
    maxLength: 128,
    check: resourceName,
    code,
    doc: `The ${what} name: 2 to 128 characters, starting with a letter or Chinese character, then letters, digits, "_" or "-"; not starting with http:// or https://.`,
  });
}

export function networkDescription<const C extends string>(code: C, what: string) {
  return p.string({
    minLength: 2,
    maxLength: 256,
    check: description,
    code,
    doc: `The ${what} description: 2 to 256 characters, not starting with http:// or https://.`,
  });
}

/** VpcSetType. */
export const VpcSetType = t.object({
  VpcId: t.string,
  RegionId: t.string,
  /** Pending, then Available. */
  Status: t.string,
  VpcName: t.string,
  VSwitchIds: t.list('VSwitchId', t.string),
  CidrBlock: t.string,
  VRouterId: t.string,
  Description: t.string,
  CreationTime: t.string,
});

/** VRouterSetType. */
export const VRouterSetType = t.object({
  VRouterId: t.string,
  RegionId: t.string,
  VpcId: t.string,
  RouteTableIds: t.list('RouteTableId', t.string),
  VRouterName: t.string,
  Description: t.string,
  CreationTime: t.string,
});

/** VSwitchSetType. */
export const VSwitchSetType = t.object({
  VSwitchId: t.string,
  VpcId: t.string,
  /** Pending, then Available. */
  Status: t.string,
  CidrBlock: t.string,
  ZoneId: t.string,
  AvailableIpAddressCount: t.int,
  Description: t.string,
  VSwitchName: t.string,
  CreationTime: t.string,
});

/** RouteEntrySetType; the 2014 example names the next hop InstanceId, the appendix NextHopId: both are filled. */
export const RouteEntrySetType = t.object({
  RouteTableId: t.string,
  DestinationCidrBlock: t.string,
  /** System or Custom. */
  Type: t.string,
  InstanceId: t.string,
  NextHopId: t.string,
  /** Today's API: Instance or Tunnel; empty for a system entry. */
  NextHopType: t.string,
  /** Pending, Available or Modifying. */
  Status: t.string,
});

/** RouteTableSetType. */
export const RouteTableSetType = t.object({
  VRouterId: t.string,
  RouteTableId: t.string,
  RouteEntries: t.list('RouteEntry', RouteEntrySetType),
  /** System or Custom. */
  RouteTableType: t.string,
  CreationTime: t.string,
});
