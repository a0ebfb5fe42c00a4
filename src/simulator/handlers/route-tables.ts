import type { ActionInput } from '../../spec/action.js';
import * as api from '../../spec/actions/route-tables.js';
import { cidrContains, cidrOverlaps, formatCidr, ROUTE_ENTRIES_PER_TABLE } from '../../spec/vpc-common.js';
import { routeTableView } from '../network-views.js';
import { cidrOf, isPending, pendingThenAvailable, SERVICE_ROUTE, vSwitchesOf } from '../state/network.js';
import { find, type RegionState, type RouteTableRecord } from '../store.js';
import { type DomainContext, matches, paginate, type Reply } from './context.js';
import { fail } from './errors.js';
import { requireRouteTable } from './network-guards.js';

/** Route tables and their custom entries; system entries come and go with the VPC and its VSwitches. */

/** Ranges no custom route may point into: the cloud services' and, without a grant, 10.0.0.0/8. */
const CLOSED_RANGES = [SERVICE_ROUTE, '10.0.0.0/8'].map(cidrOf);

/** A destination as the table keeps it: a bare address becomes a /32. */
function normalized(destination: string): string {
  return formatCidr(cidrOf(destination));
}

/** Whether a custom entry or a VSwitch of the table's VPC is still Pending. */
function somethingPending(region: RegionState, table: RouteTableRecord, now: number): boolean {
  return (
    table.entries.some((entry) => entry.type === 'Custom' && isPending(entry.status, now)) ||
    vSwitchesOf(region, table.vpcId).some((vSwitch) => isPending(vSwitch.status, now))
  );
}

export function CreateRouteEntry(
  input: ActionInput<typeof api.CreateRouteEntry>,
  context: DomainContext,
): Reply<typeof api.CreateRouteEntry> {
  const action = api.CreateRouteEntry;
  const { region, record: table } = requireRouteTable(
    action,
    'InvalidRouteTableId.NotFound',
    context,
    input.RouteTableId,
  );
  const vpc = region.vpcs.get(table.vpcId);
  if (vpc && isPending(vpc.status, context.now)) fail(action, 'IncorrectVpcStatus');
  if (somethingPending(region, table, context.now)) fail(action, 'IncorrectRouteEntryStatus');
  const destination = cidrOf(input.DestinationCidrBlock);
  if (CLOSED_RANGES.some((range) => cidrOverlaps(range, destination))) fail(action, 'InvalidCidrBlock');
  if (
    vSwitchesOf(region, table.vpcId).some((vSwitch) => cidrContains(cidrOf(vSwitch.cidrBlock), destination))
  )
    fail(action, 'InvalidCidrBlock');
  const text = formatCidr(destination);
  if (table.entries.some((entry) => entry.destinationCidrBlock === text))
    fail(action, 'InvalidCIDRBlock.Duplicate');
  if (table.entries.filter((entry) => entry.type === 'Custom').length >= ROUTE_ENTRIES_PER_TABLE)
    fail(action, 'QuotaExceeded');
  const nextHopType = (input.NextHopType ?? 'Instance') as 'Instance' | 'Tunnel';
  // The simulator has no tunnels: every tunnel named is unknown.
  if (nextHopType === 'Tunnel') fail(action, 'InvalidNextHop.NotFound');
  const hop = find(context.account, 'instances', input.NextHopId, region.regionId);
  if (!hop || hop.record.vpcId !== table.vpcId) fail(action, 'InvalidInstanceId.NotFound');
  table.entries.push({
    destinationCidrBlock: text,
    type: 'Custom',
    nextHopId: input.NextHopId,
    nextHopType,
    status: pendingThenAvailable(context.clock, context.now),
    vSwitchId: '',
  });
  return {};
}

export function DeleteRouteEntry(
  input: ActionInput<typeof api.DeleteRouteEntry>,
  context: DomainContext,
): Reply<typeof api.DeleteRouteEntry> {
  const action = api.DeleteRouteEntry;
  const { region, record: table } = requireRouteTable(
    action,
    'InvalidRouteTableId.NotFound',
    context,
    input.RouteTableId,
  );
  if (somethingPending(region, table, context.now)) fail(action, 'IncorrectRouteEntryStatus');
  const destination = normalized(input.DestinationCidrBlock);
  const entry = table.entries.find(
    (each) =>
      each.destinationCidrBlock === destination &&
      (each.type === 'System' || each.nextHopId === input.NextHopId),
  );
  if (!entry) fail(action, 'InvalidRouteEntry.NotFound');
  if (entry.type === 'System') fail(action, 'OperationDenied');
  table.entries = table.entries.filter((each) => each !== entry);
  return {};
}

export function DescribeRouteTables(
  input: ActionInput<typeof api.DescribeRouteTables>,
  context: DomainContext,
): Reply<typeof api.DescribeRouteTables> {
  const found = find(context.account, 'vRouters', input.VRouterId, context.regionId);
  if (!found) fail(api.DescribeRouteTables, 'Forbidden.VRouterNotFound');
  const tables = found.record.routeTableIds
    .map((id) => found.region.routeTables.get(id))
    .filter(
      (table): table is RouteTableRecord =>
        table !== undefined && matches(input.RouteTableId, table.routeTableId),
    );
  const { items, ...page } = paginate(tables, input);
  return { ...page, RouteTables: items.map((table) => routeTableView(table, context.now)) };
}
