import type { Reach, ReachWorld, Unreachable } from './reach.js';
import {
  account,
  availableDisk,
  diskOf,
  disks,
  instanceIn,
  lock,
  newInstance,
  settle,
  snapshots,
  tagRows,
} from './world-state.js';

/** The disk actions: create, attach, detach, modify, delete, re-initialize, reset, resize, replace. */

const MISSING = 'd-missing';
const manyIds = JSON.stringify(Array.from({ length: 101 }, (_, n) => `d-${n}`));

/** A disk of a Stopped instance (which has started before), and that instance. */
async function onStopped(world: ReachWorld, type: 'system' | 'data') {
  const instance = await instanceIn(world, 'Stopped');
  return { instance, disk: await diskOf(world, instance.InstanceId, type) };
}

/** A finished snapshot of the given disk; its id. */
async function snapshotOf(world: ReachWorld, diskId: string): Promise<string> {
  const { SnapshotId } = await world.ok('CreateSnapshot', { DiskId: diskId });
  settle(world);
  return String(SnapshotId);
}

/** A finished data-disk snapshot of the seed; its id. */
async function dataSnapshot(world: ReachWorld): Promise<string> {
  const found = (await snapshots(world)).find(
    (snapshot) => snapshot.SourceDiskType.toLowerCase() === 'data' && snapshot.Status === 'accomplished',
  );
  if (!found) throw new Error('the seed has no finished data-disk snapshot');
  return found.SnapshotId;
}

/** An Available disk and a Stopped instance in its zone. */
async function availableBeside(world: ReachWorld) {
  const disk = await availableDisk(world);
  const instance = await instanceIn(world, 'Stopped');
  if (instance.ZoneId !== disk.ZoneId)
    throw new Error('the seed has no Available disk beside a Stopped instance');
  return { disk, instance };
}

const REINIT: Reach[] = [
  { action: 'ReInitDisk', code: 'InvalidDiskId.NotFound', params: { DiskId: MISSING } },
  {
    action: 'ReInitDisk',
    code: 'IncorrectDiskStatus',
    params: async (world) => ({ DiskId: (await availableDisk(world)).DiskId }),
  },
  {
    action: 'ReInitDisk',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({
      DiskId: (await diskOf(world, (await instanceIn(world, 'Running')).InstanceId, 'system')).DiskId,
    }),
  },
  {
    action: 'ReInitDisk',
    code: 'InstanceLockedForSecurity',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'system');
      await lock(world, instance.InstanceId, ['security']);
      return { DiskId: disk.DiskId };
    },
  },
  {
    action: 'ReInitDisk',
    code: 'InstanceExpiredOrInArrears',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'system');
      await lock(world, instance.InstanceId, ['financial']);
      return { DiskId: disk.DiskId };
    },
  },
  {
    action: 'ReInitDisk',
    code: 'InvalidSourceSnapshot',
    params: async (world) => {
      const instance = await instanceIn(world, 'Stopped');
      const SnapshotId = await dataSnapshot(world);
      const { DiskId } = await world.ok('CreateDisk', { ZoneId: instance.ZoneId, SnapshotId });
      settle(world);
      await world.ok('AttachDisk', { InstanceId: instance.InstanceId, DiskId: String(DiskId) });
      settle(world);
      await world.ok('DeleteSnapshot', { SnapshotId, Force: 'true' });
      return { DiskId: String(DiskId) };
    },
  },
  {
    action: 'ReInitDisk',
    code: 'DiskCreatingSnapshot',
    params: async (world) => {
      const { disk } = await onStopped(world, 'system');
      await world.ok('CreateSnapshot', { DiskId: disk.DiskId });
      return { DiskId: disk.DiskId };
    },
  },
  {
    action: 'ReInitDisk',
    code: 'IncorrectDiskStatus.NeverUsed',
    params: async (world) => ({ DiskId: (await diskOf(world, await newInstance(world), 'system')).DiskId }),
  },
];

