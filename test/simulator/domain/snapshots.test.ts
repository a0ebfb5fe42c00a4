import { describe, expect, it } from 'vitest';
import { CreateSnapshot } from '../../../src/spec/actions/create-snapshot.js';
import { CreateDisk, DetachDisk } from '../../../src/spec/actions/disk-writes.js';
import { DescribeImages } from '../../../src/spec/actions/images.js';
import { StartInstance, StopInstance } from '../../../src/spec/actions/instance-writes.js';
import { DeleteSnapshot, DescribeSnapshots } from '../../../src/spec/actions/snapshots.js';
import { ACCOUNT, call, type Domain, expectFailure, launch, REGION, testDomain } from './helpers.js';

function snapshot(domain: Domain, snapshotId: string) {
  return call(domain, DescribeSnapshots, { RegionId: REGION, SnapshotIds: [snapshotId] }).Snapshots[0];
}

describe('CreateSnapshot', () => {
  it('makes progress over time up to 100% and accomplished', () => {
    const domain = testDomain();
    const { dataDiskId } = launch(domain);
    const { SnapshotId } = call(domain, CreateSnapshot, {
      DiskId: dataDiskId,
      SnapshotName: 'before-upgrade',
    });
    expect(SnapshotId).toMatch(/^s-bp1[a-z0-9]{17}$/);
    expect(snapshot(domain, SnapshotId!)).toMatchObject({
      Status: 'progressing',
      Progress: '0%',
      Available: false,
      SourceDiskId: dataDiskId,
      SourceDiskSize: 100,
      SourceDiskType: 'data',
      SnapshotType: 'user',
      SnapshotName: 'before-upgrade',
    });
    // A 100 GiB disk takes 12 s: 10 s and a fifth of the 10 s more a 500 GiB disk takes.
    domain.advance(6000);
    expect(snapshot(domain, SnapshotId!)).toMatchObject({ Status: 'progressing', Progress: '50%' });
    domain.advance(5999);
    expect(snapshot(domain, SnapshotId!)?.Progress).toBe('99%');
    domain.advance(1);
    expect(snapshot(domain, SnapshotId!)).toMatchObject({
      Status: 'accomplished',
      Progress: '100%',
      Available: true,
    });
  });

  it('allows one creation at a time per disk', () => {
    const domain = testDomain();
    const { dataDiskId, systemDiskId } = launch(domain);
    call(domain, CreateSnapshot, { DiskId: dataDiskId });
    expectFailure(
      () => call(domain, CreateSnapshot, { DiskId: dataDiskId }),
      'IncorrectDiskStatus.CreatingSnapshot',
      403,
    );
    call(domain, CreateSnapshot, { DiskId: systemDiskId });
    domain.advance(20_000);
    call(domain, CreateSnapshot, { DiskId: dataDiskId });
  });

  it('needs the instance Running or Stopped, and started once', () => {
    const domain = testDomain();
    const fresh = launch(domain, { running: false });
    expectFailure(
      () => call(domain, CreateSnapshot, { DiskId: fresh.dataDiskId }),
      'IncorrectDiskStatus.NeverUsed',
      403,
    );
    call(domain, StartInstance, { InstanceId: fresh.instanceId });
    expectFailure(
      () => call(domain, CreateSnapshot, { DiskId: fresh.dataDiskId }),
      'IncorrectInstanceStatus',
      400,
    );
    domain.advance(3000);
    call(domain, StopInstance, { InstanceId: fresh.instanceId });
    expectFailure(
      () => call(domain, CreateSnapshot, { DiskId: fresh.dataDiskId }),
      'IncorrectInstanceStatus',
      400,
    );
    domain.advance(3000);
    call(domain, CreateSnapshot, { DiskId: fresh.dataDiskId });
    expectFailure(() => call(domain, CreateSnapshot, { DiskId: 'd-none' }), 'InvalidDiskId.NotFound', 404);
  });

  it('snapshots a detached disk that was attached once, never one that was not', () => {
    const domain = testDomain();
    const { instanceId, dataDiskId } = launch(domain);
    call(domain, DetachDisk, { InstanceId: instanceId, DiskId: dataDiskId });
    expectFailure(() => call(domain, CreateSnapshot, { DiskId: dataDiskId }), 'IncorrectDiskStatus', 403);
    domain.advance(1000);
    call(domain, CreateSnapshot, { DiskId: dataDiskId });
    const { DiskId } = call(domain, CreateDisk, { RegionId: REGION, ZoneId: 'cn-hangzhou-h', Size: 20 });
    domain.advance(2000);
    expectFailure(
      () => call(domain, CreateSnapshot, { DiskId: DiskId! }),
      'IncorrectDiskStatus.NeverAttached',
      403,
    );
  });

  it('keeps to the per-disk quota of manual snapshots', () => {
    const domain = testDomain({ rules: { snapshotQuotaPerDisk: 2 } });
    const { dataDiskId } = launch(domain);
    for (let made = 0; made < 2; made++) {
      call(domain, CreateSnapshot, { DiskId: dataDiskId });
      domain.advance(20_000);
    }
    expectFailure(() => call(domain, CreateSnapshot, { DiskId: dataDiskId }), 'QuotaExceed.Snapshot', 403);
    expect(call(domain, DescribeSnapshots, { RegionId: REGION, DiskId: dataDiskId }).TotalCount).toBe(2);
  });

  it('takes the 2014 quota of 64 with the 2014 limits and 256 today', () => {
    expect(testDomain({ limits: { name: '2014', pageSize: 50, ids: 10 } }).rules.snapshotQuotaPerDisk).toBe(
      64,
    );
    expect(testDomain().rules.snapshotQuotaPerDisk).toBe(256);
  });

  it('returns the first SnapshotId for a repeated ClientToken without making another', () => {
    const domain = testDomain();
    const { dataDiskId, systemDiskId } = launch(domain);
    const input = { DiskId: dataDiskId, SnapshotName: 'nightly', ClientToken: 'token-1' };
    const first = call(domain, CreateSnapshot, input);
    // The repeat also passes while the first is still in progress: it acts no more.
    expect(call(domain, CreateSnapshot, input)).toEqual(first);
    expect(call(domain, DescribeSnapshots, { RegionId: REGION, DiskId: dataDiskId }).TotalCount).toBe(1);
    expectFailure(
      () => call(domain, CreateSnapshot, { ...input, DiskId: systemDiskId }),
      'IdempotentParameterMismatch',
      403,
    );
    // Tokens are kept per account.
    expectFailure(() => call(domain, CreateSnapshot, input, 'LTAI-other'), 'InvalidDiskId.NotFound', 404);
    expect(domain.store.account(ACCOUNT).regions.get(REGION)!.snapshots.size).toBeGreaterThan(0);
  });
});

