import type { ActionResult } from '../spec/action.js';
import { DescribeInstanceStatus } from '../spec/actions/instance-reads.js';
import { definePagedListing } from './listing.js';

/** An instance's status as DescribeInstanceStatus lists it (InstanceStatusItemType), with the region it was listed in. */
export type InstanceStatusItem = ActionResult<typeof DescribeInstanceStatus>['InstanceStatuses'][number] & {
  readonly regionId: string;
};

/** The statuses of a region's instances: DescribeInstanceStatus, which has no id filter, so pages only. */
export const instanceStatusListing = definePagedListing({
  action: DescribeInstanceStatus,
  items: (result, regionId): InstanceStatusItem[] =>
    result.InstanceStatuses.map((status) => ({ ...status, regionId })),
  idOf: (status) => status.InstanceId ?? '',
});
