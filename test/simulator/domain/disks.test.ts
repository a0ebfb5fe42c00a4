import { describe, expect, it } from 'vitest';
import { CreateSnapshot } from '../../../src/spec/actions/create-snapshot.js';
import {
  ReInitDisk,
  ReplaceSystemDisk,
  ResetDisk,
  ResizeDisk,
} from '../../../src/spec/actions/disk-contents.js';
import { DescribeDisks } from '../../../src/spec/actions/disk-reads.js';
import {
  AttachDisk,
  CreateDisk,
  DeleteDisk,
  DetachDisk,
  ModifyDiskAttribute,
} from '../../../src/spec/actions/disk-writes.js';
import { StartInstance, StopInstance } from '../../../src/spec/actions/instance-writes.js';
import { DescribeSnapshots } from '../../../src/spec/actions/snapshots.js';
import { call, type Domain, expectFailure, launch, REGION, testDomain } from './helpers.js';

function disk(domain: Domain, diskId: string) {
  return call(domain, DescribeDisks, { RegionId: REGION, DiskIds: [diskId] }).Disks[0];
}

function spareDisk(domain: Domain, zoneId = 'cn-hangzhou-h'): string {
  const { DiskId } = call(domain, CreateDisk, {
    RegionId: REGION,
    ZoneId: zoneId,
    Size: 100,
    DiskName: 'spare',
  });
  return DiskId!;
}

describe('CreateDisk', () => {
  it('creates a portable data disk that goes from Creating to Available', () => {
    const domain = testDomain();
    const diskId = spareDisk(domain);
    expect(disk(domain, diskId)).toMatchObject({
      Status: 'Creating',
      Type: 'data',
      Portable: true,
      Size: 100,
      Category: 'cloud_essd',
    });
    domain.advance(2000);
    expect(disk(domain, diskId)?.Status).toBe('Available');
  });

  it('needs Size or SnapshotId, a zone of the region and a category the zone offers', () => {
    const domain = testDomain();
    expectFailure(
      () => call(domain, CreateDisk, { RegionId: REGION, ZoneId: 'cn-hangzhou-h' }),
      'MissingParameter',
      400,
    );
    expectFailure(
      () => call(domain, CreateDisk, { RegionId: REGION, ZoneId: 'cn-shanghai-e', Size: 20 }),
      'InvalidZoneId.NotFound',
      404,
    );
    expectFailure(
      () =>
        call(domain, CreateDisk, {
          RegionId: REGION,
          ZoneId: 'cn-hangzhou-j',
          Size: 20,
          DiskCategory: 'cloud',
        }),
      'InvalidDiskCategory.ValueUnauthorized',
      403,
    );
    expectFailure(
      () => call(domain, CreateDisk, { RegionId: REGION, ZoneId: 'cn-hangzhou-h', SnapshotId: 's-none' }),
      'InvalidSnapshotId.NotFound',
      404,
    );
    expectFailure(
      () => call(domain, CreateDisk, { RegionId: REGION, ZoneId: 'cn-hangzhou-h', Size: 5 }),
      'InvalidParameter',
      400,
    );
  });

  it('takes the size of the snapshot it is made from, and refuses unfinished or system snapshots', () => {
    const domain = testDomain();
    const { systemDiskId, dataDiskId } = launch(domain);
    const { SnapshotId } = call(domain, CreateSnapshot, { DiskId: dataDiskId });
    const input = { RegionId: REGION, ZoneId: 'cn-hangzhou-h', SnapshotId: SnapshotId! };
    expectFailure(() => call(domain, CreateDisk, input), 'InvalidSnapshotId.NotReady', 403);
    domain.advance(20_000);
    const { DiskId } = call(domain, CreateDisk, { ...input, Size: 20 });
    expect(disk(domain, DiskId!)).toMatchObject({ Size: 100, SourceSnapshotId: SnapshotId });
    const { SnapshotId: systemSnapshot } = call(domain, CreateSnapshot, { DiskId: systemDiskId });
    domain.advance(20_000);
    expectFailure(
      () => call(domain, CreateDisk, { ...input, SnapshotId: systemSnapshot! }),
      'InvalidSnapshotId.NotDataDiskSnapshot',
      403,
    );
  });
});

