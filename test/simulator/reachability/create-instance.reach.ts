import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';
import { account, diskOf, instanceIn, instances, settle, snapshots, tagRows } from './world-state.js';

/** CreateInstance's table: parameter rules, the catalog (zones, types, categories), the state and quotas. */

/** What a CreateInstance needs to pass: the seed's image, type, zone and security group. */
async function valid(world: ReachWorld): Promise<Params> {
  const [seed] = await instances(world);
  return {
    ImageId: seed!.ImageId,
    InstanceType: seed!.InstanceType,
    SecurityGroupId: seed!.SecurityGroupIds.SecurityGroupId[0]!,
    ZoneId: seed!.ZoneId,
  };
}

/** Valid parameters with these on top. */
const withValid =
  (extra: Params | ((world: ReachWorld) => Promise<Params>)) =>
  async (world: ReachWorld): Promise<Params> => ({
    ...(await valid(world)),
    ...(typeof extra === 'function' ? await extra(world) : extra),
  });

/** Required parameters that pass the declaration's rules, for the static rows. */
const STATIC: Params = {
  ImageId: 'm-missing',
  InstanceType: 'ecs.g7.large',
  SecurityGroupId: 'sg-missing',
};

interface Zone {
  ZoneId: string;
  AvailableDiskCategories: { DiskCategories: string[] };
  AvailableInstanceTypes: { InstanceTypes: string[] };
}

async function zones(world: ReachWorld): Promise<Zone[]> {
  return ((await world.ok('DescribeZones', {})).Zones as { Zone: Zone[] }).Zone;
}

const create = (code: string, params: Reach['params'], httpStatus?: number): Reach => ({
  action: 'CreateInstance',
  code,
  params,
  ...(httpStatus === undefined ? {} : { httpStatus }),
});

export const reach: Reach[] = [
  create('InvalidRegionId.NotFound', withValid({ RegionId: 'xx-nowhere-1', ZoneId: 'xx-nowhere-1a' })),
  create('InvalidZoneId.NotFound', withValid({ ZoneId: 'cn-hangzhou-z' })),
  create('InvalidInstanceType.ValueNotSupported', withValid({ InstanceType: 'ecs.none.large' })),
  create('InvalidSecurityGroupId.NotFound', withValid({ SecurityGroupId: 'sg-missing' })),
  create('InvalidDescription.Malformed', { ...STATIC, Description: 'http://x' }),
  create('InvalidInternetChargeType.ValueNotSupported', { ...STATIC, InternetChargeType: 'PayByNothing' }),
  create('InvalidHostName.Malformed', { ...STATIC, HostName: '.bad' }),
  create('InvalidPassword.Malformed', { ...STATIC, Password: 'short' }),
  create('InvalidSystemDisk.Category.ValueNotSupported', { ...STATIC, 'SystemDisk.Category': 'tape' }),
  create('InvalidDiskName.Malformed', { ...STATIC, 'SystemDisk.DiskName': 'x' }),
  create('InvalidDiskDescription.Malformed', { ...STATIC, 'SystemDisk.Description': 'http://x' }),
  create('InvalidInstanceName.Malformed', { ...STATIC, InstanceName: 'x' }),
  create('InvalidDataDiskCategory.ValueNotSupported', { ...STATIC, 'DataDisk.1.Category': 'tape' }),
  create('InvalidDataDiskSize.ValueNotSupported', withValid({ 'DataDisk.1.Size': '1' })),
  create('InvalidDataDiskSnapshotId.NotFound', withValid({ 'DataDisk.1.SnapshotId': 's-missing' })),
  create(
    'InvalidDataDevice.Malformed',
    withValid({ 'DataDisk.1.Size': '20', 'DataDisk.1.Device': '/dev/sdb' }),
  ),
  create(
    'InvalidDevice.InUse',
    withValid({
      'DataDisk.1.Size': '20',
      'DataDisk.1.Device': '/dev/xvdb',
      'DataDisk.2.Size': '20',
      'DataDisk.2.Device': '/dev/xvdb',
    }),
  ),
  create('OperationDenied', withValid({ ImageId: 'm-missing' }), 403),
  create(
    'QuotaExceed.AfterpayInstance',
    withValid(async (world) => {
      await account(world, { quotas: { afterpayInstancesPerAccount: 0 } });
      return {};
    }),
  ),
  create(
    'QuotaExceed.PortableCloudDisk',
    withValid(async (world) => {
      await account(world, { quotas: { portableDisksPerAccount: 0 } });
      return { 'DataDisk.1.Size': '20' };
    }),
  ),
  create(
    'SecurityGroupInstanceLimitExceed',
    withValid(async (world) => {
      await account(world, { quotas: { instancesPerSecurityGroup: 0 } });
      return {};
    }),
  ),
  create(
    'InstanceDiskNumLimitExceed',
    withValid(async (world) => {
      await account(world, { quotas: { dataDisksPerInstance: 1 } });
      return { 'DataDisk.1.Size': '20', 'DataDisk.2.Size': '20' };
    }),
  ),
  create(
    'InvalidParameter.Mismatch',
    withValid(async (world) => {
      const zone = (await zones(world)).find((each) =>
        each.AvailableDiskCategories.DiskCategories.includes('cloud'),
      );
      return {
        ZoneId: zone!.ZoneId,
        'SystemDisk.Category': 'cloud',
        'DataDisk.1.Size': '20',
        'DataDisk.1.Category': 'cloud_essd',
      };
    }),
  ),
  create(
    'CategoryNotSupported',
    withValid(async (world) => {
      const zone = (await zones(world)).find(
        (each) => !each.AvailableDiskCategories.DiskCategories.includes('cloud'),
      );
      return { ZoneId: zone!.ZoneId, 'SystemDisk.Category': 'cloud' };
    }),
  ),
  create(
    'InstanceTypeNotSupported',
    withValid(async (world) => {
      const all = await zones(world);
      for (const zone of all)
        for (const other of all) {
          const missing = zone.AvailableInstanceTypes.InstanceTypes.find(
            (type) => !other.AvailableInstanceTypes.InstanceTypes.includes(type),
          );
          if (missing) return { ZoneId: other.ZoneId, InstanceType: missing };
        }
      throw new Error('every zone offers every instance type');
    }),
  ),
  create(
    'InvalidSnapshotId.NotReady',
    withValid(async (world) => {
      const stopped = await instanceIn(world, 'Stopped');
      const { SnapshotId } = await world.ok('CreateSnapshot', {
        DiskId: (await diskOf(world, stopped.InstanceId, 'data')).DiskId,
      });
      return { 'DataDisk.1.SnapshotId': String(SnapshotId) };
    }),
  ),
  create(
    'InvalidSnapshotId.NotDataDiskSnapshot',
    withValid(async (world) => {
      const system = (await snapshots(world)).find(
        (snapshot) => snapshot.SourceDiskType.toLowerCase() === 'system',
      );
      settle(world);
      return { 'DataDisk.1.SnapshotId': system!.SnapshotId };
    }),
  ),
  create(
    'RegionUnauthorized',
    withValid(async (world) => {
      await account(world, { denied: { regions: [world.regionId] } });
      return {};
    }),
  ),
  create(
    'InvalidInstanceType.ValueUnauthorized',
    withValid(async (world) => {
      const { InstanceType } = await valid(world);
      await account(world, { denied: { instanceTypes: [InstanceType!] } });
      return {};
    }),
  ),
  create(
    'InvalidSystemDisk.Category.ValueUnauthorized',
    withValid(async (world) => {
      await account(world, { denied: { diskCategories: ['cloud_essd'] } });
      return { 'SystemDisk.Category': 'cloud_essd' };
    }),
  ),
  ...tagRows('CreateInstance', valid),
];

