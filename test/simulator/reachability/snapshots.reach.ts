import type { Reach, ReachWorld, Unreachable } from './reach.js';
import { account, diskOf, instanceIn, lock, newInstance, settle, snapshots, tagRows } from './world-state.js';

/** The snapshot actions: CreateSnapshot (today's table), DeleteSnapshot, DescribeSnapshots. */

const MISSING = 'd-missing';
const manyIds = JSON.stringify(Array.from({ length: 101 }, (_, n) => `s-${n}`));

/** The data disk of the seed's Stopped instance: one a snapshot can be made of. */
async function snapshotable(world: ReachWorld): Promise<string> {
  return (await diskOf(world, (await instanceIn(world, 'Stopped')).InstanceId, 'data')).DiskId;
}

async function snapshotUsedFor(world: ReachWorld, usage: 'image' | 'disk'): Promise<string> {
  const found = (await snapshots(world)).find((snapshot) => snapshot.Usage === usage);
  if (!found) throw new Error(`the seed has no snapshot used for ${usage}`);
  return found.SnapshotId;
}

const CREATE: Reach[] = [
  { action: 'CreateSnapshot', code: 'InvalidDiskId.NotFound', params: { DiskId: MISSING } },
  {
    action: 'CreateSnapshot',
    code: 'InvalidSnapshotName.Malformed',
    params: { DiskId: MISSING, SnapshotName: 'x' },
  },
  {
    action: 'CreateSnapshot',
    code: 'InvalidDescription.Malformed',
    params: { DiskId: MISSING, Description: 'http://x' },
  },
  {
    action: 'CreateSnapshot',
    code: 'InvalidRetentionDays.Malformed',
    params: { DiskId: MISSING, RetentionDays: '0' },
  },
  {
    action: 'CreateSnapshot',
    code: 'InvalidSnapshotCategory.Malformed',
    params: { DiskId: MISSING, Category: 'Archive' },
  },
  {
    action: 'CreateSnapshot',
    code: 'InvalidInstantAccessRetentionDays.Malformed',
    params: { DiskId: MISSING, InstantAccessRetentionDays: '0' },
  },
  {
    action: 'CreateSnapshot',
    code: 'InvalidCategoryAndInstantAccess.Malformed',
    params: async (world) => ({
      DiskId: await snapshotable(world),
      Category: 'Standard',
      InstantAccess: 'true',
    }),
  },
  ...tagRows('CreateSnapshot', async (world) => ({ DiskId: await snapshotable(world) })),
  {
    action: 'CreateSnapshot',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const { InstanceId } = await instanceIn(world, 'Stopped');
      await world.ok('StartInstance', { InstanceId });
      return { DiskId: (await diskOf(world, InstanceId, 'data')).DiskId };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'IncorrectDiskStatus.CreatingSnapshot',
    params: async (world) => {
      const DiskId = await snapshotable(world);
      await world.ok('CreateSnapshot', { DiskId });
      return { DiskId };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'InstanceLockedForSecurity',
    params: async (world) => {
      const { InstanceId } = await instanceIn(world, 'Running');
      await lock(world, InstanceId, ['security']);
      return { DiskId: (await diskOf(world, InstanceId, 'data')).DiskId };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'IncorrectDiskStatus.NeverAttached',
    params: async (world) => {
      const { DiskId } = await world.ok('CreateDisk', { ZoneId: world.zoneId, Size: '20' });
      settle(world);
      return { DiskId: String(DiskId) };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'QuotaExceed.Snapshot',
    params: async (world) => {
      await account(world, { quotas: { snapshotQuotaPerDisk: 0 } });
      return { DiskId: await snapshotable(world) };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'IncorrectDiskStatus.NeverUsed',
    params: async (world) => ({ DiskId: (await diskOf(world, await newInstance(world), 'system')).DiskId }),
  },
  {
    action: 'CreateSnapshot',
    code: 'DiskInArrears',
    params: async (world) => {
      // A subscription that has expired: its instance carries a financial lock, its disks are in arrears.
      const InstanceId = await newInstance(world, { InstanceChargeType: 'PrePaid', Period: '1' });
      await lock(world, InstanceId, ['financial']);
      return { DiskId: (await diskOf(world, InstanceId, 'system')).DiskId };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'IncorrectDiskStatus',
    params: async (world) => {
      const { DiskId } = await world.ok('CreateDisk', { ZoneId: world.zoneId, Size: '20' });
      return { DiskId: String(DiskId) };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'InvalidAccountStatus.NotEnoughBalance',
    params: async (world) => {
      await account(world, { inArrears: true });
      return { DiskId: await snapshotable(world) };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'InvalidAccountStatus.SnapshotServiceUnavailable',
    params: async (world) => {
      await account(world, { snapshotServiceOpened: false });
      return { DiskId: await snapshotable(world) };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'IdempotentParameterMismatch',
    params: async (world) => {
      const DiskId = await snapshotable(world);
      await world.ok('CreateSnapshot', { DiskId, ClientToken: 'once', SnapshotName: 'first' });
      return { DiskId, ClientToken: 'once', SnapshotName: 'second' };
    },
  },
];

export const reach: Reach[] = [
  ...CREATE,
  {
    action: 'DeleteSnapshot',
    code: 'SnapshotCreatedImage',
    params: async (world) => ({ SnapshotId: await snapshotUsedFor(world, 'image') }),
  },
  {
    action: 'DeleteSnapshot',
    code: 'SnapshotCreatedDisk',
    params: async (world) => ({ SnapshotId: await snapshotUsedFor(world, 'disk') }),
  },
  { action: 'DescribeSnapshots', code: 'InvalidSnapshotIds.Malformed', params: { SnapshotIds: manyIds } },
  ...tagRows('DescribeSnapshots'),
];

const never = (code: string, reason: string): Unreachable => ({ action: 'CreateSnapshot', code, reason });
const NO_KMS = 'the simulator has no encrypted disks and no KMS keys';

export const unreachable: Unreachable[] = [
  never('InvalidParameter.KMSKeyId.NotFound', NO_KMS),
  never('InvalidParameter.KMSKeyId.CMKUnauthorized', NO_KMS),
  never('InvalidParameter.KMSKeyId.CMKNotEnabled', NO_KMS),
  never('InvalidParameter.KMSKeyId.KMSUnauthorized', NO_KMS),
  never(
    'InvalidOperation.UnfinishedEncryptedSnapshotCopy',
    `${NO_KMS}, so no encrypted snapshot copy is ever unfinished`,
  ),
  never(
    'DiskCategory.OperationNotSupported',
    'every simulated disk category (cloud, cloud_efficiency, cloud_ssd, cloud_essd) supports snapshots; local disks are not simulated',
  ),
  never(
    'CreateSnapshot.Failed',
    'a creation that fails shows afterwards as a failed snapshot (snapshotFailureRate, POST /__simulator/snapshots/<id>/fail); the call itself is answered with the new id',
  ),
  never(
    'DiskId.ValueNotSupported',
    'every simulated disk kind can be snapshotted; the disk kinds ECS refuses are not simulated',
  ),
  never(
    'IdempotentProcessing',
    'the simulator finishes the first call of a ClientToken before it answers the next, so none is ever still processing',
  ),
  never(
    'IncorrectDiskStatus.Invalid',
    'a simulated disk has no damaged state that a restart of its instance would repair',
  ),
  never('IncorrectDiskType.NotSupport', 'the simulated disks are all of device types that take snapshots'),
  never('IncorrectDiskStatus.Transferring', 'the simulator does not move disks between storage clusters'),
  never(
    'DISK_HAS_CREATING_SNAPSHOT',
    'the simulator answers a disk with a snapshot in progress with IncorrectDiskStatus.CreatingSnapshot, the code of the 2014 and 2024 tables for that case',
  ),
  never(
    'QuotaExceed.ConcurrentSnapshotQuota',
    'one snapshot at a time per disk: a second creation is answered IncorrectDiskStatus.CreatingSnapshot before any concurrency quota',
  ),
  never(
    'InvalidInstanceId.NotFound',
    'CreateSnapshot takes no InstanceId, and the instance of an In_use disk always exists',
  ),
  never(
    'InvalidResourceGroup.NotFound',
    'the simulator keeps no directory of resource groups; any ResourceGroupId is taken as given',
  ),
  never('IncorrectVolumeStatus', 'the simulator has disks only, no volumes of other storage products'),
  never('InvalidVolumeId.NotFound', 'the simulator has disks only, no volumes of other storage products'),
  never('QuotaExceed.Tags', 'more than 20 tags are refused by the Tag.N rule first (InvalidTagCount)'),
  never(
    'InvalidAction.Unauthorized',
    'the simulator has no RAM policies: every account may call every action',
  ),
  never(
    'InvalidRegion.NotSupportSnapshotInstantAccessRegion',
    'instant access is not modelled per region: every simulated region accepts the parameters',
  ),
  never('HibernationConfigured.InstanceOperationForbidden', 'the simulator has no hibernation configuration'),
  never(
    'QuotaExceed.SnapshotQuota',
    'the simulator has no channel-partner quotas; the per-disk quota answers QuotaExceed.Snapshot',
  ),
  never('CloudBoxNotSupportSnapshotWithInstantAccess', 'the simulator has no CloudBox disks'),
];
