import { defineAction } from '../action.js';
import {
  documented,
  incorrectInstanceStatus,
  instanceExpiredOrInArrears,
  instanceLockedForSecurity,
  instanceNotFound,
  internalError,
} from '../documented-errors.js';
import { instanceId } from '../instance-common.js';
import { p } from '../params.js';
import { t } from '../shape.js';

/** The instance's own public address and bandwidth (the network actions of the reference). */

export const AllocatePublicIpAddress = defineAction({
  name: 'AllocatePublicIpAddress',
  summary:
    'Gives a Running or Stopped instance a public IP address, effective at its next start; an instance that has one gets it back.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: {
    InstanceId: instanceId,
    IpAddress: p.string({ doc: "Today's API: the public address wanted; absent, one is picked." }),
  },
  response: { IpAddress: t.string },
  errors: [
    instanceNotFound,
    incorrectInstanceStatus,
    instanceLockedForSecurity,
    instanceExpiredOrInArrears,
    documented(
      'IpInUse',
      403,
      'The specified IP is already in use.',
      'The IpAddress asked for is the public address of another instance or an EIP.',
    ),
    documented(
      'AllocatedAlready',
      403,
      'There is an IpAddress allocated already for the specified instance.',
      'The instance has a public address other than the IpAddress asked for.',
    ),
  ],
});

export const ModifyInstanceNetworkSpec = defineAction({
  name: 'ModifyInstanceNetworkSpec',
  summary:
    'Changes the public bandwidth limits of a Running or Stopped instance; only the given limits change.',
  idempotency: 'none',
  changes: [{ kind: 'instance', ids: 'InstanceId' }],
  params: {
    InstanceId: instanceId,
    InternetMaxBandwidthOut: p.int({
      min: 0,
      max: 100,
      code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      doc: 'Most outbound public bandwidth in Mbit/s: 0 to 100 with PayByBandwidth, 1 to 100 with PayByTraffic. Absent, unchanged.',
    }),
    InternetMaxBandwidthIn: p.int({
      min: 1,
      max: 200,
      code: 'InvalidInternetMaxBandwidthIn.ValueNotSupported',
      doc: 'Most inbound public bandwidth in Mbit/s, 1 to 200. Absent, unchanged.',
    }),
  },
  response: {},
  errors: [
    instanceNotFound,
    documented(
      'InvalidInternetMaxBandwidthIn.ValueNotSupported',
      400,
      'The specified InternetMaxBandwidthIn beyond the permitted range.',
      'InternetMaxBandwidthIn is not from 1 to 200.',
    ),
    documented(
      'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      400,
      'The specified InternetMaxBandwidthOut beyond the permitted range.',
      'InternetMaxBandwidthOut is not from 0 to 100, or is 0 on a PayByTraffic instance (1 to 100 there).',
    ),
    incorrectInstanceStatus,
    instanceLockedForSecurity,
    instanceExpiredOrInArrears,
    internalError,
    documented(
      'ChargeTypeViolation',
      403,
      'The operation is not permitted due to charge type of the instance.',
      'The instance is PrePaid (subscription): its bandwidth changes with an order, not this call.',
    ),
  ],
});
