import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src/simulator/clock.js';
import {
  ApplyAutoSnapshotPolicy,
  CancelAutoSnapshotPolicy,
  CreateAutoSnapshotPolicy,
  DescribeAutoSnapshotPolicy,
} from '../../../src/spec/actions/auto-snapshot-policies.js';
import { CreateSnapshot } from '../../../src/spec/actions/create-snapshot.js';
import { StopInstance } from '../../../src/spec/actions/instance-writes.js';
import { DescribeSnapshots } from '../../../src/spec/actions/snapshots.js';
import { ACCOUNT, call, type Domain, launch, REGION, testDomain } from './helpers.js';

/**
 * Policies fire on the manual clock (it starts Monday 2025-01-06T00:00Z, 08:00 in UTC+8).
 * The policy below fires at 02:00 and 14:00 UTC+8 on Mondays and Wednesdays: in UTC
 * 2025-01-06T06:00, 01-07T18:00, 01-08T06:00, 01-12T18:00 and 01-13T06:00 (its 02:00
 * of Monday the 6th, 01-05T18:00Z, is before the clock starts).
 */

const FIRINGS = [
  ['auto_20250106_1', '2025-01-06T06:00:00Z'],
  ['auto_20250108_1', '2025-01-07T18:00:00Z'],
  ['auto_20250108_2', '2025-01-08T06:00:00Z'],
  ['auto_20250113_1', '2025-01-12T18:00:00Z'],
  ['auto_20250113_2', '2025-01-13T06:00:00Z'],
];

function advanceTo(domain: Domain, iso: string): void {
  domain.advance(Date.parse(iso) - domain.clock.now());
}

function withPolicy(options: Parameters<typeof testDomain>[0] = {}, retentionDays = -1) {
  const domain = testDomain(options);
  const disks = launch(domain);
  const policyId = call(domain, CreateAutoSnapshotPolicy, {
    regionId: REGION,
    autoSnapshotPolicyName: 'twice-mon-wed',
    timePoints: '["2","14"]',
    repeatWeekdays: '["1","3"]',
    retentionDays,
  }).AutoSnapshotPolicyId!;
  call(domain, ApplyAutoSnapshotPolicy, {
    regionId: REGION,
    autoSnapshotPolicyId: policyId,
    diskIds: [disks.systemDiskId, disks.dataDiskId],
  });
  return { domain, policyId, ...disks };
}

function autoSnapshots(domain: Domain, diskId?: string) {
  return call(domain, DescribeSnapshots, {
    RegionId: REGION,
    SnapshotType: 'auto',
    PageSize: 100,
    ...(diskId === undefined ? {} : { DiskId: diskId }),
  }).Snapshots;
}

function names(domain: Domain, diskId: string) {
  return autoSnapshots(domain, diskId).map((snapshot) => [snapshot.SnapshotName, snapshot.CreationTime]);
}

