import * as api from '../../ecs/actions/regions.js';
import type { ActionInput } from '../../ecs/action.js';
import { REGIONS, regionInfo } from '../catalog.js';
import type { DomainContext, Reply } from './context.js';

export function DescribeRegions(
  _input: ActionInput<typeof api.DescribeRegions>,
  _context: DomainContext,
): Reply<typeof api.DescribeRegions> {
  return {
    Regions: REGIONS.map((region) => ({
      RegionId: region.regionId,
      LocalName: region.localName,
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
  const zones = regionInfo(input.RegionId)?.zones ?? [];
  return {
    Zones: zones.map((zone) => ({
      ZoneId: zone.zoneId,
      LocalName: zone.localName,
      AvailableResourceCreation: [...zone.resourceCreation],
      AvailableDiskCategories: [...zone.diskCategories],
      AvailableInstanceTypes: [...zone.instanceTypes],
    })),
  };
}
