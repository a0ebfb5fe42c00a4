import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/simulator/backend.js';
import { CreateInstance } from '../../../src/spec/actions/create-instance.js';
import { CreateSnapshot } from '../../../src/spec/actions/create-snapshot.js';
import { ReInitDisk, ReplaceSystemDisk, ResetDisk } from '../../../src/spec/actions/disk-contents.js';
import { DescribeDisks } from '../../../src/spec/actions/disk-reads.js';
import { AttachDisk, CreateDisk, DetachDisk } from '../../../src/spec/actions/disk-writes.js';
import { DescribeInstanceAttribute, DescribeInstances } from '../../../src/spec/actions/instance-reads.js';
import {
  DeleteInstance,
  JoinSecurityGroup,
  LeaveSecurityGroup,
  ModifyInstanceAttribute,
  RebootInstance,
  StartInstance,
  StopInstance,
} from '../../../src/spec/actions/instance-writes.js';
import { DeleteSnapshot, DescribeSnapshots } from '../../../src/spec/actions/snapshots.js';
import {
  ACCOUNT,
  call,
  type Domain,
  expectFailure,
  launch,
  REGION,
  securityGroupIds,
  testDomain,
} from './helpers.js';

function status(domain: Domain, instanceId: string) {
  return call(domain, DescribeInstanceAttribute, { InstanceId: instanceId }).Status;
}

describe('instance state machine', () => {
  it('creates Stopped, starts through Starting to Running in 3 s', () => {
    const domain = testDomain();
    const { instanceId } = launch(domain, { running: false });
    expect(status(domain, instanceId)).toBe('Stopped');
    call(domain, StartInstance, { InstanceId: instanceId });
    expect(status(domain, instanceId)).toBe('Starting');
    domain.advance(2999);
    expect(status(domain, instanceId)).toBe('Starting');
    domain.advance(1);
    expect(status(domain, instanceId)).toBe('Running');
  });

  it('stops through Stopping, and reboots through Stopping and Starting', () => {
    const domain = testDomain();
    const { instanceId } = launch(domain);
    call(domain, StopInstance, { InstanceId: instanceId });
    expect(status(domain, instanceId)).toBe('Stopping');
    domain.advance(3000);
    expect(status(domain, instanceId)).toBe('Stopped');
    call(domain, StartInstance, { InstanceId: instanceId });
    domain.advance(3000);
    call(domain, RebootInstance, { InstanceId: instanceId });
    expect(status(domain, instanceId)).toBe('Stopping');
    domain.advance(3000);
    expect(status(domain, instanceId)).toBe('Starting');
    domain.advance(3000);
    expect(status(domain, instanceId)).toBe('Running');
  });

  it('completes transitions at once in immediate mode', () => {
    const domain = testDomain({ clock: 'immediate' });
    const { instanceId } = launch(domain, { running: false });
    call(domain, StartInstance, { InstanceId: instanceId });
    expect(status(domain, instanceId)).toBe('Running');
  });

  it('starts only from Stopped, stops and reboots only from Running', () => {
    const domain = testDomain();
    const { instanceId } = launch(domain, { running: false });
    expectFailure(
      () => call(domain, StopInstance, { InstanceId: instanceId }),
      'IncorrectInstanceStatus',
      403,
    );
    expectFailure(
      () => call(domain, RebootInstance, { InstanceId: instanceId }),
      'IncorrectInstanceStatus',
      403,
    );
    call(domain, StartInstance, { InstanceId: instanceId });
    expectFailure(
      () => call(domain, StartInstance, { InstanceId: instanceId }),
      'IncorrectInstanceStatus',
      403,
    );
    expectFailure(
      () => call(domain, StopInstance, { InstanceId: instanceId }),
      'IncorrectInstanceStatus',
      403,
    );
    expect(status(domain, instanceId)).toBe('Starting');
  });

  it('answers InvalidInstanceId.NotFound (404) for an unknown instance', () => {
    const domain = testDomain();
    for (const action of [
      StartInstance,
      StopInstance,
      RebootInstance,
      DescribeInstanceAttribute,
      DeleteInstance,
    ])
      expectFailure(
        () => call(domain, action, { InstanceId: 'i-missing' }),
        'InvalidInstanceId.NotFound',
        404,
      );
  });
});

