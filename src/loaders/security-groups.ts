import type { ActionResult } from '../spec/action.js';
import { DescribeSecurityGroups } from '../spec/actions/security-groups.js';
import { defineListing } from './listing.js';

export type SecurityGroupItem = ActionResult<typeof DescribeSecurityGroups>['SecurityGroups'][number];

/** Security groups by DescribeSecurityGroups: pages of a region, or up to the id limit by SecurityGroupIds. */
export const securityGroupListing = defineListing({
  action: DescribeSecurityGroups,
  idsParam: 'SecurityGroupIds',
  items: (result) => result.SecurityGroups,
  idOf: (group) => group.SecurityGroupId ?? '',
});
