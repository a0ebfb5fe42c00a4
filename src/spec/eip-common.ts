import { documented } from './documented-errors.js';
import { p, type StringRule } from './params.js';
import { t } from './shape.js';

/**
 * What the elastic IP actions share: the EipAddressSetType of the reference's appendix,
 * the AllocationId and Bandwidth parameters, and the error rows several tables repeat.
 */

/** The statuses of an EIP: Associating and Unassociating settle into InUse and Available. */
export const EIP_STATUSES = ['Associating', 'Unassociating', 'InUse', 'Available'] as const;
export type EipStatus = (typeof EIP_STATUSES)[number];

/** EipAddressSetType: an EIP in DescribeEipAddresses. */
export const EipAddressSetType = t.object({
  RegionId: t.string,
  IpAddress: t.string,
  AllocationId: t.string,
  /** Associating, Unassociating, InUse or Available. */
  Status: t.string,
  /** The instance the EIP is bound to; empty when none. */
  InstanceId: t.string,
  /** Mbit/s; 5 by default. The reference's example writes it as a string. */
  Bandwidth: t.string,
  /** PayByBandwidth or PayByTraffic. */
  InternetChargeType: t.string,
  OperationLocks: t.list('LockReason', t.object({ LockReason: t.string })),
  AllocationTime: t.string,
});

/** EIP bandwidth bounds, Mbit/s: today's API accepts 1 to 200 for both charge types. */
export const EIP_BANDWIDTH = { min: 1, max: 200, default: 5 } as const;

/** EIPs an account may hold in one region (QuotaExceeded.Eip): today's default quota. */
export const EIPS_PER_REGION = 20;

/** Bandwidth travels as a string (the reference types it String) holding a whole number of Mbit/s. */
const bandwidthRule: StringRule = (value) =>
  /^\d{1,3}$/.test(value) && Number(value) >= EIP_BANDWIDTH.min && Number(value) <= EIP_BANDWIDTH.max
    ? undefined
    : `a whole number of Mbit/s from ${EIP_BANDWIDTH.min} to ${EIP_BANDWIDTH.max}`;

export function bandwidthParam<const R extends boolean>(required: R, doc: string) {
  return p.string({ required, check: bandwidthRule, doc });
}

export const allocationId = p.id({ required: true, doc: 'The allocation ID of the EIP (eip-...).' });

export const allocationNotFound = documented(
  'InvalidAllocationId.NotFound',
  404,
  'Specified allocation ID is not found.',
  'The AllocationId names no EIP of the region.',
);
export const incorrectEipStatus = documented(
  'IncorrectEipStatus',
  400,
  'Current elastic IP status does not support this operation.',
  'The status of the EIP does not allow the operation.',
);
export const insufficientBalance = documented(
  'InsufficientBalance',
  400,
  'Your account does not have enough balance.',
  'The account balance is not enough to pay for the EIP.',
);
