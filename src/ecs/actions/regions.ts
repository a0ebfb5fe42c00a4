import { defineAction } from '../action.js';
import { RegionType, ZoneType } from '../datatypes.js';
import { p } from '../params.js';
import { t } from '../shape.js';

export const DescribeRegions = defineAction({
  name: 'DescribeRegions',
  summary: 'Queries the list of available regions.',
  idempotency: 'read',
  params: {},
  response: {
    Regions: t.list('Region', RegionType),
  },
});

export const DescribeZones = defineAction({
  name: 'DescribeZones',
  summary: 'Queries the zones of a region.',
  idempotency: 'read',
  params: {
    RegionId: p.string({ required: true, doc: 'The region whose zones to list.' }),
  },
  response: {
    Zones: t.list('Zone', ZoneType),
  },
});
