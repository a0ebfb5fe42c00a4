import { describe, expect, it } from 'vitest';
import { CreateInstance } from '../../../src/spec/actions/create-instance.js';
import { CreateSnapshot } from '../../../src/spec/actions/create-snapshot.js';
import { ResetDisk } from '../../../src/spec/actions/disk-contents.js';
import { DescribeDisks } from '../../../src/spec/actions/disk-reads.js';
import { DescribeInstanceAttribute, DescribeInstances } from '../../../src/spec/actions/instance-reads.js';
import {
  DeleteInstance,
  RebootInstance,
  StartInstance,
  StopInstance,
} from '../../../src/spec/actions/instance-writes.js';
import { ACTIONS } from '../../../src/spec/catalog.js';
import { acceptsDryRun, DRY_RUN_OPERATION } from '../../../src/spec/dry-run.js';
import { API_LIMITS } from '../../../src/spec/limits.js';
import {
  ACCOUNT,
  call,
  type Domain,
  expectFailure,
  failure,
  launch,
  REGION,
  securityGroupIds,
  testDomain,
} from './helpers.js';

const status = (domain: Domain, instanceId: string) =>
  call(domain, DescribeInstanceAttribute, { InstanceId: instanceId }).Status;

/** The whole account's state, as a comparable value: a dry run must leave it as it was. */
function stateOf(domain: Domain): string {
  const region = domain.store.account(ACCOUNT).regions.get(REGION)!;
  return JSON.stringify(
    [region.instances, region.disks, region.snapshots].map((records) => [...records.entries()]),
  );
}

/** Expects DryRunOperation (HTTP 400, ECS's message) and no change to the state. */
function expectDryRunPassed(domain: Domain, act: () => unknown): void {
  const before = stateOf(domain);
  const error = failure(act);
  expect({ code: error.code, httpStatus: error.httpStatus, message: error.message }).toEqual({
    code: 'DryRunOperation',
    httpStatus: 400,
    message: 'Request validation has been passed with DryRun flag set.',
  });
  expect(stateOf(domain)).toBe(before);
}

const IMAGE = 'aliyun_3_x64_20G_alibase_20240819.vhd';

