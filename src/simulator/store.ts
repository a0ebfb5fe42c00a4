import type { EipStatus } from '../spec/eip-common.js';
import { type AccountSettings, defaultAccountSettings, type LockReason } from './account-settings.js';
import type { Timeline } from './state/timeline.js';

/**
 * The simulator's state: plain data, per account (AccessKeyId) and region. Handlers
 * read and change it; statuses are timelines evaluated against the clock on read.
 */

export type InstanceStatus = 'Starting' | 'Running' | 'Stopping' | 'Stopped' | 'Pending' | 'Deleted';
export type DiskStatus = 'In_use' | 'Available' | 'Attaching' | 'Detaching' | 'Creating' | 'ReIniting';
export type ImageStatus = 'Creating' | 'Available';
export type DiskCategory = 'cloud' | 'cloud_efficiency' | 'cloud_ssd' | 'cloud_essd' | 'cloud_auto';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export type { LockReason };

export interface InstanceRecord {
  readonly instanceId: string;
  readonly regionId: string;
  readonly zoneId: string;
  instanceName: string;
  description: string;
  hostName: string;
  imageId: string;
  readonly instanceType: string;
  securityGroupIds: string[];
  status: Timeline<InstanceStatus>;
  /** Disks of an instance that has never started cannot be snapshotted or re-initialized. */
  everStarted: boolean;
  operationLocks: LockReason[];
  readonly instanceChargeType: 'PostPaid' | 'PrePaid';
  readonly internetChargeType: 'PayByBandwidth' | 'PayByTraffic';
  /** ModifyInstanceNetworkSpec changes both limits. */
  internetMaxBandwidthIn: number;
  internetMaxBandwidthOut: number;
  readonly ioOptimized: boolean;
  readonly instanceNetworkType: 'classic' | 'vpc';
  readonly vpcId: string;
  /** ModifyInstanceVpcAttribute moves a stopped VPC instance to another VSwitch. */
  vSwitchId: string;
  privateIpAddress: string;
  /** AllocatePublicIpAddress gives one to an instance without. */
  publicIpAddress: string;
  readonly serialNumber: string;
  readonly creationTime: number;
  tags: Tag[];
  resourceGroupId: string;
}

export interface DiskAttachment {
  readonly instanceId: string;
  readonly device: string;
  readonly attachedTime: number;
}

export interface DiskRecord {
  readonly diskId: string;
  readonly regionId: string;
  readonly zoneId: string;
  diskName: string;
  description: string;
  readonly type: 'system' | 'data';
  readonly category: DiskCategory;
  size: number;
  readonly imageId: string;
  readonly sourceSnapshotId: string;
  readonly portable: boolean;
  status: Timeline<DiskStatus>;
  /** Kept while Detaching; cleared when the disk settles Available. */
  attachment: DiskAttachment | undefined;
  /** CreateSnapshot refuses a portable disk that was never attached (NeverAttached). */
  everAttached: boolean;
  deleteWithInstance: boolean;
  deleteAutoSnapshot: boolean;
  enableAutoSnapshot: boolean;
  autoSnapshotPolicyId: string;
  readonly creationTime: number;
  detachedTime: number | undefined;
  tags: Tag[];
  resourceGroupId: string;
}

export interface SnapshotRecord {
  readonly snapshotId: string;
  readonly regionId: string;
  snapshotName: string;
  description: string;
  readonly sourceDiskId: string;
  readonly sourceDiskSize: number;
  readonly sourceDiskType: 'System' | 'Data';
  readonly sourceDiskCategory: DiskCategory;
  /** `auto` snapshots come from a policy (or the seed) and go with their disk when it says so. */
  readonly snapshotType: 'user' | 'auto';
  readonly creationTime: number;
  /** When progress reaches 100%. */
  readonly completesAt: number;
  /** When creation failed; the progress stays where it was then. */
  failedAt: number | undefined;
  readonly retentionDays: number | undefined;
  tags: Tag[];
  resourceGroupId: string;
}

