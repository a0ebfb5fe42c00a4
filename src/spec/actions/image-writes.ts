import { defineAction } from '../action.js';
import {
  documented,
  incorrectInstanceStatus,
  instanceLockedForSecurity,
  instanceNotFound,
  regionNotFound,
  snapshotNotFound,
} from '../documented-errors.js';
import { dryRunParam } from '../dry-run.js';
import {
  imageCopying,
  imageDescriptionMalformed,
  imageDescriptionParam,
  imageNameDuplicated,
  imageNameMalformed,
  imageNameParam,
  imageQuotaExceeded,
  imageVersionParam,
} from '../image-common.js';
import { p } from '../params.js';
import { t } from '../shape.js';

const imageId = p.id({ required: true, doc: 'The ID of the custom image.' });
const incorrectImageStatus = documented(
  'IncorrectImageStatus',
  400,
  'The image is not available.',
  'The image is not Available (still being created or copied).',
);

export const CreateImage = defineAction({
  name: 'CreateImage',
  summary:
    'Creates a custom image from a completed system-disk snapshot (or, today, from the system disk of an instance): Creating, then Available.',
  idempotency: 'clientToken',
  changes: [{ kind: 'image' }, { kind: 'snapshot' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the image.' }),
    SnapshotId: p.id({
      doc: 'The completed system-disk snapshot to make the image from. The reference requires it; today InstanceId may stand instead.',
    }),
    InstanceId: p.id({
      doc: "Today's API: make the image from this instance's system disk (a snapshot of it is taken first); used only without SnapshotId.",
    }),
    ImageName: imageNameParam,
    ImageVersion: imageVersionParam,
    Description: imageDescriptionParam,
    DryRun: dryRunParam(),
  },
  response: { ImageId: t.string },
  errors: [
    documented(
      'MissingParameter',
      400,
      'The input parameter "SnapshotId" that is mandatory for processing this request is not supplied.',
      'Neither SnapshotId nor (today) InstanceId is given.',
    ),
    regionNotFound,
    snapshotNotFound,
    imageNameMalformed,
    imageDescriptionMalformed,
    documented(
      'InvalidImageVersion.Malformed',
      400,
      'The specified ImageVersion is wrongly formed.',
      'The ImageVersion breaks the version rule (1 to 40 English characters).',
    ),
    documented(
      'InvalidSnapshotId.NotReady',
      403,
      'The specified snapshot creation is not completed yet.',
      'The snapshot is still in progress.',
    ),
    documented(
      'InvalidSnapshot.TooOld',
      403,
      'This operation is denied because the specified snapshot is created before 2013-07-15.',
      'The snapshot was created on or before 2013-07-15.',
    ),
    documented(
      'OperationDenied',
      403,
      'The specified snapshot is not allowed to create image.',
      'The snapshot cannot make an image: its creation failed.',
    ),
    documented(
      'OperationDenied',
      403,
      'The specified snapshot is not from system disk.',
      'The snapshot is of a data disk; only system-disk snapshots make images.',
    ),
    imageQuotaExceeded,
    documented(
      'InvalidParamter.Conflict',
      403,
      'The specified same token is trying to make requests with different parameters.',
      'The ClientToken was used before with other parameters.',
    ),
    { ...imageNameDuplicated, doc: "Today's API: another custom image of the region already has this name." },
    { ...instanceNotFound, doc: "Today's API: the InstanceId names no instance of the region." },
    {
      ...incorrectInstanceStatus,
      doc: "Today's API: the instance is neither Running nor Stopped, or has never started.",
    },
    instanceLockedForSecurity,
  ],
});

export const ModifyImageAttribute = defineAction({
  name: 'ModifyImageAttribute',
  summary: 'Changes the name or description of a custom image; absent ones stay.',
  idempotency: 'none',
  changes: [{ kind: 'image', ids: 'ImageId' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the custom image.' }),
    ImageId: imageId,
    ImageName: imageNameParam,
    Description: imageDescriptionParam,
    DryRun: dryRunParam(),
  },
  response: {},
  errors: [
    // The reference's table spells the code so; the simulator answers it as written there.
    documented(
      'InvalidImageId.NotFoud',
      403,
      'The image does not exist.',
      'The ImageId names no custom image of the account in the region (public images cannot be modified).',
    ),
    { ...imageNameMalformed, message: 'The specified destination Image name is wrongly formed.' },
    {
      ...imageDescriptionMalformed,
      message: 'The specified destination image description is wrongly formed.',
    },
    imageNameDuplicated,
  ],
});

export const DeleteImage = defineAction({
  name: 'DeleteImage',
  summary:
    'Deletes a custom image; an unknown id is ignored. Refused while instances run from it (unless Force, today), while it is shared, or while it is being copied.',
  idempotency: 'none',
  changes: [{ kind: 'image', ids: 'ImageId' }, { kind: 'snapshot' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the image.' }),
    ImageId: imageId,
    Force: p.bool({
      doc: "Today's API: delete even when instances were created from the image (their system disks stay).",
    }),
    DryRun: dryRunParam(),
  },
  response: {},
  errors: [
    regionNotFound,
    documented(
      'ImageUsingByInstance',
      403,
      'The specified image has been used to create instance(s).',
      'Instances of the region run from the image (and Force is not true).',
    ),
    documented(
      'ImageUseShared',
      403,
      'The specified image has been shared to others.',
      "Today's API: the image is shared with other accounts; remove them first (ModifyImageSharePermission).",
    ),
    { ...imageCopying, doc: "Today's API: the image is a copy still in progress, or the source of one." },
  ],
});

export const CopyImage = defineAction({
  name: 'CopyImage',
  summary:
    'Copies an Available custom image to another region of the account: the copy is Creating there, with progress, until it is Available.',
  idempotency: 'clientToken',
  changes: [{ kind: 'image' }, { kind: 'snapshot' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the source image.' }),
    ImageId: p.id({ required: true, doc: 'The source custom image.' }),
    DestinationRegionId: p.string({ required: true, doc: 'The region to copy to.' }),
    DestinationImageName: imageNameParam,
    DestinationDescription: imageDescriptionParam,
    DryRun: dryRunParam(),
  },
  response: { ImageId: t.string },
  errors: [
    documented(
      'InvalidImageId.NotFound',
      403,
      'The image does not exist.',
      'The ImageId names no image of the source region.',
    ),
    { ...imageNameMalformed, message: 'The specified destination Image name is wrongly formed.' },
    {
      ...imageDescriptionMalformed,
      message: 'The specified destination image description is wrongly formed.',
    },
    documented('SourceRegion.NotFound', 400, 'The source region not found.', 'The RegionId names no region.'),
    documented(
      'DestinationRegion.NotFound',
      400,
      'The destination region not found',
      'The DestinationRegionId names no region.',
    ),
    incorrectImageStatus,
    imageNameDuplicated,
    {
      ...imageQuotaExceeded,
      doc: 'The destination region holds as many custom images as the account may have.',
    },
    documented(
      'QuotaExceed.Snapshot',
      403,
      'The Snapshot Quota exceeds.',
      'The snapshot quota leaves no room for the snapshot of the copy.',
    ),
    documented(
      'Forbidden',
      400,
      'User not authorized to operate on the specified resource',
      'The image is not a custom image of the account (a public image).',
    ),
    { ...imageCopying, doc: 'A copy of the source image is still in progress.' },
    documented(
      'RegionNotSupportCopy',
      403,
      'The region not support copy.',
      'The source or destination region does not support copying images.',
    ),
    documented(
      'IncorrectDestinationRegion',
      403,
      'The destination region is not equal the target region.',
      'The destination region is the source region.',
    ),
  ],
});

export const CancelCopyImage = defineAction({
  name: 'CancelCopyImage',
  summary: 'Cancels a copy still in progress: the half-made copy in the destination region is removed.',
  idempotency: 'none',
  changes: [{ kind: 'image', ids: 'ImageId' }, { kind: 'snapshot' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the copy (the destination of CopyImage).' }),
    ImageId: p.id({ required: true, doc: 'The copy being made: the ImageId CopyImage answered.' }),
  },
  response: {},
  errors: [
    documented(
      'InvalidRegionId.NotFound',
      400,
      'The source region not found.',
      'The RegionId names no region.',
    ),
    documented(
      'InvalidImageId.NotFound',
      400,
      'The image does not exist.',
      'The ImageId names no custom image of the region.',
    ),
    documented(
      'IncorrectImageStatus',
      400,
      'The image has completed copy.',
      'The copy has finished; there is nothing to cancel.',
    ),
    documented(
      'IncorrectImageStatus',
      400,
      'The image is not from copied.',
      'The image was not made by CopyImage.',
    ),
  ],
});