describe('DryRun in the simulator (today’s API)', () => {
  it('the actions that take DryRun are the writes the SDK models give it', () => {
    const taking = [...ACTIONS.values()].filter(acceptsDryRun).map((action) => action.name);
    expect(taking.sort()).toEqual([
      'CopyImage',
      'CreateImage',
      'CreateInstance',
      'DeleteImage',
      'DeleteInstance',
      'ModifyImageAttribute',
      'ModifyImageSharePermission',
      'RebootInstance',
      'ResetDisk',
      'StartInstance',
      'StopInstance',
    ]);
    expect(DRY_RUN_OPERATION).toEqual({
      code: 'DryRunOperation',
      httpStatus: 400,
      message: 'Request validation has been passed with DryRun flag set.',
    });
  });

  it('StartInstance, StopInstance, RebootInstance: DryRunOperation when the status allows, nothing moves', () => {
    const domain = testDomain();
    const running = launch(domain).instanceId;
    const stopped = launch(domain, { running: false }).instanceId;
    expectDryRunPassed(domain, () => call(domain, StopInstance, { InstanceId: running, DryRun: true }));
    expectDryRunPassed(domain, () => call(domain, RebootInstance, { InstanceId: running, DryRun: true }));
    expectDryRunPassed(domain, () => call(domain, StartInstance, { InstanceId: stopped, DryRun: true }));
    expect([status(domain, running), status(domain, stopped)]).toEqual(['Running', 'Stopped']);
    // DryRun=false is the real call.
    call(domain, StopInstance, { InstanceId: running, DryRun: false });
    expect(status(domain, running)).toBe('Stopping');
  });

  it('each check of the real call still answers its own error before DryRunOperation', () => {
    const domain = testDomain();
    const running = launch(domain).instanceId;
    const stopped = launch(domain, { running: false }).instanceId;
    expectFailure(
      () => call(domain, StartInstance, { InstanceId: running, DryRun: true }),
      'IncorrectInstanceStatus',
      403,
    );
    expectFailure(
      () => call(domain, StopInstance, { InstanceId: stopped, DryRun: true }),
      'IncorrectInstanceStatus',
      403,
    );
    expectFailure(
      () => call(domain, RebootInstance, { InstanceId: 'i-bp1none', DryRun: true }),
      'InvalidInstanceId.NotFound',
      404,
    );
    expectFailure(
      () => call(domain, DeleteInstance, { InstanceId: running, DryRun: true }),
      'IncorrectInstanceStatus',
      403,
    );
    domain.store
      .account(ACCOUNT)
      .regions.get(REGION)!
      .instances.get(running)!
      .operationLocks.push('security');
    expectFailure(
      () => call(domain, StopInstance, { InstanceId: running, DryRun: true }),
      'InstanceLockedForSecurity',
      403,
    );
  });

  it('DeleteInstance: DryRunOperation for a Stopped instance, which keeps its disks; ChargeTypeViolation for PrePaid', () => {
    const domain = testDomain();
    const { instanceId } = launch(domain, { running: false });
    expectDryRunPassed(domain, () => call(domain, DeleteInstance, { InstanceId: instanceId, DryRun: true }));
    expect(
      call(domain, DescribeInstances, { RegionId: REGION, InstanceIds: [instanceId] }).Instances,
    ).toHaveLength(1);
    const prepaid = launch(domain, {
      running: false,
      input: { InstanceChargeType: 'PrePaid', Period: 1 },
    }).instanceId;
    expectFailure(
      () => call(domain, DeleteInstance, { InstanceId: prepaid, DryRun: true }),
      'ChargeTypeViolation',
      403,
    );
  });

  it('CreateInstance: every check of planInstance, then DryRunOperation with no instance, disk or id used', () => {
    const domain = testDomain();
    const input = {
      RegionId: REGION,
      ZoneId: 'cn-hangzhou-h',
      ImageId: IMAGE,
      InstanceType: 'ecs.g7.large',
      SecurityGroupId: securityGroupIds(domain)[0]!,
      DataDisk: [{ Size: 100, Category: 'cloud_essd' }],
    };
    const disks = () => call(domain, DescribeDisks, { RegionId: REGION }).TotalCount;
    const before = disks();
    expectDryRunPassed(domain, () => call(domain, CreateInstance, { ...input, DryRun: true }));
    expect(disks()).toBe(before);
    // A refused input answers the real call's own error: the dry run makes the same checks.
    for (const broken of [
      { ImageId: 'm-none' },
      { SecurityGroupId: 'sg-none' },
      { ZoneId: 'cn-hangzhou-none' },
    ]) {
      const dry = failure(() => call(domain, CreateInstance, { ...input, ...broken, DryRun: true }));
      const real = failure(() => call(domain, CreateInstance, { ...input, ...broken }));
      expect(dry.code).not.toBe('DryRunOperation');
      expect([dry.code, dry.httpStatus, dry.message]).toEqual([real.code, real.httpStatus, real.message]);
    }
    expect(disks()).toBe(before);
    // The dry run's id stream is untouched: the real call makes the id a domain without the dry run makes.
    const twin = testDomain();
    const real = call(domain, CreateInstance, input).InstanceId;
    expect(real).toBe(
      call(twin, CreateInstance, { ...input, SecurityGroupId: securityGroupIds(twin)[0]! }).InstanceId,
    );
  });

  it('CreateInstance: a dry run records no ClientToken, so the real call with the token acts', () => {
    const domain = testDomain();
    const input = {
      RegionId: REGION,
      ImageId: IMAGE,
      InstanceType: 'ecs.g7.large',
      SecurityGroupId: securityGroupIds(domain)[0]!,
      ClientToken: 'token-1',
    };
    expectDryRunPassed(domain, () => call(domain, CreateInstance, { ...input, DryRun: true }));
    const { InstanceId } = call(domain, CreateInstance, input);
    domain.advance(domain.clock.durations.instanceCreate);
    expect(status(domain, InstanceId!)).toBe('Stopped');
    expect(call(domain, CreateInstance, input).InstanceId).toBe(InstanceId);
  });

  it('ResetDisk: DryRunOperation for an accomplished snapshot of the disk on a Stopped instance; its checks otherwise', () => {
    const domain = testDomain();
    const { instanceId, dataDiskId } = launch(domain);
    const { SnapshotId } = call(domain, CreateSnapshot, { DiskId: dataDiskId });
    expectFailure(
      () => call(domain, ResetDisk, { DiskId: dataDiskId, SnapshotId: SnapshotId!, DryRun: true }),
      'IncorrectInstanceStatus',
      403,
    );
    call(domain, StopInstance, { InstanceId: instanceId });
    domain.advance(3_000);
    expectFailure(
      () => call(domain, ResetDisk, { DiskId: dataDiskId, SnapshotId: SnapshotId!, DryRun: true }),
      'InvalidSnapshotId.NotReady',
      403,
    );
    domain.advance(3_600_000);
    expectDryRunPassed(domain, () =>
      call(domain, ResetDisk, { DiskId: dataDiskId, SnapshotId: SnapshotId!, DryRun: true }),
    );
    expectFailure(
      () => call(domain, ResetDisk, { DiskId: 'd-bp1none', SnapshotId: SnapshotId!, DryRun: true }),
      'InvalidDiskId.NotFound',
      404,
    );
  });
});

describe('DryRun in the simulator (2014 API)', () => {
  it('is unknown, so ignored like any unknown parameter: the call acts', () => {
    const domain = testDomain({ limits: API_LIMITS['2014'] });
    const { instanceId } = launch(domain);
    expect(call(domain, StopInstance, { InstanceId: instanceId, DryRun: true })).toEqual({});
    expect(status(domain, instanceId)).toBe('Stopping');
  });
});
