import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { InstanceRef } from './instance.js';
import { ZoneRef } from './region.js';
import { optionalText } from './wire-values.js';

builder.objectFields(InstanceRef, (t) => ({
  zone: t.field({
    type: ZoneRef,
    nullable: true,
    description:
      "The zone the instance runs in (ZoneId), from its region's zone list (DescribeZones, one call per region for the whole answer). Null when ECS no longer lists the zone, or, with an error at this path, when ECS fails to list the zones.",
    extensions: upstreamCost({ calls: 'perRegion' }),
    resolve: async (instance, _args, { loaders }) => {
      const zoneId = optionalText(instance.ZoneId);
      if (zoneId === null) return null;
      const zones = await loaders.zones.load(instance.regionId);
      return zones.find((zone) => zone.ZoneId === zoneId) ?? null;
    },
  }),
}));
