import { describe, expect, it } from 'vitest';
import {
  actionCalls,
  type Estate,
  mutate,
  read,
  refusal,
  type SimulatedGateway,
  useSimulatedEstate,
} from './mutations-harness.js';

let h: SimulatedGateway;
let world: Estate;

useSimulatedEstate((next) => ({ h, world } = next));

const status = async (id: string) => (await read(h, 'instance', id, 'status'))?.status;

describe('power mutations', () => {
  it('stopInstance: the payload shows Stopping, the read graph Stopped once the stop time has passed', async () => {
    const { id } = world.running;
    const result = await mutate(
      h,
      'stopInstance',
      { instanceId: id, forceStop: true },
      'instance { id status }',
    );
    expect(result).toEqual({
      __typename: 'StopInstancePayload',
      requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      instance: { id, status: 'STOPPING' },
    });
    h.simulator.advance(2_999);
    expect(await status(id)).toBe('STOPPING');
    h.simulator.advance(1);
    expect(await status(id)).toBe('STOPPED');
  });

  it('a payload read after stopInstance is fresh even when the operation read the instance before it', async () => {
    const { id } = world.running;
    h.calls.length = 0;
    const response = await h.run(
      `mutation ReadThenStop($id: ID!) {
        before: modifyInstanceAttribute(input: { instanceId: $id, description: "maintenance" }) {
          ... on ModifyInstanceAttributePayload { instance { status description } }
        }
        stop: stopInstance(input: { instanceId: $id, forceStop: true }) {
          ... on StopInstancePayload { instance { status description } }
        }
      }`,
      { id },
    );
    expect(response).toEqual({
      data: {
        before: { instance: { status: 'RUNNING', description: 'maintenance' } },
        stop: { instance: { status: 'STOPPING', description: 'maintenance' } },
      },
    });
    expect(h.calls.map((call) => call.action)).toEqual([
      'ModifyInstanceAttribute',
      'DescribeInstances',
      'StopInstance',
      'DescribeInstances',
    ]);
  });

  it('stopInstance of a Stopped instance is EcsIncorrectStateError IncorrectInstanceStatus', async () => {
    const result = await mutate(h, 'stopInstance', { instanceId: world.stopped.id });
    expect(result).toEqual(refusal('EcsIncorrectStateError', 'IncorrectInstanceStatus', 403));
  });

  it('startInstance: Starting, then Running', async () => {
    const { id } = world.stopped;
    const result = await mutate(h, 'startInstance', { instanceId: id }, 'instance { status }');
    expect(result).toMatchObject({ __typename: 'StartInstancePayload', instance: { status: 'STARTING' } });
    h.simulator.advance(3_000);
    expect(await status(id)).toBe('RUNNING');
  });

  it('startInstance of a Running instance is EcsIncorrectStateError IncorrectInstanceStatus', async () => {
    const result = await mutate(h, 'startInstance', { instanceId: world.running.id });
    expect(result).toEqual(refusal('EcsIncorrectStateError', 'IncorrectInstanceStatus', 403));
  });

  it('rebootInstance: Stopping, then Starting, then Running again', async () => {
    const { id } = world.running;
    const result = await mutate(
      h,
      'rebootInstance',
      { instanceId: id, forceStop: false },
      'instance { status }',
    );
    expect(result).toMatchObject({ __typename: 'RebootInstancePayload', instance: { status: 'STOPPING' } });
    h.simulator.advance(3_000);
    expect(await status(id)).toBe('STARTING');
    h.simulator.advance(3_000);
    expect(await status(id)).toBe('RUNNING');
  });

  it('rebootInstance of an unknown instance is EcsNotFoundError InvalidInstanceId.NotFound', async () => {
    const result = await mutate(h, 'rebootInstance', { instanceId: 'i-bp1doesnotexist' });
    expect(result).toEqual(refusal('EcsNotFoundError', 'InvalidInstanceId.NotFound', 404));
  });
});

describe('modifyInstanceAttribute', () => {
  it('changes only the given attributes; the payload and the read graph show them', async () => {
    const { id } = world.stopped;
    const before = await read(h, 'instance', id, 'hostName');
    const result = await mutate(
      h,
      'modifyInstanceAttribute',
      { instanceId: id, instanceName: 'web-renamed', description: 'Serves the shop' },
      'instance { name description hostName }',
    );
    expect(result).toMatchObject({
      instance: { name: 'web-renamed', description: 'Serves the shop', hostName: before?.hostName },
    });
    expect(await read(h, 'instance', id, 'name')).toEqual({ name: 'web-renamed' });
  });

  it('refuses a name against the rule before any ECS call, naming the input field', async () => {
    h.simulator.stats.reset();
    const result = await mutate(h, 'modifyInstanceAttribute', {
      instanceId: world.stopped.id,
      instanceName: 'http://web',
      description: 'x',
    });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.instanceName',
      rule: 'must not start with http:// or https://',
      code: 'InvalidInstanceName.Malformed',
      problems: [
        { field: 'input.instanceName', code: 'InvalidInstanceName.Malformed' },
        { field: 'input.description', rule: 'at least 2 characters', code: 'InvalidDescription.Malformed' },
      ],
    });
    expect(h.simulator.stats.snapshot().total).toBe(0);
  });

  it('of an unknown instance is EcsNotFoundError', async () => {
    const result = await mutate(h, 'modifyInstanceAttribute', {
      instanceId: 'i-bp1nothere',
      hostName: 'web-1',
    });
    expect(result).toEqual(refusal('EcsNotFoundError', 'InvalidInstanceId.NotFound', 404));
  });
});