export interface ImageRecord {
  readonly imageId: string;
  readonly regionId: string;
  imageName: string;
  description: string;
  readonly imageVersion: string;
  readonly osName: string;
  readonly osType: 'linux' | 'windows';
  readonly platform: string;
  readonly architecture: 'x86_64' | 'i386' | 'arm64';
  readonly size: number;
  readonly imageOwnerAlias: 'system' | 'self';
  /** The system-disk snapshot a user image was made from. */
  readonly snapshotId: string;
  readonly status: Timeline<ImageStatus>;
  readonly creationTime: number;
  tags: Tag[];
  resourceGroupId: string;
  /** Set on a copy made by CopyImage: the image it copies; Creating until the copy is done. */
  readonly copiedFrom?: { readonly imageId: string; readonly regionId: string };
  /** The Aliyun accounts the image is shared with (ModifyImageSharePermission), oldest first. */
  sharedWith?: readonly ImageShare[];
}

export interface ImageShare {
  /** A 16-digit Aliyun account id. */
  readonly aliyunId: string;
  readonly sharedAt: number;
}

/**
 * One rule of a security group. Its other end is a CIDR block (`cidrIp`) or a security
 * group (`groupId`): Source* of an ingress rule, Dest* of an egress one.
 */
export interface SecurityGroupRule {
  readonly direction: 'ingress' | 'egress';
  /** Lower case: tcp, udp, icmp, gre or all. */
  readonly ipProtocol: string;
  readonly portRange: string;
  readonly cidrIp: string;
  readonly groupId: string;
  readonly groupOwnerAccount: string;
  readonly policy: 'accept' | 'drop';
  readonly priority: number;
  readonly nicType: 'internet' | 'intranet';
  readonly description: string;
  readonly creationTime: number;
}

export interface SecurityGroupRecord {
  readonly securityGroupId: string;
  readonly regionId: string;
  securityGroupName: string;
  description: string;
  readonly vpcId: string;
  readonly creationTime: number;
  tags: Tag[];
  resourceGroupId: string;
  /** Ingress and egress together, in the order they were authorized. */
  rules: SecurityGroupRule[];
}

export interface AutoSnapshotPolicyRecord {
  readonly autoSnapshotPolicyId: string;
  readonly regionId: string;
  autoSnapshotPolicyName: string;
  /** Hours of the day, 0 to 23. */
  timePoints: number[];
  /** Days of the week, 1 (Monday) to 7. */
  repeatWeekdays: number[];
  /** -1 keeps snapshots forever. */
  retentionDays: number;
  readonly creationTime: number;
  tags: Tag[];
  resourceGroupId: string;
}

/** An elastic IP address; its status is a timeline (state/eip.ts has the chart). */
export interface EipRecord {
  readonly allocationId: string;
  readonly regionId: string;
  readonly ipAddress: string;
  /** Mbit/s. */
  bandwidth: number;
  readonly internetChargeType: 'PayByBandwidth' | 'PayByTraffic';
  readonly creationTime: number;
  status: Timeline<EipStatus>;
  /** The instance while the status is not Available. */
  instanceId: string;
}

export type NetworkStatus = 'Pending' | 'Available';

export interface VpcRecord {
  readonly vpcId: string;
  readonly regionId: string;
  readonly cidrBlock: string;
  vpcName: string;
  description: string;
  readonly vRouterId: string;
  readonly status: Timeline<NetworkStatus>;
  readonly creationTime: number;
}

/** The one VRouter of a VPC, made and deleted with it. */
export interface VRouterRecord {
  readonly vRouterId: string;
  readonly regionId: string;
  readonly vpcId: string;
  vRouterName: string;
  description: string;
  readonly routeTableIds: readonly string[];
  readonly creationTime: number;
}

export interface VSwitchRecord {
  readonly vSwitchId: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly zoneId: string;
  readonly cidrBlock: string;
  vSwitchName: string;
  description: string;
  readonly status: Timeline<NetworkStatus>;
  readonly creationTime: number;
}

export interface RouteEntryRecord {
  readonly destinationCidrBlock: string;
  readonly type: 'System' | 'Custom';
  /** The next hop of a custom entry; empty for a system one. */
  readonly nextHopId: string;
  readonly nextHopType: 'Instance' | 'Tunnel' | '';
  readonly status: Timeline<NetworkStatus>;
  /** The VSwitch a system entry routes to, so it goes with it. */
  readonly vSwitchId: string;
}

export interface RouteTableRecord {
  readonly routeTableId: string;
  readonly regionId: string;
  readonly vRouterId: string;
  readonly vpcId: string;
  readonly creationTime: number;
  entries: RouteEntryRecord[];
}

