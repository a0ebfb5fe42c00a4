import type { Params, Reach, ReachWorld, Unreachable } from './reach.js';

/** The management terminal (VNC) actions: every documented row is produced over the wire. */

/** A seeded instance that is Running, stopped now: Stopping until the manual clock moves. */
async function stoppingInstance(world: ReachWorld): Promise<string> {
  const body = await world.ok('DescribeInstances', {});
  const instances = (body.Instances as { Instance: { InstanceId: string; Status: string }[] }).Instance;
  const running = instances.find((instance) => instance.Status === 'Running');
  if (!running) throw new Error('the seed has no Running instance');
  await world.ok('StopInstance', { InstanceId: running.InstanceId });
  return running.InstanceId;
}

const NOWHERE: Params = { RegionId: 'xx-nowhere-1', InstanceId: 'i-anything' };
export const reach: Reach[] = [
  { action: 'DescribeInstanceVncUrl', code: 'InvalidRegionId.NotFound', params: NOWHERE },
  { action: 'DescribeInstanceVncUrl', code: 'MissingParameter', params: {} },
  {
    action: 'DescribeInstanceVncUrl',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: 'i-missing' },
  },
  {
    action: 'DescribeInstanceVncUrl',
    code: 'IncorrectInstanceStatus',
    params: async (world) => ({ InstanceId: await stoppingInstance(world) }),
  },
  {
    action: 'ModifyInstanceVncPasswd',
    code: 'InvalidRegionId.NotFound',
    params: { ...NOWHERE, VncPassword: 'Ab12cd' },
  },
  { action: 'ModifyInstanceVncPasswd', code: 'MissingParameter', params: { VncPassword: 'Ab12cd' } },
  {
    action: 'ModifyInstanceVncPasswd',
    code: 'InvalidInstanceId.NotFound',
    params: { InstanceId: 'i-missing', VncPassword: 'Ab12cd' },
  },
  {
    action: 'ModifyInstanceVncPasswd',
    code: 'IncorrectInstanceState',
    params: async (world) => ({ InstanceId: await stoppingInstance(world), VncPassword: 'Ab12cd' }),
  },
  {
    action: 'ModifyInstanceVncPasswd',
    code: 'IncorrectVncPassword.Malformed',
    params: async (world) => ({ InstanceId: (await world.seeded()).instanceIds[0]!, VncPassword: 'ab-12!' }),
  },
];

export const unreachable: Unreachable[] = [];