describe('AttachDisk and DetachDisk', () => {
  it('attach through Attaching to In_use and detach through Detaching to Available', () => {
    const domain = testDomain();
    const { instanceId } = launch(domain);
    const diskId = spareDisk(domain);
    domain.advance(2000);
    call(domain, AttachDisk, { InstanceId: instanceId, DiskId: diskId, DeleteWithInstance: true });
    expect(disk(domain, diskId)).toMatchObject({
      Status: 'Attaching',
      InstanceId: instanceId,
      Device: '/dev/xvdc',
    });
    domain.advance(1000);
    expect(disk(domain, diskId)).toMatchObject({ Status: 'In_use', DeleteWithInstance: true });
    call(domain, DetachDisk, { InstanceId: instanceId, DiskId: diskId });
    expect(disk(domain, diskId)).toMatchObject({ Status: 'Detaching', InstanceId: instanceId });
    domain.advance(1000);
    expect(disk(domain, diskId)).toMatchObject({
      Status: 'Available',
      InstanceId: '',
      Device: '',
      DeleteWithInstance: false,
    });
    expect(disk(domain, diskId)?.DetachedTime).not.toBe('');
  });

  it('attach only an Available portable disk of the zone to a Running or Stopped instance', () => {
    const domain = testDomain();
    const { instanceId, systemDiskId, dataDiskId } = launch(domain);
    const creating = spareDisk(domain);
    expectFailure(
      () => call(domain, AttachDisk, { InstanceId: instanceId, DiskId: creating }),
      'IncorrectDiskStatus',
      403,
    );
    expectFailure(
      () => call(domain, AttachDisk, { InstanceId: instanceId, DiskId: dataDiskId }),
      'IncorrectDiskStatus',
      403,
    );
    expectFailure(
      () => call(domain, AttachDisk, { InstanceId: instanceId, DiskId: systemDiskId }),
      'DiskNotPortable',
      403,
    );
    const elsewhere = spareDisk(domain, 'cn-hangzhou-i');
    domain.advance(2000);
    expectFailure(
      () => call(domain, AttachDisk, { InstanceId: instanceId, DiskId: elsewhere }),
      'ResourcesNotInSameZone',
      403,
    );
    expectFailure(
      () => call(domain, AttachDisk, { InstanceId: instanceId, DiskId: 'd-none' }),
      'InvalidDiskId.NotFound',
      404,
    );
    expectFailure(
      () => call(domain, AttachDisk, { InstanceId: 'i-none', DiskId: creating }),
      'InvalidInstanceId.NotFound',
      404,
    );
    expectFailure(
      () => call(domain, AttachDisk, { InstanceId: instanceId, DiskId: creating, Device: '/dev/xvdb' }),
      'InvalidDevice.InUse',
      403,
    );
    call(domain, StopInstance, { InstanceId: instanceId });
    expectFailure(
      () => call(domain, AttachDisk, { InstanceId: instanceId, DiskId: creating }),
      'IncorrectInstanceStatus',
      400,
    );
    domain.advance(3000);
    call(domain, AttachDisk, { InstanceId: instanceId, DiskId: creating });
    expect(disk(domain, creating)?.Status).toBe('Attaching');
  });

  it('detach only an In_use data disk of that instance', () => {
    const domain = testDomain();
    const { instanceId, systemDiskId, dataDiskId } = launch(domain);
    const other = launch(domain);
    expectFailure(
      () => call(domain, DetachDisk, { InstanceId: other.instanceId, DiskId: dataDiskId }),
      'DependencyViolation',
      403,
    );
    expectFailure(
      () => call(domain, DetachDisk, { InstanceId: instanceId, DiskId: systemDiskId }),
      'DiskTypeViolation',
      403,
    );
    call(domain, DetachDisk, { InstanceId: instanceId, DiskId: dataDiskId });
    expectFailure(
      () => call(domain, DetachDisk, { InstanceId: instanceId, DiskId: dataDiskId }),
      'IncorrectDiskStatus',
      403,
    );
  });
});

