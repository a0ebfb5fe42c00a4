import type { Loaders } from '../loaders/loaders.js';
import { networkLoaders, type VRouterItem } from '../loaders/vpcs.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { present } from './errors.js';
import { VpcRef } from './vpc.js';
import { optionalText } from './wire-values.js';

/**
 * The VRouter of a VPC (VRouterSetType). DescribeVRouters filters by one id only, and a
 * region holds one VRouter a VPC (at most 10), so the VRouters of the request come from
 * one unfiltered DescribeVRouters per region, shared by every VPC that asks.
 */

export const VRouterRef = builder.objectRef<VRouterItem>('VRouter');

/** The VRouter of a region with that id, from the region's one DescribeVRouters. */
export async function vRouterOf(
  context: { readonly loaders: Loaders },
  regionId: string,
  id: string | undefined,
): Promise<VRouterItem | null> {
  if (!id) return null;
  const all = await context.loaders.own(networkLoaders).vRoutersOfRegion.load(regionId);
  if (all instanceof Error) throw all;
  return all.find((each) => each.VRouterId === id) ?? null;
}

VRouterRef.implement({
  description:
    'The virtual router of a VPC (VRouterSetType), made and deleted with it; it holds its route tables.',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the VRouter (VRouterId).',
      resolve: (item) => present(item.VRouterId, 'VRouterId'),
    }),
    vpcId: t.id({ description: 'The VPC of the VRouter (VpcId).', resolve: (item) => item.VpcId ?? '' }),
    name: t.string({
      nullable: true,
      description: 'The name (VRouterName).',
      resolve: (item) => item.VRouterName || null,
    }),
    description: t.string({
      nullable: true,
      description: 'The description (Description).',
      resolve: (item) => item.Description || null,
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the VRouter was created (CreationTime), in UTC.',
      resolve: (item) => optionalText(item.CreationTime),
    }),
    routeTableIds: t.idList({
      description: 'The route tables of the VRouter (RouteTableIds).',
      resolve: (item) => item.RouteTableIds ?? [],
    }),
  }),
});

builder.objectFields(VpcRef, (t) => ({
  vRouter: t.field({
    type: VRouterRef,
    nullable: true,
    description:
      'The VRouter of the VPC: from one DescribeVRouters per region of the request (unfiltered: the action takes one id only, and a region holds at most 10), shared by every VPC that asks. Null, with an error at this path, when ECS fails to list them.',
    extensions: upstreamCost({ calls: 'perRegion', items: 1 }),
    resolve: (vpc, _args, context) => vRouterOf(context, vpc.RegionId ?? '', vpc.VRouterId),
  }),
}));
