import { t } from './shape.js';

/**
 * The reference's data types ("Data Types" appendix), as response shapes, plus the
 * fields today's API returns that the gateway exposes. Named as the reference names
 * them so a reader can look each one up.
 */

/** RegionType: a region's id and its name in the local language. */
export const RegionType = t.object({
  RegionId: t.string,
  LocalName: t.string,
});

/** ZoneType, with the resource kinds and disk categories that can be created there. */
export const ZoneType = t.object({
  ZoneId: t.string,
  LocalName: t.string,
  AvailableResourceCreation: t.list('ResourceTypes', t.string),
  AvailableDiskCategories: t.list('DiskCategories', t.string),
  AvailableInstanceTypes: t.list('InstanceTypes', t.string),
});
