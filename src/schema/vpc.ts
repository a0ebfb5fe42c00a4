import type { InstanceItem } from '../loaders/instances.js';
import type { Loaders } from '../loaders/loaders.js';
import { networkLoaders, type RouteTableItem, type VpcItem, type VSwitchItem } from '../loaders/vpcs.js';
import { VPCS_PER_REGION, VSWITCHES_PER_VPC } from '../spec/vpc-common.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { present } from './errors.js';
import { InstanceRef } from './instance.js';
import { regionIdArgument, requestedRegion } from './region-argument.js';
import { optionalText } from './wire-values.js';

/**
 * VPCs, their VSwitches and route tables (the reference's VPC actions; today's VPC
 * product). Relations go one call per distinct parent, as the actions filter by one
 * parent only; VPCs by id go in batches of 20 (today's DescribeVpcs).
 */

type RouteEntryItem = RouteTableItem['RouteEntries'][number];

function network(context: { readonly loaders: Loaders }) {
  return context.loaders.own(networkLoaders);
}

export const VpcRef = builder.objectRef<VpcItem>('Vpc');
export const VSwitchRef = builder.objectRef<VSwitchItem>('VSwitch');
export const RouteTableRef = builder.objectRef<RouteTableItem>('RouteTable');
export const RouteEntryRef = builder.objectRef<RouteEntryItem>('RouteEntry');

/** Unwraps a loader's answer: an Error fails the field with it. */
function settled<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

VpcRef.implement({
  description:
    'A virtual private cloud (VpcSetType): an isolated network of one region with one block, one VRouter and its route table, and VSwitches in its zones.',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the VPC (VpcId).',
      resolve: (vpc) => present(vpc.VpcId, 'VpcId of a VPC'),
    }),
    regionId: t.id({
      description: 'The region of the VPC (RegionId).',
      resolve: (vpc) => vpc.RegionId ?? '',
    }),
    name: t.string({
      nullable: true,
      description: 'The name (VpcName).',
      resolve: (vpc) => vpc.VpcName || null,
    }),
    description: t.string({
      nullable: true,
      description: 'The description (Description).',
      resolve: (vpc) => vpc.Description || null,
    }),
    status: t.string({
      description: 'Pending right after creation, then Available (Status).',
      resolve: (vpc) => vpc.Status ?? '',
    }),
    cidrBlock: t.string({
      description: 'The block of the VPC (CidrBlock).',
      resolve: (vpc) => vpc.CidrBlock ?? '',
    }),
    vRouterId: t.id({
      description: 'The VRouter of the VPC (VRouterId).',
      resolve: (vpc) => vpc.VRouterId ?? '',
    }),
    vSwitchIds: t.idList({
      description: 'The VSwitches of the VPC (VSwitchIds).',
      resolve: (vpc) => vpc.VSwitchIds ?? [],
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the VPC was created (CreationTime), in UTC.',
      resolve: (vpc) => optionalText(vpc.CreationTime),
    }),
    vSwitches: t.field({
      type: [VSwitchRef],
      nullable: true,
      description: `The VSwitches of the VPC (at most ${VSWITCHES_PER_VPC}): one DescribeVSwitches per VPC, shared by every field that asks. Null, with an error at this path, when ECS fails to list them.`,
      extensions: upstreamCost({ calls: 'page', items: VSWITCHES_PER_VPC }),
      resolve: async (vpc, _args, context) =>
        settled(
          await network(context).vSwitchesOfVpc.load({ regionId: vpc.RegionId ?? '', id: vpc.VpcId ?? '' }),
        ),
    }),
    routeTables: t.field({
      type: [RouteTableRef],
      nullable: true,
      description:
        'The route tables of the VPC through its VRouter, with their entries: one DescribeRouteTables per VPC. Null, with an error at this path, when ECS fails to list them.',
      extensions: upstreamCost({ calls: 'page', items: 1 }),
      resolve: async (vpc, _args, context) =>
        settled(
          await network(context).routeTablesOfVRouter.load({
            regionId: vpc.RegionId ?? '',
            id: vpc.VRouterId ?? '',
          }),
        ),
    }),
    instances: t.field({
      type: [InstanceRef],
      nullable: true,
      description:
        'The instances of the VPC: one DescribeInstances filtered by VpcId per VPC, its first page of the API page limit (50 under ECS_API_LIMITS=2014, 100 under current). Null, with an error at this path, when ECS fails to list them.',
      extensions: upstreamCost({ calls: 'page', items: 100 }),
      resolve: async (vpc, _args, context): Promise<readonly InstanceItem[]> =>
        settled(
          await network(context).instancesOfVpc.load({ regionId: vpc.RegionId ?? '', id: vpc.VpcId ?? '' }),
        ),
    }),
  }),
});

