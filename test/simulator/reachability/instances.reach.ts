import type { Reach, ReachWorld, Unreachable } from './reach.js';
import { account, diskOf, instanceIn, lock, newGroup, newInstance, tagRows } from './world-state.js';

/** The instance actions: lookups, power, attributes, deletion and security-group membership. */

const MISSING = 'i-missing';

/** A Stopped instance just started: Starting until the manual clock moves. */
async function starting(world: ReachWorld): Promise<string> {
  const { InstanceId } = await instanceIn(world, 'Stopped');
  await world.ok('StartInstance', { InstanceId });
  return InstanceId;
}

async function locked(world: ReachWorld, status: 'Running' | 'Stopped' = 'Running'): Promise<string> {
  const { InstanceId } = await instanceIn(world, status);
  await lock(world, InstanceId, ['security']);
  return InstanceId;
}

const manyIds = JSON.stringify(Array.from({ length: 101 }, (_, n) => `i-${n}`));

export const reach: Reach[] = [
  {
    action: 'DescribeInstanceAttribute',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: MISSING },
  },
  { action: 'DescribeInstances', code: 'InvalidInstanceIds.Malformed', params: { InstanceIds: manyIds } },
  ...tagRows('DescribeInstances'),

  { action: 'StartInstance', code: 'InvalidInstanceId.NotFound', params: { InstanceId: MISSING } },
  {
    action: 'StartInstance',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: (await instanceIn(world, 'Running')).InstanceId }),
  },
  {
    action: 'StartInstance',
    code: 'InstanceLockedForSecurity',
    params: async (world) => ({ InstanceId: await locked(world, 'Stopped') }),
  },
  {
    action: 'StartInstance',
    code: 'InsufficientBalance',
    params: async (world) => {
      const { InstanceId } = await instanceIn(world, 'Stopped');
      await account(world, { inArrears: true });
      return { InstanceId };
    },
  },
  {
    action: 'StartInstance',
    code: 'DiskError',
    params: async (world) => {
      // The seed's instances have started once, so their system disk can be re-initialized.
      const { InstanceId } = await instanceIn(world, 'Stopped');
      await world.ok('ReInitDisk', { DiskId: (await diskOf(world, InstanceId, 'system')).DiskId });
      return { InstanceId };
    },
  },

  { action: 'StopInstance', code: 'InvalidInstanceId.NotFound', params: { InstanceId: MISSING } },
  {
    action: 'StopInstance',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: (await instanceIn(world, 'Stopped')).InstanceId }),
  },
  {
    action: 'StopInstance',
    code: 'InstanceLockedForSecurity',
    params: async (world) => ({ InstanceId: await locked(world) }),
  },

  { action: 'RebootInstance', code: 'InvalidInstanceId.NotFound', params: { InstanceId: MISSING } },
  {
    action: 'RebootInstance',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: (await instanceIn(world, 'Stopped')).InstanceId }),
  },
  {
    action: 'RebootInstance',
    code: 'InstanceLockedForSecurity',
    params: async (world) => ({ InstanceId: await locked(world) }),
  },

  { action: 'ModifyInstanceAttribute', code: 'InvalidInstanceId.NotFound', params: { InstanceId: MISSING } },
  {
    action: 'ModifyInstanceAttribute',
    code: 'InvalidInstanceName.Malformed',
    params: { InstanceId: MISSING, InstanceName: 'x' },
  },
  {
    action: 'ModifyInstanceAttribute',
    code: 'InvalidDescription.Malformed',
    params: { InstanceId: MISSING, Description: 'http://x' },
  },
  {
    action: 'ModifyInstanceAttribute',
    code: 'InvalidHostPassword.Malformed',
    params: { InstanceId: MISSING, Password: 'short' },
  },
  {
    action: 'ModifyInstanceAttribute',
    code: 'InvalidHostName.Malformed',
    params: { InstanceId: MISSING, HostName: '.bad' },
  },
  {
    action: 'ModifyInstanceAttribute',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: await starting(world), Password: 'Passw0rd!2024' }),
  },
  {
    action: 'ModifyInstanceAttribute',
    code: 'InstanceLockedForSecurity',
    params: async (world) => ({ InstanceId: await locked(world), InstanceName: 'renamed' }),
  },

  { action: 'DeleteInstance', code: 'InvalidInstanceId.NotFound', params: { InstanceId: MISSING } },
  {
    action: 'DeleteInstance',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: (await instanceIn(world, 'Running')).InstanceId }),
  },
  {
    action: 'DeleteInstance',
    code: 'ChargeTypeViolation',
    params: async (world) => ({
      InstanceId: await newInstance(world, { InstanceChargeType: 'PrePaid', Period: '1' }),
    }),
  },

  {
    action: 'JoinSecurityGroup',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: MISSING, SecurityGroupId: 'sg-missing' },
  },
  {
    action: 'JoinSecurityGroup',
    code: 'InvalidSecurityGroupId.NotFound',
    params: async (world) => ({
      InstanceId: (await instanceIn(world, 'Running')).InstanceId,
      SecurityGroupId: 'sg-missing',
    }),
  },
  {
    action: 'JoinSecurityGroup',
    code: 'InstanceSecurityGroupLimitExceeded',
    params: async (world) => {
      const SecurityGroupId = await newGroup(world);
      await account(world, { quotas: { securityGroupsPerInstance: 1 } });
      return { InstanceId: (await instanceIn(world, 'Running')).InstanceId, SecurityGroupId };
    },
  },
  {
    action: 'JoinSecurityGroup',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: await starting(world), SecurityGroupId: await newGroup(world) }),
  },
  {
    action: 'JoinSecurityGroup',
    code: 'InstanceLockedForSecurity',
    params: async (world) => ({ SecurityGroupId: await newGroup(world), InstanceId: await locked(world) }),
  },
  {
    action: 'JoinSecurityGroup',
    code: 'SecurityGroupInstanceLimitExceeded',
    params: async (world) => {
      const SecurityGroupId = await newGroup(world);
      await account(world, { quotas: { instancesPerSecurityGroup: 0 } });
      return { InstanceId: (await instanceIn(world, 'Running')).InstanceId, SecurityGroupId };
    },
  },
  {
    action: 'JoinSecurityGroup',
    code: 'InvalidInstanceId.Mismatch',
    params: async (world) => {
      const SecurityGroupId = String((await world.ok('CreateSecurityGroup', {})).SecurityGroupId);
      return { InstanceId: (await instanceIn(world, 'Running')).InstanceId, SecurityGroupId };
    },
  },
  {
    action: 'JoinSecurityGroup',
    code: 'InvalidInstanceId.AlreadyExists',
    params: async (world) => {
      const instance = await instanceIn(world, 'Running');
      return {
        InstanceId: instance.InstanceId,
        SecurityGroupId: instance.SecurityGroupIds.SecurityGroupId[0]!,
      };
    },
  },

  {
    action: 'LeaveSecurityGroup',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: MISSING, SecurityGroupId: 'sg-missing' },
  },
  {
    action: 'LeaveSecurityGroup',
    code: 'InvalidSecurityGroupId.NotFound',
    params: async (world) => ({
      InstanceId: (await instanceIn(world, 'Running')).InstanceId,
      SecurityGroupId: 'sg-missing',
    }),
  },
  {
    action: 'LeaveSecurityGroup',
    code: 'InstanceLastSecurityGroup',
    params: async (world) => {
      const instance = await instanceIn(world, 'Running');
      return {
        InstanceId: instance.InstanceId,
        SecurityGroupId: instance.SecurityGroupIds.SecurityGroupId[0]!,
      };
    },
  },
  {
    action: 'LeaveSecurityGroup',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const instance = await instanceIn(world, 'Stopped');
      const SecurityGroupId = await newGroup(world);
      await world.ok('JoinSecurityGroup', { InstanceId: instance.InstanceId, SecurityGroupId });
      await world.ok('StartInstance', { InstanceId: instance.InstanceId });
      return { InstanceId: instance.InstanceId, SecurityGroupId };
    },
  },
  {
    action: 'LeaveSecurityGroup',
    code: 'InstanceLockedForSecurity',
    params: async (world) => {
      const instance = await instanceIn(world, 'Running');
      await lock(world, instance.InstanceId, ['security']);
      return {
        InstanceId: instance.InstanceId,
        SecurityGroupId: instance.SecurityGroupIds.SecurityGroupId[0]!,
      };
    },
  },
];

export const unreachable: Unreachable[] = [
  {
    action: 'DeleteInstance',
    code: 'DependencyViolation.SLBConfiguring',
    reason: 'the simulator has no Server Load Balancer, so no instance is ever being configured by one',
  },
  {
    action: 'RebootInstance',
    code: 'DiskError',
    reason:
      'a Running instance never has a disk in an abnormal status here: ReInitDisk needs the instance Stopped, and StartInstance refuses (DiskError) while a disk re-initializes',
  },
];
