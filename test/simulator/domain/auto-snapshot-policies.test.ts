import { describe, expect, it } from 'vitest';
import {
  ApplyAutoSnapshotPolicy,
  CancelAutoSnapshotPolicy,
  CreateAutoSnapshotPolicy,
  DeleteAutoSnapshotPolicy,
  DescribeAutoSnapshotPolicy,
  DescribeAutoSnapshotPolicyEx,
  ModifyAutoSnapshotPolicyEx,
} from '../../../src/spec/actions/auto-snapshot-policies.js';
import { CreateSnapshot } from '../../../src/spec/actions/create-snapshot.js';
import { DescribeDisks } from '../../../src/spec/actions/disk-reads.js';
import { ACCOUNT, call, expectFailure, launch, REGION, testDomain } from './helpers.js';

describe('automatic snapshot policies', () => {
  it('are created, modified, applied, cancelled and deleted', () => {
    const domain = testDomain();
    const { dataDiskId } = launch(domain);
    const { AutoSnapshotPolicyId } = call(domain, CreateAutoSnapshotPolicy, {
      regionId: REGION,
      autoSnapshotPolicyName: 'nightly',
      timePoints: '["12","2"]',
      repeatWeekdays: '["1","7"]',
      retentionDays: 7,
    });
    const policyId = AutoSnapshotPolicyId!;
    expect(policyId).toMatch(/^p-bp1[a-z0-9]{17}$/);
    call(domain, ModifyAutoSnapshotPolicyEx, {
      regionId: REGION,
      autoSnapshotPolicyId: policyId,
      retentionDays: -1,
    });
    call(domain, ApplyAutoSnapshotPolicy, {
      regionId: REGION,
      autoSnapshotPolicyId: policyId,
      diskIds: [dataDiskId],
    });
    const listed = call(domain, DescribeAutoSnapshotPolicyEx, {
      RegionId: REGION,
      AutoSnapshotPolicyId: policyId,
    }).AutoSnapshotPolicies;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      AutoSnapshotPolicyName: 'nightly',
      TimePoints: '["2","12"]',
      RepeatWeekdays: '["1","7"]',
      RetentionDays: -1,
      DiskNums: 1,
      Status: 'Normal',
    });
    const disk = () => call(domain, DescribeDisks, { RegionId: REGION, DiskIds: [dataDiskId] }).Disks[0]!;
    expect(disk().AutoSnapshotPolicyId).toBe(policyId);
    call(domain, CancelAutoSnapshotPolicy, { regionId: REGION, diskIds: [dataDiskId] });
    expect(disk().AutoSnapshotPolicyId).toBe('');
    call(domain, ApplyAutoSnapshotPolicy, {
      regionId: REGION,
      autoSnapshotPolicyId: policyId,
      diskIds: [dataDiskId],
    });
    call(domain, DeleteAutoSnapshotPolicy, { regionId: REGION, autoSnapshotPolicyId: policyId });
    expect(disk().AutoSnapshotPolicyId).toBe('');
    expect(
      call(domain, DescribeAutoSnapshotPolicyEx, { RegionId: REGION, AutoSnapshotPolicyId: policyId })
        .TotalCount,
    ).toBe(0);
    // The seeded policy is still there.
    expect(call(domain, DescribeAutoSnapshotPolicyEx, { RegionId: REGION }).TotalCount).toBe(1);
  });

  it('tell a policy of another region from one that does not exist, and refuse unknown disks', () => {
    const domain = testDomain();
    const { AutoSnapshotPolicyId } = call(domain, CreateAutoSnapshotPolicy, {
      regionId: 'cn-shanghai',
      timePoints: '["1"]',
      repeatWeekdays: '["1"]',
      retentionDays: 3,
    });
    const notHere = () =>
      call(domain, DeleteAutoSnapshotPolicy, {
        regionId: REGION,
        autoSnapshotPolicyId: AutoSnapshotPolicyId!,
      });
    expectFailure(notHere, 'ParameterInvalid', 404);
    expectFailure(
      () =>
        call(domain, ApplyAutoSnapshotPolicy, {
          regionId: 'cn-shanghai',
          autoSnapshotPolicyId: AutoSnapshotPolicyId!,
          diskIds: ['d-none'],
        }),
      'InvalidDiskId.NotFound',
      404,
    );
    expectFailure(
      () => call(domain, DescribeAutoSnapshotPolicyEx, { RegionId: 'xx-nowhere' }),
      'InvalidRegionId.NotFound',
      400,
    );
  });

  it('keep to the quota of policies a region', () => {
    const domain = testDomain({ rules: { autoSnapshotPoliciesPerRegion: 1 }, seed: false });
    const input = { regionId: REGION, timePoints: '["1"]', repeatWeekdays: '["1"]', retentionDays: 3 };
    call(domain, CreateAutoSnapshotPolicy, input);
    expectFailure(() => call(domain, CreateAutoSnapshotPolicy, input), 'AutoSnapshotPolicy.QuotaExceed', 403);
  });

  it('describe the 2014 account-wide policy as disabled, counting automatic snapshots', () => {
    const domain = testDomain();
    const answer = call(domain, DescribeAutoSnapshotPolicy, {});
    expect(answer.AutoSnapshotPolicy?.DataDiskPolicyEnabled).toBe('false');
    // The 'test' seed leaves two automatic snapshots in the region; a user snapshot does not count.
    expect(answer.AutoSnapshotOccupation).toBe(2);
    const { dataDiskId } = launch(domain);
    call(domain, CreateSnapshot, { DiskId: dataDiskId });
    expect(call(domain, DescribeAutoSnapshotPolicy, {}).AutoSnapshotOccupation).toBe(2);
    const region = domain.store.account(ACCOUNT).regions.get(REGION)!;
    const user = [...region.snapshots.values()].find((snapshot) => snapshot.sourceDiskId === dataDiskId)!;
    region.snapshots.set('s-auto-extra', { ...user, snapshotId: 's-auto-extra', snapshotType: 'auto' });
    expect(call(domain, DescribeAutoSnapshotPolicy, {}).AutoSnapshotOccupation).toBe(3);
  });

  it('count no automatic snapshots on an empty account', () => {
    const domain = testDomain({ seed: false });
    expect(call(domain, DescribeAutoSnapshotPolicy, {}).AutoSnapshotOccupation).toBe(0);
  });
});
