import { type ImageItem, imageListing, imageShareListing } from '../../loaders/images.js';
import type { AnyAction } from '../../spec/action.js';
import { ModifyImageSharePermission } from '../../spec/actions/image-shares.js';
import {
  CancelCopyImage,
  CopyImage,
  CreateImage,
  DeleteImage,
  ModifyImageAttribute,
} from '../../spec/actions/image-writes.js';
import { shareAccounts } from '../../spec/image-common.js';
import { ImageRef } from '../image.js';
import { affectedResource, deletedResource, describeAfter } from './affected.js';
import { defineMutation, type MutationDone } from './define-mutation.js';
import { showsAttributes } from './evidence.js';
import { type NoEvidence, noEvidence } from './lost-answer.js';
import { oneOf } from './pair-rules.js';

/**
 * The image writes. Each describes the image it affected afresh (DescribeImages by id,
 * every status); a copy is described in its destination region, where it is Creating
 * with a progress until it is Available.
 */

function theImage<A extends AnyAction>(
  _action: A, // names A for inference
  description: string,
  id: (done: MutationDone<A>) => string | undefined,
  afterLostAnswer:
    | { readonly shows: string; readonly holds: (item: ImageItem, done: MutationDone<A>) => boolean }
    | NoEvidence,
) {
  return affectedResource<A, typeof imageListing.action, ImageItem>({
    field: 'image',
    type: ImageRef,
    listing: imageListing,
    description,
    id,
    afterLostAnswer,
  });
}

defineMutation({
  name: 'createImage',
  action: CreateImage,
  pairRules: [oneOf('SnapshotId', 'InstanceId', 'MissingParameter')],
  ...theImage(
    CreateImage,
    'The image created: Creating, with its progress, until it is Available.',
    (done) => done.result?.ImageId,
    noEvidence('the new image’s id was in the lost answer'),
  ),
});

defineMutation({
  name: 'modifyImage',
  action: ModifyImageAttribute,
  ...theImage(
    ModifyImageAttribute,
    'The image with its new name or description.',
    (done) => done.input.ImageId,
    {
      shows: 'the image has every value given',
      holds: (image, done) =>
        showsAttributes(image, done.input, {
          RegionId: () => true,
          ImageId: 'ImageId',
          ImageName: 'ImageName',
          Description: 'Description',
          DryRun: () => true,
        }),
    },
  ),
});

defineMutation({
  name: 'deleteImage',
  action: DeleteImage,
  ...deletedResource(DeleteImage, {
    field: 'imageId',
    description: 'The image deleted (an id ECS does not know is ignored, as ECS does); its snapshot stays.',
    id: (done) => done.input.ImageId,
    lookUp: (done, id) => describeAfter(done.context, imageListing, done.regionId, id),
  }),
});

// The copy is in another region than the call's: it is described there.
defineMutation({
  name: 'copyImage',
  action: CopyImage,
  ...affectedResource<typeof CopyImage, typeof imageListing.action, ImageItem>({
    field: 'image',
    type: ImageRef,
    listing: imageListing,
    description:
      'The copy in the destination region: Creating, with its progress, until it is Available; watch it with image(id:, regionId:) or cancel it with cancelCopyImage.',
    id: (done) => done.result?.ImageId,
    afterLostAnswer: noEvidence('the copy’s id was in the lost answer'),
  }),
  read: async (done) => ({
    affected: await describeAfter(
      done.context,
      imageListing,
      done.input.DestinationRegionId,
      done.result?.ImageId,
    ),
  }),
});

defineMutation({
  name: 'cancelCopyImage',
  action: CancelCopyImage,
  ...deletedResource(CancelCopyImage, {
    field: 'imageId',
    description: 'The copy cancelled: it and its snapshot are removed from the destination region.',
    id: (done) => done.input.ImageId,
    lookUp: (done, id) => describeAfter(done.context, imageListing, done.regionId, id),
  }),
});

/** Whether the accounts the image is shared with, read afresh, show the change. */
async function sharesShow(done: MutationDone<typeof ModifyImageSharePermission>): Promise<boolean> {
  const added = shareAccounts(done.input.AddAccount);
  const removed = shareAccounts(done.input.RemoveAccount);
  const page = await done.context.loaders.page(
    imageShareListing,
    { regionId: done.regionId, filter: { ImageId: done.input.ImageId } },
    // An image is shared with at most 50 accounts: one page of the API's size holds them all.
    { kind: 'all', pageSize: done.context.limits.pageSize, maxPages: 1 },
  );
  const shared = new Set(page.nodes.map((account) => account.AliyunId));
  return (
    added.every((id) => removed.includes(id) || shared.has(id)) && removed.every((id) => !shared.has(id))
  );
}

defineMutation({
  name: 'modifyImageSharePermission',
  action: ModifyImageSharePermission,
  ...theImage(
    ModifyImageSharePermission,
    'The image; its sharePermissions list the accounts it is now shared with.',
    (done) => done.input.ImageId,
    noEvidence('the share list is the evidence: see afterLostAnswer below'),
  ),
  // After a lost answer: the accounts, then the image.
  reads: { fixed: 2 },
  afterLostAnswer: {
    shows: 'every account added is listed and no account removed is (DescribeImageSharePermission)',
    check: async (done) =>
      (await sharesShow(done))
        ? { affected: await describeAfter(done.context, imageListing, done.regionId, done.input.ImageId) }
        : undefined,
  },
});