const REPLACE: Reach[] = [
  {
    action: 'ReplaceSystemDisk',
    code: 'InvalidInstanceId.NotFound',
    params: async (world) => ({
      InstanceId: 'i-missing',
      ImageId: (await instanceIn(world, 'Stopped')).ImageId,
    }),
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'InvalidImageId.NotFound',
    params: async (world) => ({
      InstanceId: (await instanceIn(world, 'Stopped')).InstanceId,
      ImageId: 'm-missing',
    }),
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const instance = await instanceIn(world, 'Running');
      return { InstanceId: instance.InstanceId, ImageId: instance.ImageId };
    },
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'InstanceExpiredOrInArrears',
    params: async (world) => {
      const instance = await instanceIn(world, 'Stopped');
      await lock(world, instance.InstanceId, ['financial']);
      return { InstanceId: instance.InstanceId, ImageId: instance.ImageId };
    },
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'DiskCreatingSnapshot',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'system');
      await world.ok('CreateSnapshot', { DiskId: disk.DiskId });
      return { InstanceId: instance.InstanceId, ImageId: instance.ImageId };
    },
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'InvalidPassword.Malformed',
    params: { InstanceId: 'i-missing', ImageId: 'm-missing', Password: 'short' },
  },
];

const RESET: Reach[] = [
  {
    action: 'ResetDisk',
    code: 'InvalidDiskId.NotFound',
    params: { DiskId: MISSING, SnapshotId: 's-missing' },
  },
  {
    action: 'ResetDisk',
    code: 'InvalidSnapshotId.NotFound',
    params: async (world) => ({
      DiskId: (await onStopped(world, 'data')).disk.DiskId,
      SnapshotId: 's-missing',
    }),
  },
  {
    action: 'ResetDisk',
    code: 'IncorrectDiskStatus',
    params: async (world) => ({
      DiskId: (await availableDisk(world)).DiskId,
      SnapshotId: await dataSnapshot(world),
    }),
  },
  {
    action: 'ResetDisk',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const disk = await diskOf(world, (await instanceIn(world, 'Running')).InstanceId, 'data');
      return { DiskId: disk.DiskId, SnapshotId: await snapshotOf(world, disk.DiskId) };
    },
  },
  {
    action: 'ResetDisk',
    code: 'InstanceLockedForSecurity',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'data');
      const SnapshotId = await snapshotOf(world, disk.DiskId);
      await lock(world, instance.InstanceId, ['security']);
      return { DiskId: disk.DiskId, SnapshotId };
    },
  },
  {
    action: 'ResetDisk',
    code: 'InstanceExpiredOrInArrears',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'data');
      const SnapshotId = await snapshotOf(world, disk.DiskId);
      await lock(world, instance.InstanceId, ['financial']);
      return { DiskId: disk.DiskId, SnapshotId };
    },
  },
  {
    action: 'ResetDisk',
    code: 'InvalidParameter.Mismatch',
    params: async (world) => {
      const other = await diskOf(world, (await instanceIn(world, 'Running')).InstanceId, 'data');
      const SnapshotId = await snapshotOf(world, other.DiskId);
      return { DiskId: (await onStopped(world, 'data')).disk.DiskId, SnapshotId };
    },
  },
  {
    action: 'ResetDisk',
    code: 'InvalidSnapshotId.NotReady',
    params: async (world) => {
      const { disk } = await onStopped(world, 'data');
      const { SnapshotId } = await world.ok('CreateSnapshot', { DiskId: disk.DiskId });
      return { DiskId: disk.DiskId, SnapshotId: String(SnapshotId) };
    },
  },
];

const RESIZE: Reach[] = [
  { action: 'ResizeDisk', code: 'InvalidDiskId.NotFound', params: { DiskId: MISSING, NewSize: '100' } },
  {
    action: 'ResizeDisk',
    code: 'InvalidDiskSize.TooSmall',
    params: async (world) => ({ DiskId: (await onStopped(world, 'data')).disk.DiskId, NewSize: '20' }),
  },
  {
    action: 'ResizeDisk',
    code: 'OperationDenied',
    params: async (world) => ({ DiskId: (await onStopped(world, 'system')).disk.DiskId, NewSize: '100' }),
  },
  {
    action: 'ResizeDisk',
    code: 'InstanceExpiredOrInArrears',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'data');
      await lock(world, instance.InstanceId, ['financial']);
      return { DiskId: disk.DiskId, NewSize: String(disk.Size + 10) };
    },
  },
];

const DESCRIBE: Reach[] = [
  { action: 'DescribeDisks', code: 'InvalidDiskType.ValueNotSupported', params: { DiskType: 'boot' } },
  { action: 'DescribeDisks', code: 'InvalidCategory.ValueNotSupported', params: { Category: 'tape' } },
  { action: 'DescribeDisks', code: 'InvalidStatus.ValueNotSupported', params: { Status: 'Lost' } },
  { action: 'DescribeDisks', code: 'InvalidDiskIds.Malformed', params: { DiskIds: manyIds } },
  ...tagRows('DescribeDisks'),
];

