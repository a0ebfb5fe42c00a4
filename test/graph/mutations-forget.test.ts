import { expect, it } from 'vitest';
import { autoSnapshotPolicyLoader } from '../../src/loaders/auto-snapshot-policies.js';
import { loadInstanceTypes } from '../../src/loaders/instance-types.js';
import { Loaders } from '../../src/loaders/loaders.js';
import { RegionDirectory } from '../../src/loaders/regions.js';
import { DescribeAutoSnapshotPolicyEx } from '../../src/spec/actions/auto-snapshot-policies.js';
import { DescribeInstanceTypes } from '../../src/spec/actions/instance-types.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import { FakeEcs } from './support/fake-ecs.js';

// A mutation drops the request's caches before its read step: the policy and
// instance-type loaders, which are no listing's, must be dropped with the rest.
it('Loaders.forget() empties the policy and instance-type loaders too', async () => {
  let policyName = 'before';
  const ecs = new FakeEcs()
    .on(DescribeAutoSnapshotPolicyEx, () => ({
      AutoSnapshotPolicies: [{ AutoSnapshotPolicyId: 'sp-1', AutoSnapshotPolicyName: policyName, Tags: [] }],
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 1,
    }))
    .on(DescribeInstanceTypes, () => ({ InstanceTypes: [{ InstanceTypeId: 'ecs.t1.small' }] }));
  const limits = API_LIMITS['2014'];
  const loaders = new Loaders({ ecs, limits, regions: new RegionDirectory({ ttlMs: 0 }), allPagesCap: 5 });
  const request = { loaders };
  const key = { regionId: 'cn-hangzhou', id: 'sp-1' };
  const name = async () => (await autoSnapshotPolicyLoader(request).load(key))?.AutoSnapshotPolicyName;

  expect(await name()).toBe('before');
  await loadInstanceTypes(request, undefined);
  policyName = 'after';
  expect(await name()).toBe('before');
  await loadInstanceTypes(request, undefined);
  expect(ecs.actions()).toEqual(['DescribeAutoSnapshotPolicyEx', 'DescribeInstanceTypes']);

  loaders.forget();
  expect(await name()).toBe('after');
  await loadInstanceTypes(request, undefined);
  expect(ecs.actions()).toEqual([
    'DescribeAutoSnapshotPolicyEx',
    'DescribeInstanceTypes',
    'DescribeAutoSnapshotPolicyEx',
    'DescribeInstanceTypes',
  ]);
});
