import { builder } from '../../../src/schema/builder.js';
import { upstreamCost } from '../../../src/schema/cost.js';
import { defineOpenEnum, openEnumFields } from '../../../src/schema/enums.js';
import { present } from '../../../src/schema/errors.js';
import { listingScope, withCursorScope } from '../../../src/schema/page-cursor.js';
import { resolvePageRequest } from '../../../src/schema/page-request.js';
import { pageArgument, pagedFieldCost, pageObject } from '../../../src/schema/pagination.js';
import '../../../src/schema/index.js';
import { type Volume, volumeListing, volumesOfHost } from './volumes.js';

/**
 * The fixture listing as a schema, built the way resource types are: a paged root
 * list, a by-id lookup, a relation, an open enum and a DateTime. Registered on the
 * gateway's builder in the test process only.
 */
const VolumeStatus = defineOpenEnum('VolumeStatus', {
  description: 'The state of a volume.',
  values: { Available: 'not attached to a host', In_use: 'attached to a host' },
});

const VolumeRef = builder.objectRef<Volume>('Volume');
VolumeRef.implement({
  description: 'A volume (test fixture).',
  fields: (t) => ({
    id: t.id({ description: 'The volume id.', resolve: (volume) => present(volume.VolumeId, 'VolumeId') }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the volume was created.',
      resolve: (volume) => volume.CreationTime ?? null,
    }),
    ...openEnumFields(t, 'status', VolumeStatus, {
      description: 'The state of the volume.',
      read: (volume) => volume.Status,
    }),
    hostVolumes: t.field({
      type: [VolumeRef],
      description: 'Every volume of the same host, this one included.',
      extensions: upstreamCost({ calls: 'relation', items: 10, loader: 'volumesOfHost' }),
      resolve: async (volume, _args, { loaders }) => {
        const regionId = present(volume.RegionId, 'RegionId');
        return (await loaders.related(volumesOfHost).load({ regionId, id: present(volume.HostId, 'HostId') }))
          .items;
      },
    }),
  }),
});

const VolumePage = pageObject('Volume', VolumeRef, 'A page of volumes.');

builder.queryFields((t) => ({
  volumes: t.field({
    type: VolumePage,
    description: 'The volumes of a region, a page at a time.',
    args: {
      regionId: t.arg.id({ required: true, description: 'The region.' }),
      page: t.arg(pageArgument),
    },
    extensions: pagedFieldCost,
    resolve: async (_root, args, context) => {
      const regionId = String(args.regionId);
      const scope = listingScope(context.limits.name, volumeListing.name, regionId, undefined);
      const request = resolvePageRequest(args.page, context, 'page', scope);
      return withCursorScope(await context.loaders.page(volumeListing, { regionId }, request), scope);
    },
  }),
  volume: t.field({
    type: VolumeRef,
    nullable: true,
    description: 'One volume by id.',
    args: {
      regionId: t.arg.id({ required: true, description: 'The region.' }),
      id: t.arg.id({ required: true, description: 'The volume id.' }),
    },
    extensions: upstreamCost({ calls: 'byId' }),
    resolve: (_root, args, { loaders }) =>
      loaders.byId(volumeListing).load({ regionId: String(args.regionId), id: String(args.id) }),
  }),
}));

export const volumeSchema = builder.toSchema();
