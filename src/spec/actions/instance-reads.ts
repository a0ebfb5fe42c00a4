import { defineAction } from '../action.js';
import { InstanceAttributesFields, InstanceAttributesType, InstanceStatusItemType } from '../datatypes.js';
import { documented, instanceNotFound, internalError, tagErrors } from '../documented-errors.js';
import { instanceId } from '../instance-common.js';
import { PAGED_BY_TOKENS, p } from '../params.js';
import { t } from '../shape.js';
import { tagsParam } from '../value-rules.js';

export const DescribeInstances = defineAction({
  name: 'DescribeInstances',
  summary:
    'Lists the instances of a region, page by page; every filter given must match (an empty InstanceIds array matches nothing).',
  idempotency: 'read',
  reads: {
    kind: 'instance',
    list: 'Instances',
    ids: 'InstanceIds',
    status: { field: 'Status', transitional: ['Pending', 'Starting', 'Stopping'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    ZoneId: p.string({ doc: 'Only instances in this zone.' }),
    VpcId: p.id({ doc: 'Only instances in this VPC.' }),
    VSwitchId: p.id({ doc: 'Only instances on this VSwitch.' }),
    InstanceIds: p.idList({
      max: 'ids',
      code: 'InvalidInstanceIds.Malformed',
      httpStatus: 400,
      doc: 'Only these instances: a JSON array such as ["i-1", "i-2"], at most 10 ids in the 2014 API and 100 today.',
    }),
    InstanceNetworkType: p.string({ values: ['classic', 'vpc'], ignoreCase: true, doc: 'classic or vpc.' }),
    PrivateIpAddresses: p.idList({
      max: 'ids',
      doc: 'VPC instances with these private IPs: a JSON array such as ["172.16.1.1"].',
    }),
    InnerIpAddresses: p.idList({
      max: 'ids',
      doc: 'Classic instances with these intranet IPs: a JSON array such as ["10.1.1.1"].',
    }),
    PublicIpAddresses: p.idList({
      max: 'ids',
      doc: 'Classic instances with these public IPs: a JSON array such as ["42.1.1.1"].',
    }),
    SecurityGroupId: p.id({ doc: 'Only instances in this security group.' }),
    InstanceType: p.string({ doc: 'Only instances of this type.' }),
    InstanceTypeFamily: p.string({ doc: 'Only instances of this type family.' }),
    InstanceName: p.string({ doc: 'Only instances of this name (today: * as a wildcard).' }),
    ImageId: p.id({ doc: 'Only instances from this image.' }),
    Status: p.string({
      values: ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'],
      doc: 'Only instances in this status: Pending, Running, Starting, Stopping or Stopped.',
    }),
    InstanceChargeType: p.string({
      values: ['PrePaid', 'PostPaid'],
      doc: 'Only PrePaid or PostPaid instances.',
    }),
    ResourceGroupId: p.string({ doc: 'Only instances in this resource group.' }),
    Tag: tagsParam('Only instances that carry these tags (Tag.N.Key, Tag.N.Value, N up to 20).'),
    PageNumber: p.pageNumber({ deprecated: PAGED_BY_TOKENS }),
    PageSize: p.pageSize({ deprecated: PAGED_BY_TOKENS }),
    MaxResults: p.maxResults(100),
    NextToken: p.nextToken(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    NextToken: t.string,
    Instances: t.list('Instance', InstanceAttributesType),
  },
  page: { list: 'Instances', tokens: { maxResults: 100, minResults: 10 } },
  errors: [
    documented(
      'InvalidInstanceIds.Malformed',
      400,
      'The specified InstanceIds is not valid.',
      'InstanceIds is not a JSON array of ids, or holds more ids than allowed.',
    ),

    ...tagErrors,
  ],
});

export const DescribeInstanceAttribute = defineAction({
  name: 'DescribeInstanceAttribute',
  summary: 'Returns the attributes of one instance.',
  idempotency: 'read',
  reads: {
    kind: 'instance',
    ids: 'InstanceId',
    status: { field: 'Status', transitional: ['Pending', 'Starting', 'Stopping'] },
  },
  params: { InstanceId: instanceId },
  response: {
    ...InstanceAttributesFields,
    /** none or optimized here; DescribeInstances answers a boolean. */
    IoOptimized: t.string,
  },
  errors: [instanceNotFound, internalError],
});

export const DescribeInstanceStatus = defineAction({
  name: 'DescribeInstanceStatus',
  summary: 'Lists the status of every instance of a region, page by page.',
  idempotency: 'read',
  reads: {
    kind: 'instance',
    list: 'InstanceStatuses',
    status: { field: 'Status', transitional: ['Pending', 'Starting', 'Stopping'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    ZoneId: p.string({ doc: 'Only instances in this zone.' }),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    InstanceStatuses: t.list('InstanceStatus', InstanceStatusItemType),
  },
  page: { list: 'InstanceStatuses' },
});