describe('createInstance and deleteInstance', () => {
  it('creates an instance with its tags, in the configured region by default: Pending, then Stopped', async () => {
    const result = await mutate(
      h,
      'createInstance',
      {
        zoneId: world.stopped.zoneId,
        imageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
        instanceType: 'ecs.g7.large',
        securityGroupId: world.stopped.securityGroupIds[0],
        instanceName: 'batch-7',
        tags: [{ key: 'team', value: 'data' }],
      },
      'instance { id regionId zoneId name status tags { key value } }',
    );
    expect(result).toMatchObject({
      __typename: 'CreateInstancePayload',
      instance: {
        regionId: 'cn-hangzhou',
        zoneId: world.stopped.zoneId,
        name: 'batch-7',
        status: 'PENDING',
        tags: [{ key: 'team', value: 'data' }],
      },
    });
    const { id } = result.instance as { id: string };
    // The simulator's instances are Pending for 10 s after creation.
    h.simulator.advance(10_000);
    expect(await read(h, 'instance', id, 'id status')).toEqual({ id, status: 'STOPPED' });
  });

  it('createInstance in an unknown security group is EcsNotFoundError', async () => {
    const result = await mutate(h, 'createInstance', {
      imageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
      instanceType: 'ecs.g7.large',
      securityGroupId: 'sg-bp1nothere',
    });
    expect(result).toEqual(refusal('EcsNotFoundError', 'InvalidSecurityGroupId.NotFound', 404));
  });

  it('deleteInstance releases a Stopped instance: Deleted for a minute, then the read graph no longer has it', async () => {
    const { id } = world.stopped;
    const result = await mutate(h, 'deleteInstance', { instanceId: id }, 'instanceId');
    expect(result).toMatchObject({ __typename: 'DeleteInstancePayload', instanceId: id });
    expect(await read(h, 'instance', id, 'id status')).toEqual({ id, status: 'DELETED' });
    h.simulator.advance(60_000);
    expect(await read(h, 'instance', id, 'id')).toBeNull();
  });

  it('deleteInstance of a Running instance is EcsIncorrectStateError and deletes nothing', async () => {
    const result = await mutate(h, 'deleteInstance', { instanceId: world.running.id });
    expect(result).toEqual(refusal('EcsIncorrectStateError', 'IncorrectInstanceStatus', 403));
    expect(await status(world.running.id)).toBe('RUNNING');
  });
});

describe('security groups', () => {
  it('joinSecurityGroup, then leaveSecurityGroup: the payload lists the groups after each', async () => {
    const { id, securityGroupIds } = world.stopped;
    const other = world.securityGroupIds.find((group) => !securityGroupIds.includes(group));
    expect(other).toBeDefined();
    const joined = await mutate(
      h,
      'joinSecurityGroup',
      { instanceId: id, securityGroupId: other },
      'instance { securityGroupIds }',
    );
    expect(joined).toMatchObject({ instance: { securityGroupIds: [...securityGroupIds, other] } });
    const left = await mutate(
      h,
      'leaveSecurityGroup',
      { instanceId: id, securityGroupId: other },
      'instance { securityGroupIds }',
    );
    expect(left).toMatchObject({ instance: { securityGroupIds } });
  });

  it('joining a group twice is EcsBusinessError InvalidInstanceId.AlreadyExists', async () => {
    const { id, securityGroupIds } = world.stopped;
    const result = await mutate(h, 'joinSecurityGroup', {
      instanceId: id,
      securityGroupId: securityGroupIds[0],
    });
    expect(result).toEqual(refusal('EcsBusinessError', 'InvalidInstanceId.AlreadyExists', 403));
  });

  it('leaving the last group is EcsBusinessError InstanceLastSecurityGroup', async () => {
    const { id, securityGroupIds } = world.stopped;
    const result = await mutate(h, 'leaveSecurityGroup', {
      instanceId: id,
      securityGroupId: securityGroupIds[0],
    });
    expect(result).toEqual(refusal('EcsBusinessError', 'InstanceLastSecurityGroup', 403));
    expect(actionCalls(h.simulator).LeaveSecurityGroup).toBe(1);
  });
});