const row = (code: string, reason: string, httpStatus?: number): Unreachable =>
  ({
    action: 'CreateInstance',
    code,
    reason,
    ...(httpStatus === undefined ? {} : { httpStatus }),
  }) as Unreachable;

const NO_MARKET =
  'the simulated image catalog holds system and custom images only, no marketplace image with a product code to subscribe to';
const IO_OPTIMIZED = 'every simulated image, instance type and zone supports I/O optimized instances';

export const unreachable: Unreachable[] = [
  row(
    'InvalidInstanceDescription.Malformed',
    'the Description rule answers InvalidDescription.Malformed, the other row of the table for the same parameter',
  ),
  row(
    'OperationDenied',
    'the simulator has no VLANs (VlanId) and no clusters; its other OperationDenied causes answer 403',
    400,
  ),
  row(
    'OperationDenied',
    'a missing or unavailable image is answered with the 403 row of the same message; nothing tells the two apart',
    404,
  ),
  row(
    'InvalidParameter.Conflict',
    'every simulated image runs on every simulated instance type, and there are no clusters to mismatch a region',
  ),
  row(
    'InvalidSnapshotId.BasedSnapshotTooOld',
    'every snapshot the simulator holds is dated by its clock (the seed in the recent past, new ones now), never before 2013-07-15',
  ),
  row('ImageNotSubscribed', NO_MARKET),
  row('ImageRemovedInMarket', NO_MARKET),
  row(
    'InstanceDiskCategoryLimitExceed',
    'the simulator limits the size of each disk (InvalidDataDiskSize.ValueNotSupported), not the total of a category on an instance',
    403,
  ),
  row(
    'InstanceDiskCategoryLimitExceed',
    'the simulator limits the size of each disk (InvalidDataDiskSize.ValueNotSupported), not the total of a category on an instance',
    400,
  ),
  row('InvalidClusterId.NotFound', 'the simulator takes no ClusterId: clusters are not simulated'),
  row(
    'InvalidDiskCategory.Mismatch',
    'the simulated zones offer cloud categories only, and the one combination the reference forbids answers InvalidParameter.Mismatch',
  ),
  row(
    'DeleteWithInstance.Conflict',
    'every data disk CreateInstance makes is portable, so DeleteWithInstance may always be set',
  ),
  row('IoOptimized.NotSupported', IO_OPTIMIZED),
  row('DependencyViolation.Image', IO_OPTIMIZED),
  row(
    'InvalidDiskCategory.NotSupported',
    'every simulated disk category attaches to every simulated instance type',
  ),
];
