import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';
import { account, diskOf, instanceIn, tagRows } from './world-state.js';

/** The automatic snapshot policy actions (today's, camelCase parameters). */

const NOWHERE = 'xx-nowhere-1';
const MISSING_POLICY = 'p-missing';

const schedule = (world: ReachWorld): Params => ({
  regionId: world.regionId,
  timePoints: '["1"]',
  repeatWeekdays: '["1"]',
  retentionDays: '7',
});

async function policy(world: ReachWorld): Promise<string> {
  return String((await world.ok('CreateAutoSnapshotPolicy', schedule(world))).AutoSnapshotPolicyId);
}

async function dataDisk(world: ReachWorld): Promise<string> {
  return (await diskOf(world, (await instanceIn(world, 'Stopped')).InstanceId, 'data')).DiskId;
}

/** Applying a policy once the account is in the given state. */
const applyWhen =
  (settings: Record<string, unknown>) =>
  async (world: ReachWorld): Promise<Params> => {
    const autoSnapshotPolicyId = await policy(world);
    const diskId = await dataDisk(world);
    await account(world, settings);
    return { regionId: world.regionId, autoSnapshotPolicyId, diskIds: JSON.stringify([diskId]) };
  };

const createWhen =
  (settings: Record<string, unknown>) =>
  async (world: ReachWorld): Promise<Params> => {
    await account(world, settings);
    return schedule(world);
  };

export const reach: Reach[] = [
  {
    action: 'ApplyAutoSnapshotPolicy',
    code: 'ParameterInvalid',
    httpStatus: 404,
    params: async (world) => ({
      regionId: world.regionId,
      autoSnapshotPolicyId: MISSING_POLICY,
      diskIds: JSON.stringify([await dataDisk(world)]),
    }),
  },
  {
    action: 'ApplyAutoSnapshotPolicy',
    code: 'ParameterInvalid',
    httpStatus: 403,
    params: { regionId: NOWHERE, autoSnapshotPolicyId: MISSING_POLICY, diskIds: '["d-missing"]' },
  },
  {
    action: 'ApplyAutoSnapshotPolicy',
    code: 'InvalidDiskId.NotFound',
    params: async (world) => ({
      regionId: world.regionId,
      autoSnapshotPolicyId: await policy(world),
      diskIds: '["d-missing"]',
    }),
  },
  {
    action: 'ApplyAutoSnapshotPolicy',
    code: 'InvalidAccountStatus.NotEnoughBalance',
    params: applyWhen({ inArrears: true }),
  },
  {
    action: 'ApplyAutoSnapshotPolicy',
    code: 'InvalidAccountStatus.SnapshotServiceUnavailable',
    params: applyWhen({ snapshotServiceOpened: false }),
  },
  {
    action: 'CancelAutoSnapshotPolicy',
    code: 'ParameterInvalid',
    params: async (world) => ({ regionId: world.regionId, diskIds: '["d-missing"]' }),
  },
  {
    action: 'CreateAutoSnapshotPolicy',
    code: 'ParameterInvalid',
    params: async (world) => ({ ...schedule(world), regionId: NOWHERE }),
  },
  {
    action: 'CreateAutoSnapshotPolicy',
    code: 'AutoSnapshotPolicy.QuotaExceed',
    params: createWhen({ quotas: { autoSnapshotPoliciesPerRegion: 0 } }),
  },
  {
    action: 'CreateAutoSnapshotPolicy',
    code: 'InvalidAccountStatus.NotEnoughBalance',
    params: createWhen({ inArrears: true }),
  },
  {
    action: 'CreateAutoSnapshotPolicy',
    code: 'InvalidAccountStatus.SnapshotServiceUnavailable',
    params: createWhen({ snapshotServiceOpened: false }),
  },
  ...tagRows('CreateAutoSnapshotPolicy', async (world) => schedule(world)),
  {
    action: 'DeleteAutoSnapshotPolicy',
    code: 'ParameterInvalid',
    params: async (world) => ({ regionId: world.regionId, autoSnapshotPolicyId: MISSING_POLICY }),
  },
  { action: 'DescribeAutoSnapshotPolicyEx', code: 'InvalidRegionId.NotFound', params: { RegionId: NOWHERE } },
  ...tagRows('DescribeAutoSnapshotPolicyEx'),
  {
    action: 'ModifyAutoSnapshotPolicyEx',
    code: 'ParameterInvalid',
    httpStatus: 404,
    params: async (world) => ({ regionId: world.regionId, autoSnapshotPolicyId: MISSING_POLICY }),
  },
  {
    action: 'ModifyAutoSnapshotPolicyEx',
    code: 'ParameterInvalid',
    httpStatus: 403,
    params: { regionId: NOWHERE, autoSnapshotPolicyId: MISSING_POLICY },
  },
];

const CATEGORIES =
  'every simulated disk category (cloud, cloud_efficiency, cloud_ssd, cloud_essd) supports snapshots; local disks are not simulated';

export const unreachable: Unreachable[] = [
  { action: 'ApplyAutoSnapshotPolicy', code: 'DiskCategory.OperationNotSupported', reason: CATEGORIES },
  { action: 'ApplyAutoSnapshotPolicy', code: 'PartofDiskCategory.OperationNotSupported', reason: CATEGORIES },
  { action: 'CreateAutoSnapshotPolicy', code: 'DiskCategory.OperationNotSupported', reason: CATEGORIES },
  {
    action: 'DescribeAutoSnapshotPolicyEx',
    code: 'InvalidTag.Mismatch',
    reason:
      'a Tag.N.Value without its Tag.N.Key is refused by the Tag.N rule first (MissingParameter for Tag.N.Key), as on every tagged action',
  },
];
