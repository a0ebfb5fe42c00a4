import { defineAction } from '../action.js';
import { documented } from '../documented-errors.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { networkDescription, networkName, VpcSetType, VRouterSetType, vpcCidrBlock } from '../vpc-common.js';
import { incorrectVpcStatus, vpcNotFound } from '../vpc-errors.js';

/**
 * VPCs and their VRouters, as the 2014 reference declares them on ECS. Today they are
 * actions of the VPC product (2016-04-28), which answers the same names and codes.
 */

const regionNotFound = documented(
  'Forbidden.RegionNotFound',
  404,
  'Specified region is not found during access authentication.',
  'The specified RegionId does not exist.',
);
const dependent = 'Specified object has dependent resources';

export const CreateVpc = defineAction({
  name: 'CreateVpc',
  summary:
    'Creates a VPC with its VRouter and system route table; it is Pending for a moment, then Available. At most 10 a region.',
  idempotency: 'clientToken',
  changes: [{ kind: 'vpc' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the new VPC.' }),
    CidrBlock: p.string({
      check: vpcCidrBlock,
      doc: 'The VPC block: 172.16.0.0/12 (default) or 192.168.0.0/16, or a block inside one of them, mask at most 24 bits. It cannot change later.',
    }),
    VpcName: networkName('InvalidVpcName.Malformed', 'VPC'),
    Description: networkDescription('InvalidVpcDescription.Malformed', 'VPC'),
  },
  response: { VpcId: t.string, VRouterId: t.string, RouteTableId: t.string },
  errors: [
    documented(
      'InvalidRegionId.NotFound',
      404,
      'Specified value of "RegionId" is not supported.',
      'The specified RegionId does not exist.',
    ),
    documented(
      'InvalidParameter',
      400,
      'Specified CIDR block is not valid.',
      'The CidrBlock breaks the VPC block rule.',
    ),
    documented(
      'ResourceNotAvailable',
      400,
      'Resource you requested is not available in this region or zone.',
      'The region does not offer VPCs.',
    ),
    documented(
      'InvalidVpcName.Malformed',
      400,
      'Specified VPC name is not valid.',
      'The VpcName breaks the name rule.',
    ),
    documented(
      'InvalidVpcDescription.Malformed',
      400,
      'Specified VPC description is not valid.',
      'The Description breaks the description rule.',
    ),
    documented(
      'Forbidden',
      403,
      'User not authorized to operate on the specified resource.',
      'The caller may not create VPCs (a RAM policy denies it).',
    ),
    documented(
      'QuotaExceeded.Vpc',
      400,
      'VPC quota exceeded.',
      'The region already holds as many VPCs as the account may (10).',
    ),
  ],
});

export const DeleteVpc = defineAction({
  name: 'DeleteVpc',
  summary:
    'Deletes an Available VPC that holds no custom route, instance, VSwitch or security group, with its VRouter and route table.',
  idempotency: 'none',
  changes: [{ kind: 'vpc' }],
  params: { VpcId: p.id({ required: true, doc: 'The VPC to delete.' }) },
  response: {},
  errors: [
    // Not in the 2014 table, but the VPC API answers it for an unknown VPC today.
    vpcNotFound,
    incorrectVpcStatus,
    documented('DependencyViolation.RouteEntry', 400, dependent, 'Custom route entries remain in the VPC.'),
    documented('DependencyViolation.Instance', 400, dependent, 'Instances remain in the VPC.'),
    documented('DependencyViolation.VSwitch', 400, dependent, 'VSwitches remain in the VPC.'),
    documented('DependencyViolation.SecurityGroup', 400, dependent, 'Security groups remain in the VPC.'),
  ],
});

export const DescribeVpcs = defineAction({
  name: 'DescribeVpcs',
  summary: 'Lists the VPCs of a region, oldest first, page by page.',
  idempotency: 'read',
  reads: { kind: 'vpc', list: 'Vpcs', ids: 'VpcId', status: { field: 'Status', transitional: ['Pending'] } },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    VpcId: p.string({
      check: (value) => (value.split(',').length > 20 ? 'at most 20 ids separated by commas' : undefined),
      doc: "Only this VPC; today's API also takes up to 20 ids separated by commas.",
    }),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    Vpcs: t.list('Vpc', VpcSetType),
  },
  page: { list: 'Vpcs' },
  errors: [regionNotFound],
});

export const ModifyVpcAttribute = defineAction({
  name: 'ModifyVpcAttribute',
  summary: 'Renames a VPC or changes its description; absent ones stay.',
  idempotency: 'none',
  changes: [{ kind: 'vpc' }],
  params: {
    VpcId: p.id({ required: true, doc: 'The VPC to change.' }),
    VpcName: networkName('InvalidVpcName.Malformed', 'VPC'),
    Description: networkDescription('InvalidVpcDescription.Malformed', 'VPC'),
  },
  response: {},
  errors: [
    vpcNotFound,
    documented(
      'InvalidVpcName.Malformed',
      400,
      'Specified VPC name is not valid.',
      'The VpcName breaks the name rule.',
    ),
    documented(
      'InvalidVpcDescription.Malformed',
      400,
      'Specified VPC description is not valid.',
      'The Description breaks the description rule.',
    ),
  ],
});

export const DescribeVRouters = defineAction({
  name: 'DescribeVRouters',
  summary: 'Lists the VRouters of a region (one a VPC), oldest first, page by page.',
  idempotency: 'read',
  reads: { kind: 'vpc', list: 'VRouters', ids: 'VRouterId' },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    VRouterId: p.id({ doc: 'Only this VRouter.' }),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    VRouters: t.list('VRouter', VRouterSetType),
  },
  page: { list: 'VRouters' },
  errors: [regionNotFound],
});

export const ModifyVRouterAttribute = defineAction({
  name: 'ModifyVRouterAttribute',
  summary: 'Renames a VRouter or changes its description; absent ones stay.',
  idempotency: 'none',
  changes: [{ kind: 'vpc' }],
  params: {
    VRouterId: p.id({ required: true, doc: 'The VRouter to change.' }),
    VRouterName: networkName('InvalidVRouterName.Malformed', 'VRouter'),
    // The reference spells the code so ("Discription").
    Description: networkDescription('InvalidVRouterDiscription.Malformed', 'VRouter'),
  },
  response: {},
  errors: [
    documented(
      'InvalidVRouterId.NotFound',
      404,
      'Specified virtual router does not exist.',
      'The VRouterId names no VRouter of the region.',
    ),
    documented(
      'InvalidVRouterName.Malformed',
      400,
      'Specified virtual router name is not valid.',
      'The VRouterName breaks the name rule.',
    ),
    documented(
      'InvalidVRouterDiscription.Malformed',
      400,
      'Specified virtual router description is not valid.',
      'The Description breaks the description rule.',
    ),
  ],
});
