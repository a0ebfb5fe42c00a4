import { defineAction } from '../action.js';
import { documented } from '../documented-errors.js';
import { dryRunParam } from '../dry-run.js';
import { ShareAccountType, ShareGroupType, shareAccountsParam } from '../image-common.js';
import { p } from '../params.js';
import { t } from '../shape.js';

const imageNotFound403 = documented(
  'InvalidImageId.NotFound',
  403,
  'The specified Image does not exist or not you onwer.',
  'The ImageId names no custom image of the account in the region.',
);

export const ModifyImageSharePermission = defineAction({
  name: 'ModifyImageSharePermission',
  summary:
    'Shares a custom image with other Aliyun accounts, or stops sharing it: up to 10 added and 10 removed a call, 50 accounts an image.',
  idempotency: 'none',
  changes: [{ kind: 'image', ids: 'ImageId' }],
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the custom image.' }),
    ImageId: p.id({ required: true, doc: 'The custom image to share.' }),
    AddAccount: shareAccountsParam(
      'The Aliyun account ids to share the image with, as AddAccount.N, N from 1 to 10; a larger N is ignored.',
    ),
    RemoveAccount: shareAccountsParam(
      'The Aliyun account ids to stop sharing with, as RemoveAccount.N, N from 1 to 10; a larger N is ignored.',
    ),
    DryRun: dryRunParam(),
  },
  response: {},
  errors: [
    documented(
      'InvalidRegionId.NotFound',
      400,
      'The specified region does not exist.',
      'The RegionId names no region.',
    ),
    imageNotFound403,
    documented(
      'IncorrectImageStatus',
      400,
      'The image is not available.',
      'The image is not Available (still being created or copied).',
    ),
    documented(
      'InvalidAccount.NotFound',
      404,
      'The specified parameter "AddAccount.n" or "RemoveAccount.n" does not exist.',
      'An AddAccount.N or RemoveAccount.N names no Aliyun account.',
    ),
    documented(
      'QuotaExceed.ShareImage',
      403,
      'The share Image Quota exceeds.',
      'An account to add already receives as many shared images as an account may (30).',
    ),
    documented(
      'QuotaExceed.ShareImageUser',
      403,
      'The shared image user quota exceeds.',
      'The image would be shared with more accounts than an image may be (50).',
    ),
    documented(
      'InvalidAccount.Forbidden',
      404,
      'The specified account does not yourself.',
      'An AddAccount.N names the caller’s own account.',
    ),
  ],
});

export const DescribeImageSharePermission = defineAction({
  name: 'DescribeImageSharePermission',
  summary: 'Lists the Aliyun accounts a custom image is shared with, page by page (10 a page by default).',
  idempotency: 'read',
  // Items are accounts, not images: no status to watch; a change of the image's sharing invalidates it.
  reads: { kind: 'image', list: 'Accounts' },
  params: {
    RegionId: p.string({ required: true, doc: 'The region of the image.' }),
    // The reference marks it optional, yet the answer is about one image; today's API requires it.
    ImageId: p.id({ required: true, doc: 'The custom image whose sharing to list.' }),
    PageNumber: p.pageNumber(),
    PageSize: p.pageSize(),
  },
  response: {
    RegionId: t.string,
    ImageId: t.string,
    TotalCount: t.int,
    PageNumber: t.int,
    PageSize: t.int,
    ShareGroups: t.list('ShareGroup', ShareGroupType),
    Accounts: t.list('Account', ShareAccountType),
  },
  page: { list: 'Accounts' },
  errors: [
    documented(
      'InvalidRegionId.NotFound',
      404,
      'The source region not found.',
      'The RegionId names no region.',
    ),
    documented(
      'InvalidImageId.NotFound',
      404,
      'The image does not exist.',
      'The ImageId names no custom image of the account in the region.',
    ),
    // The reference's table repeats CancelCopyImage's two rows here.
    documented(
      'IncorrectImageStatus',
      400,
      'The image has completed copy.',
      'As the reference lists it (a row of CancelCopyImage): never answered by a listing.',
    ),
    documented(
      'IncorrectImageStatus',
      400,
      'The image is not from copied.',
      'As the reference lists it (a row of CancelCopyImage): never answered by a listing.',
    ),
  ],
});
