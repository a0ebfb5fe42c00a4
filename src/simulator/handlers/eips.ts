import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/eips.js';
import { EIP_BANDWIDTH, EIPS_PER_REGION } from '../../spec/eip-common.js';
import { isoTime } from '../clock.js';
import { associateEip, boundInstanceId, eipOfInstance, eipStatus, unassociateEip } from '../state/eip.js';
import { instanceStatus } from '../state/instance.js';
import { type EipRecord, find, type RegionState } from '../store.js';
import { type DomainContext, inCreationOrder, matches, paginate, type Reply } from './context.js';
import { fail } from './errors.js';
import { accountInArrears, newPublicAddress } from './public-addresses.js';

type Scope = Pick<DomainContext, 'account' | 'regionId'>;

/** The EIP of the request's region (of any region when the request names none). */
function requireEip(
  action:
    | typeof api.AssociateEipAddress
    | typeof api.UnassociateEipAddress
    | typeof api.ModifyEipAddressAttribute
    | typeof api.ReleaseEipAddress,
  scope: Scope,
  allocationId: string,
): { readonly region: RegionState; readonly eip: EipRecord } {
  const found = find(scope.account, 'eips', allocationId, scope.regionId);
  if (!found) return fail(action, 'InvalidAllocationId.NotFound');
  return { region: found.region, eip: found.record };
}

function eipView(eip: EipRecord, now: number) {
  return {
    RegionId: eip.regionId,
    IpAddress: eip.ipAddress,
    AllocationId: eip.allocationId,
    Status: eipStatus(eip, now),
    InstanceId: boundInstanceId(eip, now) ?? '',
    Bandwidth: String(eip.bandwidth),
    InternetChargeType: eip.internetChargeType,
    OperationLocks: [],
    AllocationTime: isoTime(eip.creationTime),
  };
}

export function AllocateEipAddress(
  input: ActionInput<typeof api.AllocateEipAddress>,
  context: DomainContext,
): Reply<typeof api.AllocateEipAddress> {
  const action = api.AllocateEipAddress;
  const region = context.account.regions.get(input.RegionId) ?? fail(action, 'InvalidRegionId.NotFound');
  if (region.eips.size >= EIPS_PER_REGION) fail(action, 'QuotaExceeded.Eip');
  // An EIP is billed from its allocation: an account in arrears gets none.
  if (accountInArrears(context.account)) fail(action, 'InsufficientBalance');
  const allocationId = context.newId('eip', region.regionId);
  const eip: EipRecord = {
    allocationId,
    regionId: region.regionId,
    ipAddress: newPublicAddress(context.account, allocationId, 39),
    bandwidth: input.Bandwidth === undefined ? EIP_BANDWIDTH.default : Number(input.Bandwidth),
    internetChargeType:
      (input.InternetChargeType as EipRecord['internetChargeType'] | undefined) ?? 'PayByBandwidth',
    creationTime: context.now,
    status: [{ status: 'Available', at: context.now }],
    instanceId: '',
  };
  region.eips.set(allocationId, eip);
  return { EipAddress: eip.ipAddress, AllocationId: allocationId };
}

export function AssociateEipAddress(
  input: ActionInput<typeof api.AssociateEipAddress>,
  context: DomainContext,
): Reply<typeof api.AssociateEipAddress> {
  const action = api.AssociateEipAddress;
  const { region, eip } = requireEip(action, context, input.AllocationId);
  // The instance is looked for in the whole account, so one of another region is told apart from none.
  const found = find(context.account, 'instances', input.InstanceId);
  if (!found) return fail(action, 'InvalidInstanId.NotFound');
  const instance = found.record;
  if (found.region !== region) fail(action, 'InvalidParameter.Mismatch');
  if (eipStatus(eip, context.now) !== 'Available') fail(action, 'IncorrectEipStatus');
  if (instance.instanceNetworkType !== 'vpc') fail(action, 'OperationDenied');
  const status = instanceStatus(instance, context.now);
  if (status !== 'Running' && status !== 'Stopped') fail(action, 'IncorrectInstanceStatus');
  if (eipOfInstance(region, instance.instanceId, context.now)) fail(action, 'InvalidAssociation.Duplicated');
  associateEip(eip, instance.instanceId, context.now, context.clock);
  return {};
}

export function DescribeEipAddresses(
  input: ActionInput<typeof api.DescribeEipAddresses>,
  context: DomainContext,
): Reply<typeof api.DescribeEipAddresses> {
  const region =
    context.account.regions.get(input.RegionId) ?? fail(api.DescribeEipAddresses, 'Forbidden.RegionNotFound');
  const selected = inCreationOrder(region.eips.values(), (eip) => eip.allocationId)
    .map((eip) => eipView(eip, context.now))
    .filter(
      (view) =>
        matches(input.Status, view.Status) &&
        matches(input.EipAddress, view.IpAddress) &&
        matches(input.AllocationId, view.AllocationId),
    );
  const { items, ...page } = paginate(selected, input);
  return { ...page, EipAddresses: items };
}

export function ModifyEipAddressAttribute(
  input: ActionInput<typeof api.ModifyEipAddressAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifyEipAddressAttribute> {
  const action = api.ModifyEipAddressAttribute;
  const { eip } = requireEip(action, context, input.AllocationId);
  // A higher limit costs more: an account in arrears cannot change it.
  if (accountInArrears(context.account)) fail(action, 'InsufficientBalance');
  eip.bandwidth = Number(input.Bandwidth);
  return {};
}

export function UnassociateEipAddress(
  input: ActionInput<typeof api.UnassociateEipAddress>,
  context: DomainContext,
): Reply<typeof api.UnassociateEipAddress> {
  const action = api.UnassociateEipAddress;
  const { region, eip } = requireEip(action, context, input.AllocationId);
  const instance = region.instances.get(input.InstanceId) ?? fail(action, 'InvalidInstanceId.NotFound');
  if (eipStatus(eip, context.now) !== 'InUse' || eip.instanceId !== instance.instanceId)
    fail(action, 'IncorrectEipStatus');
  const status = instanceStatus(instance, context.now);
  if (status !== 'Running' && status !== 'Stopped') fail(action, 'IncorrectInstanceStatus');
  unassociateEip(eip, context.now, context.clock);
  return {};
}

export function ReleaseEipAddress(
  input: ActionInput<typeof api.ReleaseEipAddress>,
  context: DomainContext,
): Reply<typeof api.ReleaseEipAddress> {
  const action = api.ReleaseEipAddress;
  const { region, eip } = requireEip(action, context, input.AllocationId);
  if (eipStatus(eip, context.now) !== 'Available') fail(action, 'IncorrectEipStatus');
  region.eips.delete(eip.allocationId);
  return {};
}
