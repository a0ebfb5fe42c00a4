import { type SecurityGroupItem, securityGroupListing } from '../loaders/security-groups.js';
import { DescribeSecurityGroups } from '../spec/actions/security-groups.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { defineOpenEnum, openEnumFields } from './enums.js';
import { present } from './errors.js';
import { InstanceRef } from './instance.js';
import { defineListingFilter } from './listing-filter.js';
import { pageObject } from './pagination.js';
import { defineResourceQueries } from './resource-queries.js';
import { tagsField } from './tag.js';
import { optionalText } from './wire-values.js';

/** The most security groups an instance belongs to. */
const SECURITY_GROUPS_PER_INSTANCE = 5;

export const SecurityGroupType = defineOpenEnum('SecurityGroupType', {
  description: 'The kind of a security group (SecurityGroupType).',
  values: {
    normal: 'a basic security group.',
    enterprise: 'an advanced security group, for many instances and fine-grained rules.',
  },
});

export const SecurityGroupNetworkType = builder.enumType('SecurityGroupNetworkType', {
  description: 'The network a security group serves (NetworkType).',
  values: {
    CLASSIC: { value: 'classic', description: '`classic`: the classic network.' },
    VPC: { value: 'vpc', description: '`vpc`: a virtual private cloud.' },
  },
});

export const SecurityGroupRef = builder.objectRef<SecurityGroupItem>('SecurityGroup');

SecurityGroupRef.implement({
  description:
    'A security group (SecurityGroupItemType): a virtual firewall whose rules decide the traffic its instances may send and receive. An instance belongs to one to five security groups.',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the security group (SecurityGroupId), such as sg-F876FF7BA.',
      resolve: (group) => present(group.SecurityGroupId, 'SecurityGroupId of a security group'),
    }),
    name: t.string({
      nullable: true,
      description: 'The name of the security group (SecurityGroupName).',
      resolve: (group) => group.SecurityGroupName || null,
    }),
    description: t.string({
      nullable: true,
      description: 'The description of the security group (Description).',
      resolve: (group) => group.Description || null,
    }),
    vpcId: t.id({
      nullable: true,
      description:
        'The ID of the VPC the security group belongs to (VpcId); null for a classic-network group.',
      resolve: (group) => group.VpcId || null,
    }),
    ...openEnumFields(t, 'type', SecurityGroupType, {
      description: 'Whether the group is basic (normal) or advanced (enterprise) (SecurityGroupType).',
      read: (group) => group.SecurityGroupType || undefined,
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the security group was created (CreationTime), in UTC.',
      resolve: (group) => optionalText(group.CreationTime),
    }),
    resourceGroupId: t.id({
      nullable: true,
      description: 'The resource group the security group belongs to (ResourceGroupId).',
      resolve: (group) => group.ResourceGroupId || null,
    }),
    tags: tagsField(t, 'security group', (item) => item.Tags ?? []),
  }),
});

const SecurityGroupPage = pageObject(
  'SecurityGroup',
  SecurityGroupRef,
  'A page of security groups, in descending order of security group ID as ECS lists them.',
);

export const securityGroupFilters = defineListingFilter(DescribeSecurityGroups, {
  name: 'SecurityGroupFilter',
  description:
    'Which security groups to list (the filters of DescribeSecurityGroups); all of them when empty.',
  fields: {
    ids: {
      param: 'SecurityGroupIds',
      description:
        'Only these security groups (SecurityGroupIds): at most the API id limit, 10 under ECS_API_LIMITS=2014, 100 under current.',
    },
    vpcId: 'VpcId',
    name: 'SecurityGroupName',
    networkType: {
      param: 'NetworkType',
      type: SecurityGroupNetworkType,
      description: 'Only classic-network or VPC security groups (NetworkType).',
    },
    type: { param: 'SecurityGroupType', type: SecurityGroupType },
    resourceGroupId: {
      param: 'ResourceGroupId',
      description: 'Only security groups of this resource group (ResourceGroupId).',
    },
    tags: {
      param: 'Tag',
      description: 'Only security groups that carry all of these tags (Tag.N), at most 20.',
    },
  },
});

defineResourceQueries({
  singular: 'securityGroup',
  plural: 'securityGroups',
  idName: 'SecurityGroupId',
  listing: securityGroupListing,
  ref: SecurityGroupRef,
  page: SecurityGroupPage,
  filter: securityGroupFilters,
});

builder.objectFields(InstanceRef, (t) => ({
  securityGroups: t.field({
    type: [SecurityGroupRef],
    // Nullable so that a failed lookup leaves the instance and its other fields standing.
    nullable: true,
    description:
      'The security groups the instance belongs to (SecurityGroupIds), looked up in batches by ID (DescribeSecurityGroups). A group ECS no longer lists is left out. Null, with an error at this path, when ECS fails to list them.',
    extensions: upstreamCost({
      calls: 'byId',
      items: SECURITY_GROUPS_PER_INSTANCE,
      idsPerParent: SECURITY_GROUPS_PER_INSTANCE,
    }),
    resolve: async (instance, _args, { loaders }) => {
      const ids = instance.SecurityGroupIds ?? [];
      const groups = await loaders
        .byId(securityGroupListing)
        .loadMany(ids.map((id) => ({ regionId: instance.regionId, id })));
      const failure = groups.find((group) => group instanceof Error);
      if (failure) throw failure;
      return groups.filter(
        (group): group is SecurityGroupItem => group !== null && !(group instanceof Error),
      );
    },
  }),
}));
