import type { ActionResult } from '../spec/action.js';
import type { DescribeInstances } from '../spec/actions/instance-reads.js';
import { DescribeSecurityGroups } from '../spec/actions/security-groups.js';
import { instanceListing } from './instances.js';
import { defineListing } from './listing.js';
import { defineRelation } from './relations.js';

/** A security group as DescribeSecurityGroups lists it (SecurityGroupItemType), with the region it was listed in. */
export type SecurityGroupItem = ActionResult<typeof DescribeSecurityGroups>['SecurityGroups'][number] & {
  readonly regionId: string;
};

/** Security groups by DescribeSecurityGroups: pages of a region, or up to the id limit by SecurityGroupIds. */
export const securityGroupListing = defineListing({
  action: DescribeSecurityGroups,
  idsParam: 'SecurityGroupIds',
  // ECS sends RegionId once for the answer, not in each item: each item gets the region called.
  items: (result, regionId): SecurityGroupItem[] =>
    result.SecurityGroups.map((group) => ({ ...group, regionId })),
  idOf: (group) => group.SecurityGroupId ?? '',
});

/**
 * The most instances a security group holds (1000, the reference's limit): the cost
 * estimate bounds the pages of a group's instances by it.
 */
export const MAX_INSTANCES_PER_SECURITY_GROUP = 1000;

type InstanceListed = ActionResult<typeof DescribeInstances>['Instances'][number];

/**
 * The instances of a security group: DescribeInstances with SecurityGroupId per group,
 * or a scan of the region's instances filed under every group each one names (an
 * instance is in one to five groups), whichever costs fewer calls.
 */
export const instancesOfSecurityGroup = defineRelation({
  listing: instanceListing,
  parentParam: 'SecurityGroupId',
  parentOf: (instance: InstanceListed) => instance.SecurityGroupIds?.[0],
  parentsOf: (instance: InstanceListed) => instance.SecurityGroupIds ?? [],
});
