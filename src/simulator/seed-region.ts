import { autoSnapshotDate } from './auto-snapshots.js';
import { DEFAULT_IMAGE_ID, type RegionInfo, systemImages } from './catalog.js';
import { REALISTIC_DURATIONS } from './clock.js';
import { makeId, type ResourceKind } from './ids.js';
import { createRandom, type Random } from './random.js';
import { snapshotDuration } from './state/snapshot.js';
import { steady } from './state/timeline.js';
import type {
  DiskCategory,
  DiskRecord,
  InstanceRecord,
  RegionState,
  SecurityGroupRecord,
  SnapshotRecord,
  Tag,
} from './store.js';

/**
 * The building blocks of a seeded region (seed.ts composes them): ids no other
 * resource of the region holds, times in the past, and records drawn from one random
 * stream, in the order the seed's determinism depends on.
 */

const DAY = 86_400_000;
const ROLES = ['web', 'api', 'worker', 'db', 'cache', 'batch'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const TEAMS = ['platform', 'payments', 'search', 'data'];
const DATA_DISK_SIZES = [40, 100, 200, 500, 1024];

/** The third octet a zone's seeded VSwitch starts at (seed-network.ts): /18 blocks, 64 apart. */
export function seededBlockStart(zoneIndex: number): number {
  return zoneIndex * 64;
}

export class RegionSeeder {
  readonly #resourceGroups: readonly string[];

  constructor(
    readonly region: RegionState,
    readonly info: RegionInfo,
    readonly random: Random,
    readonly now: number,
  ) {
    const groups = createRandom(`resource-groups:${info.regionId}`);
    this.#resourceGroups = ENVIRONMENTS.map(() => `rg-acfm${base36(groups, 11)}`);
  }

  /** The resource group of shared things (security groups, images, policies). */
  get defaultResourceGroup(): string {
    return this.#resourceGroups[0]!;
  }

  id(kind: ResourceKind): string {
    return makeId(this.random, kind, this.region.regionId, (id) => this.#taken(id));
  }

  #taken(id: string): boolean {
    const region = this.region;
    return (
      region.instances.has(id) ||
      region.disks.has(id) ||
      region.snapshots.has(id) ||
      region.images.has(id) ||
      region.securityGroups.has(id) ||
      region.autoSnapshotPolicies.has(id) ||
      region.vpcs.has(id) ||
      region.vSwitches.has(id)
    );
  }

  /** A moment `minDays` to `maxDays` before now, to the second. */
  past(minDays: number, maxDays: number): number {
    const at = this.now - this.random.int(minDays * DAY, maxDays * DAY);
    return at - (at % 1000);
  }

  get vpcId(): string {
    return `vpc-${this.info.idPrefix}${hashText(`${this.info.regionId}:vpc`)}`;
  }

  /** An id of the region's network made from a hash, drawing nothing from the random stream. */
  hashedId(prefix: string, what: string): string {
    return `${prefix}-${this.info.idPrefix}${hashText(`${this.info.regionId}:${what}`)}`;
  }

  vSwitchIdOf(zoneId: string): string {
    return `vsw-${this.info.idPrefix}${hashText(zoneId)}`;
  }

  securityGroup(name: string, description: string): SecurityGroupRecord {
    const group: SecurityGroupRecord = {
      securityGroupId: this.id('securityGroup'),
      regionId: this.region.regionId,
      securityGroupName: name,
      description,
      vpcId: this.vpcId,
      creationTime: this.past(400, 500),
      tags: [],
      resourceGroupId: this.defaultResourceGroup,
      rules: [],
    };
    this.region.securityGroups.set(group.securityGroupId, group);
    return group;
  }

  /** An accept rule on a group, as old as the group: no draw from the random stream, so the rest of the estate stays. */
  allow(
    group: SecurityGroupRecord,
    ipProtocol: string,
    portRange: string,
    from: { cidrIp?: string; groupId?: string },
  ) {
    group.rules.push({
      direction: 'ingress',
      ipProtocol,
      portRange,
      cidrIp: from.cidrIp ?? '',
      groupId: from.groupId ?? '',
      groupOwnerAccount: '',
      policy: 'accept',
      priority: 1,
      nicType: 'intranet',
      description: '',
      creationTime: group.creationTime,
    });
  }

  instance(index: number, groups: readonly SecurityGroupRecord[]): InstanceRecord {
    const random = this.random;
    const zoneIndex = index % this.info.zones.length;
    const zone = this.info.zones[zoneIndex]!;
    const role = ROLES[index % ROLES.length]!;
    const environment = random.pick(ENVIRONMENTS);
    const instanceId = this.id('instance');
    const running = random.chance(0.8);
    const creationTime = this.past(30, 365);
    const instance: InstanceRecord = {
      instanceId,
      regionId: this.region.regionId,
      zoneId: zone.zoneId,
      instanceName: `${role}-${String(Math.floor(index / ROLES.length) + 1).padStart(2, '0')}`,
      description: `${role} tier, ${environment}`,
      hostName: `iZ${instanceId.slice(2)}Z`,
      imageId: random.chance(0.7)
        ? DEFAULT_IMAGE_ID
        : random.pick(systemImages(this.region.regionId)).imageId,
      instanceType: random.pick([
        'ecs.g7.large',
        'ecs.g7.xlarge',
        'ecs.c7.large',
        'ecs.r7.large',
        'ecs.g6.large',
      ]),
      securityGroupIds: [groups[role === 'db' && groups.length > 1 ? 1 : 0]!.securityGroupId],
      status: steady(running ? 'Running' : 'Stopped', creationTime),
      everStarted: true,
      operationLocks: [],
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByTraffic',
      internetMaxBandwidthIn: 100,
      internetMaxBandwidthOut: role === 'web' ? 10 : 0,
      ioOptimized: true,
      instanceNetworkType: 'vpc',
      vpcId: this.vpcId,
      vSwitchId: this.vSwitchIdOf(zone.zoneId),
      // Inside the zone's seeded VSwitch (seed-network.ts), clear of its last /24 and its kept addresses.
      privateIpAddress: `172.16.${seededBlockStart(zoneIndex) + (random.int(0, 255) % 63)}.${random.int(2, 254)}`,
      publicIpAddress:
        role === 'web' ? `47.${random.int(90, 120)}.${random.int(0, 255)}.${random.int(1, 254)}` : '',
      serialNumber: uuid(random),
      creationTime,
      tags: this.tags(environment),
      resourceGroupId: this.resourceGroupOf(environment),
    };
    this.region.instances.set(instanceId, instance);
    return instance;
  }

  tags(environment: string): Tag[] {
    return [
      { key: 'env', value: environment },
      { key: 'team', value: this.random.pick(TEAMS) },
    ];
  }

  resourceGroupOf(environment: string): string {
    return this.#resourceGroups[ENVIRONMENTS.indexOf(environment)]!;
  }

  systemDisk(instance: InstanceRecord): DiskRecord {
    const image = systemImages(this.region.regionId).find(
      (candidate) => candidate.imageId === instance.imageId,
    );
    return this.disk(instance, {
      type: 'system',
      category: 'cloud_essd',
      size: Math.max(40, image?.size ?? 40),
      imageId: instance.imageId,
      device: '/dev/xvda',
      portable: false,
      deleteWithInstance: true,
      diskName: `${instance.instanceName}-system`,
    });
  }

  dataDisk(instance: InstanceRecord, slot: number): DiskRecord {
    const zone = this.info.zones.find((candidate) => candidate.zoneId === instance.zoneId)!;
    return this.disk(instance, {
      type: 'data',
      category: this.random.pick(zone.diskCategories.filter((category) => category !== 'cloud')),
      size: this.random.pick(DATA_DISK_SIZES),
      imageId: '',
      device: `/dev/xvd${String.fromCharCode('a'.charCodeAt(0) + slot)}`,
      portable: true,
      deleteWithInstance: this.random.chance(0.5),
      diskName: `${instance.instanceName}-data-${slot}`,
    });
  }

  /** A disk of `instance` (undefined: unattached), added to the region. */
  disk(
    instance: InstanceRecord | undefined,
    spec: {
      type: 'system' | 'data';
      category: DiskCategory;
      size: number;
      imageId: string;
      device: string;
      portable: boolean;
      deleteWithInstance: boolean;
      diskName: string;
      zoneId?: string;
      sourceSnapshotId?: string;
    },
  ): DiskRecord {
    const creationTime = instance?.creationTime ?? this.past(20, 200);
    const environment = instance?.tags[0]?.value ?? this.random.pick(ENVIRONMENTS);
    const disk: DiskRecord = {
      diskId: this.id('disk'),
      regionId: this.region.regionId,
      zoneId: instance?.zoneId ?? spec.zoneId ?? this.info.zones[0]!.zoneId,
      diskName: spec.diskName,
      description: '',
      type: spec.type,
      category: spec.category,
      size: spec.size,
      imageId: spec.imageId,
      sourceSnapshotId: spec.sourceSnapshotId ?? '',
      portable: spec.portable,
      status: steady(instance ? 'In_use' : 'Available', creationTime),
      attachment: instance
        ? { instanceId: instance.instanceId, device: spec.device, attachedTime: creationTime }
        : undefined,
      everAttached: true,
      deleteWithInstance: spec.deleteWithInstance,
      deleteAutoSnapshot: true,
      enableAutoSnapshot: false,
      autoSnapshotPolicyId: '',
      creationTime,
      detachedTime: instance ? undefined : creationTime + DAY,
      tags: instance ? instance.tags.slice(0, 1) : this.tags(environment).slice(0, 1),
      resourceGroupId: instance?.resourceGroupId ?? this.resourceGroupOf(environment),
    };
    this.region.disks.set(disk.diskId, disk);
    return disk;
  }

  /** Daily snapshots going back from yesterday: a few automatic, now and then a failed one. */
  snapshots(disk: DiskRecord, count: number, sourceDiskId = disk.diskId): SnapshotRecord[] {
    const made: SnapshotRecord[] = [];
    for (let day = 1; day <= count; day++) {
      const creationTime = this.now - day * DAY - this.random.int(0, 6 * 3_600) * 1000;
      const auto = this.random.chance(0.25);
      const failed = this.random.chance(0.03);
      const duration = snapshotDuration(disk.size, REALISTIC_DURATIONS);
      const date = new Date(creationTime).toISOString().slice(0, 10).replaceAll('-', '');
      const snapshot: SnapshotRecord = {
        snapshotId: this.id('snapshot'),
        regionId: this.region.regionId,
        snapshotName: auto
          ? `auto_${autoSnapshotDate(creationTime)}_1`
          : `${disk.diskName || 'disk'}-${date}`,
        description: auto ? 'Created by automatic snapshot policy' : 'Daily backup',
        sourceDiskId,
        sourceDiskSize: disk.size,
        sourceDiskType: disk.type === 'system' ? 'System' : 'Data',
        sourceDiskCategory: disk.category,
        snapshotType: auto ? 'auto' : 'user',
        creationTime,
        completesAt: creationTime + duration,
        failedAt: failed ? creationTime + Math.floor(duration / 2) : undefined,
        retentionDays: auto ? 30 : undefined,
        tags: disk.tags.slice(),
        resourceGroupId: disk.resourceGroupId,
      };
      this.region.snapshots.set(snapshot.snapshotId, snapshot);
      made.push(snapshot);
    }
    return made;
  }
  /** A disk that existed once: made (for its id and shape), then released. */
  goneDisk(type: 'system' | 'data', diskName: string): DiskRecord {
    const disk = this.disk(undefined, {
      type,
      category: 'cloud_essd',
      size: 40,
      imageId: type === 'system' ? DEFAULT_IMAGE_ID : '',
      device: '',
      portable: type === 'data',
      deleteWithInstance: false,
      diskName,
    });
    this.region.disks.delete(disk.diskId);
    return disk;
  }
}

function base36(random: Random, length: number): string {
  let text = '';
  while (text.length < length) text += random.int(0, 35).toString(36);
  return text;
}

function hashText(text: string): string {
  return base36(createRandom(text), 17);
}

function uuid(random: Random): string {
  const hex = () => random.int(0, 15).toString(16);
  const part = (length: number) => Array.from({ length }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-${part(4)}-${part(12)}`;
}
