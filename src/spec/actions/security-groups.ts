import { defineAction } from '../action.js';
import { PermissionType, SecurityGroupItemType } from '../datatypes.js';
import { documented, securityGroupNotFound, tagErrors } from '../documented-errors.js';
import { p } from '../params.js';
import {
  regionId,
  securityGroupDescription,
  securityGroupId,
  securityGroupName,
} from '../security-group-common.js';
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

const regionNotFound = documented(
  'InvalidRegionId.NotFound',
  404,
  'The RegionId provided does not exist in our records.',
  'The specified RegionId does not exist.',
);
const nameMalformed = documented(
  'InvalidSecurityGroupName.Malformed',
  400,
  'Specified security group name is not valid.',
  'The SecurityGroupName breaks the name rule.',
);
const descriptionMalformed = documented(
  'InvalidDescription.Malformed',
  400,
  'The specified parameter "Description" is not valid.',
  'The Description breaks the description rule.',
);

export const DescribeSecurityGroupAttribute = defineAction({
  name: 'DescribeSecurityGroupAttribute',
  summary: 'Returns a security group with its rules, highest priority first.',
  idempotency: 'read',
  reads: { kind: 'securityGroup', ids: 'SecurityGroupId' },
  params: {
    SecurityGroupId: securityGroupId,
    RegionId: regionId,
    NicType: p.string({
      values: ['internet', 'intranet'],
      code: 'InvalidNicType.ValueNotSupported',
      doc: 'Only the rules of this network type; absent, all of them.',
    }),
    Direction: p.string({
      values: ['ingress', 'egress', 'all'],
      doc: "Today's API: only ingress or egress rules; all (default) for both.",
    }),
  },
  response: {
    RegionId: t.string,
    SecurityGroupId: t.string,
    SecurityGroupName: t.string,
    Description: t.string,
    /** Empty for a classic security group. */
    VpcId: t.string,
    Permissions: t.list('Permission', PermissionType),
  },
  errors: [
    regionNotFound,
    securityGroupNotFound,
    documented(
      'InvalidNicType.ValueNotSupported',
      400,
      'The specified NicType does not exist.',
      'The NicType is neither internet nor intranet.',
    ),
  ],
});

export const CreateSecurityGroup = defineAction({
  name: 'CreateSecurityGroup',
  summary:
    'Creates a security group, in a VPC when VpcId is given (classic otherwise): at most 100 an account. Its instances reach each other; everything else is closed until rules open it.',
  idempotency: 'clientToken',
  changes: [{ kind: 'securityGroup' }],
  params: {
    RegionId: regionId,
    SecurityGroupName: securityGroupName,
    Description: securityGroupDescription,
    VpcId: p.id({ doc: 'The VPC of the security group; absent, a classic security group.' }),
    ResourceGroupId: p.string({ doc: "Today's API: the resource group of the security group." }),
    Tag: tagsParam("Today's API: tags for the security group, as Tag.N.Key and Tag.N.Value, N from 1 to 20."),
  },
  response: { SecurityGroupId: t.string },
  errors: [
    regionNotFound,
    nameMalformed,
    descriptionMalformed,
    documented(
      'QuotaExceed.SecurityGroup',
      403,
      'The security group quota exceeds.',
      'The account holds as many security groups as it may (100).',
    ),
    documented(
      'InvalidVpcId.NotFound',
      403,
      'Specified VPC does not exist.',
      'The VpcId names no VPC of the region.',
    ),
    ...tagErrors,
  ],
});

export const ModifySecurityGroupAttribute = defineAction({
  name: 'ModifySecurityGroupAttribute',
  summary: 'Changes the name or description of a security group; absent ones stay.',
  idempotency: 'none',
  changes: [{ kind: 'securityGroup', ids: 'SecurityGroupId' }],
  params: {
    RegionId: regionId,
    SecurityGroupId: securityGroupId,
    SecurityGroupName: securityGroupName,
    Description: securityGroupDescription,
  },
  response: {},
  errors: [
    regionNotFound,
    // Not in the 2014 table, but ECS answers it for an unknown group today.
    securityGroupNotFound,
    nameMalformed,
    descriptionMalformed,
  ],
});

export const DeleteSecurityGroup = defineAction({
  name: 'DeleteSecurityGroup',
  summary: 'Deletes a security group that holds no instances and that no rule of another group names.',
  idempotency: 'none',
  changes: [{ kind: 'securityGroup', ids: 'SecurityGroupId' }],
  params: { SecurityGroupId: securityGroupId, RegionId: regionId },
  response: {},
  errors: [
    regionNotFound,
    // Not in the 2014 table, but ECS answers it for an unknown group today.
    securityGroupNotFound,
    documented(
      'DependencyViolation',
      403,
      'There is still instance(s) in the specified security group.',
      'Instances are still in the security group.',
    ),
    documented(
      'DependencyViolation',
      403,
      'The specified security group has been authorized in another one of this user account',
      'A rule of another security group of the account names this one.',
    ),
    documented(
      'DependencyViolation',
      403,
      'The specified security group has been authorized in another one of another user account',
      "A rule of another account's security group names this one.",
    ),
  ],
});
