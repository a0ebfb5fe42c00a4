import type { GatewayContext } from '../../context.js';
import { networkLoaders, type RouteTableItem } from '../../loaders/vpcs.js';
import { CreateRouteEntry, DeleteRouteEntry } from '../../spec/actions/route-tables.js';
import { RouteEntryRef, RouteTableRef } from '../vpc.js';
import { defineMutation, type PayloadFieldBuilder } from './define-mutation.js';

/**
 * The custom route entries of a route table. Both actions name the table only, and
 * DescribeRouteTables lists by VRouter: the table's VRouter is read from the region's
 * one DescribeVRouters (each VRouter lists its RouteTableIds), then its tables, so a
 * payload costs two reads and asks the user for nothing ECS does not take.
 */

type RouteEntryItem = RouteTableItem['RouteEntries'][number];

interface RouteTablePayload {
  readonly routeTable: RouteTableItem | null;
  readonly routeEntry: RouteEntryItem | null;
}

async function describeRouteTable(
  context: GatewayContext,
  regionId: string,
  id: string,
): Promise<RouteTableItem | null> {
  const loaders = context.loaders.own(networkLoaders);
  const routers = await loaders.vRoutersOfRegion.load(regionId);
  if (routers instanceof Error) throw routers;
  const router = routers.find((each) => (each.RouteTableIds ?? []).includes(id));
  if (!router?.VRouterId) return null;
  const tables = await loaders.routeTablesOfVRouter.load({ regionId, id: router.VRouterId });
  if (tables instanceof Error) throw tables;
  return tables.find((each) => each.RouteTableId === id) ?? null;
}

/** A bare address is taken as /32 (the reference), so it reads back with its mask. */
function withMask(block: string): string {
  return block.includes('/') ? block : `${block}/32`;
}

/** The table read afresh and its entry for the destination and next hop given, if any. */
async function readTable(done: {
  readonly context: GatewayContext;
  readonly regionId: string;
  readonly input: {
    readonly RouteTableId: string;
    readonly DestinationCidrBlock: string;
    readonly NextHopId: string;
  };
}): Promise<RouteTablePayload> {
  const routeTable = await describeRouteTable(done.context, done.regionId, done.input.RouteTableId);
  const destination = withMask(done.input.DestinationCidrBlock);
  const routeEntry =
    routeTable?.RouteEntries?.find(
      (entry) => entry.DestinationCidrBlock === destination && entry.NextHopId === done.input.NextHopId,
    ) ?? null;
  return { routeTable, routeEntry };
}

function payloadFields(entry: string) {
  return (t: PayloadFieldBuilder<RouteTablePayload>) => ({
    routeTable: t.field({
      type: RouteTableRef,
      nullable: true,
      description:
        'The route table as ECS describes it after the action: its VRouter found in the region’s DescribeVRouters, then that VRouter’s DescribeRouteTables.',
      resolve: (payload) => payload.routeTable,
    }),
    routeEntry: t.field({
      type: RouteEntryRef,
      nullable: true,
      description: entry,
      resolve: (payload) => payload.routeEntry,
    }),
  });
}

defineMutation({
  name: 'createRouteEntry',
  action: CreateRouteEntry,
  payload: {
    description: 'The route table with its new custom entry, Pending for a moment, then Available.',
    fields: payloadFields('The new entry (the destination and next hop given) as the table lists it.'),
  },
  reads: { fixed: 2 },
  read: readTable,
  afterLostAnswer: {
    shows: 'the route table has an entry for the destination and next hop given',
    check: async (done) => {
      const payload = await readTable(done);
      return payload.routeEntry ? payload : undefined;
    },
  },
});

defineMutation({
  name: 'deleteRouteEntry',
  action: DeleteRouteEntry,
  payload: {
    description: 'The route table without the deleted entry.',
    fields: payloadFields('Null once the table no longer lists the entry, as after the deletion.'),
  },
  reads: { fixed: 2 },
  read: readTable,
  afterLostAnswer: {
    shows: 'the route table no longer has an entry for the destination and next hop given',
    check: async (done) => {
      const payload = await readTable(done);
      return payload.routeTable && !payload.routeEntry ? payload : undefined;
    },
  },
});