/** One account's resources in one region. Maps keep ids unique; order comes from creation time. */
export interface RegionState {
  readonly regionId: string;
  readonly instances: Map<string, InstanceRecord>;
  readonly disks: Map<string, DiskRecord>;
  readonly snapshots: Map<string, SnapshotRecord>;
  /** User images only; system images belong to the catalog. */
  readonly images: Map<string, ImageRecord>;
  readonly securityGroups: Map<string, SecurityGroupRecord>;
  readonly autoSnapshotPolicies: Map<string, AutoSnapshotPolicyRecord>;
  /** Released instances while they still read as Deleted; other resources never see them. */
  readonly deletedInstances: Map<string, InstanceRecord>;
  readonly eips: Map<string, EipRecord>;
  readonly vpcs: Map<string, VpcRecord>;
  readonly vRouters: Map<string, VRouterRecord>;
  readonly vSwitches: Map<string, VSwitchRecord>;
  readonly routeTables: Map<string, RouteTableRecord>;
  /** When each instance last changed VSwitch (ModifyInstanceVpcAttribute: once each stop). */
  readonly vSwitchMoves: Map<string, number>;
}

export function emptyRegion(regionId: string): RegionState {
  return {
    regionId,
    instances: new Map(),
    disks: new Map(),
    snapshots: new Map(),
    images: new Map(),
    securityGroups: new Map(),
    autoSnapshotPolicies: new Map(),
    deletedInstances: new Map(),
    eips: new Map(),
    vpcs: new Map(),
    vRouters: new Map(),
    vSwitches: new Map(),
    routeTables: new Map(),
    vSwitchMoves: new Map(),
  };
}

export interface AccountState {
  readonly accessKeyId: string;
  readonly regions: Map<string, RegionState>;
  /** Arrears, snapshot service, quota overrides: set by the control API, back to defaults on reset. */
  settings: AccountSettings;
}

/** The resource maps of a region, by kind: what `find` looks through. */
type Collections = Omit<RegionState, 'regionId'>;
type Item<K extends keyof Collections> = Collections[K] extends Map<string, infer R> ? R : never;

export interface Found<R> {
  readonly region: RegionState;
  readonly record: R;
}

export interface StoreOptions {
  /** The regions an account can use; other region ids are unknown. */
  readonly regionIds: readonly string[];
  /** Fills a new account's regions (the seed); called once per account and after reset(). */
  readonly initialize?: (account: AccountState) => void;
}

export class SimulatorStore {
  readonly #accounts = new Map<string, AccountState>();
  readonly #regionIds: ReadonlySet<string>;
  readonly #initialize: ((account: AccountState) => void) | undefined;

  constructor(options: StoreOptions) {
    this.#regionIds = new Set(options.regionIds);
    this.#initialize = options.initialize;
  }

  /** The account's state, created (and seeded) on first use. */
  account(accessKeyId: string): AccountState {
    let account = this.#accounts.get(accessKeyId);
    if (!account) {
      account = {
        accessKeyId,
        regions: new Map([...this.#regionIds].map((regionId) => [regionId, emptyRegion(regionId)])),
        settings: defaultAccountSettings(),
      };
      this.#accounts.set(accessKeyId, account);
      this.#initialize?.(account);
    }
    return account;
  }

  /** Whether the region exists at all. */
  hasRegion(regionId: string): boolean {
    return this.#regionIds.has(regionId);
  }

  /** The accounts that have been used since the last reset. */
  accounts(): IterableIterator<AccountState> {
    return this.#accounts.values();
  }

  /** Forgets every account; each is seeded again on its next use. */
  reset(): void {
    this.#accounts.clear();
  }
}

/**
 * Looks a resource up by id in one region, as a regional endpoint sees only its own, or
 * in every region of the account when no region is named (a request naming none).
 */
export function find<K extends keyof Collections>(
  account: AccountState,
  kind: K,
  id: string,
  regionId?: string,
): Found<Item<K>> | undefined {
  const regions = regionId === undefined ? account.regions.values() : [account.regions.get(regionId)];
  for (const region of regions) {
    if (region === undefined) continue;
    const record = (region[kind] as Map<string, Item<K>>).get(id);
    if (record) return { region, record };
  }
  return undefined;
}
