import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/vswitches.js';
import { cidrContains, cidrOverlaps, VSWITCH_MASK, VSWITCHES_PER_VPC } from '../../spec/vpc-common.js';
import { regionInfo } from '../catalog.js';
import { vSwitchView } from '../network-views.js';
import {
  addVSwitch,
  cidrOf,
  isPending,
  pendingThenAvailable,
  removeVSwitch,
  routeEntriesOf,
  vSwitchesOf,
} from '../state/network.js';
import { type DomainContext, inCreationOrder, matches, paginate, type Reply } from './context.js';
import { fail } from './errors.js';
import { requireVpc, requireVSwitch } from './network-guards.js';

/** VSwitches: blocks of their VPC in one zone each, with a system route entry apiece. */

export function CreateVSwitch(
  input: ActionInput<typeof api.CreateVSwitch>,
  context: DomainContext,
): Reply<typeof api.CreateVSwitch> {
  const action = api.CreateVSwitch;
  const { region, record: vpc } = requireVpc(action, 'InvalidVpcId.NotFound', context, input.VpcId);
  const zone = regionInfo(region.regionId)?.zones.find((each) => each.zoneId === input.ZoneId);
  if (!zone) fail(action, 'InvalidZoneId.NotFound');
  if (!zone.resourceCreation.includes('VSwitch')) fail(action, 'ResourceNotAvailable');
  if (isPending(vpc.status, context.now)) fail(action, 'IncorrectVpcStatus');
  const entries = routeEntriesOf(region, vpc);
  const siblings = vSwitchesOf(region, vpc.vpcId);
  if (entries.some((entry) => entry.type === 'Custom' && isPending(entry.status, context.now)))
    fail(action, 'IncorrectRouteEntryStatus');
  if (siblings.some((sibling) => isPending(sibling.status, context.now)))
    fail(action, 'IncorrectVSwitchStatus');
  const cidr = cidrOf(input.CidrBlock);
  if (cidr.prefix < VSWITCH_MASK.min || cidr.prefix > VSWITCH_MASK.max)
    fail(action, 'InvalidCidrBlock.MaskLength');
  if (!cidrContains(cidrOf(vpc.cidrBlock), cidr)) fail(action, 'InvalidParameter');
  if (siblings.some((sibling) => cidrOverlaps(cidrOf(sibling.cidrBlock), cidr)))
    fail(action, 'InvalidCidrBlock.Overlapped', 'Specified CIDR block overlapped with other subnets');
  // A VSwitch may lie inside a custom route's destination, not be it or hold it.
  if (
    entries.some((entry) => entry.type === 'Custom' && cidrContains(cidr, cidrOf(entry.destinationCidrBlock)))
  )
    fail(action, 'InvalidCidrBlock.Overlapped', 'Specified CIDR block overlapped with other entry');
  if (siblings.length >= VSWITCHES_PER_VPC) fail(action, 'QuotaExceeded.VSwitch');
  const vSwitch = addVSwitch(region, {
    vSwitchId: context.newId('vSwitch', region.regionId),
    vpcId: vpc.vpcId,
    zoneId: zone.zoneId,
    cidrBlock: input.CidrBlock,
    vSwitchName: input.VSwitchName ?? '',
    description: input.Description ?? '',
    status: pendingThenAvailable(context.clock, context.now),
    creationTime: context.now,
  });
  return { VSwitchId: vSwitch.vSwitchId };
}

export function DeleteVSwitch(
  input: ActionInput<typeof api.DeleteVSwitch>,
  context: DomainContext,
): Reply<typeof api.DeleteVSwitch> {
  const action = api.DeleteVSwitch;
  const { region, record: vSwitch } = requireVSwitch(
    action,
    'InvalidVSwitchId.NotFound',
    context,
    input.VSwitchId,
  );
  if (isPending(vSwitch.status, context.now)) fail(action, 'IncorrectVSwitchStatus');
  const vpc = region.vpcs.get(vSwitch.vpcId);
  if (
    vpc &&
    routeEntriesOf(region, vpc).some(
      (entry) => entry.type === 'Custom' && isPending(entry.status, context.now),
    )
  )
    fail(action, 'IncorrectRouteEntryStatus');
  for (const instance of region.instances.values())
    if (instance.vSwitchId === vSwitch.vSwitchId) fail(action, 'DependencyViolation');
  removeVSwitch(region, vSwitch);
  return {};
}

export function DescribeVSwitches(
  input: ActionInput<typeof api.DescribeVSwitches>,
  context: DomainContext,
): Reply<typeof api.DescribeVSwitches> {
  const { region, record: vpc } = requireVpc(
    api.DescribeVSwitches,
    'Forbidden.VpcNotFound',
    context,
    input.VpcId,
  );
  const selected = inCreationOrder(vSwitchesOf(region, vpc.vpcId), (vSwitch) => vSwitch.vSwitchId).filter(
    (vSwitch) => matches(input.VSwitchId, vSwitch.vSwitchId) && matches(input.ZoneId, vSwitch.zoneId),
  );
  const { items, ...page } = paginate(selected, input);
  return { ...page, VSwitches: items.map((vSwitch) => vSwitchView(region, vSwitch, context.now)) };
}

export function ModifyVSwitchAttribute(
  input: ActionInput<typeof api.ModifyVSwitchAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifyVSwitchAttribute> {
  const { record: vSwitch } = requireVSwitch(
    api.ModifyVSwitchAttribute,
    'InvalidVSwitchId.NotFound',
    context,
    input.VSwitchId,
  );
  if (input.VSwitchName !== undefined) vSwitch.vSwitchName = input.VSwitchName;
  if (input.Description !== undefined) vSwitch.description = input.Description;
  return {};
}