describe('DeleteDisk', () => {
  it('deletes only an Available disk and keeps its snapshots, which still name the disk', () => {
    const domain = testDomain();
    const { instanceId, dataDiskId } = launch(domain);
    const { SnapshotId } = call(domain, CreateSnapshot, { DiskId: dataDiskId });
    domain.advance(20_000);
    expectFailure(() => call(domain, DeleteDisk, { DiskId: dataDiskId }), 'IncorrectDiskStatus', 403);
    call(domain, DetachDisk, { InstanceId: instanceId, DiskId: dataDiskId });
    domain.advance(1000);
    call(domain, DeleteDisk, { DiskId: dataDiskId });
    expect(disk(domain, dataDiskId)).toBeUndefined();
    const kept = call(domain, DescribeSnapshots, { RegionId: REGION, SnapshotIds: [SnapshotId!] }).Snapshots;
    expect(kept.map((snapshot) => snapshot.SourceDiskId)).toEqual([dataDiskId]);
  });

  it('refuses a system disk and a disk with a snapshot in progress; ignores an unknown id', () => {
    const domain = testDomain();
    const { instanceId, systemDiskId, dataDiskId } = launch(domain);
    expectFailure(() => call(domain, DeleteDisk, { DiskId: systemDiskId }), 'DiskTypeViolation', 403);
    call(domain, DetachDisk, { InstanceId: instanceId, DiskId: dataDiskId });
    domain.advance(1000);
    call(domain, CreateSnapshot, { DiskId: dataDiskId });
    expectFailure(() => call(domain, DeleteDisk, { DiskId: dataDiskId }), 'DiskCreatingSnapshot', 403);
    expect(call(domain, DeleteDisk, { DiskId: 'd-none' })).toEqual({});
  });
});

describe('ModifyDiskAttribute', () => {
  it('changes only what is given and refuses a request that changes nothing', () => {
    const domain = testDomain();
    const { systemDiskId, dataDiskId } = launch(domain);
    call(domain, ModifyDiskAttribute, { DiskId: dataDiskId, DiskName: 'logs', DeleteAutoSnapshot: false });
    expect(disk(domain, dataDiskId)).toMatchObject({
      DiskName: 'logs',
      DeleteAutoSnapshot: false,
      DeleteWithInstance: true,
    });
    expectFailure(
      () => call(domain, ModifyDiskAttribute, { DiskId: dataDiskId }),
      'NoAttributeToModify',
      400,
    );
    expectFailure(
      () => call(domain, ModifyDiskAttribute, { DiskId: systemDiskId, DeleteWithInstance: false }),
      'DiskNotPortable',
      403,
    );
    expectFailure(
      () => call(domain, ModifyDiskAttribute, { DiskId: 'd-none', DiskName: 'x1' }),
      'InvalidDiskId.NotFound',
      404,
    );
  });
});

