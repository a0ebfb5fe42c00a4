import type { ActionResult } from '../spec/action.js';
import { DescribeInstances } from '../spec/actions/instance-reads.js';
import { defineListing } from './listing.js';

/** An instance as DescribeInstances lists it (InstanceAttributesType), with the region it was listed in. */
export type InstanceItem = ActionResult<typeof DescribeInstances>['Instances'][number] & {
  readonly regionId: string;
};

/** Instances of a region: DescribeInstances, by id through InstanceIds. */
export const instanceListing = defineListing({
  action: DescribeInstances,
  idsParam: 'InstanceIds',
  items: (result, regionId): InstanceItem[] =>
    result.Instances.map((instance) => ({ ...instance, regionId })),
  idOf: (instance) => instance.InstanceId ?? '',
});