describe('automatic snapshot policies fire on the clock', () => {
  it('advancing a week at once fires each time point once, in order, for every disk of the policy', () => {
    const { domain, systemDiskId, dataDiskId } = withPolicy();
    advanceTo(domain, '2025-01-13T07:00:00Z');
    expect(names(domain, systemDiskId)).toEqual(FIRINGS);
    expect(names(domain, dataDiskId)).toEqual(FIRINGS);
    const made = [...autoSnapshots(domain, systemDiskId), ...autoSnapshots(domain, dataDiskId)];
    expect(made).toHaveLength(10);
    for (const snapshot of made) {
      expect(snapshot).toMatchObject({ SnapshotType: 'auto', Status: 'accomplished', Progress: '100%' });
      expect(snapshot.SourceDiskType).toBe(snapshot.SourceDiskId === systemDiskId ? 'system' : 'data');
    }
  });

  it('gives the same snapshots, ids included, whether the clock moves at once or hour by hour', () => {
    const atOnce = withPolicy();
    advanceTo(atOnce.domain, '2025-01-13T07:00:00Z');
    const stepwise = withPolicy();
    while (stepwise.domain.clock.now() < Date.parse('2025-01-13T07:00:00Z')) {
      stepwise.domain.advance(
        Math.min(3_600_000, Date.parse('2025-01-13T07:00:00Z') - stepwise.domain.clock.now()),
      );
      autoSnapshots(stepwise.domain);
    }
    const view = (domain: Domain) =>
      autoSnapshots(domain).map((s) => [s.SnapshotId, s.SnapshotName, s.SourceDiskId, s.CreationTime]);
    expect(view(stepwise.domain)).toEqual(view(atOnce.domain));
  });

  it('is not there one ms before the time point, progresses from it like a manual snapshot', () => {
    const { domain, systemDiskId, dataDiskId } = withPolicy();
    advanceTo(domain, '2025-01-06T05:59:59.999Z');
    expect([...names(domain, systemDiskId), ...names(domain, dataDiskId)]).toEqual([]);
    domain.advance(1);
    const [snapshot] = autoSnapshots(domain, dataDiskId);
    expect(snapshot).toMatchObject({
      SnapshotName: 'auto_20250106_1',
      CreationTime: '2025-01-06T06:00:00Z',
      Status: 'progressing',
      Progress: '0%',
      SourceDiskSize: 100,
    });
    // A 100 GiB disk takes 12 s (10 s plus 2 s for its size).
    domain.advance(11_999);
    expect(autoSnapshots(domain, dataDiskId)[0]).toMatchObject({ Status: 'progressing', Progress: '99%' });
    domain.advance(1);
    expect(autoSnapshots(domain, dataDiskId)[0]).toMatchObject({ Status: 'accomplished', Progress: '100%' });
  });

  it('skips a disk with a snapshot in progress; the 2014 execution status says Failed for its type', () => {
    const { domain, systemDiskId, dataDiskId } = withPolicy();
    const status = () =>
      call(domain, DescribeAutoSnapshotPolicy, { RegionId: REGION }).AutoSnapshotExcutionStatus;
    expect(status()).toEqual({ SystemDiskExcutionStatus: 'Standby', DataDiskExcutionStatus: 'Standby' });
    advanceTo(domain, '2025-01-06T05:59:55Z');
    call(domain, CreateSnapshot, { DiskId: dataDiskId });
    advanceTo(domain, '2025-01-06T06:00:00Z');
    expect(names(domain, systemDiskId)).toEqual([FIRINGS[0]]);
    expect(names(domain, dataDiskId)).toEqual([]);
    expect(status()).toEqual({ SystemDiskExcutionStatus: 'Executed', DataDiskExcutionStatus: 'Failed' });
    advanceTo(domain, '2025-01-07T18:00:00Z');
    expect(names(domain, dataDiskId)).toEqual([FIRINGS[1]]);
    expect(status()).toEqual({ SystemDiskExcutionStatus: 'Executed', DataDiskExcutionStatus: 'Executed' });
  });

  it('skips every disk of an instance that is Stopping at the time point', () => {
    const { domain, systemDiskId, dataDiskId, instanceId } = withPolicy();
    advanceTo(domain, '2025-01-06T05:59:58Z');
    call(domain, StopInstance, { InstanceId: instanceId });
    advanceTo(domain, '2025-01-07T18:00:00Z');
    // Stopped since 06:00:01: the next time point fires for both.
    expect(names(domain, systemDiskId)).toEqual([FIRINGS[1]]);
    expect(names(domain, dataDiskId)).toEqual([FIRINGS[1]]);
  });

  it('passTime fires what is due before a change made outside the actions; a security lock then skips the disks', () => {
    const { domain, systemDiskId, dataDiskId, instanceId } = withPolicy();
    advanceTo(domain, '2025-01-06T06:00:00Z');
    domain.passTime(ACCOUNT);
    domain.store
      .account(ACCOUNT)
      .regions.get(REGION)!
      .instances.get(instanceId)!
      .operationLocks.push('security');
    advanceTo(domain, '2025-01-13T07:00:00Z');
    expect(names(domain, systemDiskId)).toEqual([FIRINGS[0]]);
    expect(names(domain, dataDiskId)).toEqual([FIRINGS[0]]);
  });

  it('stops firing for a disk once the policy is cancelled on it', () => {
    const { domain, systemDiskId, dataDiskId } = withPolicy();
    advanceTo(domain, '2025-01-06T07:00:00Z');
    call(domain, CancelAutoSnapshotPolicy, { regionId: REGION, diskIds: [dataDiskId] });
    advanceTo(domain, '2025-01-13T07:00:00Z');
    expect(names(domain, dataDiskId)).toEqual([FIRINGS[0]]);
    expect(names(domain, systemDiskId)).toEqual(FIRINGS);
  });

  it('drops the oldest automatic snapshots of a disk past the per-disk limit', () => {
    const { domain, dataDiskId } = withPolicy({ rules: { snapshotQuotaPerDisk: 2 } });
    advanceTo(domain, '2025-01-13T07:00:00Z');
    expect(names(domain, dataDiskId)).toEqual(FIRINGS.slice(3));
  });

  it('names the snapshot by the UTC+8 date of the time point', () => {
    // 02:00 UTC+8 on Wednesday the 8th is 18:00 UTC on Tuesday the 7th.
    const { domain, dataDiskId } = withPolicy();
    advanceTo(domain, '2025-01-07T18:00:00Z');
    const [, second] = autoSnapshots(domain, dataDiskId);
    expect(second?.SnapshotName).toBe('auto_20250108_1');
    expect(second?.CreationTime).toBe(isoTime(Date.parse('2025-01-07T18:00:00Z')));
  });
});
