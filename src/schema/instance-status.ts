import { type InstanceStatusItem, instanceStatusListing } from '../loaders/instance-statuses.js';
import { instanceListing } from '../loaders/instances.js';
import { DescribeInstanceStatus } from '../spec/actions/instance-reads.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { openEnumFields } from './enums.js';
import { present } from './errors.js';
import { InstanceRef, InstanceStatus } from './instance.js';
import { defineListingFilter } from './listing-filter.js';
import { pageObject } from './pagination.js';
import { definePagedQueries } from './resource-queries.js';
import { nonEmpty } from './wire-values.js';

/**
 * DescribeInstanceStatus: the status of every instance of a region, cheaper to page
 * than DescribeInstances. It has no id filter, so it is a listing of pages only; each
 * entry's `instance` goes through the instance loader, so a page of entries costs one
 * batched DescribeInstances per chunk of the id limit, not one call per entry.
 */
export const InstanceStatusItemRef = builder.objectRef<InstanceStatusItem>('InstanceStatusItem').implement({
  description: 'An instance and its status, as DescribeInstanceStatus lists them (InstanceStatusItemType).',
  fields: (t) => ({
    instanceId: t.id({
      description: 'The ID of the instance (InstanceId).',
      resolve: (item) => present(item.InstanceId, 'InstanceId of an instance status'),
    }),
    ...openEnumFields(t, 'status', InstanceStatus, {
      description: 'The status of the instance (Status): Pending, Starting, Running, Stopping or Stopped.',
      read: (item) => nonEmpty(item.Status),
    }),
    instance: t.field({
      type: InstanceRef,
      nullable: true,
      description:
        'The instance itself, looked up in batches by ID with every other instance of the answer (DescribeInstances). Null when ECS no longer lists it, or, with an error at this path, when ECS fails to list it.',
      extensions: upstreamCost({ calls: 'byId' }),
      resolve: (item, _args, { loaders }) =>
        loaders
          .byId(instanceListing)
          .load({ regionId: item.regionId, id: present(item.InstanceId, 'InstanceId') }),
    }),
  }),
});

const InstanceStatusItemPage = pageObject(
  'InstanceStatusItem',
  InstanceStatusItemRef,
  'A page of instance statuses (DescribeInstanceStatus).',
);

export const instanceStatusFilters = defineListingFilter(DescribeInstanceStatus, {
  name: 'InstanceStatusFilter',
  description: 'Which instance statuses to list (the filters of DescribeInstanceStatus); all when empty.',
  fields: {
    zoneId: 'ZoneId',
  },
});

definePagedQueries({
  plural: 'instanceStatuses',
  noun: 'instance statuses',
  listing: instanceStatusListing,
  page: InstanceStatusItemPage,
  filter: instanceStatusFilters,
});