VSwitchRef.implement({
  description:
    'A VSwitch (VSwitchSetType): a block of a VPC in one zone, where instances take their private addresses.',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the VSwitch (VSwitchId).',
      resolve: (item) => present(item.VSwitchId, 'VSwitchId'),
    }),
    vpcId: t.id({ description: 'The VPC of the VSwitch (VpcId).', resolve: (item) => item.VpcId ?? '' }),
    zoneId: t.id({ description: 'The zone of the VSwitch (ZoneId).', resolve: (item) => item.ZoneId ?? '' }),
    status: t.string({
      description: 'Pending right after creation, then Available (Status).',
      resolve: (item) => item.Status ?? '',
    }),
    cidrBlock: t.string({
      description: 'The block of the VSwitch (CidrBlock).',
      resolve: (item) => item.CidrBlock ?? '',
    }),
    availableIpAddressCount: t.int({
      description:
        'The addresses still free (AvailableIpAddressCount): the block less the 10 the system keeps and those in use.',
      resolve: (item) => item.AvailableIpAddressCount ?? 0,
    }),
    name: t.string({
      nullable: true,
      description: 'The name (VSwitchName).',
      resolve: (item) => item.VSwitchName || null,
    }),
    description: t.string({
      nullable: true,
      description: 'The description (Description).',
      resolve: (item) => item.Description || null,
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the VSwitch was created (CreationTime), in UTC.',
      resolve: (item) => optionalText(item.CreationTime),
    }),
    vpc: t.field({
      type: VpcRef,
      nullable: true,
      description: 'The VPC of the VSwitch, looked up by id in batches of 20 (DescribeVpcs).',
      extensions: upstreamCost({ calls: 'page', items: 1 }),
      resolve: async (item, _args, context) =>
        settled(await network(context).vpc.load({ regionId: item.regionId, id: item.VpcId ?? '' })),
    }),
  }),
});

RouteTableRef.implement({
  description: 'A route table of a VRouter (RouteTableSetType) with its system and custom entries.',
  fields: (t) => ({
    id: t.id({
      description: 'The ID of the route table (RouteTableId).',
      resolve: (item) => present(item.RouteTableId, 'RouteTableId'),
    }),
    vRouterId: t.id({ description: 'Its VRouter (VRouterId).', resolve: (item) => item.VRouterId ?? '' }),
    type: t.string({
      description: 'System or Custom (RouteTableType).',
      resolve: (item) => item.RouteTableType ?? '',
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the route table was created (CreationTime), in UTC.',
      resolve: (item) => optionalText(item.CreationTime),
    }),
    entries: t.field({
      type: [RouteEntryRef],
      description: 'The route entries (RouteEntries).',
      resolve: (item) => item.RouteEntries ?? [],
    }),
  }),
});

RouteEntryRef.implement({
  description: 'A route entry (RouteEntrySetType): where traffic to a destination block goes.',
  fields: (t) => ({
    destinationCidrBlock: t.string({
      description: 'The destination block (DestinationCidrBlock).',
      resolve: (item) => item.DestinationCidrBlock ?? '',
    }),
    type: t.string({ description: 'System or Custom (Type).', resolve: (item) => item.Type ?? '' }),
    nextHopId: t.id({
      nullable: true,
      description: 'The next hop of a custom entry (NextHopId).',
      resolve: (item) => item.NextHopId || null,
    }),
    nextHopType: t.string({
      nullable: true,
      description: 'Instance or Tunnel (NextHopType); null for a system entry.',
      resolve: (item) => item.NextHopType || null,
    }),
    status: t.string({
      description: 'Pending, Available or Modifying (Status).',
      resolve: (item) => item.Status ?? '',
    }),
  }),
});

builder.queryField('vpcs', (t) =>
  t.field({
    type: [VpcRef],
    description: `The VPCs of a region (at most ${VPCS_PER_REGION}, the quota): one DescribeVpcs, oldest first.`,
    args: { regionId: regionIdArgument(t) },
    extensions: upstreamCost({ calls: 'page', items: VPCS_PER_REGION }),
    resolve: async (_root, args, context) =>
      settled(await network(context).vpcsOfRegion.load(requestedRegion(args.regionId, context))),
  }),
);

builder.objectFields(InstanceRef, (t) => ({
  vpc: t.field({
    type: VpcRef,
    nullable: true,
    description:
      'The VPC the instance is in (VpcAttributes.VpcId): looked up by id, the VPCs of the request in batches of 20 (DescribeVpcs). Null for a classic instance.',
    extensions: upstreamCost({ calls: 'page', items: 1 }),
    resolve: async (instance, _args, context) => {
      const id = instance.VpcAttributes?.VpcId;
      if (!id) return null;
      return settled(await network(context).vpc.load({ regionId: instance.regionId, id }));
    },
  }),
  vSwitch: t.field({
    type: VSwitchRef,
    nullable: true,
    description:
      'The VSwitch the instance is in (VpcAttributes.VSwitchId): from the VSwitches of its VPC, one DescribeVSwitches per VPC however many of its instances ask. Null for a classic instance.',
    extensions: upstreamCost({ calls: 'page', items: 1 }),
    resolve: async (instance, _args, context) => {
      const { VpcId, VSwitchId } = instance.VpcAttributes ?? {};
      if (!VpcId || !VSwitchId) return null;
      const all = settled(
        await network(context).vSwitchesOfVpc.load({ regionId: instance.regionId, id: VpcId }),
      );
      return all.find((each) => each.VSwitchId === VSwitchId) ?? null;
    },
  }),
}));
