import type { Params, Reach, ReachWorld } from './reach.js';

/**
 * Reading and shaping the seeded estate for the scenarios of the actions the simulator
 * has long served: the seed's instances and disks by status, account states through
 * the control API, and the four Tag.N rows every tagged action documents.
 */

export interface InstanceItem {
  readonly InstanceId: string;
  readonly Status: string;
  readonly ZoneId: string;
  readonly ImageId: string;
  readonly InstanceType: string;
  readonly VpcAttributes: { readonly VpcId: string };
  readonly SecurityGroupIds: { readonly SecurityGroupId: readonly string[] };
}

export interface DiskItem {
  readonly DiskId: string;
  readonly Type: string;
  readonly Status: string;
  readonly Portable: boolean;
  readonly InstanceId: string;
  readonly ZoneId: string;
  readonly Size: number;
  readonly SourceSnapshotId: string;
}

export interface SnapshotItem {
  readonly SnapshotId: string;
  readonly SourceDiskId: string;
  readonly SourceDiskType: string;
  readonly Usage: string;
  readonly Status: string;
}

export async function instances(world: ReachWorld): Promise<InstanceItem[]> {
  const body = await world.ok('DescribeInstances', { PageSize: '50' });
  return (body.Instances as { Instance: InstanceItem[] }).Instance;
}

export async function instanceIn(world: ReachWorld, status: 'Running' | 'Stopped'): Promise<InstanceItem> {
  const found = (await instances(world)).find((instance) => instance.Status === status);
  if (!found) throw new Error(`the seed has no ${status} instance`);
  return found;
}

export async function disks(world: ReachWorld, params: Params = {}): Promise<DiskItem[]> {
  const body = await world.ok('DescribeDisks', { PageSize: '50', ...params });
  return (body.Disks as { Disk: DiskItem[] }).Disk;
}

/** The system or data disk of an instance. */
export async function diskOf(
  world: ReachWorld,
  instanceId: string,
  type: 'system' | 'data',
): Promise<DiskItem> {
  const [disk] = await disks(world, { InstanceId: instanceId, DiskType: type });
  if (!disk) throw new Error(`instance ${instanceId} has no ${type} disk`);
  return disk;
}

/** An Available portable disk of the seed. */
export async function availableDisk(world: ReachWorld): Promise<DiskItem> {
  const [disk] = await disks(world, { Status: 'Available' });
  if (!disk) throw new Error('the seed has no Available disk');
  return disk;
}

export async function snapshots(world: ReachWorld, params: Params = {}): Promise<SnapshotItem[]> {
  const body = await world.ok('DescribeSnapshots', { PageSize: '50', ...params });
  return (body.Snapshots as { Snapshot: SnapshotItem[] }).Snapshot;
}

/** Sets the OperationLocks of an instance through the control API. */
export async function lock(world: ReachWorld, instanceId: string, locks: readonly string[]): Promise<void> {
  const { status, body } = await world.control('PUT', `/__simulator/instances/${instanceId}/locks`, {
    locks,
  });
  if (status !== 200) throw new Error(`locking ${instanceId} answered ${status}: ${JSON.stringify(body)}`);
}

/** Changes the account's states (arrears, snapshot service, quotas) through the control API. */
export async function account(world: ReachWorld, settings: Record<string, unknown>): Promise<void> {
  const { status, body } = await world.control('PUT', '/__simulator/account', settings);
  if (status !== 200) throw new Error(`the account answered ${status}: ${JSON.stringify(body)}`);
}

/** Moves a transition (start, stop, attach) to its end on the manual clock. */
export function settle(world: ReachWorld): void {
  world.advance(10 * 60_000);
}

/** A new instance in the seed's zone and first security group, Stopped; its id. */
export async function newInstance(world: ReachWorld, params: Params = {}): Promise<string> {
  const [seed] = await instances(world);
  const body = await world.ok('CreateInstance', {
    ImageId: seed!.ImageId,
    InstanceType: seed!.InstanceType,
    SecurityGroupId: seed!.SecurityGroupIds.SecurityGroupId[0]!,
    ZoneId: seed!.ZoneId,
    ...params,
  });
  // A new instance is Pending until its creation completes.
  world.advance(world.simulator.domain.clock.durations.instanceCreate);
  return String(body.InstanceId);
}

/** A new security group in the seed's VPC; its id. */
export async function newGroup(world: ReachWorld, params: Params = {}): Promise<string> {
  const [seed] = await instances(world);
  const body = await world.ok('CreateSecurityGroup', { VpcId: seed!.VpcAttributes.VpcId, ...params });
  return String(body.SecurityGroupId);
}

/** The four Tag.N rows of an action that takes tags, on top of parameters that pass otherwise. */
export function tagRows(
  action: string,
  base: Params | ((world: ReachWorld) => Promise<Params>) = {},
): Reach[] {
  const withBase =
    (tags: Params) =>
    async (world: ReachWorld): Promise<Params> => ({
      ...(typeof base === 'function' ? await base(world) : base),
      ...tags,
    });
  const many: Params = {};
  for (let n = 1; n <= 21; n++) many[`Tag.${n}.Key`] = `key${n}`;
  return [
    { action, code: 'Duplicate.TagKey', params: withBase({ 'Tag.1.Key': 'team', 'Tag.2.Key': 'team' }) },
    { action, code: 'InvalidTagKey.Malformed', params: withBase({ 'Tag.1.Key': 'aliyun-team' }) },
    {
      action,
      code: 'InvalidTagValue.Malformed',
      params: withBase({ 'Tag.1.Key': 'team', 'Tag.1.Value': 'acs:x' }),
    },
    { action, code: 'InvalidTagCount', params: withBase(many) },
  ];
}
