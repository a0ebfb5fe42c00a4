import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/vpcs.js';
import { VPCS_PER_REGION } from '../../spec/vpc-common.js';
import { vpcView, vRouterView } from '../network-views.js';
import { addVpc, isPending, pendingThenAvailable, routeEntriesOf, vSwitchesOf } from '../state/network.js';
import { find } from '../store.js';
import { type DomainContext, inCreationOrder, matches, paginate, type Reply } from './context.js';
import { fail } from './errors.js';
import { requireRegion } from './guards.js';
import { requireVpc } from './network-guards.js';

/** VPCs and VRouters: a VPC is made with its VRouter and route table and goes with them. */

export function CreateVpc(
  input: ActionInput<typeof api.CreateVpc>,
  context: DomainContext,
): Reply<typeof api.CreateVpc> {
  const action = api.CreateVpc;
  const region = requireRegion(action, context.account, input.RegionId);
  if (region.vpcs.size >= VPCS_PER_REGION) fail(action, 'QuotaExceeded.Vpc');
  const vpc = addVpc(region, {
    vpcId: context.newId('vpc', region.regionId),
    vRouterId: context.newId('vRouter', region.regionId),
    routeTableId: context.newId('routeTable', region.regionId),
    cidrBlock: input.CidrBlock ?? '172.16.0.0/12',
    vpcName: input.VpcName ?? '',
    description: input.Description ?? '',
    status: pendingThenAvailable(context.clock, context.now),
    creationTime: context.now,
  });
  const router = region.vRouters.get(vpc.vRouterId);
  return { VpcId: vpc.vpcId, VRouterId: vpc.vRouterId, RouteTableId: router?.routeTableIds[0] ?? '' };
}

export function DeleteVpc(
  input: ActionInput<typeof api.DeleteVpc>,
  context: DomainContext,
): Reply<typeof api.DeleteVpc> {
  const action = api.DeleteVpc;
  const { region, record: vpc } = requireVpc(action, 'InvalidVpcId.NotFound', context, input.VpcId);
  if (isPending(vpc.status, context.now)) fail(action, 'IncorrectVpcStatus');
  if (routeEntriesOf(region, vpc).some((entry) => entry.type === 'Custom'))
    fail(action, 'DependencyViolation.RouteEntry');
  // Instances before VSwitches: an instance always sits in a VSwitch, so this order tells both apart.
  for (const instance of region.instances.values())
    if (instance.vpcId === vpc.vpcId) fail(action, 'DependencyViolation.Instance');
  if (vSwitchesOf(region, vpc.vpcId).length > 0) fail(action, 'DependencyViolation.VSwitch');
  for (const group of region.securityGroups.values())
    if (group.vpcId === vpc.vpcId) fail(action, 'DependencyViolation.SecurityGroup');
  const router = region.vRouters.get(vpc.vRouterId);
  for (const tableId of router?.routeTableIds ?? []) region.routeTables.delete(tableId);
  region.vRouters.delete(vpc.vRouterId);
  region.vpcs.delete(vpc.vpcId);
  return {};
}

export function DescribeVpcs(
  input: ActionInput<typeof api.DescribeVpcs>,
  context: DomainContext,
): Reply<typeof api.DescribeVpcs> {
  const region = context.account.regions.get(input.RegionId);
  if (!region) fail(api.DescribeVpcs, 'Forbidden.RegionNotFound');
  const ids = input.VpcId ? input.VpcId.split(',').map((id) => id.trim()) : undefined;
  const selected = inCreationOrder(region.vpcs.values(), (vpc) => vpc.vpcId).filter(
    (vpc) => ids === undefined || ids.includes(vpc.vpcId),
  );
  const { items, ...page } = paginate(selected, input);
  return { ...page, Vpcs: items.map((vpc) => vpcView(region, vpc, context.now)) };
}

export function ModifyVpcAttribute(
  input: ActionInput<typeof api.ModifyVpcAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifyVpcAttribute> {
  const { record: vpc } = requireVpc(api.ModifyVpcAttribute, 'InvalidVpcId.NotFound', context, input.VpcId);
  if (input.VpcName !== undefined) vpc.vpcName = input.VpcName;
  if (input.Description !== undefined) vpc.description = input.Description;
  return {};
}

export function DescribeVRouters(
  input: ActionInput<typeof api.DescribeVRouters>,
  context: DomainContext,
): Reply<typeof api.DescribeVRouters> {
  const region = context.account.regions.get(input.RegionId);
  if (!region) fail(api.DescribeVRouters, 'Forbidden.RegionNotFound');
  const selected = inCreationOrder(region.vRouters.values(), (router) => router.vRouterId).filter((router) =>
    matches(input.VRouterId, router.vRouterId),
  );
  const { items, ...page } = paginate(selected, input);
  return { ...page, VRouters: items.map(vRouterView) };
}

export function ModifyVRouterAttribute(
  input: ActionInput<typeof api.ModifyVRouterAttribute>,
  context: DomainContext,
): Reply<typeof api.ModifyVRouterAttribute> {
  const found = find(context.account, 'vRouters', input.VRouterId, context.regionId)?.record;
  if (!found) fail(api.ModifyVRouterAttribute, 'InvalidVRouterId.NotFound');
  if (input.VRouterName !== undefined) found.vRouterName = input.VRouterName;
  if (input.Description !== undefined) found.description = input.Description;
  return {};
}
