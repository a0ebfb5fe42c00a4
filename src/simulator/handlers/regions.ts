import type { ActionInput } from '../../spec/action.js';
import type * as api from '../../spec/actions/regions.js';
import { type Language, REGIONS, regionInfo } from '../catalog.js';
import type { DomainContext, Reply } from './context.js';

/** LocalName in the requested language; ECS answers in Chinese by default. */
function language(acceptLanguage: string | undefined): Language {
  return (acceptLanguage as Language | undefined) ?? 'zh-CN';
}

export function DescribeRegions(
  input: ActionInput<typeof api.DescribeRegions>,
  _context: DomainContext,
): Reply<typeof api.DescribeRegions> {
  const lang = language(input.AcceptLanguage);
  return {
    Regions: REGIONS.map((region) => ({
      RegionId: region.regionId,
      LocalName: region.localName[lang],
      RegionEndpoint: region.regionEndpoint,
      Status: 'available',
    })),
  };
}

/** An unknown region has no zones (the action documents no error for it). */
export function DescribeZones(
  input: ActionInput<typeof api.DescribeZones>,
  _context: DomainContext,
): Reply<typeof api.DescribeZones> {
  const lang = language(input.AcceptLanguage);
  return {
    Zones: (regionInfo(input.RegionId)?.zones ?? []).map((zone) => ({
      ZoneId: zone.zoneId,
      LocalName: zone.localName[lang],
      AvailableResourceCreation: [...zone.resourceCreation],
      AvailableDiskCategories: [...zone.diskCategories],
      AvailableInstanceTypes: [...zone.instanceTypes],
    })),
  };
}