describe('CreateInstance', () => {
  it('makes an instance with its system and data disks In_use, in the zone asked for', () => {
    const domain = testDomain();
    const { instanceId, systemDiskId, dataDiskId } = launch(domain, {
      running: false,
      zoneId: 'cn-hangzhou-j',
    });
    expect(instanceId).toMatch(/^i-bp1[a-z0-9]{17}$/);
    const attribute = call(domain, DescribeInstanceAttribute, { InstanceId: instanceId });
    expect(attribute).toMatchObject({
      ZoneId: 'cn-hangzhou-j',
      InstanceType: 'ecs.g7.large',
      Cpu: 2,
      Memory: 8192,
    });
    const disks = call(domain, DescribeDisks, { RegionId: REGION, InstanceId: instanceId }).Disks;
    const rows = disks.map((disk) => [disk.DiskId, disk.Type, disk.Status, disk.Device]);
    expect(rows.sort((a, b) => String(a[3]).localeCompare(String(b[3])))).toEqual([
      [systemDiskId, 'system', 'In_use', '/dev/xvda'],
      [dataDiskId, 'data', 'In_use', '/dev/xvdb'],
    ]);
  });

  it('refuses unknown types, groups, zones and images with their documented codes', () => {
    const domain = testDomain();
    const base = {
      RegionId: REGION,
      ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
      InstanceType: 'ecs.g7.large',
      SecurityGroupId: securityGroupIds(domain)[0]!,
    };
    expectFailure(
      () => call(domain, CreateInstance, { ...base, InstanceType: 'ecs.x9.huge' }),
      'InvalidInstanceType.ValueNotSupported',
      400,
    );
    expectFailure(
      () => call(domain, CreateInstance, { ...base, SecurityGroupId: 'sg-none' }),
      'InvalidSecurityGroupId.NotFound',
      404,
    );
    expectFailure(
      () => call(domain, CreateInstance, { ...base, ZoneId: 'cn-hangzhou-z' }),
      'InvalidZoneId.NotFound',
      404,
    );
    expectFailure(() => call(domain, CreateInstance, { ...base, ImageId: 'm-none' }), 'OperationDenied', 403);
    expectFailure(
      () => call(domain, CreateInstance, { ...base, RegionId: 'xx-nowhere' }),
      'InvalidRegionId.NotFound',
      404,
    );
    expectFailure(
      () => call(domain, CreateInstance, { ...base, ZoneId: 'cn-hangzhou-j', InstanceType: 'ecs.t1.small' }),
      'InstanceTypeNotSupported',
      403,
    );
    expect(call(domain, DescribeInstances, { RegionId: REGION }).TotalCount).toBe(0);
  });

  it('acts once for a repeated ClientToken and refuses the token with other parameters', () => {
    const domain = testDomain();
    const input = {
      RegionId: REGION,
      ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
      InstanceType: 'ecs.g7.large',
      SecurityGroupId: securityGroupIds(domain)[0]!,
      ClientToken: 'create-web-01',
    };
    const first = call(domain, CreateInstance, input);
    expect(call(domain, CreateInstance, input)).toEqual(first);
    expect(call(domain, DescribeInstances, { RegionId: REGION }).TotalCount).toBe(1);
    expectFailure(
      () => call(domain, CreateInstance, { ...input, InstanceType: 'ecs.c7.large' }),
      'IdempotentParameterMismatch',
      400,
    );
    expect(call(domain, DescribeInstances, { RegionId: REGION }).TotalCount).toBe(1);
  });
});