const ATTACH: Reach[] = [
  {
    action: 'AttachDisk',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: 'i-missing', DiskId: MISSING },
  },
  {
    action: 'AttachDisk',
    code: 'InvalidDiskId.NotFound',
    params: async (world) => ({
      InstanceId: (await instanceIn(world, 'Stopped')).InstanceId,
      DiskId: MISSING,
    }),
  },
  {
    action: 'AttachDisk',
    code: 'InvalidDevice.Malformed',
    params: async (world) => {
      const { disk, instance } = await availableBeside(world);
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId, Device: '/dev/sdb' };
    },
  },
  {
    action: 'AttachDisk',
    code: 'InstanceDiskLimitExceeded',
    params: async (world) => {
      const { disk, instance } = await availableBeside(world);
      await account(world, { quotas: { dataDisksPerInstance: 1 } });
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId };
    },
  },
  {
    action: 'AttachDisk',
    code: 'InvalidDevice.InUse',
    params: async (world) => {
      const { disk, instance } = await availableBeside(world);
      const used = await diskOf(world, instance.InstanceId, 'data');
      return {
        InstanceId: instance.InstanceId,
        DiskId: disk.DiskId,
        Device: (used as { Device?: string }).Device ?? '/dev/xvdb',
      };
    },
  },
  {
    action: 'AttachDisk',
    code: 'IncorrectDiskStatus',
    params: async (world) => {
      const instance = await instanceIn(world, 'Stopped');
      const other = await diskOf(world, (await instanceIn(world, 'Running')).InstanceId, 'data');
      return { InstanceId: instance.InstanceId, DiskId: other.DiskId };
    },
  },
  {
    action: 'AttachDisk',
    code: 'DiskNotPortable',
    params: async (world) => {
      const instance = await instanceIn(world, 'Stopped');
      const other = await diskOf(world, (await instanceIn(world, 'Running')).InstanceId, 'system');
      return { InstanceId: instance.InstanceId, DiskId: other.DiskId };
    },
  },
  {
    action: 'AttachDisk',
    code: 'InstanceLockedForSecurity',
    params: async (world) => {
      const { disk, instance } = await availableBeside(world);
      await lock(world, instance.InstanceId, ['security']);
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId };
    },
  },
  {
    action: 'AttachDisk',
    code: 'ResourcesNotInSameZone',
    params: async (world) => {
      const disk = await availableDisk(world);
      const elsewhere = (await disks(world, { DiskType: 'system' })).find(
        (each) => each.ZoneId !== disk.ZoneId,
      );
      if (!elsewhere) throw new Error('the seed has instances in one zone only');
      return { InstanceId: elsewhere.InstanceId, DiskId: disk.DiskId };
    },
  },
  {
    action: 'AttachDisk',
    code: 'InstanceExpiredOrInArrears',
    params: async (world) => {
      const { disk, instance } = await availableBeside(world);
      await lock(world, instance.InstanceId, ['financial']);
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId };
    },
  },
  {
    action: 'AttachDisk',
    code: 'DiskInArrears',
    params: async (world) => {
      // A PrePaid instance is paid ahead: only the pay-as-you-go disk is in arrears with the account.
      const disk = await availableDisk(world);
      const InstanceId = await newInstance(world, {
        InstanceChargeType: 'PrePaid',
        Period: '1',
        ZoneId: disk.ZoneId,
      });
      await account(world, { inArrears: true });
      return { InstanceId, DiskId: disk.DiskId };
    },
  },
  {
    action: 'AttachDisk',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const { disk, instance } = await availableBeside(world);
      await world.ok('StartInstance', { InstanceId: instance.InstanceId });
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId };
    },
  },
];

