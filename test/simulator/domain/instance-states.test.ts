import { describe, expect, it } from 'vitest';
import { CreateInstance } from '../../../src/spec/actions/create-instance.js';
import { CreateSnapshot } from '../../../src/spec/actions/create-snapshot.js';
import {
  DescribeInstanceAttribute,
  DescribeInstanceStatus,
  DescribeInstances,
} from '../../../src/spec/actions/instance-reads.js';
import {
  DeleteInstance,
  JoinSecurityGroup,
  ModifyInstanceAttribute,
  RebootInstance,
  StartInstance,
  StopInstance,
} from '../../../src/spec/actions/instance-writes.js';
import { DeleteSecurityGroup } from '../../../src/spec/actions/security-groups.js';
import {
  ACCOUNT,
  call,
  type Domain,
  expectFailure,
  REGION,
  securityGroupIds,
  testDomain,
} from './helpers.js';

/** Pending after CreateInstance, Deleted after DeleteInstance: what each read shows at each step. */

function create(domain: Domain, groupId = securityGroupIds(domain)[0]!): string {
  return call(domain, CreateInstance, {
    RegionId: REGION,
    ZoneId: 'cn-hangzhou-h',
    ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
    InstanceType: 'ecs.g7.large',
    SecurityGroupId: groupId,
  }).InstanceId!;
}

/** The instance's status as each of the three reads reports it (undefined where it is not listed). */
function seen(domain: Domain, instanceId: string) {
  const listed = call(domain, DescribeInstances, { RegionId: REGION, InstanceIds: [instanceId] }).Instances;
  const statuses = call(domain, DescribeInstanceStatus, { RegionId: REGION, PageSize: 50 }).InstanceStatuses;
  return {
    describeInstances: listed[0]?.Status,
    describeInstanceStatus: statuses.find((item) => item.InstanceId === instanceId)?.Status,
    attribute: call(domain, DescribeInstanceAttribute, { InstanceId: instanceId }).Status,
  };
}

const everywhere = (status: string) => ({
  describeInstances: status,
  describeInstanceStatus: status,
  attribute: status,
});

describe('Pending after CreateInstance', () => {
  it('reads Pending until the creation time has passed, then Stopped', () => {
    const domain = testDomain();
    const id = create(domain);
    const { instanceCreate } = domain.clock.durations;
    expect(instanceCreate).toBe(10_000);
    expect(seen(domain, id)).toEqual(everywhere('Pending'));
    domain.advance(instanceCreate - 1);
    expect(seen(domain, id)).toEqual(everywhere('Pending'));
    domain.advance(1);
    expect(seen(domain, id)).toEqual(everywhere('Stopped'));
  });

  it('filters by Status=Pending', () => {
    const domain = testDomain();
    const id = create(domain);
    const pending = () =>
      call(domain, DescribeInstances, { RegionId: REGION, Status: 'Pending' }).Instances.map(
        (instance) => instance.InstanceId,
      );
    expect(pending()).toEqual([id]);
    domain.advance(domain.clock.durations.instanceCreate);
    expect(pending()).toEqual([]);
  });

  it('refuses StartInstance with InstanceNotReady and the other status checks with IncorrectInstanceStatus', () => {
    const domain = testDomain();
    const id = create(domain);
    const other = securityGroupIds(domain)[1]!;
    expectFailure(() => call(domain, StartInstance, { InstanceId: id }), 'InstanceNotReady', 403);
    expectFailure(() => call(domain, StopInstance, { InstanceId: id }), 'IncorrectInstanceStatus', 403);
    expectFailure(() => call(domain, RebootInstance, { InstanceId: id }), 'IncorrectInstanceStatus', 403);
    expectFailure(() => call(domain, DeleteInstance, { InstanceId: id }), 'IncorrectInstanceStatus', 403);
    expectFailure(
      () => call(domain, JoinSecurityGroup, { InstanceId: id, SecurityGroupId: other }),
      'IncorrectInstanceStatus',
      403,
    );
    const region = domain.store.account(ACCOUNT).regions.get(REGION)!;
    const systemDisk = [...region.disks.values()].find((disk) => disk.attachment?.instanceId === id)!;
    expectFailure(
      () => call(domain, CreateSnapshot, { DiskId: systemDisk.diskId }),
      'IncorrectInstanceStatus',
      400,
    );
    // Nothing moved: still Pending, then Stopped and startable.
    expect(seen(domain, id)).toEqual(everywhere('Pending'));
    domain.advance(domain.clock.durations.instanceCreate);
    call(domain, StartInstance, { InstanceId: id });
    expect(seen(domain, id)).toEqual(everywhere('Starting'));
  });

  it('is Stopped at once in immediate mode', () => {
    const domain = testDomain({ clock: 'immediate' });
    const id = create(domain);
    expect(seen(domain, id)).toEqual(everywhere('Stopped'));
  });
});

describe('Deleted after DeleteInstance', () => {
  function deleted(domain: Domain) {
    const groupId = securityGroupIds(domain)[1]!;
    const id = create(domain, groupId);
    domain.advance(domain.clock.durations.instanceCreate);
    call(domain, DeleteInstance, { InstanceId: id });
    return { id, groupId };
  }

  it('reads Deleted for instanceDeleted ms, then is gone (InvalidInstanceId.NotFound)', () => {
    const domain = testDomain();
    const { id } = deleted(domain);
    const { instanceDeleted } = domain.clock.durations;
    expect(instanceDeleted).toBe(60_000);
    expect(seen(domain, id)).toEqual(everywhere('Deleted'));
    domain.advance(instanceDeleted - 1);
    expect(seen(domain, id)).toEqual(everywhere('Deleted'));
    domain.advance(1);
    expect(call(domain, DescribeInstances, { RegionId: REGION, InstanceIds: [id] }).Instances).toEqual([]);
    expectFailure(
      () => call(domain, DescribeInstanceAttribute, { InstanceId: id }),
      'InvalidInstanceId.NotFound',
      404,
    );
  });

  it('answers IncorrectInstanceStatus while Deleted, and changes nothing', () => {
    const domain = testDomain();
    const { id } = deleted(domain);
    expectFailure(() => call(domain, StartInstance, { InstanceId: id }), 'IncorrectInstanceStatus', 403);
    expectFailure(() => call(domain, DeleteInstance, { InstanceId: id }), 'IncorrectInstanceStatus', 403);
    expectFailure(
      () => call(domain, ModifyInstanceAttribute, { InstanceId: id, Password: 'Abcdefg1!x' }),
      'IncorrectInstanceStatus',
      403,
    );
    expectFailure(
      () => call(domain, ModifyInstanceAttribute, { InstanceId: id, InstanceName: 'renamed' }),
      'IncorrectInstanceStatus',
      403,
    );
    expect(call(domain, DescribeInstanceAttribute, { InstanceId: id }).InstanceName).toBe(id);
  });

  it('no longer holds its security group: the group can be deleted while the instance reads Deleted', () => {
    const domain = testDomain();
    const { id, groupId } = deleted(domain);
    call(domain, DeleteSecurityGroup, { RegionId: REGION, SecurityGroupId: groupId });
    expect(seen(domain, id)).toEqual(everywhere('Deleted'));
  });

  it('is gone at once in immediate mode', () => {
    const domain = testDomain({ clock: 'immediate' });
    const id = create(domain);
    call(domain, DeleteInstance, { InstanceId: id });
    expect(call(domain, DescribeInstances, { RegionId: REGION, InstanceIds: [id] }).TotalCount).toBe(0);
  });
});