describe('DeleteSnapshot', () => {
  it('cancels a snapshot in progress and deletes a finished one', () => {
    const domain = testDomain();
    const { dataDiskId } = launch(domain);
    const { SnapshotId } = call(domain, CreateSnapshot, { DiskId: dataDiskId });
    call(domain, DeleteSnapshot, { SnapshotId: SnapshotId! });
    expect(snapshot(domain, SnapshotId!)).toBeUndefined();
    call(domain, CreateSnapshot, { DiskId: dataDiskId });
    expect(call(domain, DeleteSnapshot, { SnapshotId: 's-none' })).toEqual({});
  });

  it('refuses a snapshot behind an image, and one behind a disk unless forced', () => {
    const domain = testDomain();
    const image = call(domain, DescribeImages, { RegionId: REGION, ImageOwnerAlias: 'self' }).Images[0]!;
    const imageSnapshot = image.DiskDeviceMappings[0]!.SnapshotId!;
    expect(snapshot(domain, imageSnapshot)?.Usage).toBe('image');
    expectFailure(
      () => call(domain, DeleteSnapshot, { SnapshotId: imageSnapshot }),
      'SnapshotCreatedImage',
      403,
    );
    expectFailure(
      () => call(domain, DeleteSnapshot, { SnapshotId: imageSnapshot, Force: true }),
      'SnapshotCreatedImage',
      403,
    );

    const { dataDiskId } = launch(domain);
    const { SnapshotId } = call(domain, CreateSnapshot, { DiskId: dataDiskId });
    domain.advance(20_000);
    call(domain, CreateDisk, { RegionId: REGION, ZoneId: 'cn-hangzhou-h', SnapshotId: SnapshotId! });
    expect(snapshot(domain, SnapshotId!)?.Usage).toBe('disk');
    expectFailure(
      () => call(domain, DeleteSnapshot, { SnapshotId: SnapshotId! }),
      'SnapshotCreatedDisk',
      403,
    );
    call(domain, DeleteSnapshot, { SnapshotId: SnapshotId!, Force: true });
    expect(snapshot(domain, SnapshotId!)).toBeUndefined();
  });
});

describe('DescribeSnapshots', () => {
  it('filters by status and type, and shows snapshots of a disk that is gone', () => {
    const domain = testDomain();
    const { dataDiskId } = launch(domain);
    const { SnapshotId } = call(domain, CreateSnapshot, { DiskId: dataDiskId });
    const progressing = call(domain, DescribeSnapshots, {
      RegionId: REGION,
      Status: 'progressing',
    }).Snapshots;
    expect(progressing.map((item) => item.SnapshotId)).toEqual([SnapshotId]);
    const all = call(domain, DescribeSnapshots, { RegionId: REGION, PageSize: 50 }).Snapshots;
    const user = call(domain, DescribeSnapshots, {
      RegionId: REGION,
      SnapshotType: 'user',
      PageSize: 50,
    }).Snapshots;
    expect(user.length).toBeLessThanOrEqual(all.length);
    expect(user.every((item) => item.SnapshotType === 'user')).toBe(true);
    // The seed's extras include snapshots of a released disk.
    const region = domain.store.account(ACCOUNT).regions.get(REGION)!;
    const orphans = all.filter((item) => !region.disks.has(item.SourceDiskId!));
    expect(orphans.length).toBeGreaterThan(0);
  });
});