describe('ModifyInstanceAttribute', () => {
  it('changes what is given, keeps the rest, and refuses a password while the instance is Starting', () => {
    const domain = testDomain();
    const { instanceId } = launch(domain, { running: false });
    const before = call(domain, DescribeInstanceAttribute, { InstanceId: instanceId });
    call(domain, ModifyInstanceAttribute, {
      InstanceId: instanceId,
      InstanceName: 'web-1',
      HostName: 'web1',
    });
    expect(call(domain, DescribeInstanceAttribute, { InstanceId: instanceId })).toMatchObject({
      InstanceName: 'web-1',
      HostName: 'web1',
      Description: before.Description,
    });
    call(domain, ModifyInstanceAttribute, { InstanceId: instanceId, Description: 'the web server' });
    expect(call(domain, DescribeInstanceAttribute, { InstanceId: instanceId })).toMatchObject({
      InstanceName: 'web-1',
      Description: 'the web server',
    });

    call(domain, StartInstance, { InstanceId: instanceId });
    expectFailure(
      () => call(domain, ModifyInstanceAttribute, { InstanceId: instanceId, Password: 'Passw0rd!x' }),
      'IncorrectInstanceStatus',
      403,
    );
    expectFailure(
      () => call(domain, ModifyInstanceAttribute, { InstanceId: 'i-bp1missing', InstanceName: 'x' }),
      'InvalidInstanceId.NotFound',
      404,
    );
  });
});

describe('DeleteInstance', () => {
  it('deletes only a Stopped instance; its DeleteWithInstance disks go, the others stay Available', () => {
    const domain = testDomain();
    const { instanceId, systemDiskId, dataDiskId } = launch(domain);
    expectFailure(
      () => call(domain, DeleteInstance, { InstanceId: instanceId }),
      'IncorrectInstanceStatus',
      403,
    );
    const { DiskId: extraDiskId } = call(domain, CreateDisk, {
      RegionId: REGION,
      ZoneId: 'cn-hangzhou-h',
      Size: 50,
    });
    domain.advance(2000);
    call(domain, AttachDisk, { InstanceId: instanceId, DiskId: extraDiskId! });
    domain.advance(1000);
    call(domain, StopInstance, { InstanceId: instanceId });
    domain.advance(3000);
    call(domain, DeleteInstance, { InstanceId: instanceId });
    const listed = () =>
      call(domain, DescribeInstances, { RegionId: REGION, InstanceIds: [instanceId] }).Instances.map(
        (instance) => instance.Status,
      );
    expect(listed()).toEqual(['Deleted']);
    domain.advance(domain.clock.durations.instanceDeleted);
    expect(listed()).toEqual([]);
    const left = call(domain, DescribeDisks, {
      RegionId: REGION,
      DiskIds: [systemDiskId, dataDiskId, extraDiskId!],
    }).Disks;
    expect(left.map((disk) => [disk.DiskId, disk.Status, disk.InstanceId])).toEqual([
      [extraDiskId, 'Available', ''],
    ]);
  });

  it('releases every disk of a security-locked instance', () => {
    const domain = testDomain();
    const { instanceId, dataDiskId } = launch(domain, { running: false });
    const region = domain.store.account(ACCOUNT).regions.get(REGION)!;
    region.disks.get(dataDiskId)!.deleteWithInstance = false;
    region.instances.get(instanceId)!.operationLocks.push('security');
    call(domain, DeleteInstance, { InstanceId: instanceId });
    expect(region.disks.has(dataDiskId)).toBe(false);
  });
});

describe('security groups', () => {
  it('joins a group once and leaves all but the last', () => {
    const domain = testDomain();
    const { instanceId } = launch(domain);
    const [first, second] = securityGroupIds(domain) as [string, string];
    expectFailure(
      () => call(domain, JoinSecurityGroup, { InstanceId: instanceId, SecurityGroupId: first }),
      'InvalidInstanceId.AlreadyExists',
      403,
    );
    expectFailure(
      () => call(domain, JoinSecurityGroup, { InstanceId: instanceId, SecurityGroupId: 'sg-none' }),
      'InvalidSecurityGroupId.NotFound',
      404,
    );
    call(domain, JoinSecurityGroup, { InstanceId: instanceId, SecurityGroupId: second });
    expect(call(domain, DescribeInstanceAttribute, { InstanceId: instanceId }).SecurityGroupIds).toEqual([
      first,
      second,
    ]);
    call(domain, LeaveSecurityGroup, { InstanceId: instanceId, SecurityGroupId: first });
    expectFailure(
      () => call(domain, LeaveSecurityGroup, { InstanceId: instanceId, SecurityGroupId: second }),
      'InstanceLastSecurityGroup',
      403,
    );
    expect(call(domain, DescribeInstanceAttribute, { InstanceId: instanceId }).SecurityGroupIds).toEqual([
      second,
    ]);
  });
});