const CREATE: Reach[] = [
  { action: 'CreateDisk', code: 'MissingParameter', params: async (world) => ({ ZoneId: world.zoneId }) },
  {
    action: 'CreateDisk',
    code: 'InvalidRegionId.NotFound',
    params: { RegionId: 'xx-nowhere-1', ZoneId: 'xx-nowhere-1a', Size: '20' },
  },
  { action: 'CreateDisk', code: 'InvalidZoneId.NotFound', params: { ZoneId: 'cn-hangzhou-z', Size: '20' } },
  {
    action: 'CreateDisk',
    code: 'InvalidSnapshotId.NotFound',
    params: async (world) => ({ ZoneId: world.zoneId, SnapshotId: 's-missing' }),
  },
  {
    action: 'CreateDisk',
    code: 'InvalidDiskName.Malformed',
    params: { ZoneId: 'cn-hangzhou-h', Size: '20', DiskName: 'x' },
  },
  {
    action: 'CreateDisk',
    code: 'InvalidDescription.Malformed',
    params: { ZoneId: 'cn-hangzhou-h', Size: '20', Description: 'http://x' },
  },
  {
    action: 'CreateDisk',
    code: 'InvalidSnapshot.TooLarge',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'data');
      await world.ok('ResizeDisk', { DiskId: disk.DiskId, NewSize: '4000' });
      const SnapshotId = await snapshotOf(world, disk.DiskId);
      return { ZoneId: instance.ZoneId, SnapshotId, DiskCategory: 'cloud' };
    },
  },
  {
    action: 'CreateDisk',
    code: 'QuotaExceed.PortableCloudDisk',
    params: async (world) => {
      await account(world, { quotas: { portableDisksPerAccount: 0 } });
      return { ZoneId: world.zoneId, Size: '20' };
    },
  },
  {
    action: 'CreateDisk',
    code: 'InvalidDiskCategory.ValueUnauthorized',
    params: async (world) => {
      const zones = (await world.ok('DescribeZones', {})).Zones as {
        Zone: { ZoneId: string; AvailableDiskCategories: { DiskCategories: string[] } }[];
      };
      const without = zones.Zone.find(
        (zone) => !zone.AvailableDiskCategories.DiskCategories.includes('cloud'),
      );
      if (!without) throw new Error('every zone offers basic cloud disks');
      return { ZoneId: without.ZoneId, Size: '20', DiskCategory: 'cloud' };
    },
  },
  {
    action: 'CreateDisk',
    code: 'InvalidSnapshotId.NotReady',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'data');
      const { SnapshotId } = await world.ok('CreateSnapshot', { DiskId: disk.DiskId });
      return { ZoneId: instance.ZoneId, SnapshotId: String(SnapshotId) };
    },
  },
  {
    action: 'CreateDisk',
    code: 'InvalidSnapshotId.NotDataDiskSnapshot',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'system');
      return { ZoneId: instance.ZoneId, SnapshotId: await snapshotOf(world, disk.DiskId) };
    },
  },
  ...tagRows('CreateDisk', async (world) => ({ ZoneId: world.zoneId, Size: '20' })),
];

const DELETE: Reach[] = [
  {
    action: 'DeleteDisk',
    code: 'IncorrectDiskStatus',
    params: async (world) => ({ DiskId: (await onStopped(world, 'data')).disk.DiskId }),
  },
  {
    action: 'DeleteDisk',
    code: 'DiskTypeViolation',
    params: async (world) => ({ DiskId: (await onStopped(world, 'system')).disk.DiskId }),
  },
  {
    action: 'DeleteDisk',
    code: 'DiskCreatingSnapshot',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'data');
      await world.ok('DetachDisk', { InstanceId: instance.InstanceId, DiskId: disk.DiskId });
      settle(world);
      await world.ok('CreateSnapshot', { DiskId: disk.DiskId });
      return { DiskId: disk.DiskId };
    },
  },
];

const DETACH: Reach[] = [
  {
    action: 'DetachDisk',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: 'i-missing', DiskId: MISSING },
  },
  {
    action: 'DetachDisk',
    code: 'InvalidDiskId.NotFound',
    params: async (world) => ({
      InstanceId: (await instanceIn(world, 'Stopped')).InstanceId,
      DiskId: MISSING,
    }),
  },
  {
    action: 'DetachDisk',
    code: 'IncorrectDiskStatus',
    params: async (world) => {
      const { disk, instance } = await availableBeside(world);
      await world.ok('AttachDisk', { InstanceId: instance.InstanceId, DiskId: disk.DiskId });
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId };
    },
  },
  {
    action: 'DetachDisk',
    code: 'InstanceLockedForSecurity',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'data');
      await lock(world, instance.InstanceId, ['security']);
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId };
    },
  },
  {
    action: 'DetachDisk',
    code: 'DependencyViolation',
    params: async (world) => {
      const { disk, instance } = await availableBeside(world);
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId };
    },
  },
  {
    action: 'DetachDisk',
    code: 'DiskTypeViolation',
    params: async (world) => {
      const { instance, disk } = await onStopped(world, 'system');
      return { InstanceId: instance.InstanceId, DiskId: disk.DiskId };
    },
  },
];

