import { defineAction } from '../action.js';
import { RegionType, ZoneType } from '../datatypes.js';
import { p } from '../params.js';
import { t } from '../shape.js';

const acceptLanguage = p.string({
  values: ['zh-CN', 'en-US', 'ja'],
  doc: 'The language of LocalName: zh-CN (default), en-US or ja.',
});

export const DescribeRegions = defineAction({
  name: 'DescribeRegions',
  summary: 'Queries the list of available regions.',
  idempotency: 'read',
  reads: { kind: 'catalog', list: 'Regions' },
  params: {
    AcceptLanguage: acceptLanguage,
  },
  response: {
    Regions: t.list('Region', RegionType),
  },
});

export const DescribeZones = defineAction({
  name: 'DescribeZones',
  summary: 'Queries the zones of a region, with what can be created in each.',
  idempotency: 'read',
  reads: { kind: 'catalog', list: 'Zones' },
  params: {
    RegionId: p.string({ required: true, doc: 'The region whose zones to list.' }),
    AcceptLanguage: acceptLanguage,
  },
  response: {
    Zones: t.list('Zone', ZoneType),
  },
});