describe('an instance locked for security', () => {
  function locked() {
    const domain = testDomain();
    const running = launch(domain);
    call(domain, CreateSnapshot, { DiskId: running.dataDiskId });
    domain.advance(60_000);
    const stopped = launch(domain);
    call(domain, StopInstance, { InstanceId: stopped.instanceId });
    domain.advance(3000);
    const { DiskId } = call(domain, CreateDisk, { RegionId: REGION, ZoneId: 'cn-hangzhou-h', Size: 50 });
    domain.advance(2000);
    const region = domain.store.account(ACCOUNT).regions.get(REGION)!;
    for (const id of [running.instanceId, stopped.instanceId])
      region.instances.get(id)!.operationLocks.push('security');
    return { domain, running, stopped, spareDiskId: DiskId! };
  }

  it('refuses what the reference table marks Error', () => {
    const { domain, running, stopped, spareDiskId } = locked();
    const [, second] = securityGroupIds(domain);
    const refused: [string, () => unknown][] = [
      ['StartInstance', () => call(domain, StartInstance, { InstanceId: stopped.instanceId })],
      ['StopInstance', () => call(domain, StopInstance, { InstanceId: running.instanceId })],
      ['RebootInstance', () => call(domain, RebootInstance, { InstanceId: running.instanceId })],
      [
        'ModifyInstanceAttribute',
        () =>
          call(domain, ModifyInstanceAttribute, { InstanceId: running.instanceId, InstanceName: 'renamed' }),
      ],
      [
        'JoinSecurityGroup',
        () => call(domain, JoinSecurityGroup, { InstanceId: running.instanceId, SecurityGroupId: second! }),
      ],
      [
        'LeaveSecurityGroup',
        () =>
          call(domain, LeaveSecurityGroup, {
            InstanceId: running.instanceId,
            SecurityGroupId: securityGroupIds(domain)[0]!,
          }),
      ],
      ['AttachDisk', () => call(domain, AttachDisk, { InstanceId: running.instanceId, DiskId: spareDiskId })],
      [
        'DetachDisk',
        () => call(domain, DetachDisk, { InstanceId: running.instanceId, DiskId: running.dataDiskId }),
      ],
      ['CreateSnapshot', () => call(domain, CreateSnapshot, { DiskId: running.dataDiskId })],
      ['ReInitDisk', () => call(domain, ReInitDisk, { DiskId: stopped.dataDiskId })],
      [
        'ResetDisk',
        () => {
          const snapshot = call(domain, DescribeSnapshots, { RegionId: REGION, DiskId: running.dataDiskId })
            .Snapshots[0]!;
          return call(domain, ResetDisk, { DiskId: running.dataDiskId, SnapshotId: snapshot.SnapshotId! });
        },
      ],
    ];
    // Each action by name with what it got, so a failure names the action that went through.
    const outcomes = refused.map(([name, act]) => {
      try {
        act();
        return { name, code: 'succeeded', httpStatus: 200 };
      } catch (error) {
        return error instanceof ServiceError
          ? { name, code: error.code, httpStatus: error.httpStatus }
          : { name, code: String(error), httpStatus: 0 };
      }
    });
    expect(outcomes).toEqual(
      refused.map(([name]) => ({ name, code: 'InstanceLockedForSecurity', httpStatus: 403 })),
    );
    expect(status(domain, running.instanceId)).toBe('Running');
  });

  it('goes on with what the table marks normal logic', () => {
    const { domain, running, stopped } = locked();
    const snapshot = call(domain, DescribeSnapshots, { RegionId: REGION, DiskId: running.dataDiskId })
      .Snapshots[0]!;
    call(domain, DeleteSnapshot, { SnapshotId: snapshot.SnapshotId! });
    const { DiskId } = call(domain, ReplaceSystemDisk, {
      InstanceId: stopped.instanceId,
      ImageId: 'ubuntu_22_04_x64_20G_alibase_20240710.vhd',
    });
    expect(DiskId).not.toBe(stopped.systemDiskId);
    expect(call(domain, DescribeInstanceAttribute, { InstanceId: stopped.instanceId }).ImageId).toBe(
      'ubuntu_22_04_x64_20G_alibase_20240710.vhd',
    );
  });
});
