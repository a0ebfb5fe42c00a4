import { defineAction } from '../action.js';
import { SecurityGroupItemType } from '../datatypes.js';
import { tagErrors } from '../documented-errors.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { tagsParam } from '../value-rules.js';

export const DescribeSecurityGroups = defineAction({
  name: 'DescribeSecurityGroups',
  summary: 'Lists the security groups of a region, page by page, newest id first.',
  idempotency: 'read',
  reads: { kind: 'securityGroup', list: 'SecurityGroups', ids: 'SecurityGroupIds' },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    VpcId: p.id({ doc: 'Only security groups of this VPC.' }),
    SecurityGroupIds: p.idList({
      max: 'ids',
      doc: 'Today: only these security groups, a JSON array such as ["sg-1", "sg-2"], at most 100 ids.',
    }),
    SecurityGroupName: p.string({ doc: 'Only security groups of this name.' }),
    NetworkType: p.string({
      values: ['classic', 'vpc'],
      ignoreCase: true,
      doc: 'Only classic or vpc security groups.',
    }),
    SecurityGroupType: p.string({
      values: ['normal', 'enterprise'],
      doc: 'Only basic (normal) or advanced (enterprise) security groups.',
    }),
    ResourceGroupId: p.string({ doc: 'Only security groups in this resource group.' }),
    Tag: tagsParam('Only security groups that carry these tags (Tag.N.Key, Tag.N.Value, N up to 20).'),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    RegionId: t.string,
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    SecurityGroups: t.list('SecurityGroup', SecurityGroupItemType),
  },
  page: { list: 'SecurityGroups' },
  errors: [...tagErrors],
});
