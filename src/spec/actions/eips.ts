import { defineAction } from '../action.js';
import { documented } from '../documented-errors.js';
import {
  allocationId,
  allocationNotFound,
  bandwidthParam,
  EIP_BANDWIDTH,
  EIP_STATUSES,
  EipAddressSetType,
  incorrectEipStatus,
  insufficientBalance,
} from '../eip-common.js';
import { p } from '../params.js';
import { t } from '../shape.js';

/*
 * The elastic IP actions of the reference. Today they belong to the VPC product
 * (vpc.aliyuncs.com), while the ECS SDK keeps them; the 2014 version is declared.
 */

const regionId = p.string({ required: true, doc: 'The region of the EIP.' });
const eipInstanceId = p.id({ required: true, doc: 'The ID of the ECS instance.' });

export const AllocateEipAddress = defineAction({
  name: 'AllocateEipAddress',
  summary: 'Allocates an elastic IP address in a region; it starts Available, bound to nothing.',
  idempotency: 'clientToken',
  changes: [{ kind: 'eip' }],
  params: {
    RegionId: regionId,
    Bandwidth: bandwidthParam(
      false,
      `The bandwidth limit in Mbit/s, ${EIP_BANDWIDTH.min} to ${EIP_BANDWIDTH.max}; ${EIP_BANDWIDTH.default} by default.`,
    ),
    InternetChargeType: p.string({
      values: ['PayByBandwidth', 'PayByTraffic'],
      doc: 'PayByBandwidth (the default) or PayByTraffic.',
    }),
  },
  response: { EipAddress: t.string, AllocationId: t.string },
  errors: [
    documented(
      'Forbidden',
      403,
      'User not authorized to operate on the specified resource.',
      'The account is not authorized to use EIPs; a ticket asks for it.',
    ),
    documented(
      'QuotaExceeded.Eip',
      400,
      'Elastic IP address quota exceeded.',
      'The region holds as many EIPs as the account may have (20).',
    ),
    documented(
      'InvalidRegionId.NotFound',
      404,
      'Specified value of "RegionId" is not supported.',
      'The specified RegionId does not exist.',
    ),
    documented(
      'InsufficientEipCapacity',
      500,
      'Insufficient EIP capacity to fulfill your request.',
      'The region has no EIPs left to allocate.',
    ),
    insufficientBalance,
  ],
});

export const AssociateEipAddress = defineAction({
  name: 'AssociateEipAddress',
  summary:
    'Binds an Available EIP to a Running or Stopped VPC instance of its region, one EIP an instance; it passes through Associating to InUse.',
  idempotency: 'none',
  changes: [
    { kind: 'eip', ids: 'AllocationId' },
    { kind: 'instance', ids: 'InstanceId' },
  ],
  params: { AllocationId: allocationId, InstanceId: eipInstanceId },
  response: {},
  errors: [
    documented(
      'InvalidAssociation.Duplicated',
      400,
      'Specified instance already is associated.',
      'An EIP is already bound to the instance.',
    ),
    documented(
      'OperationDenied',
      400,
      'Specified instance is not in VPC.',
      'The instance is a classic network instance; EIPs bind only to VPC instances.',
    ),
    documented(
      'InvalidParameter.Mismatch',
      400,
      'Specified elastic IP address and ECS instance are not in the same region.',
      'The instance is in another region than the EIP.',
    ),
    incorrectEipStatus,
    allocationNotFound,
    // The reference spells the code so.
    documented(
      'InvalidInstanId.NotFound',
      404,
      'Specified instance does not exist.',
      'The InstanceId names no instance of the account.',
    ),
    documented(
      'IncorrectInstanceStatus',
      400,
      'Current instance status does not support this operation.',
      'The instance is neither Running nor Stopped.',
    ),
  ],
});

export const DescribeEipAddresses = defineAction({
  name: 'DescribeEipAddresses',
  summary: 'Lists the EIPs of a region, page by page (10 by default), oldest first; filters intersect.',
  idempotency: 'read',
  reads: {
    kind: 'eip',
    list: 'EipAddresses',
    status: { field: 'Status', transitional: ['Associating', 'Unassociating'] },
  },
  params: {
    RegionId: p.string({ required: true, doc: 'The region to list.' }),
    Status: p.string({ values: EIP_STATUSES, doc: 'Only EIPs in this status.' }),
    EipAddress: p.string({ doc: 'Only the EIP with this address.' }),
    AllocationId: p.string({ doc: 'Only the EIP with this allocation ID.' }),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    EipAddresses: t.list('EipAddress', EipAddressSetType),
  },
  page: { list: 'EipAddresses' },
  errors: [
    documented(
      'Forbidden.RegionNotFound',
      404,
      'Specified region is not found during access authentication.',
      'The specified RegionId does not exist.',
    ),
  ],
});

export const ModifyEipAddressAttribute = defineAction({
  name: 'ModifyEipAddressAttribute',
  summary: 'Changes the bandwidth limit of an EIP, at once, as often as wanted.',
  idempotency: 'none',
  changes: [{ kind: 'eip', ids: 'AllocationId' }],
  params: {
    AllocationId: allocationId,
    Bandwidth: bandwidthParam(
      true,
      `The new bandwidth limit in Mbit/s, ${EIP_BANDWIDTH.min} to ${EIP_BANDWIDTH.max}.`,
    ),
  },
  response: {},
  errors: [insufficientBalance, allocationNotFound],
});

export const UnassociateEipAddress = defineAction({
  name: 'UnassociateEipAddress',
  summary:
    'Unbinds an InUse EIP from its Running or Stopped instance; it passes through Unassociating to Available.',
  idempotency: 'none',
  changes: [
    { kind: 'eip', ids: 'AllocationId' },
    { kind: 'instance', ids: 'InstanceId' },
  ],
  params: { AllocationId: allocationId, InstanceId: eipInstanceId },
  response: {},
  errors: [
    documented(
      'IncorrectEipStatus',
      400,
      'Current elastic IP status does not support this operation.',
      'The EIP is not InUse on the given instance.',
    ),
    allocationNotFound,
    documented(
      'InvalidInstanceId.NotFound',
      400,
      'Specified instance does not exist.',
      'The InstanceId names no instance of the region.',
    ),
    documented(
      'IncorrectInstanceStatus',
      400,
      'The current status of instance does not support this operation.',
      'The instance is neither Running nor Stopped.',
    ),
  ],
});

export const ReleaseEipAddress = defineAction({
  name: 'ReleaseEipAddress',
  summary: 'Releases an Available EIP; an EIP still bound cannot be released.',
  idempotency: 'none',
  changes: [{ kind: 'eip', ids: 'AllocationId' }],
  params: { AllocationId: allocationId },
  response: {},
  errors: [
    documented(
      'IncorrectEipStatus',
      400,
      'Current elastic IP status does not support this operation.',
      'The EIP is not Available: it is bound, or binding or unbinding.',
    ),
    // Not in the 2014 table, but ECS answers it for an unknown EIP today.
    allocationNotFound,
  ],
});
