import { defineAction } from '../action.js';
import { documented } from '../documented-errors.js';
import { p } from '../params.js';
import { t } from '../shape.js';
import { cidrBlock, RouteTableSetType } from '../vpc-common.js';
import { cidrMalformed, incorrectVpcStatus, routeEntryPending, routeTableNotFound } from '../vpc-errors.js';

/**
 * Route tables (one a VRouter, made with its VPC) and their custom entries (2014
 * reference; today the VPC product's). System entries come with the VPC and its
 * VSwitches and cannot be deleted.
 */

const destination = (doc: string) =>
  p.string({ required: true, check: cidrBlock, code: 'InvalidCidrBlock.Malformed', doc });

export const CreateRouteEntry = defineAction({
  name: 'CreateRouteEntry',
  summary:
    'Adds a custom route to a route table: a destination block no VSwitch of the VPC is in or holds, outside 100.64.0.0/10 and 10.0.0.0/8, sent to an instance of the VPC; at most 48 a table. Pending for a moment, then Available.',
  idempotency: 'clientToken',
  changes: [{ kind: 'vpc' }],
  params: {
    RouteTableId: p.id({ required: true, doc: 'The route table.' }),
    DestinationCidrBlock: destination('The destination block; a bare address is taken as /32.'),
    NextHopType: p.string({
      values: ['Instance', 'Tunnel'],
      doc: 'What the next hop is: Instance (default) or Tunnel.',
    }),
    NextHopId: p.id({ required: true, doc: 'The next hop: an instance of the VPC.' }),
  },
  response: {},
  errors: [
    cidrMalformed,
    documented(
      'InvalidInstanceId.NotFound',
      404,
      'Specified instance does not exist.',
      'The next-hop instance does not exist, or is not in the VPC of the route table.',
    ),
    routeTableNotFound,
    documented(
      'InvalidCIDRBlock.Duplicate',
      400,
      'Specified CIDR block already exists.',
      'The route table already has an entry for the destination.',
    ),
    incorrectVpcStatus,
    documented(
      'QuotaExceeded',
      400,
      'Route entry quota exceeded in this route table.',
      'The route table holds 48 custom entries already.',
    ),
    routeEntryPending,
    documented(
      'InvalidCidrBlock',
      400,
      'Specified CIDR block is not valid.',
      'The destination is in 10.0.0.0/8 or 100.64.0.0/10, or is, holds or lies in the block of a VSwitch of the VPC.',
    ),
    documented(
      'InvalidNextHop.NotFound',
      404,
      'Specified next hop does not exist.',
      'The next hop of a Tunnel type does not exist (the simulator has no tunnels).',
    ),
  ],
});

export const DeleteRouteEntry = defineAction({
  name: 'DeleteRouteEntry',
  summary: 'Deletes an Available custom route entry, named by its destination and next hop.',
  idempotency: 'none',
  changes: [{ kind: 'vpc' }],
  params: {
    RouteTableId: p.id({ required: true, doc: 'The route table of the entry.' }),
    DestinationCidrBlock: destination('The destination block of the entry.'),
    NextHopId: p.id({ required: true, doc: 'The next hop of the entry.' }),
  },
  response: {},
  errors: [
    routeEntryPending,
    cidrMalformed,
    routeTableNotFound,
    documented(
      'OperationDenied',
      400,
      'Specified operation is denied as route entry type is system.',
      'The entry is a system entry, which cannot be deleted.',
    ),
    // Not in the 2014 table, but the VPC API answers it for an entry the table lacks today.
    documented(
      'InvalidRouteEntry.NotFound',
      404,
      'Specified route entry does not exist.',
      'The route table has no entry with that destination and next hop.',
    ),
  ],
});

export const DescribeRouteTables = defineAction({
  name: 'DescribeRouteTables',
  summary: 'Lists the route tables of a VRouter with their entries, page by page.',
  idempotency: 'read',
  reads: { kind: 'vpc', list: 'RouteTables', ids: 'RouteTableId' },
  params: {
    VRouterId: p.id({ required: true, doc: 'The VRouter whose route tables to list.' }),
    RouteTableId: p.id({ doc: 'Only this route table.' }),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    RouteTables: t.list('RouteTable', RouteTableSetType),
  },
  page: { list: 'RouteTables' },
  errors: [
    documented(
      'Forbidden.VRouterNotFound',
      404,
      'Specified virtual switch is not found during access authentication.',
      'The VRouterId names no VRouter of the region.',
    ),
  ],
});
