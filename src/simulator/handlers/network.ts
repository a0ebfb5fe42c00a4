import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/network.js';
import { instanceStatus } from '../state/instance.js';
import type { InstanceRecord } from '../store.js';
import type { DomainContext, Reply } from './context.js';
import { fail } from './errors.js';
import { requireInstance, requireNotLocked } from './guards.js';
import { accountInArrears, newPublicAddress, publicAddressInUse } from './public-addresses.js';

type NetworkAction = typeof api.AllocatePublicIpAddress | typeof api.ModifyInstanceNetworkSpec;

/** The checks both actions share, in the reference's order: status, security lock, arrears. */
function requireChangeable(action: NetworkAction, context: DomainContext, instance: InstanceRecord): void {
  const status = instanceStatus(instance, context.now);
  if (status !== 'Running' && status !== 'Stopped') fail(action, 'IncorrectInstanceStatus');
  requireNotLocked(action, instance);
  // An expired subscription leaves a financial lock; a pay-as-you-go instance is in arrears with its account.
  const inArrears =
    instance.operationLocks.includes('financial') ||
    (instance.instanceChargeType === 'PostPaid' && accountInArrears(context.account));
  if (inArrears) fail(action, 'InstanceExpiredOrInArrears');
}

export function AllocatePublicIpAddress(
  input: ActionInput<typeof api.AllocatePublicIpAddress>,
  context: DomainContext,
): Reply<typeof api.AllocatePublicIpAddress> {
  const action = api.AllocatePublicIpAddress;
  const { record: instance } = requireInstance(action, context, input.InstanceId);
  requireChangeable(action, context, instance);
  const wanted = input.IpAddress || undefined;
  if (instance.publicIpAddress) {
    // "If the instance already has a public IP address, the original IP address is returned."
    if (wanted !== undefined && wanted !== instance.publicIpAddress) fail(action, 'AllocatedAlready');
    return { IpAddress: instance.publicIpAddress };
  }
  if (wanted !== undefined && publicAddressInUse(context.account, wanted)) fail(action, 'IpInUse');
  instance.publicIpAddress = wanted ?? newPublicAddress(context.account, instance.instanceId, 47);
  return { IpAddress: instance.publicIpAddress };
}

export function ModifyInstanceNetworkSpec(
  input: ActionInput<typeof api.ModifyInstanceNetworkSpec>,
  context: DomainContext,
): Reply<typeof api.ModifyInstanceNetworkSpec> {
  const action = api.ModifyInstanceNetworkSpec;
  const { record: instance } = requireInstance(action, context, input.InstanceId);
  requireChangeable(action, context, instance);
  if (instance.instanceChargeType === 'PrePaid') fail(action, 'ChargeTypeViolation');
  // PayByTraffic bills what goes out, so its outbound limit starts at 1 (PayByBandwidth: 0).
  if (input.InternetMaxBandwidthOut === 0 && instance.internetChargeType === 'PayByTraffic')
    fail(action, 'InvalidInternetMaxBandwidthOut.ValueNotSupported');
  if (input.InternetMaxBandwidthOut !== undefined)
    instance.internetMaxBandwidthOut = input.InternetMaxBandwidthOut;
  if (input.InternetMaxBandwidthIn !== undefined)
    instance.internetMaxBandwidthIn = input.InternetMaxBandwidthIn;
  return {};
}
