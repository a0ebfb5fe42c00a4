import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/instance-vpc.js';
import { parseIpv4 } from '../../spec/vpc-common.js';
import { instanceStatus } from '../state/instance.js';
import { cidrOf, freeAddress, usableAddress } from '../state/network.js';
import { settlesAt } from '../state/timeline.js';
import { find } from '../store.js';
import type { DomainContext, Reply } from './context.js';
import { fail } from './errors.js';

/**
 * ModifyInstanceVpcAttribute: a Stopped VPC instance moves to another VSwitch of its
 * VPC in its zone, once each time it is stopped.
 */
export function ModifyInstanceVpcAttribute(
  input: ActionInput<typeof api.ModifyInstanceVpcAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifyInstanceVpcAttribute> {
  const action = api.ModifyInstanceVpcAttribute;
  const found = find(context.account, 'instances', input.InstanceId, context.regionId);
  if (!found) fail(action, 'InvalidInstanceId.NotFound');
  const { region, record: instance } = found;
  if (instance.instanceNetworkType !== 'vpc') fail(action, 'OperationDenied');
  const vSwitch = region.vSwitches.get(input.VSwitchId);
  if (!vSwitch) fail(action, 'InvalidVSwitchId.NotFound', 'Specified virtual switch does not exist');
  if (vSwitch.vpcId !== instance.vpcId)
    fail(action, 'InvalidVSwitchId.NotFound', 'Specified virtual switch is not found in the current VPC');
  if (vSwitch.zoneId !== instance.zoneId) fail(action, 'InvalidVSwitchId.Mismatch');
  if (instanceStatus(instance, context.now) !== 'Stopped') fail(action, 'IncorrectInstanceStatus');
  const movedAt = region.vSwitchMoves.get(instance.instanceId);
  if (movedAt !== undefined && movedAt >= settlesAt(instance.status))
    fail(action, 'InvalidPrivateIp.Changing', 'Specified private IP address is not in the CIDR block');
  let address = input.PrivateIpAddress;
  if (address !== undefined) {
    if (!usableAddress(cidrOf(vSwitch.cidrBlock), parseIpv4(address) ?? -1))
      fail(action, 'InvalidPrivateIpAddress.Mismatch');
    for (const other of region.instances.values())
      if (other !== instance && other.vpcId === instance.vpcId && other.privateIpAddress === address)
        fail(action, 'InvalidPrivateIpAddress.Duplicated');
  } else {
    // A full VSwitch has no address to give: the instance keeps its own, so refuse as for a taken one.
    address = freeAddress(region, vSwitch) ?? fail(action, 'InvalidPrivateIpAddress.Duplicated');
  }
  instance.vSwitchId = vSwitch.vSwitchId;
  instance.privateIpAddress = address;
  region.vSwitchMoves.set(instance.instanceId, context.now);
  return {};
}
