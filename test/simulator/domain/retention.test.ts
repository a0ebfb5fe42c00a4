import { describe, expect, it } from 'vitest';
import {
  ApplyAutoSnapshotPolicy,
  CreateAutoSnapshotPolicy,
} from '../../../src/spec/actions/auto-snapshot-policies.js';
import { CreateSnapshot } from '../../../src/spec/actions/create-snapshot.js';
import { DescribeSnapshots } from '../../../src/spec/actions/snapshots.js';
import { call, type Domain, launch, REGION, testDomain } from './helpers.js';

/** RetentionDays releases snapshots on the manual clock, at the very millisecond their days are over. */

const DAY = 86_400_000;

function advanceTo(domain: Domain, at: number): void {
  domain.advance(at - domain.clock.now());
}

function snapshotsOf(domain: Domain, diskId: string) {
  return call(domain, DescribeSnapshots, { RegionId: REGION, DiskId: diskId, PageSize: 100 }).Snapshots.map(
    (snapshot) => [snapshot.SnapshotName, snapshot.CreationTime, snapshot.RetentionDays],
  );
}

describe('RetentionDays', () => {
  it('releases a manual snapshot given RetentionDays when its days are over: there 1 ms before, gone at', () => {
    const domain = testDomain();
    const { dataDiskId } = launch(domain);
    const createdAt = domain.clock.now();
    const { SnapshotId: kept } = call(domain, CreateSnapshot, { DiskId: dataDiskId, SnapshotName: 'kept' });
    domain.advance(60_000);
    const { SnapshotId: brief } = call(domain, CreateSnapshot, {
      DiskId: dataDiskId,
      SnapshotName: 'brief',
      RetentionDays: 2,
    });
    const ids = () =>
      call(domain, DescribeSnapshots, { RegionId: REGION, DiskId: dataDiskId }).Snapshots.map(
        (snapshot) => snapshot.SnapshotId,
      );
    expect(ids()).toEqual([kept, brief]);
    advanceTo(domain, createdAt + 60_000 + 2 * DAY - 1);
    expect(ids()).toEqual([kept, brief]);
    domain.advance(1);
    expect(ids()).toEqual([kept]);
    domain.advance(365 * DAY);
    expect(ids()).toEqual([kept]);
  });

  it('releases automatic snapshots after their policy’s RetentionDays; -1 keeps them', () => {
    const domain = testDomain();
    const { dataDiskId, systemDiskId } = launch(domain);
    const policy = (retentionDays: number) =>
      call(domain, CreateAutoSnapshotPolicy, {
        regionId: REGION,
        autoSnapshotPolicyName: `keep-${retentionDays}`,
        timePoints: '["14"]',
        repeatWeekdays: '["1","2","3","4","5","6","7"]',
        retentionDays,
      }).AutoSnapshotPolicyId!;
    const apply = (policyId: string, diskId: string) =>
      call(domain, ApplyAutoSnapshotPolicy, {
        regionId: REGION,
        autoSnapshotPolicyId: policyId,
        diskIds: [diskId],
      });
    apply(policy(1), dataDiskId);
    apply(policy(-1), systemDiskId);
    // 14:00 UTC+8 is 06:00 UTC: the first fires 2025-01-06T06:00Z, the next a day later.
    const first = Date.parse('2025-01-06T06:00:00Z');
    advanceTo(domain, first + DAY - 1);
    expect(snapshotsOf(domain, dataDiskId)).toEqual([['auto_20250106_1', '2025-01-06T06:00:00Z', 1]]);
    domain.advance(1);
    // At the same millisecond the first is over and the second made.
    expect(snapshotsOf(domain, dataDiskId)).toEqual([['auto_20250107_1', '2025-01-07T06:00:00Z', 1]]);
    advanceTo(domain, first + 5 * DAY);
    expect(snapshotsOf(domain, dataDiskId)).toEqual([['auto_20250111_1', '2025-01-11T06:00:00Z', 1]]);
    expect(snapshotsOf(domain, systemDiskId).map(([name]) => name)).toEqual([
      'auto_20250106_1',
      'auto_20250107_1',
      'auto_20250108_1',
      'auto_20250109_1',
      'auto_20250110_1',
      'auto_20250111_1',
    ]);
    expect(snapshotsOf(domain, systemDiskId).every(([, , days]) => days === undefined)).toBe(true);
  });

  it('expires the same snapshots whether the clock moves at once or a day at a time', () => {
    const run = (step: number) => {
      const domain = testDomain();
      const { dataDiskId } = launch(domain);
      const policyId = call(domain, CreateAutoSnapshotPolicy, {
        regionId: REGION,
        autoSnapshotPolicyName: 'three-days',
        timePoints: '["2","14"]',
        repeatWeekdays: '["1","2","3","4","5","6","7"]',
        retentionDays: 3,
      }).AutoSnapshotPolicyId!;
      call(domain, ApplyAutoSnapshotPolicy, {
        regionId: REGION,
        autoSnapshotPolicyId: policyId,
        diskIds: [dataDiskId],
      });
      const end = Date.parse('2025-01-20T00:00:00Z');
      while (domain.clock.now() < end) {
        domain.advance(Math.min(step, end - domain.clock.now()));
        snapshotsOf(domain, dataDiskId);
      }
      return snapshotsOf(domain, dataDiskId);
    };
    const atOnce = run(30 * DAY);
    expect(atOnce.map(([name]) => name)).toEqual([
      // Made after 2025-01-17T00:00Z, three days before the end; auto_20250117_1 (01-16T18:00Z) is over.
      'auto_20250117_2',
      'auto_20250118_1',
      'auto_20250118_2',
      'auto_20250119_1',
      'auto_20250119_2',
      'auto_20250120_1',
    ]);
    expect(run(DAY)).toEqual(atOnce);
  });
});