describe('ReInitDisk, ResetDisk, ResizeDisk, ReplaceSystemDisk', () => {
  it('re-initialize and roll back an In_use disk of a Stopped instance through ReIniting', () => {
    const domain = testDomain();
    const { instanceId, dataDiskId } = launch(domain);
    const { SnapshotId } = call(domain, CreateSnapshot, { DiskId: dataDiskId });
    domain.advance(20_000);
    expectFailure(() => call(domain, ReInitDisk, { DiskId: dataDiskId }), 'IncorrectInstanceStatus', 403);
    call(domain, StopInstance, { InstanceId: instanceId });
    domain.advance(3000);
    call(domain, ReInitDisk, { DiskId: dataDiskId });
    expect(disk(domain, dataDiskId)?.Status).toBe('ReIniting');
    domain.advance(3000);
    call(domain, ResetDisk, { DiskId: dataDiskId, SnapshotId: SnapshotId! });
    expect(disk(domain, dataDiskId)?.Status).toBe('ReIniting');
    domain.advance(3000);
    expect(disk(domain, dataDiskId)?.Status).toBe('In_use');
  });

  it('roll back only to a finished snapshot of the same disk', () => {
    const domain = testDomain();
    const { instanceId, systemDiskId, dataDiskId } = launch(domain);
    const { SnapshotId: ofSystem } = call(domain, CreateSnapshot, { DiskId: systemDiskId });
    const { SnapshotId: ofData } = call(domain, CreateSnapshot, { DiskId: dataDiskId });
    call(domain, StopInstance, { InstanceId: instanceId });
    domain.advance(3000);
    expectFailure(
      () => call(domain, ResetDisk, { DiskId: dataDiskId, SnapshotId: ofData! }),
      'InvalidSnapshotId.NotReady',
      403,
    );
    expectFailure(
      () => call(domain, ResetDisk, { DiskId: dataDiskId, SnapshotId: ofSystem! }),
      'InvalidParameter.Mismatch',
      403,
    );
    expectFailure(
      () => call(domain, ResetDisk, { DiskId: dataDiskId, SnapshotId: 's-none' }),
      'InvalidSnapshotId.NotFound',
      404,
    );
  });

  it('refuse to re-initialize the disks of an instance never started', () => {
    const domain = testDomain();
    const { dataDiskId } = launch(domain, { running: false });
    expectFailure(
      () => call(domain, ReInitDisk, { DiskId: dataDiskId }),
      'IncorrectDiskStatus.NeverUsed',
      403,
    );
  });

  it('grow a data disk only, never shrink it, not while a snapshot is made', () => {
    const domain = testDomain();
    const { systemDiskId, dataDiskId } = launch(domain);
    call(domain, ResizeDisk, { DiskId: dataDiskId, NewSize: 200 });
    expect(disk(domain, dataDiskId)?.Size).toBe(200);
    expectFailure(
      () => call(domain, ResizeDisk, { DiskId: dataDiskId, NewSize: 150 }),
      'InvalidDiskSize.TooSmall',
      403,
    );
    expectFailure(
      () => call(domain, ResizeDisk, { DiskId: systemDiskId, NewSize: 200 }),
      'OperationDenied',
      403,
    );
    call(domain, CreateSnapshot, { DiskId: dataDiskId });
    expectFailure(
      () => call(domain, ResizeDisk, { DiskId: dataDiskId, NewSize: 300 }),
      'OperationDenied',
      403,
    );
  });

  it('replace the system disk of a Stopped instance with a new disk, once per ClientToken', () => {
    const domain = testDomain();
    const { instanceId, systemDiskId } = launch(domain);
    const input = {
      InstanceId: instanceId,
      ImageId: 'debian_12_6_x64_20G_alibase_20240717.vhd',
      ClientToken: 'replace-1',
    };
    expectFailure(() => call(domain, ReplaceSystemDisk, input), 'IncorrectInstanceStatus', 403);
    call(domain, StopInstance, { InstanceId: instanceId });
    domain.advance(3000);
    expectFailure(
      () => call(domain, ReplaceSystemDisk, { ...input, ImageId: 'm-none' }),
      'InvalidImageId.NotFound',
      404,
    );
    const { DiskId } = call(domain, ReplaceSystemDisk, input);
    expect(call(domain, ReplaceSystemDisk, input).DiskId).toBe(DiskId);
    expect(disk(domain, systemDiskId)).toBeUndefined();
    expect(disk(domain, DiskId!)).toMatchObject({
      Type: 'system',
      InstanceId: instanceId,
      ImageId: input.ImageId,
    });
    call(domain, StartInstance, { InstanceId: instanceId });
  });
});
