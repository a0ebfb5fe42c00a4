import {
  type ImageShareItem,
  imageShareListing,
  imagesOfSnapshot,
  systemSnapshotOf,
} from '../loaders/images.js';
import { pageOfCollected } from '../loaders/pages.js';
import { snapshotListing } from '../loaders/snapshots.js';
import { builder } from './builder.js';
import { upstreamCost } from './cost.js';
import { decidedBy } from './deciding-pages.js';
import { present } from './errors.js';
import { ImagePage, ImageRef } from './image.js';
import { relationScope, withCursorScope } from './page-cursor.js';
import { resolvePageRequest } from './page-request.js';
import { pageArgument, pagedFieldCost, pageObject, relationFieldCost } from './pagination.js';
import { SnapshotRef } from './snapshot.js';
import { optionalText } from './wire-values.js';

/**
 * The relations between images and snapshots, both ways, and the accounts a custom
 * image is shared with.
 */

/** The most disks an image maps today: a system disk and 16 data disks. */
export const MAX_DISKS_PER_IMAGE = 17;

const ImageShareRef = builder.objectRef<ImageShareItem>('ImageShareAccount').implement({
  description: 'An Aliyun account a custom image is shared with (Account of DescribeImageSharePermission).',
  fields: (t) => ({
    aliyunId: t.id({
      description: 'The id of the Aliyun account (AliyunId).',
      resolve: (account) => present(account.AliyunId, 'AliyunId of a share'),
    }),
    sharedTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: "When the image was shared with the account (SharedTime, today's API), in UTC.",
      resolve: (account) => optionalText(account.SharedTime),
    }),
  }),
});

const ImageSharePage = pageObject(
  'ImageShareAccount',
  ImageShareRef,
  'A page of the accounts an image is shared with (DescribeImageSharePermission).',
);

builder.objectFields(SnapshotRef, (t) => ({
  images: t.field({
    type: ImagePage,
    // Nullable so that a failed listing of one snapshot's images leaves the other snapshots standing.
    nullable: true,
    description:
      "The account's custom images made from the snapshot, in any state (DescribeImages with SnapshotId), a page at a time. The images of every snapshot of a list are fetched together: one call per snapshot, or a scan of the region's custom images, whichever costs fewer calls. Null, with an error at this path, when ECS fails to list them.",
    args: { page: t.arg(pageArgument) },
    extensions: { ...relationFieldCost('imagesOfSnapshot'), ...decidedBy(imagesOfSnapshot) },
    resolve: async (snapshot, args, context) => {
      const id = present(snapshot.SnapshotId, 'SnapshotId');
      const scope = relationScope('Snapshot.images', snapshot.regionId, id);
      const request = resolvePageRequest(args.page, context, 'page', scope);
      const collected = await context.loaders
        .related(imagesOfSnapshot)
        .load({ regionId: snapshot.regionId, id });
      return withCursorScope(pageOfCollected(collected, request), scope);
    },
  }),
}));

builder.objectFields(ImageRef, (t) => ({
  regionId: t.id({
    description: 'The region the image was listed in: a copy made by copyImage is in its destination region.',
    resolve: (image) => image.regionId,
  }),
  sourceSnapshot: t.field({
    type: SnapshotRef,
    nullable: true,
    description:
      "The snapshot the image's system disk is made from (SnapshotId of its system DiskDeviceMapping), looked up in batches by ID with every other snapshot of the answer (DescribeSnapshots). Null for a public image, when the snapshot is gone or not the account's, or on an ECS failure, with an error at this path.",
    extensions: upstreamCost({ calls: 'byId' }),
    resolve: (image, _args, { loaders }) => {
      const snapshotId = systemSnapshotOf(image);
      return snapshotId
        ? loaders.byId(snapshotListing).load({ regionId: image.regionId, id: snapshotId })
        : null;
    },
  }),
  sourceSnapshots: t.field({
    type: [SnapshotRef],
    nullable: true,
    description:
      "The snapshots every disk of the image is made from (SnapshotId of each DiskDeviceMapping), in mapping order, batched by ID with every other snapshot of the answer (DescribeSnapshots); mappings without a snapshot, or whose snapshot is gone or not the account's, are left out. Null, with an error at this path, when ECS fails to list them.",
    extensions: upstreamCost({ calls: 'byId', idsPerParent: MAX_DISKS_PER_IMAGE }),
    resolve: async (image, _args, { loaders }) => {
      const ids = [...new Set(image.DiskDeviceMappings.map((mapping) => mapping.SnapshotId).filter(Boolean))];
      const found = await Promise.all(
        ids.map((id) => loaders.byId(snapshotListing).load({ regionId: image.regionId, id: id as string })),
      );
      return found.filter((snapshot) => snapshot !== null);
    },
  }),
  sharePermissions: t.field({
    type: ImageSharePage,
    nullable: true,
    description:
      'The Aliyun accounts the image is shared with, a page at a time, in the order they were added (DescribeImageSharePermission): one call per custom image and page. Null without a call for an image that is not the account’s own (only a custom image can be shared); null, with an error at this path, when ECS fails to list them.',
    args: { page: t.arg(pageArgument) },
    extensions: pagedFieldCost,
    resolve: async (image, args, context) => {
      if (image.ImageOwnerAlias !== 'self') return null;
      const id = present(image.ImageId, 'ImageId');
      const scope = relationScope('Image.sharePermissions', image.regionId, id);
      const request = resolvePageRequest(args.page, context, 'page', scope);
      const page = await context.loaders.page(
        imageShareListing,
        { regionId: image.regionId, filter: { ImageId: id } },
        request,
      );
      return withCursorScope(page, scope);
    },
  }),
}));