const MODIFY: Reach[] = [
  {
    action: 'ModifyDiskAttribute',
    code: 'InvalidDiskId.NotFound',
    params: { DiskId: MISSING, DiskName: 'data' },
  },
  {
    action: 'ModifyDiskAttribute',
    code: 'InvalidDiskName.Malformed',
    params: { DiskId: MISSING, DiskName: 'x' },
  },
  {
    action: 'ModifyDiskAttribute',
    code: 'InvalidDescription.Malformed',
    params: { DiskId: MISSING, Description: 'http://x' },
  },
  {
    action: 'ModifyDiskAttribute',
    code: 'NoAttributeToModify',
    params: async (world) => ({ DiskId: (await availableDisk(world)).DiskId }),
  },
  {
    action: 'ModifyDiskAttribute',
    code: 'DiskNotPortable',
    params: async (world) => ({
      DiskId: (await onStopped(world, 'system')).disk.DiskId,
      DeleteWithInstance: 'false',
    }),
  },
];

export const reach: Reach[] = [
  ...REINIT,
  ...REPLACE,
  ...RESET,
  ...RESIZE,
  ...DESCRIBE,
  ...ATTACH,
  ...CREATE,
  ...DELETE,
  ...DETACH,
  ...MODIFY,
];

const BEFORE_2013 =
  'every snapshot the simulator holds is dated by its clock (the seed in the recent past, new ones now), never before 2013-07-15';
const NO_MARKET =
  'the simulated image catalog holds system and custom images only, no marketplace image with a product code to subscribe to';

export const unreachable: Unreachable[] = [
  { action: 'ReInitDisk', code: 'InvalidSnapshot.TooOld', reason: BEFORE_2013 },
  { action: 'ResetDisk', code: 'InvalidSnapshot.TooOld', reason: BEFORE_2013 },
  { action: 'CreateDisk', code: 'InvalidSnapshot.TooOld', reason: BEFORE_2013 },
  {
    action: 'ResetDisk',
    code: 'OperationDenied',
    reason:
      'every simulated snapshot is a standard snapshot of its disk, which ResetDisk accepts; none is of a kind ECS will not roll back to',
  },
  {
    action: 'CreateDisk',
    code: 'OperationDenied',
    reason:
      'every finished data-disk snapshot may make a disk here; the kinds ECS refuses (system-disk snapshots aside, which answer NotDataDiskSnapshot) are not simulated',
  },
  {
    action: 'CreateDisk',
    code: 'InstanceDiskCategoryLimitExceed',
    reason:
      'CreateDisk makes a disk on its own, attached to no instance, so no instance total of a category can be exceeded',
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'InstanceLockedForSecurity',
    reason:
      "the reference's security-lock table lists ReplaceSystemDisk as normal logic, so a locked instance is not refused",
  },
  { action: 'ReplaceSystemDisk', code: 'ImageNotSubscribed', reason: NO_MARKET },
  { action: 'ReplaceSystemDisk', code: 'ImageRemovedInMarket', reason: NO_MARKET },
  {
    action: 'ReplaceSystemDisk',
    code: 'OperationDenied',
    reason:
      'documented as an internal error (HTTP 500) of ECS with no condition the simulator could reproduce',
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'InvalidParameter.Conflict',
    reason: 'every simulated image runs on every simulated instance type',
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'IoOptimized.NotSupported',
    reason: 'every simulated image supports I/O optimized instances',
  },
  {
    action: 'ReplaceSystemDisk',
    code: 'ChargeTypeViolation',
    reason:
      'both charge types the simulator creates (PrePaid, PostPaid) may replace a system disk; the reference names none that may not',
  },
  {
    action: 'ResizeDisk',
    code: 'InvalidInstanceId.NotFound',
    reason:
      'the instance of an attached disk always exists in the simulator: deleting an instance detaches or releases its disks',
  },
  {
    action: 'AttachDisk',
    code: 'DiskError',
    reason:
      'a simulated disk has no abnormal state beyond the statuses AttachDisk checks first (IncorrectDiskStatus answers those)',
  },
  {
    action: 'DeleteDisk',
    code: 'DiskNotPortable',
    reason:
      'only system disks are not portable in the simulator, and DeleteDisk answers DiskTypeViolation for them first',
  },
  {
    action: 'DetachDisk',
    code: 'DiskNotPortable',
    reason:
      'only system disks are not portable in the simulator, and DetachDisk answers DiskTypeViolation for them first',
  },
];
