import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';

/**
 * The codes an instance's documented life cycle makes reachable: Pending for 10 s after
 * CreateInstance ("being created": InstanceNotReady for StartInstance, the status
 * checks of the others), Deleted for 60 s after DeleteInstance.
 */

const CREATE_MS = 10_000;

interface Instance {
  readonly InstanceId: string;
  readonly ImageId: string;
  readonly InstanceType: string;
  readonly ZoneId: string;
  readonly SecurityGroupIds: { readonly SecurityGroupId: string[] };
}

async function seededModel(world: ReachWorld): Promise<Instance> {
  const listed = (await world.ok('DescribeInstances', { PageSize: '1' })).Instances as {
    Instance: Instance[];
  };
  return listed.Instance[0]!;
}

/** A new instance like the first seeded one (its zone, type, image and group); Pending when returned. */
async function pending(world: ReachWorld): Promise<{ instanceId: string; model: Instance }> {
  const model = await seededModel(world);
  const { InstanceId } = await world.ok('CreateInstance', {
    ZoneId: model.ZoneId,
    ImageId: model.ImageId,
    InstanceType: model.InstanceType,
    SecurityGroupId: model.SecurityGroupIds.SecurityGroupId[0]!,
  });
  return { instanceId: String(InstanceId), model };
}

/** An instance released a moment ago: it reads Deleted. */
async function deleted(world: ReachWorld): Promise<string> {
  const { instanceId } = await pending(world);
  world.advance(CREATE_MS);
  await world.ok('DeleteInstance', { InstanceId: instanceId });
  return instanceId;
}

/** The system disk of a Pending instance. */
async function pendingSystemDisk(world: ReachWorld): Promise<{ instanceId: string; diskId: string }> {
  const { instanceId } = await pending(world);
  const disks = (await world.ok('DescribeDisks', { InstanceId: instanceId, DiskType: 'system' })).Disks as {
    Disk: { DiskId: string }[];
  };
  return { instanceId, diskId: disks.Disk[0]!.DiskId };
}

/** The final call names a Pending instance. */
async function onPending(world: ReachWorld): Promise<Params> {
  return { InstanceId: (await pending(world)).instanceId };
}

export const reach: Reach[] = [
  { action: 'StartInstance', code: 'InstanceNotReady', params: onPending },
  {
    action: 'StartInstance',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: await deleted(world) }),
  },
  { action: 'StopInstance', code: 'IncorrectInstanceStatus', params: onPending },
  { action: 'RebootInstance', code: 'IncorrectInstanceStatus', params: onPending },
  { action: 'DeleteInstance', code: 'IncorrectInstanceStatus', params: onPending },
  {
    action: 'ModifyInstanceAttribute',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: await deleted(world), InstanceName: 'renamed' }),
  },
  {
    action: 'JoinSecurityGroup',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const { instanceId } = await pending(world);
      const { SecurityGroupId } = await world.ok('CreateSecurityGroup', {});
      return { InstanceId: instanceId, SecurityGroupId: String(SecurityGroupId) };
    },
  },
  {
    action: 'LeaveSecurityGroup',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const { instanceId, model } = await pending(world);
      return {
        InstanceId: instanceId,
        SecurityGroupId: model.SecurityGroupIds.SecurityGroupId[0]!,
      };
    },
  },
  {
    action: 'CreateSnapshot',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ DiskId: (await pendingSystemDisk(world)).diskId }),
  },
  {
    action: 'ReInitDisk',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ DiskId: (await pendingSystemDisk(world)).diskId }),
  },
  {
    action: 'AttachDisk',
    code: 'IncorrectInstanceStatus',
    params: async (world) => {
      const { ZoneId } = await seededModel(world);
      const { DiskId } = await world.ok('CreateDisk', { ZoneId, Size: '20' });
      // Creating -> Available in 2 s; the instance made next is still Pending.
      world.advance(2_000);
      const { instanceId } = await pending(world);
      return { InstanceId: instanceId, DiskId: String(DiskId) };
    },
  },
];

export const unreachable: Unreachable[] = [];
