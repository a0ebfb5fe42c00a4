import type { RegionItem, ZoneItem } from '../loaders/regions.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { present } from './errors.js';

/** The most zones of a region, for the cost estimate: a zone id is its region's id and one letter. */
const ZONES_PER_REGION_MAX = 26;

// Refs first, implementations after: Region and Zone refer to each other.
export const RegionRef = builder.objectRef<RegionItem>('Region');
export const ZoneRef = builder.objectRef<ZoneItem>('Zone');

RegionRef.implement({
  description:
    'A region: a geographic area holding ECS resources (RegionType). Every ECS call is addressed to one region; its id is the RegionId parameter.',
  fields: (t) => ({
    id: t.id({
      description: 'The region id, such as cn-hangzhou (RegionId).',
      resolve: (region) => present(region.RegionId, 'RegionId of a region'),
    }),
    localName: t.string({
      nullable: true,
      description: 'The name of the region in the local language (LocalName).',
      resolve: (region) => region.LocalName ?? null,
    }),
    zones: t.field({
      type: [ZoneRef],
      // Nullable so that one region's failure leaves the other regions' answers standing.
      nullable: true,
      description:
        "The region's zones (DescribeZones). Null, with an error at this path, when ECS fails to list them.",
      extensions: upstreamCost({ calls: 'perRegion', items: ZONES_PER_REGION_MAX }),
      resolve: (region, _args, { loaders }) => loaders.zones.load(present(region.RegionId, 'RegionId')),
    }),
  }),
});

ZoneRef.implement({
  description: 'A zone: a data center of a region, with its own power and network (ZoneType).',
  fields: (t) => ({
    id: t.id({
      description: 'The zone id, such as cn-hangzhou-d (ZoneId).',
      resolve: (zone) => present(zone.ZoneId, 'ZoneId of a zone'),
    }),
    localName: t.string({
      nullable: true,
      description: 'The name of the zone in the local language (LocalName).',
      resolve: (zone) => zone.LocalName ?? null,
    }),
    region: t.field({
      type: RegionRef,
      description: 'The region the zone belongs to.',
      extensions: upstreamCost({ calls: 'once' }),
      // The zone was listed in this region, so its id stands even if the cached list lacks it.
      resolve: async (zone, _args, { loaders }) =>
        (await loaders.region(zone.regionId)) ?? { RegionId: zone.regionId },
    }),
    availableResourceCreation: t.stringList({
      description:
        'The kinds of resource that can be created in the zone (AvailableResourceCreation): Instance, Disk, VSwitch (a VPC switch), and others today.',
      resolve: (zone) => zone.AvailableResourceCreation,
    }),
    availableDiskCategories: t.stringList({
      description:
        'The disk categories that can be created in the zone (AvailableDiskCategories): cloud (basic cloud disk), ephemeral, ephemeral_ssd, and today cloud_efficiency, cloud_ssd, cloud_essd and others.',
      resolve: (zone) => zone.AvailableDiskCategories,
    }),
  }),
});

builder.queryFields((t) => ({
  regions: t.field({
    type: [RegionRef],
    description:
      'Every region available to the account (DescribeRegions). The list is cached by the gateway for a few minutes.',
    extensions: upstreamCost({ calls: 'once', items: 'regions' }),
    resolve: (_root, _args, { loaders }) => loaders.regions(),
  }),
  region: t.field({
    type: RegionRef,
    nullable: true,
    description: 'One region by id; null when the account has no such region.',
    args: {
      id: t.arg.id({ required: true, description: 'The region id, such as cn-hangzhou (RegionId).' }),
    },
    extensions: upstreamCost({ calls: 'once' }),
    resolve: (_root, args, { loaders }) => loaders.region(String(args.id)),
  }),
}));
