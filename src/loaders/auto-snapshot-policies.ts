import type { ActionResult } from '../spec/action.js';
import { DescribeAutoSnapshotPolicyEx } from '../spec/actions/auto-snapshot-policies.js';
import type { ByIdLoader } from './by-id.js';
import { defineListing } from './listing.js';
import type { Loaders } from './loaders.js';
import { createSingleIdLookupLoader, type SingleIdLookupOptions } from './single-id-lookup.js';

export type AutoSnapshotPolicyItem = ActionResult<
  typeof DescribeAutoSnapshotPolicyEx
>['AutoSnapshotPolicies'][number];

/** Automatic snapshot policies by DescribeAutoSnapshotPolicyEx, whose id filter takes one id. */
export const autoSnapshotPolicyListing = defineListing({
  action: DescribeAutoSnapshotPolicyEx,
  idsParam: 'AutoSnapshotPolicyId',
  items: (result) => result.AutoSnapshotPolicies,
  idOf: (policy) => policy.AutoSnapshotPolicyId ?? '',
});

/**
 * Policies by id: the id filter takes one id, and a region holds at most 100 policies
 * (see createSingleIdLookupLoader).
 */
export function createAutoSnapshotPolicyLoader(
  options: SingleIdLookupOptions,
): ByIdLoader<AutoSnapshotPolicyItem> {
  return createSingleIdLookupLoader(autoSnapshotPolicyListing, options);
}

/**
 * The request's policy loader; list results prime it (see the schema's policy fields),
 * and the request's Loaders.forget() empties it.
 */
export function autoSnapshotPolicyLoader(request: {
  readonly loaders: Loaders;
}): ByIdLoader<AutoSnapshotPolicyItem> {
  return request.loaders.own(createAutoSnapshotPolicyLoader);
}
